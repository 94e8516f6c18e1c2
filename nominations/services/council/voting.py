"""Open the vote, cast secret ballots and close the vote."""

import logging
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from units.models import Role, RoleAssignment, User

from ...models import (
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
    WrittenChoice,
    WrittenOpinion,
    WrittenOpinionSheet,
)
from ...selectors.council import council_member_ids
from .._core import dossier_advance, event_record, quorum_needed, votes_needed
from ._common import _locked, _require_state
from .written import _absent

logger = logging.getLogger(__name__)
_random = secrets.SystemRandom()


@transaction.atomic
def voting_open(*, session: CouncilSession, actor: User) -> CouncilSession:
    """Open the vote: fix the membership of the day (every current member gets an
    attendance row, absent unless recorded present), the quorum and each item's
    threshold against the total membership. Refused below the quorum."""
    session = _locked(session)
    _require_state(session, SessionState.SCHEDULED, _("Voting can only open once."))
    _check_ballot_day(session)
    items = list(session.items.select_related("nominee__award").order_by("position", "id"))
    if not items:
        raise ValidationError(_("Put at least one nominee on the agenda before voting."))
    members = council_member_ids()
    total = len(members)
    if total == 0:
        raise ValidationError(_("The Council has no current member."))
    Attendance.objects.filter(session=session).exclude(member_id__in=members).delete()
    WrittenOpinionSheet.objects.filter(session=session).exclude(member_id__in=members).delete()
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
    if session.secretary_id is None:  # the Council's secretary, when present
        session.secretary = _council_secretary_present(session)
    session.state = SessionState.VOTING
    session.voting_opened_at = timezone.now()
    session._history_user = actor
    session.save()
    return session


def _check_ballot_day(session: CouncilSession) -> None:
    """A ballot opens on the session's day (its date in the portal's time zone), not
    before unless TDKT_BALLOT_OPEN_BEFORE_SESSION_DAY, never after."""
    today = timezone.localdate()
    day = session.held_on
    dates = {"day": day.strftime("%d/%m/%Y"), "today": today.strftime("%d/%m/%Y")}
    if today < day and not settings.TDKT_BALLOT_OPEN_BEFORE_SESSION_DAY:
        raise ValidationError(
            _(
                "Voting opens on the day of the session (%(day)s), not before: today is "
                "%(today)s. Open it on the day, or change the session's date."
            )
            % dates
        )
    if today > day:
        raise ValidationError(
            _(
                "The day of the session (%(day)s) has passed: today is %(today)s. Change "
                "the session's date to the day the Council meets before opening the vote."
            )
            % dates
        )


def _council_secretary_present(session: CouncilSession) -> User | None:
    present = Attendance.objects.filter(session=session, present=True).values("member_id")
    seat = (
        RoleAssignment.objects.filter(
            role=Role.COUNCIL_MEMBER, user_id__in=present, council_position="secretary"
        )
        .select_related("user")
        .first()
    )
    return seat.user if seat else None


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
    # whole transaction (nothing of this ballot) is rolled back. In one order for every
    # ballot (the items' keys): a member's second ballot sent at the same moment waits on
    # the first receipt of the first and then fails on the constraint. In a random order
    # each of the two held a receipt the other needed next, and PostgreSQL broke the
    # deadlock by failing one of them with an error instead of the message below.
    BallotReceipt.objects.bulk_create(
        [BallotReceipt(item_id=pk, voter=voter) for pk in sorted(items)]
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
    count_written = bool(settings.TDKT_COUNT_WRITTEN_OPINIONS)
    written: dict[int, dict[str, int]] = {
        item.pk: dict.fromkeys(WrittenChoice.values, 0) for item in items
    }
    for row in (
        WrittenOpinion.objects.filter(item__session=session, sheet__member__in=_absent(session))
        .order_by()
        .values("item_id", "choice")
        .annotate(n=Count("id"))
    ):
        written[row["item_id"]][row["choice"]] = row["n"]
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
        item.written_agree = written[item.pk][WrittenChoice.AGREE]
        item.written_disagree = written[item.pk][WrittenChoice.DISAGREE]
        agreed = item.agree + (item.written_agree if count_written else 0)
        item.passed = agreed >= item.votes_needed
        nominee = nominees[item.nominee_id]
        figures = {
            "agree": agreed,
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
        if count_written and item.written_agree + item.written_disagree:
            nominee.outcome_reason += " " + (
                _(
                    "Of them %(ballots)s by secret ballot and %(written)s in writing "
                    "(absent members)."
                )
                % {"ballots": item.agree, "written": item.written_agree}
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
                "written_agree": item.written_agree,
                "written_disagree": item.written_disagree,
                "needed": item.votes_needed,
                "passed": item.passed,
            }
        )
    AgendaItem.objects.bulk_update(
        items, ["agree", "disagree", "abstain", "written_agree", "written_disagree", "passed"]
    )
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
                + (
                    " "
                    + _(
                        "(written opinions: %(written_agree)s agree, %(written_disagree)s disagree)"
                    )
                    % r
                    if r["written_agree"] + r["written_disagree"]
                    else ""
                )
                for r in results
            ),
            data={
                "session": session.pk,
                "held_on": session.held_on.isoformat(),
                "member_total": session.member_total,
                "present": session.present_count,
                "quorum": session.quorum_needed,
                "written_opinions_counted": count_written,
                "results": results,
            },
        )
        dossier_advance(dossier=dossier, actor=actor)
    # Each member present was issued a ballot; a ballot returned is a member's cast (it
    # answers every item, the form refuses a partial one), so every returned one is valid.
    returned = (
        BallotReceipt.objects.filter(item__session=session).values("voter_id").distinct().count()
    )
    session.ballots_issued = session.present_count
    session.ballots_returned = returned
    session.ballots_valid = returned
    session.written_opinions_counted = count_written
    session.state = SessionState.CLOSED
    session.closed_at = timezone.now()
    session._history_user = actor
    session.save()
    transaction.on_commit(_vacuum_ballots)
    return session
