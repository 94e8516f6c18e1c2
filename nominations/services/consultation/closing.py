"""Close a consultation (by hand or the daily task) and erase the senders' contacts
after the retention period."""

import logging
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from units.models import User

from ...models import (
    Consultation,
    ConsultationState,
    Dossier,
    EventAction,
    Nominee,
    Opinion,
    OpinionStatus,
)
from .._core import dossier_advance, event_record
from ._common import REASON_MAX, _plain

logger = logging.getLogger(__name__)


def _date(day) -> str:
    return formats.date_format(day, "d/m/Y")


def _status_words(status: str) -> str:
    """How a handled objection reads in the result summary."""
    return {
        OpinionStatus.RESOLVED: _("resolved"),
        OpinionStatus.UPHELD: _("upheld, the nominee is not proposed"),
        OpinionStatus.NOTED: _("noted, not an objection"),
        OpinionStatus.SPAM: _("not relevant"),
    }.get(status, status)


def _result_text(
    consultation: Consultation, nominees: list[Nominee], opinions, *, early_reason: str = ""
) -> str:
    """The paragraph joined to a dossier: what was received, how each objection was
    resolved, and which remain unresolved; why it closed early, when it did."""
    lines = [
        _("Public consultation “%(title)s” from %(start)s to %(end)s, closed on %(closed)s.")
        % {
            "title": consultation.title,
            "start": _date(consultation.opens_on),
            "end": _date(consultation.closes_on),
            "closed": _date(timezone.localtime(consultation.closed_at)),
        }
    ]
    if early_reason:
        lines.append(
            _("Closed before the announced closing day. Reason: %(reason)s")
            % {"reason": early_reason}
        )
    for nominee in nominees:
        own = [o for o in opinions if o.nominee_id == nominee.pk]
        objections = [o for o in own if o.is_objection]
        lines.append(
            _("- %(name)s: %(opinions)s opinion(s) received, %(objections)s objection(s).")
            % {"name": nominee.display_name, "opinions": len(own), "objections": len(objections)}
        )
        for opinion in objections:
            if opinion.status == OpinionStatus.NEW:
                lines.append(
                    _("  + Objection no. %(id)s (received %(day)s): not resolved.")
                    % {"id": opinion.pk, "day": _date(timezone.localtime(opinion.received_at))}
                )
            else:
                lines.append(
                    _("  + Objection no. %(id)s (received %(day)s): %(status)s. %(how)s")
                    % {
                        "id": opinion.pk,
                        "day": _date(timezone.localtime(opinion.received_at)),
                        "status": _status_words(opinion.status),
                        "how": opinion.resolution or opinion.answer,
                    }
                )
        unresolved = [o.pk for o in objections if o.status == OpinionStatus.NEW]
        if unresolved:
            lines.append(
                _("  Unresolved objections: %(ids)s; the nominee stays off the agenda.")
                % {"ids": ", ".join(f"{pk}" for pk in unresolved)}
            )
    return "\n".join(line.rstrip() for line in lines)


