"""The bloc's year-end meeting: quorum of two thirds (a setting), adoption of the closed
round's ranking only when every flag is resolved, a secret ballot when the leading unit is
not clear, next year's head and deputy, and the proposals that become dossiers in
nominations with each nominee's rank feeding the eligibility engine."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from clusters import meetings, services
from clusters.models import (
    BallotState,
    BlocLeadership,
    LeadingBy,
    MeetingBallotPaper,
    MeetingBallotReceipt,
    MeetingState,
    SheetRole,
)
from nominations.models import Dossier, DossierState, Nominee
from tests.clusters.conftest import fill

pytestmark = pytest.mark.django_db

HELD_ON = date(2026, 6, 9)


def _score(cluster, users, *, verified=None, tie=False):
    """Every member scores every other (90 each, split per scorer); ``verified`` units get
    a secretariat sheet of 100 (or 95 for the second with ``tie=False``)."""
    members = cluster["members"]
    actors = {members[0].pk: users["head_a"], members[1].pk: users["staff_b"]}
    for member in members[2:]:
        actors[member.pk] = cluster["staff"][member.code]
    for scorer in members:
        for target in members:
            if scorer == target:
                continue
            role = SheetRole.HEAD if scorer == members[0] else SheetRole.PEER
            k = members.index(scorer)
            fill(cluster["round"], role, scorer, target, actors[scorer.pk], A1=25 + k, A2=20 - k)
    for i, unit in enumerate(verified or []):
        off = 0 if tie or i == 0 else 5
        fill(
            cluster["round"], SheetRole.SECRETARIAT, None, unit, users["secretariat"], total_off=off
        )
    services.round_close(scoring_round=cluster["round"], actor=users["secretariat"])
    cluster["round"].refresh_from_db()


def _meeting(cluster, users, present=6):
    meeting = meetings.meeting_prepare(
        scoring_round=cluster["round"], held_on=HELD_ON, place="UBND xã", actor=users["head_a"]
    )
    meetings.attendance_record(
        meeting=meeting,
        present={u.pk: f"Đại diện {u.name}" for u in cluster["members"][:present]},
        actor=users["head_a"],
    )
    return meeting


def test_the_quorum_is_two_thirds_rounded_up_and_a_setting(settings):
    assert [meetings.quorum_needed(n) for n in (3, 6, 7, 8, 9)] == [2, 4, 5, 6, 6]
    settings.TDKT_BLOC_MEETING_QUORUM = "1/2"
    assert meetings.quorum_needed(7) == 4
    settings.TDKT_BLOC_MEETING_QUORUM = "3/2"
    with pytest.raises(ImproperlyConfigured):
        meetings.quorum_needed(6)


def test_the_meeting_needs_a_closed_round(cluster, users):
    with pytest.raises(ValidationError) as error:
        meetings.meeting_prepare(
            scoring_round=cluster["round"], held_on=HELD_ON, actor=users["head_a"]
        )
    assert error.value.messages == [
        "Cuộc họp được tổ chức trên đợt chấm đã kết thúc: hãy kết thúc đợt chấm trước."
    ]


def test_adoption_is_refused_below_the_quorum_and_nothing_changes(cluster, users):
    members = cluster["members"]
    _score(cluster, users, verified=[members[2], members[3]])
    meeting = _meeting(cluster, users, present=3)
    with pytest.raises(ValidationError) as error:
        meetings.meeting_adopt(meeting=meeting, actor=users["head_a"])
    assert error.value.messages == [
        "Cuộc họp chưa đủ số đơn vị tham dự: 3/6 đơn vị thành viên có mặt, cần ít nhất 4."
    ]
    meeting.refresh_from_db()
    assert (meeting.state, meeting.ranking, meeting.leading_unit) == (
        MeetingState.PREPARING,
        [],
        None,
    )


def test_adopting_a_clear_ranking_then_electing_and_proposing(cluster, users):
    members = cluster["members"]
    _score(cluster, users, verified=[members[2], members[3]])
    meeting = _meeting(cluster, users, present=4)
    meetings.meeting_adopt(meeting=meeting, actor=users["head_a"])
    meeting.refresh_from_db()
    # m3 verified at 100, m4 at 95, the four others 90 from the cross-scoring (tied at 3).
    assert [(r["code"], r["rank"], r["score"]) for r in meeting.ranking[:2]] == [
        (members[2].code, 1, 100.0),
        (members[3].code, 2, 95.0),
    ]
    assert (meeting.state, meeting.leading_unit, meeting.leading_by) == (
        MeetingState.ADOPTED,
        members[2],
        LeadingBy.RANKING,
    )
    assert (meeting.present_count, meeting.member_total, meeting.quorum_needed) == (4, 6, 4)
    assert not meeting.ballots.exists()

    meetings.meeting_elect(
        meeting=meeting, head=members[1], deputy=members[2], actor=users["head_a"]
    )
    leadership = BlocLeadership.objects.get(bloc=cluster["bloc"], year=2027)
    assert (leadership.head, leadership.deputy, leadership.elected_on) == (
        members[1],
        members[2],
        HELD_ON,
    )

    proposals = meetings.meeting_propose(meeting=meeting, actor=users["head_a"])
    # The table's quotas: one flag, two Bằng khen (the next ranks: 2, then the first of
    # the four tied at 3 in the ranking's order).
    third = meeting.ranking[2]
    assert third["rank"] == 3
    assert [(p.unit.code, p.award_code, p.bloc_rank) for p in proposals] == [
        (members[2].code, "CO_TINH", 1),
        (members[3].code, "BK_TINH", 2),
        (third["code"], "BK_TINH", 3),
    ]
    flag = Nominee.objects.select_related("dossier").get(dossier=proposals[0].dossier)
    assert (flag.dossier.unit, flag.dossier.state, flag.dossier.year, flag.collective) == (
        members[2],
        DossierState.DRAFT,
        2026,
        members[2],
    )
    assert flag.bloc_rank == 1
    checks = {c["rule"]: c for c in flag.eligibility_result["checks"]}
    assert checks["bloc_rank_1"]["passed"] is True
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CLOSED
    with pytest.raises(ValidationError):
        meetings.meeting_propose(meeting=meeting, actor=users["head_a"])
    assert Dossier.objects.count() == 3


def test_adoption_waits_for_every_flag_to_be_resolved(cluster, users):
    members = cluster["members"]
    # m6 scored by nobody but itself after its cross sheets: a self-only flagless round is
    # not enough; plant a colluding pair instead.
    actors = {members[0].pk: users["head_a"], members[1].pk: users["staff_b"]}
    for member in members[2:]:
        actors[member.pk] = cluster["staff"][member.code]
    for scorer in members:
        for target in members:
            if scorer == target:
                continue
            role = SheetRole.HEAD if scorer == members[0] else SheetRole.PEER
            k = members.index(scorer)
            over = {"A1": 25 + k, "A2": 20 - k}
            if {scorer, target} == {members[2], members[3]}:
                over = {}
            fill(cluster["round"], role, scorer, target, actors[scorer.pk], **over)
    services.round_close(scoring_round=cluster["round"], actor=users["secretariat"])
    meeting = _meeting(cluster, users)
    with pytest.raises(ValidationError) as error:
        meetings.meeting_adopt(meeting=meeting, actor=users["head_a"])
    assert error.value.messages == [
        "Hãy xử lý mọi cảnh báo của bảng xếp hạng trước khi thông qua (còn 1)."
    ]


def test_a_tie_goes_to_a_secret_ballot(cluster, users):
    members = cluster["members"]
    _score(cluster, users, verified=[members[2], members[3]], tie=True)
    meeting = _meeting(cluster, users, present=5)
    # The tie flag is settled by the ballot, not by a resolution.
    meetings.meeting_adopt(meeting=meeting, actor=users["head_a"])
    meeting.refresh_from_db()
    assert meeting.leading_unit is None
    ballot = meeting.ballots.get()
    assert set(ballot.candidates.all()) == {members[2], members[3]}
    with pytest.raises(ValidationError):
        meetings.meeting_propose(meeting=meeting, actor=users["head_a"])

    votes = [members[2], members[2], members[3], members[2]]
    for voter, choice in zip(members[:4], votes, strict=True):
        meetings.ballot_cast(
            ballot=ballot, unit=voter, candidate_id=choice.pk, actor=users["head_a"]
        )
    with pytest.raises(ValidationError) as error:
        meetings.ballot_cast(
            ballot=ballot, unit=members[0], candidate_id=members[3].pk, actor=users["head_a"]
        )
    assert error.value.messages == [
        f"{members[0].name} đã bỏ phiếu. Mỗi đơn vị chỉ bỏ phiếu một lần."
    ]
    with pytest.raises(ValidationError) as error:  # absent
        meetings.ballot_cast(
            ballot=ballot, unit=members[5], candidate_id=members[2].pk, actor=users["head_a"]
        )
    assert MeetingBallotReceipt.objects.filter(ballot=ballot).count() == 4
    assert MeetingBallotPaper.objects.filter(ballot=ballot).count() == 4

    ballot = meetings.ballot_close(ballot=ballot, actor=users["head_a"])
    assert (ballot.state, ballot.counts, ballot.winner) == (
        BallotState.CLOSED,
        {str(members[2].pk): 3, str(members[3].pk): 1},
        members[2],
    )
    meeting.refresh_from_db()
    assert (meeting.leading_unit, meeting.leading_by) == (members[2], LeadingBy.BALLOT)
    proposals = meetings.meeting_propose(meeting=meeting, actor=users["head_a"])
    assert [(p.unit, p.award_code, p.bloc_rank) for p in proposals][:2] == [
        (members[2], "CO_TINH", 1),
        (members[3], "BK_TINH", 1),
    ]


def test_a_ballot_without_a_majority_chooses_nobody(cluster, users):
    members = cluster["members"]
    _score(cluster, users, verified=[members[2], members[3]], tie=True)
    meeting = _meeting(cluster, users, present=4)
    meetings.meeting_adopt(meeting=meeting, actor=users["head_a"])
    ballot = meeting.ballots.get()
    for voter, choice in zip(members[:4], [2, 3, 2, 3], strict=True):
        meetings.ballot_cast(
            ballot=ballot, unit=voter, candidate_id=members[choice].pk, actor=users["head_a"]
        )
    ballot = meetings.ballot_close(ballot=ballot, actor=users["head_a"])
    meeting.refresh_from_db()
    assert (ballot.winner, meeting.leading_unit) == (None, None)
    second = meetings.ballot_reopen(meeting=meeting, actor=users["head_a"])
    assert (second.number, set(second.candidates.all())) == (2, {members[2], members[3]})


def test_the_election_is_among_the_members(cluster, users, province):
    members = cluster["members"]
    _score(cluster, users, verified=[members[2]])
    meeting = _meeting(cluster, users)
    meetings.meeting_adopt(meeting=meeting, actor=users["head_a"])
    with pytest.raises(ValidationError) as error:
        meetings.meeting_elect(
            meeting=meeting, head=members[1], deputy=members[1], actor=users["head_a"]
        )
    assert error.value.message_dict == {
        "deputy": ["Đơn vị phó không thể đồng thời là đơn vị trưởng."]
    }
    assert not BlocLeadership.objects.filter(year=2027).exists()
