"""Council sessions and the secret ballot.

The secretariat schedules a session, sets its agenda from the candidates, records who is
present (and the written opinions of absent members), opens the vote, and closes it.
Members vote by secret ballot: a :class:`BallotReceipt` says *who* voted on an item, a
:class:`Ballot` says *what* was chosen, and nothing links the two. The receipts' unique
constraint (item, voter) is what stops a second ballot, even from two requests at once;
the ballots carry no voter, no time and a random key, are inserted in random order, and
the whole ballot box is rewritten when the vote closes so that neither insertion order
nor the system columns of the voting transactions lead back to a voter.
"""

import logging
import secrets
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from units.models import User

from ..models import (
    AgendaItem,
    Attendance,
    Ballot,
    BallotReceipt,
    Choice,
    CouncilSession,
    Dossier,
    EventAction,
    Nominee,
    NomineeOutcome,
    SessionState,
)
from ..selectors.council import agenda_candidates, council_member_ids
from ._core import dossier_advance, event_record, quorum_needed, votes_needed

logger = logging.getLogger(__name__)
_random = secrets.SystemRandom()


def _locked(session: CouncilSession) -> CouncilSession:
    return CouncilSession.objects.select_for_update().get(pk=session.pk)


def _require_state(session: CouncilSession, state: str, message: str) -> None:
    if session.state != state:
        raise ValidationError(message)


