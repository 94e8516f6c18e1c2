"""Services of a bloc's year-end meeting (issue 11, point 7). Each runs in one transaction
and either does all of its work or raises ``ValidationError`` (Vietnamese) with nothing
saved.

The steps: the meeting is prepared on a closed round (every member unit listed, absent);
attendance is recorded; the ranking is adopted when two thirds of the members are present
(``TDKT_BLOC_MEETING_QUORUM``) and every flag of the round is resolved; when the engine
names no leading unit (a tie, or a first place it cannot confirm) the present members
choose it by secret ballot; next year's head and deputy are elected; the proposals become
dossiers in ``nominations`` (the leading unit for the provincial Emulation Flag, the next
ones for Bằng khen, within the quotas of the scoring table), each nominee with its rank.
"""

from __future__ import annotations

import math
import secrets
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nominations.services.dossiers.bloc import bloc_proposal_create
from units.models import Unit, User

from . import selectors
from .models import (
    BallotState,
    BlocLeadership,
    BlocMeeting,
    BlocMembership,
    LeadingBy,
    MeetingAttendance,
    MeetingBallot,
    MeetingBallotPaper,
    MeetingBallotReceipt,
    MeetingProposal,
    MeetingState,
    ScoringRound,
)

FLAG_AWARD = "CO_TINH"  # Cờ thi đua của UBND tỉnh (Law Art 26(1))
CERTIFICATE_AWARD = "BK_TINH"  # Bằng khen của Chủ tịch UBND tỉnh
_random = secrets.SystemRandom()


def quorum_fraction() -> Fraction:
    """The meeting's quorum as a fraction of the member units (setting, default 2/3)."""
    raw = str(getattr(settings, "TDKT_BLOC_MEETING_QUORUM", "2/3")).strip()
    try:
        value = Fraction(raw)
    except (ValueError, ZeroDivisionError) as error:
        raise ImproperlyConfigured(
            f"TDKT_BLOC_MEETING_QUORUM: {raw!r} is not a fraction"
        ) from error
    if not 0 < value <= 1:
        raise ImproperlyConfigured("TDKT_BLOC_MEETING_QUORUM must be above 0 and at most 1")
    return value


def quorum_needed(total: int) -> int:
    """Member units that must be present, rounded up (8 members at 2/3: 6)."""
    return math.ceil(total * quorum_fraction())


def _locked(meeting: BlocMeeting) -> BlocMeeting:
    return (
        BlocMeeting.objects.select_for_update()
        .select_related("round__bloc", "round__table")
        .get(pk=meeting.pk)
    )


def _require(meeting: BlocMeeting, *states: str) -> None:
    if meeting.state not in states:
        raise ValidationError(
            _("The meeting is “%(state)s”: this step is not possible now.")
            % {"state": meeting.get_state_display()}
        )


# --- Preparation and attendance ------------------------------------------------------------


@transaction.atomic
def meeting_prepare(
    *, scoring_round: ScoringRound, held_on, place: str = "", actor: User
) -> BlocMeeting:
    """The year-end meeting of a closed round, every member unit listed as absent."""
    scoring_round = ScoringRound.objects.select_for_update().get(pk=scoring_round.pk)
    if not scoring_round.is_closed:
        raise ValidationError(_("The meeting is held on a closed scoring round: close it first."))
    if BlocMeeting.objects.filter(round=scoring_round).exists():
        raise ValidationError(_("The meeting of this round has already been prepared."))
    meeting = BlocMeeting(
        round=scoring_round, held_on=held_on, place=(place or "").strip()[:255], created_by=actor
    )
    meeting._history_user = actor
    meeting.save()
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(meeting=meeting, unit=unit, present=False)
        for unit in selectors.member_units(scoring_round)
    )
    return meeting


