"""Council sessions: the agenda's candidates, who sees which session, attendance and the
quorum, the thresholds against the total membership, the secret ballot and its count.

The builders are in tests/utils/council.py, shared with the other council test modules."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from nominations.models import (
    Attendance,
    Ballot,
    BallotReceipt,
    Consultation,
    CouncilSession,
    DossierEvent,
    DossierState,
    EventAction,
    NomineeOutcome,
    Opinion,
    OpinionStatus,
    SessionState,
)
from nominations.selectors import council as sel
from nominations.services import council as svc
from tests.factories import nominations as nf
from tests.utils.council import (
    ABSTAIN,
    AGREE,
    DISAGREE,
    council_members,
    items_of,
    open_on_the_day,
    ready_nominee,
    scheduled_session,
    vote,
    voting_session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(users):
    return users["secretariat"]


# --- candidates and visibility ---------------------------------------------------------------


def test_agenda_candidates_are_approved_voted_consulted_and_free(province, users):
    unit, creator = province["unit_a"], users["staff_a"]
    ready = ready_nominee(unit=unit, creator=creator, name="Đủ Điều Kiện")
    ready_nominee(unit=unit, creator=creator, name="Chưa Thẩm Định", outcome=NomineeOutcome.PENDING)
    ready_nominee(unit=unit, creator=creator, name="Không Cần Bỏ Phiếu", award="LDTT")
    simplified = nf.dossier(
        unit=unit, created_by=creator, state=DossierState.IN_COUNCIL, simplified=True
    )
    ready_nominee(unit=unit, creator=creator, name="Thủ Tục Đơn Giản", dossier=simplified)
    ready_nominee(unit=unit, creator=creator, name="Đang Lấy Ý Kiến", needs_consultation=True)
    consulted = ready_nominee(
        unit=unit,
        creator=creator,
        name="Đã Lấy Ý Kiến",
        needs_consultation=True,
        consultation_done=True,
    )
    in_appraisal = nf.dossier(unit=unit, created_by=creator, state=DossierState.IN_APPRAISAL)
    ready_nominee(unit=unit, creator=creator, name="Hồ Sơ Chưa Trình", dossier=in_appraisal)
    blocked = ready_nominee(unit=unit, creator=creator, name="Bị Phản Ánh")
    upheld = ready_nominee(unit=unit, creator=creator, name="Phản Ánh Đúng")
    answered = ready_nominee(unit=unit, creator=creator, name="Đã Giải Quyết")
    window = Consultation.objects.create(
        title="Lấy ý kiến",
        opens_on=date(2026, 11, 1),
        closes_on=date(2026, 11, 14),
        created_by=users["secretariat"],
    )
    for nominee, status in (
        (blocked, OpinionStatus.NEW),
        (upheld, OpinionStatus.UPHELD),
        (answered, OpinionStatus.RESOLVED),
    ):
        Opinion.objects.create(consultation=window, nominee=nominee, body="Phản ánh", status=status)
    Opinion.objects.create(consultation=window, nominee=ready, body="Đồng tình", is_objection=False)
    on_other = ready_nominee(unit=unit, creator=creator, name="Đã Vào Phiên Khác")
    other = scheduled_session(users["secretariat"], title="Phiên khác")
    svc.agenda_set(session=other, nominees=[on_other], actor=users["secretariat"])

    names = set(sel.agenda_candidates().values_list("display_name", flat=True))

    assert names == {"Đủ Điều Kiện", "Đã Lấy Ý Kiến", "Đã Giải Quyết"}
    assert consulted.pk in set(sel.agenda_candidates().values_list("pk", flat=True))
    # The nominees already on a session are candidates of that very session.
    assert on_other.pk in set(sel.agenda_candidates(session=other).values_list("pk", flat=True))


def test_a_counted_nominee_is_no_candidate_again(province, users, secretariat):
    members = council_members(3, existing=[users["council"]])
    nominee = ready_nominee(unit=province["unit_a"], creator=users["staff_a"])
    session = voting_session(actor=secretariat, members=members, nominees=[nominee])
    for member in members:
        vote(session, member, AGREE)
    svc.voting_close(session=session, actor=secretariat)
    # Even if its outcome went back to approved, a counted nominee stays off.
    type(nominee).objects.filter(pk=nominee.pk).update(outcome=NomineeOutcome.APPROVED)
    assert not sel.agenda_candidates().filter(pk=nominee.pk).exists()


def test_sessions_visible_by_role(province, users, secretariat):
    members = council_members(3, existing=[users["council"]])
    scheduled = scheduled_session(secretariat, title="Sắp họp")
    nominee = ready_nominee(unit=province["unit_a"], creator=users["staff_a"])
    attended = voting_session(actor=secretariat, members=members, nominees=[nominee])
    before = CouncilSession.objects.create(
        title="Phiên trước nhiệm kỳ",
        held_on=date(2025, 6, 1),
        state=SessionState.CLOSED,
        created_by=secretariat,
    )

    def titles(user):
        return set(sel.session_list_visible(user=user).values_list("title", flat=True))

    everything = {scheduled.title, attended.title, before.title}
    assert titles(secretariat) == everything
    assert titles(users["chairman"]) == everything
    assert titles(users["council"]) == {scheduled.title, attended.title}
    for role in ("staff_a", "head_a", "staff_b", "admin"):
        assert titles(users[role]) == set()


def test_agenda_for_member_shows_the_nominee_and_only_a_link_to_its_dossier(
    province, users, secretariat
):
    nominee = ready_nominee(
        unit=province["unit_a"],
        creator=users["staff_a"],
        name="Trần Văn Bình",
        achievement_summary="Dẫn đầu phong trào chuyển đổi số.",
        appraisal_status="eligible",
    )
    session = scheduled_session(secretariat)
    svc.agenda_set(session=session, nominees=[nominee], actor=secretariat)

    [item] = sel.agenda_for_member(session=session, user=users["council"])

    assert item["name"] == "Trần Văn Bình"
    assert item["unit"] == nominee.unit_name
    assert item["job"] == "Chuyên viên"
    assert item["award"] == "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    assert item["summary"] == "Dẫn đầu phong trào chuyển đổi số."
    assert item["appraisal"] == "Đủ điều kiện"
    # The dossier is read on its own page (session_dossier), through its id only.
    assert {k: v for k, v in item.items() if "dossier" in k} == {"dossier_id": nominee.dossier_id}
    assert sel.agenda_for_member(session=session, user=users["staff_a"]) == []


# --- agenda and attendance -------------------------------------------------------------------


def test_agenda_set_takes_candidates_only_and_records_the_event(province, users, secretariat):
    first = ready_nominee(unit=province["unit_a"], creator=users["staff_a"], name="Người Một")
    second = ready_nominee(unit=province["unit_b"], creator=users["staff_b"], name="Người Hai")
    pending = ready_nominee(
        unit=province["unit_a"],
        creator=users["staff_a"],
        name="Chưa Duyệt",
        outcome=NomineeOutcome.PENDING,
    )
    session = scheduled_session(secretariat)

    with pytest.raises(ValidationError) as error:
        svc.agenda_set(session=session, nominees=[first, pending], actor=secretariat)
    assert "Chưa Duyệt" in error.value.messages[0]
    assert "không thể đưa vào chương trình" in error.value.messages[0]
    assert not session.items.exists()

    svc.agenda_set(session=session, nominees=[second, first], actor=secretariat)
    assert [i.nominee_id for i in items_of(session)] == [second.pk, first.pk]
    event = DossierEvent.objects.get(dossier=first.dossier, action=EventAction.PUT_ON_AGENDA)
    assert event.actor == secretariat
    assert event.data["session"] == session.pk and event.data["nominees"] == [first.pk]
    assert "Người Một" in event.note

    svc.agenda_set(session=session, nominees=[first], actor=secretariat)
    assert [i.nominee_id for i in items_of(session)] == [first.pk]
    assert DossierEvent.objects.filter(
        dossier=second.dossier, action=EventAction.EDITED, data__agenda="removed"
    ).exists()
    # Still one PUT_ON_AGENDA for the nominee kept on the agenda.
    assert (
        DossierEvent.objects.filter(dossier=first.dossier, action=EventAction.PUT_ON_AGENDA).count()
        == 1
    )


def test_agenda_cannot_change_once_voting_is_open(province, users, secretariat):
    members = council_members(3, existing=[users["council"]])
    nominee = ready_nominee(unit=province["unit_a"], creator=users["staff_a"])
    session = voting_session(actor=secretariat, members=members, nominees=[nominee])
    with pytest.raises(ValidationError) as error:
        svc.agenda_set(session=session, nominees=[], actor=secretariat)
    assert error.value.messages == [
        "Chỉ được thay đổi chương trình khi phiên họp đang ở trạng thái đã lên lịch."
    ]
    assert session.items.count() == 1


def test_a_nominee_cannot_be_on_two_open_sessions(province, users, secretariat):
    nominee = ready_nominee(unit=province["unit_a"], creator=users["staff_a"], name="Một Người")
    first, second = scheduled_session(secretariat), scheduled_session(secretariat)
    svc.agenda_set(session=first, nominees=[nominee], actor=secretariat)
    with pytest.raises(ValidationError) as error:
        svc.agenda_set(session=second, nominees=[nominee], actor=secretariat)
    assert "Một Người" in error.value.messages[0]


def test_attendance_for_current_members_with_notes_of_the_absent(users, secretariat):
    members = council_members(3, existing=[users["council"]])
    session = scheduled_session(secretariat)
    with pytest.raises(ValidationError) as error:
        svc.attendance_record(
            session=session, rows={users["staff_a"].pk: (True, "")}, actor=secretariat
        )
    assert "không phải là thành viên" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        svc.attendance_record(
            session=session, rows={members[1].pk: (True, "Đồng ý cả danh sách")}, actor=secretariat
        )
    assert error.value.messages == [
        "Thành Viên 01 có mặt: ghi chú về việc vắng mặt chỉ dành cho thành viên vắng mặt."
    ]
    assert not Attendance.objects.exists()

    svc.attendance_record(
        session=session,
        rows={
            members[0].pk: (True, ""),
            members[1].pk: (False, "Nhất trí với tờ trình của Ban Thi đua - Khen thưởng."),
        },
        actor=secretariat,
    )
    rows = {a.member_id: (a.present, a.written_opinion) for a in Attendance.objects.all()}
    assert rows == {
        members[0].pk: (True, ""),
        members[1].pk: (False, "Nhất trí với tờ trình của Ban Thi đua - Khen thưởng."),
    }


# --- quorum and thresholds -------------------------------------------------------------------


def test_thresholds_count_against_the_total_membership(province, users, secretariat):
    members = council_members(11, existing=[users["council"]])
    unit, creator = province["unit_a"], users["staff_a"]
    eighty = ready_nominee(unit=unit, creator=creator, award="CSTDCS", name="Tám Mươi")
    majority = ready_nominee(unit=unit, creator=creator, award="BK_TINH", name="Quá Bán")
    ninety = ready_nominee(unit=unit, creator=creator, award="CSTD_TINH", name="Chín Mươi")

    session = voting_session(
        actor=secretariat,
        members=members,
        nominees=[eighty, majority, ninety],
        present=members[:9],  # 9 of 11: the quorum (80%, rounded up) exactly
    )

    assert (session.state, session.member_total, session.quorum_needed) == ("voting", 11, 9)
    assert session.present_count == 9
    assert session.voting_opened_at is not None
    assert [i.votes_needed for i in items_of(session)] == [9, 6, 10]
    assert Attendance.objects.filter(session=session).count() == 11


def test_voting_does_not_open_without_the_quorum(province, users, secretariat):
    members = council_members(11, existing=[users["council"]])
    nominee = ready_nominee(unit=province["unit_a"], creator=users["staff_a"])
    session = scheduled_session(secretariat)
    svc.agenda_set(session=session, nominees=[nominee], actor=secretariat)
    svc.attendance_record(
        session=session, rows={m.pk: (i < 8, "") for i, m in enumerate(members)}, actor=secretariat
    )

    with pytest.raises(ValidationError) as error:
        open_on_the_day(session, secretariat)

    assert error.value.messages == [
        "Phiên họp chưa đủ số thành viên tham dự: có mặt 8/11 thành viên, cần ít nhất 9. "
        "Chưa thể mở bỏ phiếu."
    ]
    session.refresh_from_db()
    assert (session.state, session.member_total, session.present_count) == ("scheduled", 0, 0)
    assert Attendance.objects.filter(session=session).count() == 11  # only the recorded rows


def test_voting_needs_an_agenda(users, secretariat):
    council_members(3, existing=[users["council"]])
    session = scheduled_session(secretariat)
    with pytest.raises(ValidationError) as error:
        open_on_the_day(session, secretariat)
    assert error.value.messages == [
        "Hãy đưa ít nhất một người được đề nghị vào chương trình trước khi bỏ phiếu."
    ]


# --- the ballot ------------------------------------------------------------------------------


@pytest.fixture
def open_vote(province, users, secretariat):
    members = council_members(5, existing=[users["council"]])
    unit, creator = province["unit_a"], users["staff_a"]
    nominees = [
        ready_nominee(unit=unit, creator=creator, award="BK_TINH", name="Lê Văn Đạt"),
        ready_nominee(unit=unit, creator=creator, award="CSTDCS", name="Phạm Thị Hụt"),
    ]
    session = voting_session(
        actor=secretariat,
        members=members,
        nominees=nominees,
        present=members[:4],
        opinions={members[4].pk: "Đồng ý với đề nghị của Thường trực Hội đồng."},
    )
    return {"session": session, "members": members, "nominees": nominees}


def test_a_ballot_keeps_who_apart_from_what(open_vote):
    session, member = open_vote["session"], open_vote["members"][0]
    assert vote(session, member, AGREE, DISAGREE) == 2

    receipts = BallotReceipt.objects.filter(item__session=session)
    assert sorted(receipts.values_list("voter_id", flat=True)) == [member.pk, member.pk]
    ballots = Ballot.objects.filter(item__session=session)
    assert sorted(ballots.values_list("choice", flat=True)) == [AGREE, DISAGREE]
    assert sel.ballot_status(session=session, user=member) == {
        "voted": {i.pk for i in items_of(session)},
        "total": 2,
        "done": True,
    }
    assert sel.ballot_status(session=session, user=open_vote["members"][1])["voted"] == set()


def test_a_second_ballot_is_refused_and_changes_nothing(open_vote):
    session, member = open_vote["session"], open_vote["members"][0]
    vote(session, member, AGREE, AGREE)
    before = sorted(Ballot.objects.values_list("item_id", "choice"))

    with pytest.raises(ValidationError) as error:
        vote(session, member, DISAGREE, DISAGREE)

    assert error.value.messages == [
        "Bạn đã bỏ phiếu cho Lê Văn Đạt, Phạm Thị Hụt. Mỗi lá phiếu chỉ được bỏ một lần."
    ]
    assert sorted(Ballot.objects.values_list("item_id", "choice")) == before
    assert BallotReceipt.objects.count() == 2


def test_only_present_members_vote_while_voting_is_open(open_vote, users, secretariat):
    session, members = open_vote["session"], open_vote["members"]
    with pytest.raises(ValidationError) as error:
        vote(session, members[4], AGREE, AGREE)  # absent
    assert error.value.messages == [
        "Bạn không được ghi nhận có mặt tại phiên họp này nên không thể bỏ phiếu. "
        "Nếu có nhầm lẫn, hãy liên hệ Thường trực Hội đồng."
    ]
    with pytest.raises(ValidationError) as error:
        vote(session, users["chairman"], AGREE, AGREE)  # not a member of the Council
    assert error.value.messages == ["Chỉ thành viên Hội đồng được bỏ phiếu."]
    with pytest.raises(ValidationError) as error:
        svc.ballot_cast(session=session, voter=members[0], choices={items_of(session)[0].pk: AGREE})
    assert "Phạm Thị Hụt" in error.value.messages[0]
    with pytest.raises(ValidationError):
        vote(session, members[0], AGREE, "yes")
    assert not BallotReceipt.objects.exists() and not Ballot.objects.exists()

    svc.voting_close(session=session, actor=secretariat)
    with pytest.raises(ValidationError) as error:
        vote(session, members[0], AGREE, AGREE)
    assert error.value.messages == ["Phiên họp này không đang mở bỏ phiếu."]


def test_close_counts_applies_thresholds_and_moves_the_dossiers(open_vote, secretariat):
    session, members = open_vote["session"], open_vote["members"]
    dat, hut = open_vote["nominees"]
    # 5 members: BK_TINH needs 3 (majority), CSTDCS needs 4 (80%).
    assert [i.votes_needed for i in items_of(session)] == [3, 4]
    vote(session, members[0], AGREE, AGREE)
    vote(session, members[1], AGREE, AGREE)
    vote(session, members[2], AGREE, DISAGREE)
    vote(session, members[3], ABSTAIN, AGREE)
    ids_before = set(Ballot.objects.values_list("id", flat=True))

    svc.voting_close(session=session, actor=secretariat)

    session.refresh_from_db()
    assert session.state == SessionState.CLOSED and session.closed_at is not None
    counts = [(i.agree, i.disagree, i.abstain, i.passed) for i in items_of(session)]
    assert counts == [(3, 0, 1, True), (3, 1, 0, False)]
    dat.refresh_from_db()
    hut.refresh_from_db()
    assert dat.outcome == NomineeOutcome.PASSED
    assert dat.outcome_reason == "Đạt biểu quyết của Hội đồng: 3/5 thành viên đồng ý (cần 3)."
    assert hut.outcome == NomineeOutcome.FAILED
    assert hut.outcome_reason == (
        "Không đạt biểu quyết của Hội đồng: 3/5 thành viên đồng ý (cần 4)."
    )
    # The ballot box was rewritten: same choices, none of the old keys.
    ballots = Ballot.objects.filter(item__session=session)
    assert ballots.count() == 8
    assert ids_before.isdisjoint(set(ballots.values_list("id", flat=True)))
    # Both nominees are in one dossier? No: each has its own; each has its count recorded.
    event = DossierEvent.objects.get(dossier=dat.dossier, action=EventAction.VOTE_COUNTED)
    assert event.actor == secretariat
    assert event.data["member_total"] == 5 and event.data["present"] == 4
    assert event.data["results"] == [
        {
            "nominee": dat.pk,
            "name": "Lê Văn Đạt",
            "award": "BK_TINH",
            "agree": 3,
            "disagree": 0,
            "abstain": 1,
            "written_agree": 0,
            "written_disagree": 0,
            "needed": 3,
            "passed": True,
        }
    ]
    assert event.data["written_opinions_counted"] is True
    dat.dossier.refresh_from_db()
    hut.dossier.refresh_from_db()
    assert dat.dossier.state == DossierState.PROPOSED
    assert hut.dossier.state == DossierState.REJECTED
    with pytest.raises(ValidationError):
        svc.voting_close(session=session, actor=secretariat)


def test_members_who_did_not_vote_count_against_the_threshold(province, users, secretariat):
    members = council_members(11, existing=[users["council"]])
    nominee = ready_nominee(unit=province["unit_a"], creator=users["staff_a"], award="CSTDCS")
    session = voting_session(actor=secretariat, members=members, nominees=[nominee])
    for member in members[:8]:  # 8 agree of 11; the 80% threshold needs 9
        vote(session, member, AGREE)
    svc.voting_close(session=session, actor=secretariat)
    [item] = items_of(session)
    assert (item.agree, item.votes_needed, item.passed) == (8, 9, False)


def test_two_nominees_of_one_dossier_share_one_count_event(province, users, secretariat):
    members = council_members(3, existing=[users["council"]])
    first = ready_nominee(unit=province["unit_a"], creator=users["staff_a"], name="Anh Cả")
    second = ready_nominee(
        unit=province["unit_a"], creator=users["staff_a"], name="Em Út", dossier=first.dossier
    )
    session = voting_session(actor=secretariat, members=members, nominees=[first, second])
    for member in members:
        vote(session, member, AGREE, DISAGREE)
    svc.voting_close(session=session, actor=secretariat)
    [event] = DossierEvent.objects.filter(dossier=first.dossier, action=EventAction.VOTE_COUNTED)
    assert [r["name"] for r in event.data["results"]] == ["Anh Cả", "Em Út"]
    assert [r["passed"] for r in event.data["results"]] == [True, False]
    first.dossier.refresh_from_db()
    assert first.dossier.state == DossierState.PROPOSED