@transaction.atomic
def session_create(*, title: str, held_on, place: str = "", actor: User) -> CouncilSession:
    """Schedule a session of the Council."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the session a title.")})
    if held_on is None:
        raise ValidationError({"held_on": _("Give the date of the session.")})
    session = CouncilSession(
        title=title, held_on=held_on, place=(place or "").strip(), created_by=actor
    )
    session._history_user = actor
    session.save()
    return session


@transaction.atomic
def agenda_set(
    *, session: CouncilSession, nominees: Iterable[Nominee | int], actor: User
) -> list[AgendaItem]:
    """Set the agenda of a scheduled session to ``nominees`` (in that order), from the
    candidates only. Each newly put nominee's dossier records PUT_ON_AGENDA; a nominee
    taken off records it too (as an edit with a note)."""
    session = _locked(session)
    _require_state(
        session,
        SessionState.SCHEDULED,
        _("The agenda can only be changed while the session is scheduled."),
    )
    wanted = [n if isinstance(n, int) else n.pk for n in nominees]
    wanted = list(dict.fromkeys(wanted))
    # Lock the nominees so two sessions cannot take the same one at the same moment,
    # then read the candidates again under the lock.
    list(Nominee.objects.select_for_update().filter(pk__in=wanted).values_list("pk"))
    candidates = {n.pk: n for n in agenda_candidates(session=session).filter(pk__in=wanted)}
    refused = [pk for pk in wanted if pk not in candidates]
    if refused:
        names = Nominee.objects.filter(pk__in=refused).values_list("display_name", flat=True)
        raise ValidationError(
            _("These nominees cannot be put on the agenda: %(names)s.")
            % {"names": ", ".join(names) or ", ".join(map(str, refused))}
        )
    current = {item.nominee_id: item for item in session.items.select_related("nominee")}
    removed = [item for pk, item in current.items() if pk not in candidates]
    for item in removed:
        event_record(
            dossier=item.nominee.dossier,
            actor=actor,
            action=EventAction.EDITED,
            note=_("“%(name)s” taken off the agenda of the session “%(session)s”.")
            % {"name": item.nominee.display_name, "session": session.title},
            data={"session": session.pk, "nominee": item.nominee_id, "agenda": "removed"},
        )
        item.delete()
    items = []
    added_by_dossier: dict[int, list[Nominee]] = {}
    for position, pk in enumerate(wanted, start=1):
        item = current.get(pk)
        if item is None:
            item = AgendaItem.objects.create(session=session, nominee_id=pk, position=position)
            added_by_dossier.setdefault(candidates[pk].dossier_id, []).append(candidates[pk])
        elif item.position != position:
            item.position = position
            item.save(update_fields=["position"])
        items.append(item)
    for added in added_by_dossier.values():
        event_record(
            dossier=added[0].dossier,
            actor=actor,
            action=EventAction.PUT_ON_AGENDA,
            note=_("Put on the agenda of the session “%(session)s” of %(date)s: %(names)s.")
            % {
                "session": session.title,
                "date": session.held_on.strftime("%d/%m/%Y"),
                "names": ", ".join(n.display_name for n in added),
            },
            data={
                "session": session.pk,
                "held_on": session.held_on.isoformat(),
                "nominees": [n.pk for n in added],
            },
        )
    return items


@transaction.atomic
def attendance_record(
    *,
    session: CouncilSession,
    rows: dict[int, tuple[bool, str]],
    actor: User,
) -> list[Attendance]:
    """Record who is present among the Council's current members, and the written
    opinion of each absent member. Only while the session is scheduled."""
    session = _locked(session)
    _require_state(
        session,
        SessionState.SCHEDULED,
        _("Attendance can only be recorded before voting opens."),
    )
    members = council_member_ids()
    strangers = [uid for uid in rows if uid not in members]
    if strangers:
        names = User.objects.filter(pk__in=strangers).values_list("full_name", flat=True)
        raise ValidationError(
            _("Only current members of the Council attend a session: %(names)s is not one.")
            % {"names": ", ".join(names) or ", ".join(map(str, strangers))}
        )
    errors = []
    for uid, (present, opinion) in rows.items():
        if present and (opinion or "").strip():
            name = User.objects.filter(pk=uid).values_list("full_name", flat=True).first()
            errors.append(
                _("%(name)s is present: a written opinion is only for absent members.")
                % {"name": name}
            )
    if errors:
        raise ValidationError(errors)
    result = []
    for uid, (present, opinion) in rows.items():
        row, _created = Attendance.objects.update_or_create(
            session=session,
            member_id=uid,
            defaults={
                "present": bool(present),
                "written_opinion": "" if present else (opinion or "").strip(),
            },
        )
        result.append(row)
    return result


@transaction.atomic
def voting_open(*, session: CouncilSession, actor: User) -> CouncilSession:
    """Open the vote: fix the membership of the day (every current member gets an
    attendance row, absent unless recorded present), the quorum and each item's
    threshold against the total membership. Refused below the quorum."""
    session = _locked(session)
    _require_state(session, SessionState.SCHEDULED, _("Voting can only open once."))
    items = list(session.items.select_related("nominee__award").order_by("position", "id"))
    if not items:
        raise ValidationError(_("Put at least one nominee on the agenda before voting."))
    members = council_member_ids()
    total = len(members)
    if total == 0:
        raise ValidationError(_("The Council has no current member."))
    Attendance.objects.filter(session=session).exclude(member_id__in=members).delete()
    recorded = set(Attendance.objects.filter(session=session).values_list("member_id", flat=True))
    Attendance.objects.bulk_create(
        [Attendance(session=session, member_id=uid, present=False) for uid in members - recorded]
    )
    present = Attendance.objects.filter(session=session, present=True).count()
    needed = quorum_needed(total)
    if present < needed:
        raise ValidationError(
            _(
                "The session does not have its quorum: %(present)s of %(total)s members are "
                "present, at least %(needed)s must be. Voting cannot open."
            )
            % {"present": present, "total": total, "needed": needed}
        )
    for item in items:
        item.votes_needed = votes_needed(item.nominee.award, total)
    AgendaItem.objects.bulk_update(items, ["votes_needed"])
    session.member_total = total
    session.quorum_needed = needed
    session.present_count = present
    session.state = SessionState.VOTING
    session.voting_opened_at = timezone.now()
    session._history_user = actor
    session.save()
    return session


def _share_lock(session: CouncilSession) -> CouncilSession:
    """Read the session under a shared row lock: ballots are cast side by side, and the
    close (which takes the row for update) waits for them and is waited for by them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                'SELECT id FROM "nominations_councilsession" WHERE id = %s FOR SHARE',
                [session.pk],
            )
        return CouncilSession.objects.get(pk=session.pk)
    return _locked(session)