@transaction.atomic
def attendance_record(*, meeting: BlocMeeting, present: dict[int, str], actor: User) -> BlocMeeting:
    """Record who attended: ``present`` maps each present unit's id to its representative
    (may be empty); the other members are absent. Only before the ranking is adopted."""
    meeting = _locked(meeting)
    _require(meeting, MeetingState.PREPARING)
    rows = list(meeting.attendance.all())
    known = {row.unit_id for row in rows}
    if set(present) - known:
        raise ValidationError(_("Only the bloc's member units attend its meeting."))
    for row in rows:
        row.present = row.unit_id in present
        row.representative = (present.get(row.unit_id) or "").strip()[:255] if row.present else ""
    MeetingAttendance.objects.bulk_update(rows, ["present", "representative"])
    return meeting


def quorum_of(meeting: BlocMeeting) -> dict:
    """Present, total and needed member units, and whether the meeting is valid."""
    total = meeting.attendance.count()
    present = meeting.attendance.filter(present=True).count()
    needed = quorum_needed(total)
    return {"present": present, "total": total, "needed": needed, "met": present >= needed}


# --- Adoption and ballot -------------------------------------------------------------------


def _snapshot(data: selectors.Ranking) -> list[dict]:
    return [
        {
            "unit_id": row["unit"].pk if row["unit"] else None,
            "code": row["code"],
            "name": row["unit"].name if row["unit"] else row["code"],
            "rank": row["rank"],
            "score": float(row["score"]) if row["score"] is not None else None,
            "score_text": row["score_text"],
            "source": row["source"],
            "vetoed": row["vetoed"],
        }
        for row in data.rows
    ]


def ballot_candidates(ranking: list[dict]) -> list[int]:
    """The units the meeting chooses among when the engine names no leading unit: those
    sharing the first place, or else the first two units not vetoed."""
    first = [row["unit_id"] for row in ranking if row["rank"] == 1 and not row["vetoed"]]
    if len(first) >= 2:
        return first
    scored = [row for row in ranking if row["rank"] is not None and not row["vetoed"]]
    return [row["unit_id"] for row in scored[:2]]


@transaction.atomic
def meeting_adopt(*, meeting: BlocMeeting, actor: User) -> BlocMeeting:
    """Adopt the round's ranking: the quorum must be met and every flag resolved (a tie is
    settled by the ballot). The engine's leading unit is the meeting's; without one, a
    secret ballot opens among the candidates."""
    meeting = _locked(meeting)
    _require(meeting, MeetingState.PREPARING)
    quorum = quorum_of(meeting)
    if not quorum["met"]:
        raise ValidationError(
            _(
                "The meeting does not have its quorum: %(present)s of %(total)s member units "
                "are present, at least %(needed)s must be."
            )
            % quorum
        )
    data = selectors.ranking(meeting.round)
    if data.result is None:
        raise ValidationError(
            _("The round's sheets cannot be ranked: %(error)s") % {"error": data.error}
        )
    open_flags = [f for f in data.flags if f.kind != "tie" and f.resolution is None]
    if open_flags:
        raise ValidationError(
            _("Resolve every flag of the ranking before adopting it (%(n)s left).")
            % {"n": len(open_flags)}
        )
    ranking = _snapshot(data)
    meeting.ranking = ranking
    meeting.member_total = quorum["total"]
    meeting.quorum_needed = quorum["needed"]
    meeting.present_count = quorum["present"]
    meeting.adopted_at = timezone.now()
    meeting.state = MeetingState.ADOPTED
    leading = data.result.leading
    if leading:
        meeting.leading_unit = Unit.objects.get(code=leading)
        meeting.leading_by = LeadingBy.RANKING
    meeting._history_user = actor
    meeting.save()
    if not leading:
        candidates = ballot_candidates(ranking)
        if not candidates:
            raise ValidationError(_("No unit has a score: there is no one to choose among."))
        _ballot_open(meeting, candidates)
    return meeting


def _ballot_open(meeting: BlocMeeting, candidates: list[int]) -> MeetingBallot:
    number = meeting.ballots.count() + 1
    ballot = MeetingBallot.objects.create(meeting=meeting, number=number)
    ballot.candidates.set(candidates)
    return ballot


