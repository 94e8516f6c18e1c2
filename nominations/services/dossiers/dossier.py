"""Create and edit a dossier."""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from awards.models import CommendationKind
from units.models import Unit, User
from units.selectors import roles_of

from ...models import (
    Dossier,
    DossierState,
    EventAction,
)
from .._core import (
    event_record,
)
from ._common import (
    DOSSIER_FIELDS,
    DossierAlreadyCreated,
    _lock,
    _require_editable,
    _require_version,
    _validate_dossier,
)

# --- Dossier -------------------------------------------------------------------------------


@transaction.atomic
def dossier_create(
    *,
    unit: Unit,
    year: int,
    kind: str,
    title: str,
    movement: str = "",
    summary: str = "",
    creation_token: uuid.UUID | str | None = None,
    campaign=None,
    actor: User,
) -> Dossier:
    """A new draft dossier of one of the actor's own units.

    ``creation_token`` is the create form's one-time token: when a dossier was already
    created with it, :class:`DossierAlreadyCreated` names that dossier and nothing new is
    written, even when two requests carry it at the same moment (the unique constraint
    decides; the loser's insert is undone in its savepoint).
    """
    if creation_token:
        existing = Dossier.objects.filter(creation_token=creation_token).first()
        if existing is not None:
            raise DossierAlreadyCreated(existing)
    if unit is None or unit.pk not in roles_of(actor).unit_ids:
        raise ValidationError({"unit": [_("Choose one of your own units.")]})
    dossier = Dossier(
        unit=unit,
        year=year,
        kind=kind,
        title=title,
        movement=movement if kind == CommendationKind.MOVEMENT else "",
        campaign=campaign if kind == CommendationKind.MOVEMENT else None,
        summary=summary,
        created_by=actor,
        creation_token=creation_token or None,
    )
    _validate_dossier(dossier)
    dossier._history_user = actor
    try:
        with transaction.atomic():
            dossier.save()
    except IntegrityError:
        existing = (
            Dossier.objects.filter(creation_token=creation_token).first()
            if creation_token
            else None
        )
        if existing is None:
            raise
        raise DossierAlreadyCreated(existing) from None
    event_record(
        dossier=dossier,
        actor=actor,
        action=EventAction.CREATED,
        to_state=DossierState.DRAFT,
        data={"title": dossier.title, "year": dossier.year, "kind": dossier.kind},
    )
    return dossier


@transaction.atomic
def dossier_update(
    *, dossier: Dossier, actor: User, expected_version: int | None = None, **data
) -> Dossier:
    """Change the year, kind, title, movement or summary of a dossier the unit still
    holds. A change of kind is refused while a nominee's award does not allow it.

    ``expected_version`` is the version the edit form was rendered from: when the dossier
    changed since (another user saved, a nominee or a file was added), the edit is
    refused with :class:`EditConflict` and nothing is written.
    """
    dossier = _lock(dossier)
    _require_editable(dossier, actor)
    _require_version(dossier, expected_version, _conflict_message())
    changed = []
    for key in DOSSIER_FIELDS:
        if key in data and data[key] is not None and getattr(dossier, key) != data[key]:
            setattr(dossier, key, data[key])
            changed.append(key)
    if dossier.kind != CommendationKind.MOVEMENT:
        dossier.movement = ""
        dossier.campaign = None
    _validate_dossier(dossier)
    if "kind" in changed:
        misfits = [
            n.display_name
            for n in dossier.nominees.select_related("award")
            if dossier.kind not in (n.award.kinds or [])
        ]
        if misfits:
            raise ValidationError(
                {
                    "kind": [
                        _(
                            "The award chosen for %(names)s is not given for this kind of"
                            " commendation; change it first."
                        )
                        % {"names": ", ".join(misfits)}
                    ]
                }
            )
    if not changed:
        return dossier
    dossier.version += 1
    dossier._history_user = actor
    dossier.save()
    event_record(
        dossier=dossier,
        actor=actor,
        action=EventAction.EDITED,
        data={"changed": [str(Dossier._meta.get_field(f).verbose_name) for f in changed]},
    )
    return dossier


def _conflict_message() -> str:
    return _(
        "The dossier was changed by someone else while you were editing it. Its current"
        " values are shown above and your input is kept: check it, then save again."
    )


def _nominee_conflict_message() -> str:
    return _(
        "This nominee was changed by someone else while you were editing it. The current"
        " values are shown above and your input is kept: check it, then save again."
    )
