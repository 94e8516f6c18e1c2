"""Exemplars: proposed by a unit, moved through their stages in order, published only
with a recorded consent, which withdrawn hides them at once."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import AwardGrant
from awards.selectors import grant_list_visible
from units.models import Role, Unit, User
from units.selectors import roles_of
from units.uploads import sanitise_image

from ..gallery_cache import gallery_changed
from ..models import (
    STAGE_ORDER,
    Exemplar,
    ExemplarPhoto,
    ExemplarStage,
    ExemplarStageEntry,
)
from ._common import _lock

# --- Exemplars -----------------------------------------------------------------------------

EXEMPLAR_FIELDS = (
    "subject_kind",
    "name",
    "person",
    "unit",
    "commune",
    "field",
    "movement",
    "summary",
    "evidence",
    "media_links",
)


def _check_exemplar(actor: User, fields: dict) -> None:
    unit = fields.get("unit")
    if unit is not None and not (
        roles_of(actor).has(Role.SECRETARIAT) or roles_of(actor).covers_unit(unit)
    ):
        raise ValidationError({"unit": _("You may propose exemplars only for your own unit.")})
    for line in (fields.get("media_links") or "").splitlines():
        if line.strip() and not line.strip().startswith(("https://", "http://")):
            raise ValidationError({"media_links": _("Each media link must start with https://.")})


@transaction.atomic
def exemplar_propose(*, actor: User, responsible_unit: Unit | None = None, **fields) -> Exemplar:
    _check_exemplar(actor, fields)
    data = {k: v for k, v in fields.items() if k in EXEMPLAR_FIELDS}
    exemplar = Exemplar.objects.create(
        created_by=actor, responsible_unit=responsible_unit or data["unit"], **data
    )
    ExemplarStageEntry.objects.create(
        exemplar=exemplar,
        stage=ExemplarStage.DISCOVERED,
        on=timezone.localdate(),
        responsible_unit=exemplar.responsible_unit,
        created_by=actor,
    )
    return exemplar


@transaction.atomic
def exemplar_update(*, exemplar: Exemplar, actor: User, **fields) -> Exemplar:
    exemplar = _lock(Exemplar, exemplar)
    _check_exemplar(actor, fields)
    for key, value in fields.items():
        if key in EXEMPLAR_FIELDS:
            setattr(exemplar, key, value)
    exemplar.save()
    gallery_changed()
    return exemplar


@transaction.atomic
def exemplar_advance(
    *, exemplar: Exemplar, actor: User, responsible_unit: Unit, on: date | None = None, note=""
) -> Exemplar:
    """The next stage: discovered → nurtured → summarised → spread."""
    exemplar = _lock(Exemplar, exemplar)
    index = STAGE_ORDER.index(exemplar.stage)
    if index + 1 >= len(STAGE_ORDER):
        raise ValidationError(_("The exemplar has reached its last stage."))
    on = on or timezone.localdate()
    last = exemplar.stages.order_by("-on").first()
    if last and on < last.on:
        raise ValidationError(
            {
                "on": _("The date must not be before the previous stage (%(date)s).")
                % {"date": last.on.strftime("%d/%m/%Y")}
            }
        )
    exemplar.stage = STAGE_ORDER[index + 1]
    exemplar.responsible_unit = responsible_unit
    exemplar.save(update_fields=["stage", "responsible_unit"])
    ExemplarStageEntry.objects.create(
        exemplar=exemplar,
        stage=exemplar.stage,
        on=on,
        responsible_unit=responsible_unit,
        note=note,
        created_by=actor,
    )
    return exemplar


@transaction.atomic
def exemplar_record_consent(*, exemplar: Exemplar, actor: User, on: date) -> Exemplar:
    exemplar = _lock(Exemplar, exemplar)
    if on > timezone.localdate():
        raise ValidationError({"consent_on": _("The consent cannot be dated in the future.")})
    exemplar.consent_given = True
    exemplar.consent_on = on
    exemplar.consent_notice_version = settings.TDKT_EXEMPLAR_CONSENT_VERSION
    exemplar.consent_recorded_by = actor
    exemplar.consent_withdrawn_at = None
    exemplar.save()
    gallery_changed()
    return exemplar


@transaction.atomic
def exemplar_withdraw_consent(*, exemplar: Exemplar, actor: User) -> Exemplar:
    """The person withdrew consent: off the gallery at once, and unpublished."""
    exemplar = _lock(Exemplar, exemplar)
    exemplar.consent_given = False
    exemplar.consent_withdrawn_at = timezone.now()
    exemplar.is_published = False
    exemplar.save()
    gallery_changed()
    return exemplar


@transaction.atomic
def exemplar_publish(*, exemplar: Exemplar, actor: User, publish: bool = True) -> Exemplar:
    exemplar = _lock(Exemplar, exemplar)
    if not actor.has_perm("campaigns.curate_exemplar", exemplar):
        raise ValidationError(_("Only the secretariat publishes exemplars."))
    if publish:
        if not exemplar.consent_given or exemplar.consent_withdrawn_at is not None:
            raise ValidationError(
                _("Record the person's consent to publication before publishing.")
            )
        if exemplar.stage not in (ExemplarStage.SUMMARISED, ExemplarStage.SPREAD):
            raise ValidationError(_("Only a summarised exemplar can be published."))
        exemplar.published_at = timezone.now()
    exemplar.is_published = publish
    exemplar.save()
    gallery_changed()
    return exemplar


@transaction.atomic
def exemplar_photo_add(*, exemplar: Exemplar, actor: User, image, caption: str = ""):
    """A photo, re-encoded without its metadata (EXIF, GPS) and stored under a random name."""
    clean = sanitise_image(image)
    photo = ExemplarPhoto.objects.create(exemplar=exemplar, image=clean, caption=caption)
    gallery_changed()
    return photo


# --- Awards the exemplar received (linked from the archive) --------------------------------


def _linkable(exemplar: Exemplar, actor: User, grant: AwardGrant) -> Exemplar:
    exemplar = _lock(Exemplar, exemplar)
    if not actor.has_perm("campaigns.link_exemplar_awards", exemplar):
        raise ValidationError(_("You may not change the awards of this exemplar."))
    if not grant_list_visible(user=actor).filter(pk=grant.pk).exists():
        raise ValidationError(_("This award is not in the part of the archive you may see."))
    return exemplar


@transaction.atomic
def exemplar_award_link(*, exemplar: Exemplar, actor: User, grant: AwardGrant) -> Exemplar:
    """Link an award of the archive the exemplar received (its gallery page then shows it
    with its verification link)."""
    exemplar = _linkable(exemplar, actor, grant)
    if exemplar.awards.filter(pk=grant.pk).exists():
        raise ValidationError(_("This award is already linked to the exemplar."))
    exemplar.awards.add(grant)
    gallery_changed()
    return exemplar


@transaction.atomic
def exemplar_award_unlink(*, exemplar: Exemplar, actor: User, grant: AwardGrant) -> Exemplar:
    exemplar = _linkable(exemplar, actor, grant)
    exemplar.awards.remove(grant)
    gallery_changed()
    return exemplar
