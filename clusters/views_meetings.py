"""The year-end meeting page of a bloc (issue 11, point 7): for the bloc's head and the
secretariat, attendance, adoption of the ranking, the secret ballot, the election of next
year's head and deputy, the minutes and the proposals; for a member unit present at the
meeting, its secret ballot. Every step is a POST with a confirmation before the
irreversible ones; a missing permission answers 404."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from units.models import Unit

from . import meetings, selectors
from . import meetings_rules as _rules  # noqa: F401 - registers the meeting's permissions
from .models import BallotState, BlocMeeting, MeetingBallot, ScoringRound


def _round(request, pk: int) -> ScoringRound:
    scoring_round = get_object_or_404(selectors.round_list_visible(user=request.user), pk=pk)
    if not request.user.has_perm("clusters.view_meeting", scoring_round):
        raise Http404
    return scoring_round


def _managed(request, pk: int) -> tuple[ScoringRound, BlocMeeting]:
    scoring_round = _round(request, pk)
    if not request.user.has_perm("clusters.manage_meeting", scoring_round):
        raise Http404
    meeting = BlocMeeting.objects.filter(round=scoring_round).first()
    if meeting is None:
        raise Http404
    return scoring_round, meeting


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def meeting_detail(request, pk: int):
    scoring_round = _round(request, pk)
    meeting = (
        BlocMeeting.objects.filter(round=scoring_round)
        .select_related("leading_unit", "next_head", "next_deputy")
        .first()
    )
    may_manage = request.user.has_perm("clusters.manage_meeting", scoring_round)
    context = {
        "round": scoring_round,
        "meeting": meeting,
        "may_manage": may_manage,
        "today": timezone.localdate(),
    }
    if meeting is not None:
        ballot = meeting.ballots.order_by("-number").prefetch_related("candidates").first()
        own = selectors.own_member_unit(request.user, scoring_round.bloc, scoring_round.year)
        context.update(
            {
                "attendance": meeting.attendance.select_related("unit").order_by("unit__name"),
                "quorum": meetings.quorum_of(meeting),
                "ballot": ballot,
                "ballot_counts": _counts(ballot),
                "own_unit": own,
                "may_vote": ballot is not None
                and ballot.state == BallotState.OPEN
                and own is not None
                and meeting.attendance.filter(unit=own, present=True).exists(),
                "proposals": meeting.proposals.select_related("unit", "dossier"),
                "members": [row.unit for row in meeting.attendance.all()],
                "award_names": {
                    meetings.FLAG_AWARD: _("Provincial Emulation Flag"),
                    meetings.CERTIFICATE_AWARD: _("Certificate of Merit of the province"),
                },
                "plan": _plan(meeting),
            }
        )
    return render(request, "clusters/meeting.html", context)


def _counts(ballot: MeetingBallot | None) -> list[tuple[Unit, int]]:
    if ballot is None or ballot.state != BallotState.CLOSED:
        return []
    return sorted(
        ((unit, ballot.counts.get(str(unit.pk), 0)) for unit in ballot.candidates.all()),
        key=lambda pair: (-pair[1], pair[0].name),
    )


def _plan(meeting: BlocMeeting) -> list[dict]:
    if not meeting.leading_unit_id or meeting.proposals.exists():
        return []
    plan = meetings.proposal_plan(meeting)
    units = Unit.objects.in_bulk([pk for pk, _a, _r in plan])
    return [{"unit": units[pk], "award": code, "rank": rank} for pk, code, rank in plan]


@login_required
@require_POST
def meeting_prepare(request, pk: int):
    scoring_round = _round(request, pk)
    if not request.user.has_perm("clusters.manage_meeting", scoring_round):
        raise Http404
    try:
        held_on = date.fromisoformat(request.POST.get("held_on", ""))
    except ValueError:
        messages.error(request, _("Enter the meeting's date."))
        return redirect("clusters:meeting", scoring_round.pk)
    try:
        meetings.meeting_prepare(
            scoring_round=scoring_round,
            held_on=held_on,
            place=request.POST.get("place", ""),
            actor=request.user,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The meeting is prepared: record who attends."))
    return redirect("clusters:meeting", scoring_round.pk)


@login_required
@require_POST
def meeting_step(request, pk: int, step: str):
    """Attendance, adoption, ballot count and new ballot, election, proposals."""
    scoring_round, meeting = _managed(request, pk)
    try:
        if step == "attendance":
            ids = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
            present = {i: request.POST.get(f"representative_{i}", "") for i in ids}
            meetings.attendance_record(meeting=meeting, present=present, actor=request.user)
            done = _("The attendance was recorded.")
        elif step == "adopt":
            meeting = meetings.meeting_adopt(meeting=meeting, actor=request.user)
            done = (
                _("The ranking was adopted.")
                if meeting.leading_unit_id
                else _("The ranking was adopted; the leading unit is chosen by secret ballot.")
            )
        elif step == "count":
            ballot = get_object_or_404(MeetingBallot, meeting=meeting, state=BallotState.OPEN)
            ballot = meetings.ballot_close(ballot=ballot, actor=request.user)
            done = (
                _("The ballot was counted: %(unit)s is the leading unit.")
                % {"unit": ballot.winner.name}
                if ballot.winner_id
                else _("The ballot chose no unit: hold a new ballot.")
            )
        elif step == "new-ballot":
            meetings.ballot_reopen(meeting=meeting, actor=request.user)
            done = _("A new ballot is open.")
        elif step == "elect":
            members = {u.pk: u for u in selectors.member_units(scoring_round)}

            def unit(field):
                value = request.POST.get(field, "")
                return members.get(int(value)) if value.isdigit() else None

            meetings.meeting_elect(
                meeting=meeting,
                head=unit("head"),
                deputy=unit("deputy"),
                actor=request.user,
            )
            done = _("Next year's head and deputy were elected.")
        elif step == "propose":
            proposals = meetings.meeting_propose(meeting=meeting, actor=request.user)
            done = _("%(n)s proposals became dossiers in Nominations.") % {"n": len(proposals)}
        else:
            raise Http404
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, done)
    return redirect("clusters:meeting", scoring_round.pk)


@login_required
@require_POST
def meeting_vote(request, pk: int):
    scoring_round = _round(request, pk)
    if not request.user.has_perm("clusters.vote_meeting", scoring_round):
        raise Http404
    meeting = get_object_or_404(BlocMeeting, round=scoring_round)
    ballot = get_object_or_404(MeetingBallot, meeting=meeting, state=BallotState.OPEN)
    own = selectors.own_member_unit(request.user, scoring_round.bloc, scoring_round.year)
    if own is None:
        raise Http404
    try:
        meetings.ballot_cast(
            ballot=ballot,
            unit=own,
            candidate_id=request.POST.get("candidate"),
            actor=request.user,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Your unit's ballot was cast."))
    return redirect("clusters:meeting", scoring_round.pk)


urlpatterns = [
    path("cum-khoi/hop-tong-ket/<int:pk>/", meeting_detail, name="meeting"),
    path("cum-khoi/hop-tong-ket/<int:pk>/chuan-bi/", meeting_prepare, name="meeting_prepare"),
    path("cum-khoi/hop-tong-ket/<int:pk>/bo-phieu/", meeting_vote, name="meeting_vote"),
    path("cum-khoi/hop-tong-ket/<int:pk>/<slug:step>/", meeting_step, name="meeting_step"),
]