def _already_voted_error(session: CouncilSession, voter: User) -> ValidationError:
    names = list(
        AgendaItem.objects.filter(
            session=session,
            pk__in=BallotReceipt.objects.filter(item__session=session, voter=voter).values(
                "item_id"
            ),
        )
        .order_by("position", "id")
        .values_list("nominee__display_name", flat=True)
    )
    if names:
        return ValidationError(
            _("You have already voted on %(names)s. A ballot cannot be cast twice.")
            % {"names": ", ".join(names)}
        )
    return ValidationError(_("You have already voted. A ballot cannot be cast twice."))


def ballot_cast(*, session: CouncilSession, voter: User, choices: dict[int, str]) -> int:
    """Cast a member's secret ballot on every item of the session's agenda.

    In one transaction: the receipts first (their unique constraint refuses a second
    ballot, even one sent at the same moment), then the ballots, with no voter, no time,
    random keys, in random order. Returns the number of ballots cast."""
    try:
        return _ballot_cast(session=session, voter=voter, choices=choices)
    except IntegrityError:
        raise _already_voted_error(session, voter) from None


@transaction.atomic
def _ballot_cast(*, session: CouncilSession, voter: User, choices: dict[int, str]) -> int:
    session = _share_lock(session)
    if session.state != SessionState.VOTING:
        raise ValidationError(_("Voting is not open for this session."))
    if voter.pk not in council_member_ids():
        raise ValidationError(_("Only members of the Council vote."))
    if not Attendance.objects.filter(session=session, member=voter, present=True).exists():
        raise ValidationError(
            _(
                "You are not recorded as present at this session, so you cannot vote. "
                "Ask the secretariat if this is a mistake."
            )
        )
    items = dict(
        session.items.order_by("position", "id").values_list("pk", "nominee__display_name")
    )
    choices = {int(k): v for k, v in choices.items()}
    unknown = [k for k in choices if k not in items]
    if unknown:
        raise ValidationError(_("The ballot names an item that is not on this agenda."))
    missing = [name for pk, name in items.items() if pk not in choices]
    if missing:
        raise ValidationError(
            _("Choose Agree, Disagree or Abstain for every nominee: %(names)s.")
            % {"names": ", ".join(missing)}
        )
    valid = set(Choice.values)
    if any(value not in valid for value in choices.values()):
        raise ValidationError(_("A choice on the ballot is not valid."))
    # Who voted: the constraint (item, voter) makes this fail for a second ballot, and the
    # whole transaction (nothing of this ballot) is rolled back.
    receipt_order = list(items)
    _random.shuffle(receipt_order)
    BallotReceipt.objects.bulk_create(
        [BallotReceipt(item_id=pk, voter=voter) for pk in receipt_order]
    )
    # What was chosen: no voter, no time, a random key, random order.
    ballots = [Ballot(id=uuid.uuid4(), item_id=pk, choice=choices[pk]) for pk in items]
    _random.shuffle(ballots)
    Ballot.objects.bulk_create(ballots)
    return len(ballots)


def _rewrite_ballot_box(session: CouncilSession) -> None:
    """Delete the session's ballots and insert them again with fresh keys, in random
    order, in this transaction: neither the insertion order nor the system columns of
    the voting transactions remain to lead back to a voter."""
    box = Ballot.objects.filter(item__session=session)
    rows = list(box.values_list("item_id", "choice"))
    box.delete()
    _random.shuffle(rows)
    Ballot.objects.bulk_create(
        [Ballot(id=uuid.uuid4(), item_id=item_id, choice=choice) for item_id, choice in rows]
    )


def _vacuum_ballots() -> None:
    """Reclaim the deleted ballot rows on PostgreSQL (best effort, after the commit)."""
    if connection.vendor != "postgresql" or not connection.get_autocommit():
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute('VACUUM "nominations_ballot"')
    except Exception:  # noqa: BLE001 - housekeeping must not fail the close
        logger.warning("could not vacuum the ballot table", exc_info=True)


