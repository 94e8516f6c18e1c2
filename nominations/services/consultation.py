"""Public consultation (lấy ý kiến nhân dân): the secretariat opens a window on approved
nominees, anyone sends opinions, the secretariat handles each one, and the window closes
by itself (the ``nominations.close_consultations`` task) with its result joined to every
dossier concerned.

An objection not yet handled, or upheld, keeps its nominee off the Council's agenda
(``selectors.consultation.nominees_blocked_by_objection``); an upheld objection makes the
nominee not approved at once.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from notifications.deadlines import add_working_days, is_working_day
from units.models import User

from ..models import (
    Consultation,
    ConsultationState,
    Dossier,
    DossierState,
    EventAction,
    Nominee,
    NomineeOutcome,
    Opinion,
    OpinionStatus,
)
from ._core import dossier_advance, event_record, notify_unit

logger = logging.getLogger(__name__)

MAX_DAYS = 60
TITLE_MAX = 300
BODY_MAX = 4000
SENDER_MAX = 150
TEXT_MAX = 4000
# What the secretariat may decide about an opinion.
HANDLED_STATUSES = (
    OpinionStatus.NOTED,
    OpinionStatus.RESOLVED,
    OpinionStatus.UPHELD,
    OpinionStatus.SPAM,
)
NEEDS_RESOLUTION = (OpinionStatus.RESOLVED, OpinionStatus.UPHELD)
OBJECTION_ONLY = (OpinionStatus.RESOLVED, OpinionStatus.UPHELD)
# Outcomes after which an objection can no longer take the nominee off the path.
TOO_LATE = (
    NomineeOutcome.PROPOSED,
    NomineeOutcome.PROPOSED_UPWARD,
    NomineeOutcome.AWARDED,
)


def default_days() -> int:
    return int(getattr(settings, "TDKT_CONSULTATION_DAYS", 10))


def consultation_closing_day(opens_on: date, days: int) -> date:
    """The day on which ``days`` working days have passed, counting ``opens_on`` as the
    first when it is a working day (a window opened on a Saturday starts on Monday).
    Weekends and the holiday calendar are skipped."""
    if days < 1:
        raise ValueError("days must be positive")
    if is_working_day(opens_on):
        return add_working_days(opens_on, days - 1)
    return add_working_days(opens_on, days)


def _plain(text: str) -> str:
    """Plain text only: no markup, no control characters, trimmed."""
    text = strip_tags(text or "")
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    return text.strip()


def _dossier_url(dossier: Dossier) -> str:
    try:
        return reverse("nominations:dossier_detail", args=[dossier.pk])
    except NoReverseMatch:  # the dossier pages are not installed
        return ""


def _nominee_problem(nominee: Nominee, busy: set[int]) -> str | None:
    if nominee.outcome != NomineeOutcome.APPROVED:
        return _("“%(name)s” has not been approved at appraisal.")
    if not nominee.needs_consultation:
        return _("“%(name)s” is proposed for an award that needs no public consultation.")
    if nominee.consultation_done:
        return _("The public consultation on “%(name)s” is already over.")
    if nominee.dossier.state != DossierState.CONSULTATION:
        return _("The dossier of “%(name)s” is not at the public consultation stage.")
    if nominee.pk in busy:
        return _("“%(name)s” is already in another open public consultation.")
    return None


@transaction.atomic
def consultation_open(
    *,
    title: str,
    nominees: Iterable[Nominee | int],
    opens_on: date | None = None,
    days: int | None = None,
    actor: User,
) -> Consultation:
    """Open a public consultation window on approved nominees.

    Steps: check the title and the window; lock the nominees and their dossiers; refuse
    any nominee not approved, not needing consultation, already consulted, whose dossier
    is not at the consultation stage or who is in another open consultation (one message
    per nominee); compute the closing day in working days with the holiday calendar;
    create the consultation; record CONSULTATION_OPENED on each dossier and tell each
    proposing unit.
    """
    today = timezone.localdate()
    opens_on = opens_on or today
    days = default_days() if days is None else days
    title = _plain(title)
    errors: dict[str, list[str]] = defaultdict(list)
    if not title:
        errors["title"].append(_("Enter a title for the consultation."))
    elif len(title) > TITLE_MAX:
        errors["title"].append(_("The title is too long (at most 300 characters)."))
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        errors["days"].append(
            _("The window is counted in working days, from 1 to %(max)s.") % {"max": MAX_DAYS}
        )
    if opens_on < today:
        errors["opens_on"].append(_("A consultation cannot open on a day already past."))

    ids = sorted({n.pk if isinstance(n, Nominee) else int(n) for n in nominees})
    if not ids:
        errors["nominees"].append(_("Choose at least one nominee."))
    locked = list(
        Nominee.objects.select_for_update()
        .filter(pk__in=ids)
        .select_related("dossier", "award")
        .order_by("pk")
    )
    dossier_ids = sorted({n.dossier_id for n in locked})
    list(Dossier.objects.select_for_update().filter(pk__in=dossier_ids).order_by("pk"))
    if len(locked) != len(ids):
        errors["nominees"].append(_("One of the chosen nominees no longer exists."))
    busy = set(
        Consultation.nominees.through.objects.filter(
            nominee_id__in=ids, consultation__state=ConsultationState.OPEN
        ).values_list("nominee_id", flat=True)
    )
    for nominee in locked:
        problem = _nominee_problem(nominee, busy)
        if problem:
            errors["nominees"].append(problem % {"name": nominee.display_name})
    if errors:
        raise ValidationError(dict(errors))

    closes_on = consultation_closing_day(opens_on, days)
    consultation = Consultation(
        title=title, opens_on=opens_on, closes_on=closes_on, created_by=actor
    )
    consultation._history_user = actor
    consultation.save()
    consultation.nominees.set(locked)

    by_dossier: dict[int, list[Nominee]] = defaultdict(list)
    for nominee in locked:
        by_dossier[nominee.dossier_id].append(nominee)
    for group in by_dossier.values():
        dossier = group[0].dossier
        event_record(
            dossier=dossier,
            actor=actor,
            action=EventAction.CONSULTATION_OPENED,
            note=title,
            data={
                "consultation": consultation.pk,
                "nominees": [n.pk for n in group],
                "opens_on": opens_on.isoformat(),
                "closes_on": closes_on.isoformat(),
                "working_days": days,
            },
        )
        notify_unit(
            dossier=dossier,
            title=_("Public consultation on “%(title)s” until %(day)s")
            % {"title": dossier.title, "day": formats.date_format(closes_on, "d/m/Y")},
            body=", ".join(n.display_name for n in group),
            url=_dossier_url(dossier),
        )
    return consultation


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


def _result_text(consultation: Consultation, nominees: list[Nominee], opinions) -> str:
    """The paragraph joined to a dossier: what was received, how each objection was
    resolved, and which remain unresolved."""
    lines = [
        _("Public consultation “%(title)s” from %(start)s to %(end)s, closed on %(closed)s.")
        % {
            "title": consultation.title,
            "start": _date(consultation.opens_on),
            "end": _date(consultation.closes_on),
            "closed": _date(timezone.localtime(consultation.closed_at)),
        }
    ]
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
def consultation_close(*, consultation: Consultation, actor: User | None = None) -> Consultation:
    """Close a consultation and join its result to every dossier concerned.

    Steps: lock the consultation (it must be open); mark it closed; mark its nominees'
    consultation done; for each dossier append the result summary (opinions received,
    objections, how each was resolved, which remain unresolved) to
    ``Dossier.consultation_result`` and record CONSULTATION_CLOSED with the counts; then
    move each dossier on (``dossier_advance``). Closing before the announced closing day
    (by the secretariat) is recorded as early.
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.state != ConsultationState.OPEN:
        raise ValidationError(_("This public consultation is already closed."))
    now = timezone.now()
    early = timezone.localdate(now) <= consultation.closes_on
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
            summary = _result_text(consultation, group, own)
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
