"""The public's opinions: submitted by anyone, handled by the secretariat."""

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from units.models import User

from ...models import (
    Consultation,
    EventAction,
    Nominee,
    NomineeOutcome,
    Opinion,
    OpinionStatus,
)
from .._core import dossier_advance, event_record, notify_unit
from ._common import (
    BODY_MAX,
    HANDLED_STATUSES,
    NEEDS_RESOLUTION,
    OBJECTION_ONLY,
    SENDER_MAX,
    TEXT_MAX,
    TOO_LATE,
    _dossier_url,
    _plain,
)


@transaction.atomic
def opinion_submit(
    *,
    consultation: Consultation,
    nominee: Nominee | int,
    is_objection: bool,
    body: str,
    sender_name: str = "",
    sender_contact: str = "",
    consent: bool = False,
) -> Opinion:
    """Store an opinion sent by anyone on a nominee of an open consultation.

    Only while the window is open (state open, opens_on ≤ today ≤ closes_on) and only on
    a nominee of this consultation; the text is kept as plain text within its limits. A
    name or contact is kept only with the sender's consent, stored with the version of
    the notice they agreed to (SECURITY.md).
    """
    consultation = Consultation.objects.get(pk=consultation.pk)
    if not consultation.is_open_on(timezone.localdate()):
        raise ValidationError(_("This public consultation is not open."))
    nominee_id = nominee.pk if isinstance(nominee, Nominee) else int(nominee)
    if not consultation.nominees.filter(pk=nominee_id).exists():
        raise ValidationError({"nominee": _("Choose one of the nominees of this consultation.")})
    body = _plain(body)
    sender_name = _plain(sender_name)
    sender_contact = _plain(sender_contact)
    errors: dict[str, list[str]] = defaultdict(list)
    if not body:
        errors["body"].append(_("Write your opinion."))
    elif len(body) > BODY_MAX:
        errors["body"].append(
            _("Your opinion is too long (at most %(max)s characters).") % {"max": BODY_MAX}
        )
    if len(sender_name) > SENDER_MAX:
        errors["sender_name"].append(_("The name is too long (at most 150 characters)."))
    if len(sender_contact) > SENDER_MAX:
        errors["sender_contact"].append(_("The contact is too long (at most 150 characters)."))
    if (sender_name or sender_contact) and not consent:
        errors["consent"].append(
            _("Tick the box to agree to how your name and contact are kept, or leave them out.")
        )
    if errors:
        raise ValidationError(dict(errors))
    opinion = Opinion(
        consultation=consultation,
        nominee_id=nominee_id,
        is_objection=bool(is_objection),
        body=body,
        sender_name=sender_name,
        sender_contact=sender_contact,
    )
    if sender_name or sender_contact:
        opinion.consent_version = settings.TDKT_OPINION_CONSENT_VERSION
        opinion.consented_at = timezone.now()
    opinion._history_user = None
    opinion.save()
    return opinion


@transaction.atomic
def opinion_handle(
    *,
    opinion: Opinion,
    status: str,
    answer: str = "",
    resolution: str = "",
    actor: User,
) -> Opinion:
    """Record how the secretariat handled an opinion.

    Steps: lock the opinion; check the status (noted, resolved, upheld, spam), that
    resolved and upheld apply to objections and come with the resolution text, and that
    an upheld objection is final; save the answer; when upheld, make the nominee not
    approved with the reason and move the dossier on (``dossier_advance``); record
    OBJECTION_RESOLVED on the dossier with the opinion, the status and the resolution.
    """
    opinion = (
        Opinion.objects.select_for_update()
        .select_related("nominee", "nominee__dossier", "consultation")
        .get(pk=opinion.pk)
    )
    answer, resolution = _plain(answer), _plain(resolution)
    errors: dict[str, list[str]] = defaultdict(list)
    if status not in HANDLED_STATUSES:
        errors["status"].append(_("Choose how the opinion was handled."))
    elif status in OBJECTION_ONLY and not opinion.is_objection:
        errors["status"].append(
            _("Only an objection can be resolved or upheld; mark this opinion as noted.")
        )
    elif status in NEEDS_RESOLUTION and not resolution:
        errors["resolution"].append(_("Record how the objection was resolved."))
    if opinion.status == OpinionStatus.UPHELD:
        errors["status"].append(
            _("This objection was upheld and the nominee was not approved; it cannot change.")
        )
    if len(answer) > TEXT_MAX:
        errors["answer"].append(_("The answer is too long (at most 4000 characters)."))
    if len(resolution) > TEXT_MAX:
        errors["resolution"].append(_("The text is too long (at most 4000 characters)."))
    nominee = Nominee.objects.select_for_update().get(pk=opinion.nominee_id)
    if status == OpinionStatus.UPHELD and nominee.outcome in TOO_LATE:
        errors["status"].append(
            _("“%(name)s” has already been proposed; the objection can no longer be upheld.")
            % {"name": nominee.display_name}
        )
    if errors:
        raise ValidationError(dict(errors))

    before = opinion.status
    opinion.status = status
    opinion.answer = answer
    opinion.resolution = resolution
    opinion.moderated_by = actor
    opinion.moderated_at = timezone.now()
    opinion._history_user = actor
    opinion.save()

    dossier = opinion.nominee.dossier
    event_record(
        dossier=dossier,
        actor=actor,
        action=EventAction.OBJECTION_RESOLVED,
        note=resolution or answer,
        data={
            "opinion": opinion.pk,
            "consultation": opinion.consultation_id,
            "nominee": nominee.pk,
            "objection": opinion.is_objection,
            "status": status,
            "previous_status": before,
            "resolution": resolution,
        },
    )
    if status == OpinionStatus.UPHELD and nominee.outcome != NomineeOutcome.NOT_APPROVED:
        nominee.outcome = NomineeOutcome.NOT_APPROVED
        nominee.outcome_reason = _("Objection upheld in the public consultation: %(text)s") % {
            "text": resolution
        }
        nominee._history_user = actor
        nominee.save(update_fields=["outcome", "outcome_reason"])
        dossier_advance(dossier=dossier, actor=actor, note=nominee.outcome_reason)
        notify_unit(
            dossier=dossier,
            title=_("“%(name)s” was not approved after an objection")
            % {"name": nominee.display_name},
            body=resolution,
            url=_dossier_url(dossier),
        )
    return opinion
