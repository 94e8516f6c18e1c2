"""Complaints about an award of a decision or a nomination: registered, assigned,
answered within their time limit, with their outcome (issue 12 point 6).

Registering a complaint about a person or a collective opens an ``awards.PendingCase``
of the complaint kind, which blocks every proposal for that subject through the
eligibility engine; answering the complaint closes it. A complaint about a household's
award is registered and answered the same way (the engine keeps no pending case for
households). Each write is one transaction with its history entry.
"""

import datetime
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import AwardGrant, PendingCase, PendingKind
from notifications.deadlines import Deadline
from notifications.models import NotificationKind
from notifications.services import notify
from units.models import Role, User
from units.selectors import roles_of

from ..models import (
    OPEN_COMPLAINT_STATES,
    Complaint,
    ComplaintKind,
    ComplaintOutcome,
    ComplaintState,
    Nominee,
)

TEXT_MAX = 4000


def answer_days() -> int:
    return max(int(settings.TDKT_COMPLAINT_ANSWER_DAYS), 1)


def _require_secretariat(user: User) -> None:
    if not roles_of(user).has(Role.SECRETARIAT):
        raise ValidationError(_("Only the secretariat handles complaints."))


def _text(value: str, field: str, message: str, *, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > limit:
        raise ValidationError(
            {field: _("Keep this under %(n)s characters.") % {"n": f"{limit:,}".replace(",", ".")}}
        )
    return value


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _subject(grant: AwardGrant | None, nominee: Nominee | None):
    """(person, unit) the complaint concerns, from the award or the nominee."""
    if grant is not None:
        return grant.person, grant.unit
    return nominee.person, nominee.collective


@transaction.atomic
def complaint_register(
    *,
    actor: User,
    complainant: str,
    contact: str,
    content: str,
    received_on: datetime.date,
    grant: AwardGrant | None = None,
    nominee: Nominee | None = None,
    kind: str = ComplaintKind.COMPLAINT,
) -> Complaint:
    """Register a complaint received on ``received_on`` about ``grant`` (an award of a
    decision) or ``nominee`` (a nomination). It is due ``TDKT_COMPLAINT_ANSWER_DAYS``
    later; the person or collective concerned is blocked until it is answered."""
    _require_secretariat(actor)
    if (grant is None) == (nominee is None):
        raise ValidationError(_("Choose the award or the nomination complained about."))
    if kind not in ComplaintKind.values:
        raise ValidationError({"kind": _("Choose a complaint or a denunciation.")})
    complainant = _text(complainant, "complainant", _("Enter who complains."), limit=200)
    contact = _text(contact, "contact", _("Enter the complainant's address or phone."), limit=300)
    content = _text(content, "content", _("Enter what the complaint says."))
    if not isinstance(received_on, datetime.date):
        raise ValidationError({"received_on": _("Enter the date the complaint was received.")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    complaint = Complaint(
        kind=kind,
        grant=grant,
        nominee=nominee,
        complainant=complainant,
        complainant_contact=contact,
        content=content,
        received_on=received_on,
        due_on=received_on + datetime.timedelta(days=answer_days()),
        registered_by=actor,
    )
    person, unit = _subject(grant, nominee)
    if person is not None or unit is not None:
        case = PendingCase(
            person=person,
            unit=unit,
            kind=PendingKind.COMPLAINT,
            opened_on=received_on,
            note=_("%(kind)s of %(name)s received on %(date)s")
            % {
                "kind": complaint.get_kind_display(),
                "name": complainant,
                "date": received_on.strftime("%d/%m/%Y"),
            },
        )
        case._history_user = actor
        case.full_clean()
        case.save()
        complaint.pending_case = case
    complaint._history_user = actor
    complaint.full_clean()
    complaint.save()
    return complaint


@transaction.atomic
def complaint_assign(*, complaint: Complaint, actor: User, assignee: User) -> Complaint:
    """Give an open complaint to an officer of the secretariat, who is told."""
    _require_secretariat(actor)
    complaint = _locked(complaint)
    if not complaint.is_open:
        raise ValidationError(_("This complaint has already been answered."))
    if not roles_of(assignee).has(Role.SECRETARIAT):
        raise ValidationError(
            {"assignee": _("Assign the complaint to an officer of the secretariat.")}
        )
    complaint.assignee = assignee
    complaint.assigned_on = timezone.localdate()
    complaint.state = ComplaintState.ASSIGNED
    complaint._history_user = actor
    complaint.save()
    notify(
        user=assignee,
        kind=NotificationKind.DEADLINE,
        title=_("Complaint assigned to you: answer by %(date)s")
        % {"date": complaint.due_on.strftime("%d/%m/%Y")},
        body=complaint.content[:300],
        url=reverse("nominations:complaint_detail", args=[complaint.pk]),
    )
    return complaint


@transaction.atomic
def complaint_answer(
    *,
    complaint: Complaint,
    actor: User,
    outcome: str,
    answer: str,
    answered_on: datetime.date,
) -> Complaint:
    """Record the answer and the outcome; the pending case closes the same day, so the
    subject may be proposed again (unless other cases stay open)."""
    _require_secretariat(actor)
    complaint = _locked(complaint)
    if not complaint.is_open:
        raise ValidationError(_("This complaint has already been answered."))
    if outcome not in ComplaintOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    answer = _text(answer, "answer", _("Write the answer given to the complainant."))
    if not isinstance(answered_on, datetime.date):
        raise ValidationError({"answered_on": _("Enter the date of the answer.")})
    if answered_on < complaint.received_on:
        raise ValidationError(
            {"answered_on": _("The answer cannot be dated before the complaint was received.")}
        )
    if answered_on > timezone.localdate():
        raise ValidationError({"answered_on": _("The date cannot be in the future.")})
    complaint.outcome = outcome
    complaint.answer = answer
    complaint.answered_on = answered_on
    complaint.state = ComplaintState.ANSWERED
    complaint._history_user = actor
    complaint.full_clean()
    complaint.save()
    if complaint.pending_case_id:
        case = PendingCase.objects.select_for_update().get(pk=complaint.pending_case_id)
        case.closed_on = answered_on
        case._history_user = actor
        case.save()
    return complaint


def complaint_deadlines(start: datetime.date, end: datetime.date) -> Iterator[Deadline]:
    """The answer time limit of each open complaint, for the reminder registry
    (registered in ``NominationsConfig.ready()``): the secretariat is reminded before it
    and told when it is overdue."""
    complaints = Complaint.objects.filter(
        state__in=OPEN_COMPLAINT_STATES, due_on__range=(start, end)
    ).only("pk", "due_on", "complainant")
    for complaint in complaints:
        yield Deadline(
            key=f"nominations:complaint:{complaint.pk}:{complaint.due_on:%Y%m%d}",
            title=_("Answer to the complaint of %(name)s") % {"name": complaint.complainant},
            due_on=complaint.due_on,
            url=reverse("nominations:complaint_detail", args=[complaint.pk]),
            audience="secretariat",
        )