@transaction.atomic
def voting_close(*, session: CouncilSession, actor: User) -> CouncilSession:
    """Count the ballots, apply each award's threshold against the total membership,
    rewrite the ballot box, record the result on each nominee and dossier and move the
    dossiers on; the session is closed."""
    session = _locked(session)
    _require_state(session, SessionState.VOTING, _("Voting is not open for this session."))
    items = list(
        session.items.select_related("nominee", "nominee__award").order_by("position", "id")
    )
    counts: dict[int, dict[str, int]] = {item.pk: dict.fromkeys(Choice.values, 0) for item in items}
    tally = (
        Ballot.objects.filter(item__session=session)
        .order_by()
        .values("item_id", "choice")
        .annotate(n=Count("id"))
    )
    for row in tally:
        counts[row["item_id"]][row["choice"]] = row["n"]
    receipts = dict(
        BallotReceipt.objects.filter(item__session=session)
        .order_by()
        .values("item_id")
        .annotate(n=Count("id"))
        .values_list("item_id", "n")
    )
    nominees = {
        n.pk: n
        for n in Nominee.objects.select_for_update().filter(
            pk__in=[item.nominee_id for item in items]
        )
    }
    by_dossier: dict[int, list[dict]] = {}
    for item in items:
        count = counts[item.pk]
        cast = sum(count.values())
        if cast != receipts.get(item.pk, 0):  # cannot happen: both are written together
            raise ValidationError(_("The ballot box does not match the receipts; not counted."))
        item.agree = count[Choice.AGREE]
        item.disagree = count[Choice.DISAGREE]
        item.abstain = count[Choice.ABSTAIN]
        item.passed = item.agree >= item.votes_needed
        nominee = nominees[item.nominee_id]
        figures = {
            "agree": item.agree,
            "total": session.member_total,
            "needed": item.votes_needed,
        }
        if item.passed:
            nominee.outcome = NomineeOutcome.PASSED
            nominee.outcome_reason = (
                _(
                    "Passed the Council vote: %(agree)s of %(total)s members agreed "
                    "(%(needed)s needed)."
                )
                % figures
            )
        else:
            nominee.outcome = NomineeOutcome.FAILED
            nominee.outcome_reason = (
                _(
                    "Did not pass the Council vote: %(agree)s of %(total)s members agreed "
                    "(%(needed)s needed)."
                )
                % figures
            )
        nominee._history_user = actor
        nominee.save(update_fields=["outcome", "outcome_reason"])
        by_dossier.setdefault(nominee.dossier_id, []).append(
            {
                "nominee": nominee.pk,
                "name": nominee.display_name,
                "award": item.nominee.award.code,
                "agree": item.agree,
                "disagree": item.disagree,
                "abstain": item.abstain,
                "needed": item.votes_needed,
                "passed": item.passed,
            }
        )
    AgendaItem.objects.bulk_update(items, ["agree", "disagree", "abstain", "passed"])
    _rewrite_ballot_box(session)
    for dossier in Dossier.objects.filter(pk__in=by_dossier).order_by("pk"):
        results = by_dossier[dossier.pk]
        event_record(
            dossier=dossier,
            actor=actor,
            action=EventAction.VOTE_COUNTED,
            note="; ".join(
                _(
                    "%(name)s: %(agree)s agree, %(disagree)s disagree, %(abstain)s abstain "
                    "(%(needed)s needed) — %(result)s"
                )
                % {**r, "result": _("passed") if r["passed"] else _("not passed")}
                for r in results
            ),
            data={
                "session": session.pk,
                "held_on": session.held_on.isoformat(),
                "member_total": session.member_total,
                "present": session.present_count,
                "quorum": session.quorum_needed,
                "results": results,
            },
        )
        dossier_advance(dossier=dossier, actor=actor)
    session.state = SessionState.CLOSED
    session.closed_at = timezone.now()
    session._history_user = actor
    session.save()
    transaction.on_commit(_vacuum_ballots)
    return session