@transaction.atomic
def ballot_reopen(*, meeting: BlocMeeting, actor: User) -> MeetingBallot:
    """A new ballot among the same candidates, after one that chose no unit."""
    meeting = _locked(meeting)
    _require(meeting, MeetingState.ADOPTED)
    last = meeting.ballots.order_by("-number").first()
    if meeting.leading_unit_id or last is None or last.state != BallotState.CLOSED:
        raise ValidationError(_("A new ballot is only held after one that chose no unit."))
    return _ballot_open(meeting, list(last.candidates.values_list("pk", flat=True)))


def ballot_cast(*, ballot: MeetingBallot, unit: Unit, candidate_id: int, actor: User) -> None:
    """The secret ballot of one present member unit: the receipt first (its constraint
    refuses a second vote of the unit), then the paper with no voter and no time."""
    try:
        _ballot_cast(ballot=ballot, unit=unit, candidate_id=candidate_id, actor=actor)
    except IntegrityError:
        raise ValidationError(
            _("%(unit)s has already voted. A ballot cannot be cast twice.") % {"unit": unit.name}
        ) from None


@transaction.atomic
def _ballot_cast(*, ballot: MeetingBallot, unit: Unit, candidate_id: int, actor: User) -> None:
    ballot = MeetingBallot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.state != BallotState.OPEN:
        raise ValidationError(_("This ballot is closed."))
    if not MeetingAttendance.objects.filter(
        meeting_id=ballot.meeting_id, unit=unit, present=True
    ).exists():
        raise ValidationError(
            _("%(unit)s is not recorded as present at the meeting, so it cannot vote.")
            % {"unit": unit.name}
        )
    try:
        candidate_id = int(candidate_id)
    except (TypeError, ValueError):
        candidate_id = None
    if candidate_id is None or not ballot.candidates.filter(pk=candidate_id).exists():
        raise ValidationError(_("Choose one of the candidate units."))
    MeetingBallotReceipt.objects.create(ballot=ballot, unit=unit, cast_by=actor)
    MeetingBallotPaper.objects.create(ballot=ballot, candidate_id=candidate_id)


@transaction.atomic
def ballot_close(*, ballot: MeetingBallot, actor: User) -> MeetingBallot:
    """Count the ballot: a candidate chosen by more than half of the units present
    becomes the leading unit; otherwise nobody is chosen and a new ballot may follow."""
    meeting = _locked(ballot.meeting)
    ballot = MeetingBallot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.state != BallotState.OPEN:
        raise ValidationError(_("This ballot is closed."))
    papers = list(
        MeetingBallotPaper.objects.filter(ballot=ballot).values_list("candidate_id", flat=True)
    )
    counts = {str(pk): 0 for pk in ballot.candidates.values_list("pk", flat=True)}
    for candidate in papers:
        counts[str(candidate)] = counts.get(str(candidate), 0) + 1
    ballot.counts = counts
    ballot.papers_returned = len(papers)
    ballot.state = BallotState.CLOSED
    ballot.closed_at = timezone.now()
    best = max(counts.values(), default=0)
    leaders = [pk for pk, n in counts.items() if n == best]
    present = meeting.attendance.filter(present=True).count()
    if len(leaders) == 1 and best * 2 > present:
        ballot.winner_id = int(leaders[0])
        meeting.leading_unit_id = ballot.winner_id
        meeting.leading_by = LeadingBy.BALLOT
        meeting._history_user = actor
        meeting.save()
    ballot.save()
    # The ballot box is reshuffled: new random keys written in random order, so the
    # papers' storage order cannot be matched to the receipts' (as the Council's).
    _random.shuffle(papers)
    MeetingBallotPaper.objects.filter(ballot=ballot).delete()
    MeetingBallotPaper.objects.bulk_create(
        MeetingBallotPaper(ballot=ballot, candidate_id=candidate) for candidate in papers
    )
    return ballot


# --- Election and proposals ----------------------------------------------------------------