@transaction.atomic
def consultation_close(
    *, consultation: Consultation, actor: User | None = None, reason: str = ""
) -> Consultation:
    """Close a consultation and join its result to every dossier concerned.

    Steps: lock the consultation (it must be open); mark it closed; mark its nominees'
    consultation done; for each dossier append the result summary (opinions received,
    objections, how each was resolved, which remain unresolved) to
    ``Dossier.consultation_result`` and record CONSULTATION_CLOSED with the counts; then
    move each dossier on (``dossier_advance``). Closing before the announced closing day
    (by the secretariat) is recorded as early and needs a ``reason``, which the result
    joined to each dossier and the event in its history keep.
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state != ConsultationState.OPEN:
        raise ValidationError(_("This public consultation is already closed."))
    now = timezone.now()
    early = timezone.localdate(now) <= consultation.closes_on
    reason = _plain(reason)[:REASON_MAX]
    if early and actor is not None and not reason:
        raise ValidationError(
            {
                "reason": [
                    _(
                        "Give the reason for closing the consultation before its closing day"
                        " (%(day)s)."
                    )
                    % {"day": _date(consultation.closes_on)}
                ]
            }
        )
    consultation.state = ConsultationState.CLOSED
    consultation.closed_at = now
    consultation._history_user = actor
    consultation.save()

    nominees = list(
        Nominee.objects.select_for_update()
        .filter(consultations=consultation)
        .select_related("dossier")
        .order_by("dossier_id", "sort_order", "pk")
    )
    Nominee.objects.filter(pk__in=[n.pk for n in nominees]).update(consultation_done=True)
    for nominee in nominees:
        nominee.consultation_done = True
    opinions = list(consultation.opinions.order_by("received_at", "pk"))

    by_dossier: dict[int, list[Nominee]] = defaultdict(list)
    for nominee in nominees:
        by_dossier[nominee.dossier_id].append(nominee)
    dossiers = {
        d.pk: d
        for d in Dossier.objects.select_for_update().filter(pk__in=by_dossier).order_by("pk")
    }
    with translation.override(settings.LANGUAGE_CODE):
        for dossier_id, group in by_dossier.items():
            dossier = dossiers[dossier_id]
            ids = {n.pk for n in group}
            own = [o for o in opinions if o.nominee_id in ids]
            objections = [o for o in own if o.is_objection]
            summary = _result_text(consultation, group, own, early_reason=reason if early else "")
            dossier.consultation_result = (
                f"{dossier.consultation_result.rstrip()}\n\n{summary}"
                if dossier.consultation_result.strip()
                else summary
            )
            dossier._history_user = actor
            dossier.save(update_fields=["consultation_result", "updated_at"])
            counts = {
                "opinions": len(own),
                "objections": len(objections),
                "unresolved": sum(o.status == OpinionStatus.NEW for o in objections),
                "resolved": sum(o.status == OpinionStatus.RESOLVED for o in objections),
                "upheld": sum(o.status == OpinionStatus.UPHELD for o in objections),
                "noted": sum(o.status == OpinionStatus.NOTED for o in own),
                "spam": sum(o.status == OpinionStatus.SPAM for o in own),
            }
            event_record(
                dossier=dossier,
                actor=actor,
                action=EventAction.CONSULTATION_CLOSED,
                note=summary,
                data={
                    "consultation": consultation.pk,
                    "nominees": sorted(ids),
                    "early": early,
                    **({"reason": reason} if early else {}),
                    **counts,
                },
            )
        for dossier_id in by_dossier:
            dossier_advance(dossier=dossiers[dossier_id], actor=actor)
    return consultation


def consultations_close_due(*, today: date | None = None) -> list[int]:
    """Close every open consultation whose closing day is past (the daily task). Each
    one closes in its own transaction, so one failure does not hold back the others."""
    today = today or timezone.localdate()
    closed, failed = [], []
    due = Consultation.objects.filter(state=ConsultationState.OPEN, closes_on__lt=today)
    for consultation in due.order_by("closes_on", "pk"):
        try:
            consultation_close(consultation=consultation, actor=None)
        except ValidationError:  # closed meanwhile by someone else
            continue
        except Exception:
            logger.exception("Closing consultation %s failed", consultation.pk)
            failed.append(consultation.pk)
            continue
        closed.append(consultation.pk)
    if failed:  # the task fails visibly and the next run tries them again
        raise RuntimeError(f"Consultations not closed: {failed}")
    return closed


def opinion_contacts_erase(*, today: date | None = None) -> int:
    """Erase the senders' names and contacts of consultations closed more than the
    retention period ago (a setting); the opinions themselves stay. Returns how many."""
    today = today or timezone.localdate()
    days = settings.TDKT_OPINION_CONTACT_RETENTION_DAYS
    cutoff = timezone.make_aware(datetime.combine(today - timedelta(days=days), time.min))
    expired = Opinion.objects.filter(
        consultation__state=ConsultationState.CLOSED, consultation__closed_at__lt=cutoff
    ).exclude(sender_name="", sender_contact="")
    return expired.update(sender_name="", sender_contact="")