@transaction.atomic
def meeting_elect(*, meeting: BlocMeeting, head: Unit, deputy: Unit | None, actor: User):
    """Next year's head and deputy, among this year's members: the head and deputy of
    year + 1 (the rotation's history keeps the earlier years)."""
    meeting = _locked(meeting)
    _require(meeting, MeetingState.ADOPTED, MeetingState.CLOSED)
    scoring_round = meeting.round
    members = set(
        BlocMembership.objects.filter(bloc=scoring_round.bloc, year=scoring_round.year).values_list(
            "unit_id", flat=True
        )
    )
    errors = {}
    if head is None or head.pk not in members:
        errors["head"] = [_("Choose the head among the bloc's member units.")]
    if deputy is not None and deputy.pk not in members:
        errors["deputy"] = [_("Choose the deputy among the bloc's member units.")]
    if head is not None and deputy is not None and head.pk == deputy.pk:
        errors["deputy"] = [_("The deputy cannot be the head.")]
    if errors:
        raise ValidationError(errors)
    year = scoring_round.year + 1
    leadership = BlocLeadership.objects.filter(bloc=scoring_round.bloc, year=year).first()
    leadership = leadership or BlocLeadership(bloc=scoring_round.bloc, year=year)
    leadership.head, leadership.deputy, leadership.elected_on = head, deputy, meeting.held_on
    leadership._history_user = actor
    leadership.save()
    meeting.next_head, meeting.next_deputy = head, deputy
    meeting.elected_at = timezone.now()
    meeting._history_user = actor
    meeting.save()
    return leadership


def proposal_plan(meeting: BlocMeeting) -> list[tuple[int, str, int]]:
    """(unit id, award code, rank) of the proposals: the leading unit (rank 1) and the
    next units not vetoed for the flag up to its quota, then Bằng khen up to its quota."""
    table = meeting.round.table
    rows = [
        row
        for row in meeting.ranking
        if row["rank"] is not None
        and not row["vetoed"]
        and row["unit_id"] != meeting.leading_unit_id
    ]
    plan = [(meeting.leading_unit_id, FLAG_AWARD, 1)]
    flags = max(table.flag_quota, 1) - 1
    plan += [(row["unit_id"], FLAG_AWARD, row["rank"]) for row in rows[:flags]]
    certificates = rows[flags : flags + table.certificate_quota]
    plan += [(row["unit_id"], CERTIFICATE_AWARD, row["rank"]) for row in certificates]
    return plan


@transaction.atomic
def meeting_propose(*, meeting: BlocMeeting, actor: User) -> list[MeetingProposal]:
    """Send the proposals: one draft dossier per proposed unit in ``nominations``."""
    meeting = _locked(meeting)
    _require(meeting, MeetingState.ADOPTED)
    if not meeting.leading_unit_id:
        raise ValidationError(_("The leading unit is not decided yet: hold the secret ballot."))
    scoring_round = meeting.round
    bloc, year = scoring_round.bloc, scoring_round.year
    units = Unit.objects.in_bulk([pk for pk, _a, _r in proposal_plan(meeting)])
    proposals = []
    for unit_id, code, rank in proposal_plan(meeting):
        unit = units[unit_id]
        label = (
            _("the provincial Emulation Flag")
            if code == FLAG_AWARD
            else _("the Certificate of Merit")
        )
        dossier, _nominee = bloc_proposal_create(
            unit=unit,
            year=year,
            award_code=code,
            bloc_rank=rank,
            title=_("%(bloc)s proposes %(unit)s for %(award)s, year %(year)s")
            % {"bloc": bloc.name, "unit": unit.name, "award": label, "year": year},
            summary=_("Proposed by the year-end meeting of %(bloc)s on %(date)s; rank %(rank)s.")
            % {"bloc": bloc.name, "date": meeting.held_on.strftime("%d/%m/%Y"), "rank": rank},
            actor=actor,
        )
        proposals.append(
            MeetingProposal.objects.create(
                meeting=meeting, unit=unit, award_code=code, bloc_rank=rank, dossier=dossier
            )
        )
    meeting.state = MeetingState.CLOSED
    meeting.proposed_at = timezone.now()
    meeting._history_user = actor
    meeting.save()
    return proposals
