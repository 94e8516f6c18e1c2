"""Issue 9 points 10 and 11: absent members' written opinions count in the tally (a
setting, on by default), kept apart from the secret ballots; a ballot opens on the
session's day only; the record of the meeting (secretary actually present, counting
committee, hours, ballots issued / returned / valid)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from nominations.models import (
    Attendance,
    Ballot,
    BallotReceipt,
    NomineeOutcome,
    SessionState,
    WrittenOpinion,
    WrittenOpinionSheet,
)
from nominations.services import council as svc
from tests.utils.council import (
    ABSTAIN,
    AGREE,
    DISAGREE,
    council_members,
    items_of,
    ready_nominee,
    scheduled_session,
    vote,
    voting_session,
)

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def opinion(session, member, choice, paper, *, actor):
    [item] = items_of(session)
    return svc.written_opinion_record(
        session=session, member=member, opinions={item.pk: choice}, paper=paper(), actor=actor
    )


@pytest.fixture
def ninety(province, users):
    """Eleven members, two absent; one nominee for an award that needs 90% (10 of 11)."""
    secretariat = users["secretariat"]
    members = council_members(11, existing=[users["council"]])
    nominee = ready_nominee(
        unit=province["unit_a"], creator=users["staff_a"], award="CSTD_TINH", name="Chín Mươi"
    )
    session = voting_session(
        actor=secretariat, members=members, nominees=[nominee], present=members[:9]
    )
    assert (session.member_total, [i.votes_needed for i in items_of(session)]) == (11, [10])
    return {
        "session": session,
        "members": members,
        "present": members[:9],
        "absent": members[9:],
        "nominee": nominee,
        "secretariat": secretariat,
    }


@pytest.mark.parametrize(
    ("present_agree", "written", "passed"),
    [
        (9, (AGREE, AGREE), True),  # 9 + 2 = 11 of 11
        (9, (AGREE, DISAGREE), True),  # 9 + 1 = 10 of 11: 90% still met
        (8, (AGREE, AGREE), True),  # 8 + 2 = 10 of 11: exactly 90%
        (8, (AGREE, DISAGREE), False),  # 8 + 1 = 9: one absent disagrees, it fails
        (9, (), False),  # 9 alone: the absent members' silence does not agree
    ],
)
def test_ninety_percent_counts_the_absent_members_written_opinions(
    ninety, signed_pdf, present_agree, written, passed
):
    session, secretariat = ninety["session"], ninety["secretariat"]
    for member, choice in zip(ninety["absent"], written, strict=False):
        opinion(session, member, choice, signed_pdf, actor=secretariat)
    for i, member in enumerate(ninety["present"]):
        vote(session, member, AGREE if i < present_agree else ABSTAIN)

    svc.voting_close(session=session, actor=secretariat)

    [item] = items_of(session)
    assert (item.agree, item.abstain) == (present_agree, 9 - present_agree)
    assert (item.written_agree, item.written_disagree) == (
        written.count(AGREE),
        written.count(DISAGREE),
    )
    assert item.passed is passed
    ninety["nominee"].refresh_from_db()
    assert ninety["nominee"].outcome == (NomineeOutcome.PASSED if passed else NomineeOutcome.FAILED)


def test_the_outcome_says_how_many_agreed_in_writing(ninety, signed_pdf):
    session, secretariat = ninety["session"], ninety["secretariat"]
    for member in ninety["absent"]:
        opinion(session, member, AGREE, signed_pdf, actor=secretariat)
    for member in ninety["present"]:
        vote(session, member, AGREE)
    svc.voting_close(session=session, actor=secretariat)
    ninety["nominee"].refresh_from_db()
    assert ninety["nominee"].outcome_reason == (
        "Đạt biểu quyết của Hội đồng: 11/11 thành viên đồng ý (cần 10). "
        "Trong đó 9 phiếu kín và 2 ý kiến bằng văn bản (thành viên vắng mặt)."
    )
    session.refresh_from_db()
    assert session.written_opinions_counted is True


def test_the_setting_off_records_the_opinions_without_counting_them(ninety, signed_pdf, settings):
    settings.TDKT_COUNT_WRITTEN_OPINIONS = False
    session, secretariat = ninety["session"], ninety["secretariat"]
    for member in ninety["absent"]:
        opinion(session, member, AGREE, signed_pdf, actor=secretariat)
    for member in ninety["present"]:
        vote(session, member, AGREE)

    svc.voting_close(session=session, actor=secretariat)

    [item] = items_of(session)
    assert (item.agree, item.written_agree, item.passed) == (9, 2, False)
    session.refresh_from_db()
    assert session.written_opinions_counted is False


def test_written_opinions_are_kept_apart_from_the_secret_ballots(ninety, signed_pdf):
    session, secretariat = ninety["session"], ninety["secretariat"]
    absent = ninety["absent"][0]
    sheet = opinion(session, absent, DISAGREE, signed_pdf, actor=secretariat)
    vote(session, ninety["present"][0], AGREE)

    # The signed paper names its member; the ballots name no one and hold only the cast.
    assert (sheet.member, sheet.paper_kind, sheet.paper_name) == (absent, "pdf", "qd-ky.pdf")
    assert sheet.paper.read().startswith(b"%PDF-")
    assert list(Ballot.objects.values_list("choice", flat=True)) == [AGREE]
    assert not BallotReceipt.objects.filter(voter=absent).exists()
    assert [f.name for f in Ballot._meta.get_fields()] == ["id", "item", "choice"]
    # An absent member cannot vote by secret ballot either.
    with pytest.raises(ValidationError):
        vote(session, absent, AGREE)


def test_a_member_present_cannot_give_a_written_opinion(ninety, signed_pdf):
    session, secretariat = ninety["session"], ninety["secretariat"]
    with pytest.raises(ValidationError) as error:
        opinion(session, ninety["present"][1], AGREE, signed_pdf, actor=secretariat)
    assert error.value.messages == [
        "Thành Viên 01 đã được điểm danh có mặt tại phiên họp: thành viên có mặt biểu quyết "
        "bằng phiếu kín, không gửi ý kiến bằng văn bản."
    ]
    assert not WrittenOpinionSheet.objects.exists()


def test_one_written_opinion_per_member_and_item(ninety, signed_pdf):
    session, secretariat = ninety["session"], ninety["secretariat"]
    absent = ninety["absent"][0]
    opinion(session, absent, AGREE, signed_pdf, actor=secretariat)
    with pytest.raises(ValidationError) as error:
        opinion(session, absent, DISAGREE, signed_pdf, actor=secretariat)
    assert error.value.messages == [
        "Ý kiến bằng văn bản của Thành Viên 09 đã được ghi nhận cho phiên họp này; muốn ghi "
        "nhận lại, hãy xóa ý kiến cũ trước."
    ]
    assert list(WrittenOpinion.objects.values_list("choice", flat=True)) == [AGREE]


def test_the_signed_paper_goes_through_the_upload_validator(ninety):
    session, secretariat = ninety["session"], ninety["secretariat"]
    fake = SimpleUploadedFile("phieu.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    [item] = items_of(session)
    with pytest.raises(ValidationError) as error:
        svc.written_opinion_record(
            session=session,
            member=ninety["absent"][0],
            opinions={item.pk: AGREE},
            paper=fake,
            actor=secretariat,
        )
    assert error.value.code == "content_mismatch"
    assert not WrittenOpinionSheet.objects.exists() and not WrittenOpinion.objects.exists()


def test_an_opinion_needs_an_answer_and_the_vote_not_yet_counted(ninety, signed_pdf):
    session, secretariat = ninety["session"], ninety["secretariat"]
    with pytest.raises(ValidationError) as error:
        svc.written_opinion_record(
            session=session,
            member=ninety["absent"][0],
            opinions={},
            paper=signed_pdf(),
            actor=secretariat,
        )
    assert error.value.messages == [
        "Hãy ghi nhận ý kiến (đồng ý hoặc không đồng ý) của thành viên về ít nhất một trường hợp."
    ]
    for member in ninety["present"]:
        vote(session, member, AGREE)
    svc.voting_close(session=session, actor=secretariat)
    with pytest.raises(ValidationError) as error:
        opinion(session, ninety["absent"][0], AGREE, signed_pdf, actor=secretariat)
    assert error.value.messages == [
        "Đã kết thúc bỏ phiếu: không thể ghi nhận thêm ý kiến bằng văn bản."
    ]


def test_before_the_vote_an_opinion_keeps_its_member_absent(province, users, signed_pdf):
    """Recorded while the session is scheduled, the opinion marks the member absent and
    the attendance cannot then record them present; removing it frees them."""
    secretariat = users["secretariat"]
    members = council_members(3, existing=[users["council"]])
    nominee = ready_nominee(unit=province["unit_a"], creator=users["staff_a"])
    session = scheduled_session(secretariat)
    svc.agenda_set(session=session, nominees=[nominee], actor=secretariat)
    sheet = opinion(session, members[2], AGREE, signed_pdf, actor=secretariat)
    assert Attendance.objects.get(session=session, member=members[2]).present is False

    with pytest.raises(ValidationError) as error:
        svc.attendance_record(
            session=session, rows={m.pk: (True, "") for m in members}, actor=secretariat
        )
    assert error.value.messages == [
        "Thành Viên 02 đã gửi ý kiến bằng văn bản với tư cách thành viên vắng mặt: hãy xóa ý "
        "kiến đó trước khi điểm danh thành viên này có mặt."
    ]
    assert not Attendance.objects.filter(session=session, present=True).exists()

    svc.written_opinion_remove(sheet=sheet, actor=secretariat)
    svc.attendance_record(
        session=session, rows={m.pk: (True, "") for m in members}, actor=secretariat
    )
    assert Attendance.objects.filter(session=session, present=True).count() == 3


# --- the ballot day ---------------------------------------------------------------------


@pytest.fixture
def ready_session(province, users):
    secretariat = users["secretariat"]
    members = council_members(3, existing=[users["council"]])
    nominee = ready_nominee(unit=province["unit_a"], creator=users["staff_a"])
    session = scheduled_session(secretariat)  # held on 20/12/2026
    svc.agenda_set(session=session, nominees=[nominee], actor=secretariat)
    svc.attendance_record(
        session=session, rows={m.pk: (True, "") for m in members}, actor=secretariat
    )
    return session, secretariat


@pytest.mark.parametrize(
    ("moment", "opens"),
    [
        (datetime(2026, 12, 19, 23, 59, tzinfo=VN), False),  # the evening before
        (datetime(2026, 12, 19, 17, 30, tzinfo=ZoneInfo("UTC")), True),  # 00:30 in Vietnam
        (datetime(2026, 12, 20, 7, 30, tzinfo=VN), True),
        (datetime(2026, 12, 21, 8, 0, tzinfo=VN), False),  # the day after
    ],
)
def test_a_ballot_opens_on_the_session_day_in_vietnam(ready_session, time_machine, moment, opens):
    session, secretariat = ready_session
    time_machine.move_to(moment, tick=False)
    if opens:
        svc.voting_open(session=session, actor=secretariat)
        session.refresh_from_db()
        assert session.state == SessionState.VOTING
    else:
        with pytest.raises(ValidationError):
            svc.voting_open(session=session, actor=secretariat)
        session.refresh_from_db()
        assert session.state == SessionState.SCHEDULED


def test_before_the_day_the_refusal_says_why_in_vietnamese(ready_session):
    session, secretariat = ready_session  # the suite's clock: 09/06/2026
    with pytest.raises(ValidationError) as error:
        svc.voting_open(session=session, actor=secretariat)
    assert error.value.messages == [
        "Chỉ mở bỏ phiếu vào ngày họp (20/12/2026), không mở trước: hôm nay là ngày "
        "09/06/2026. Hãy mở bỏ phiếu vào ngày họp, hoặc sửa ngày của phiên họp."
    ]


def test_the_setting_allows_opening_before_the_day_never_after(
    ready_session, settings, time_machine
):
    session, secretariat = ready_session
    settings.TDKT_BALLOT_OPEN_BEFORE_SESSION_DAY = True
    time_machine.move_to(datetime(2026, 12, 21, 8, 0, tzinfo=VN), tick=False)
    with pytest.raises(ValidationError) as error:
        svc.voting_open(session=session, actor=secretariat)
    assert error.value.messages[0].startswith("Ngày họp (20/12/2026) đã qua")
    time_machine.move_to(datetime(2026, 12, 18, 8, 0, tzinfo=VN), tick=False)
    assert svc.voting_open(session=session, actor=secretariat).state == SessionState.VOTING


def test_a_postponed_session_is_moved_then_opens_on_its_new_day(ready_session, time_machine):
    session, secretariat = ready_session
    time_machine.move_to(datetime(2026, 12, 21, 8, 0, tzinfo=VN), tick=False)
    svc.session_update(
        session=session,
        title=session.title,
        held_on=date(2026, 12, 21),
        place=session.place,
        actor=secretariat,
    )
    assert svc.voting_open(session=session, actor=secretariat).held_on == date(2026, 12, 21)


# --- the record of the meeting --------------------------------------------------------------


def test_the_council_secretary_present_keeps_the_minutes_by_default(province, users):
    secretariat = users["secretariat"]
    members = council_members(5, existing=[users["council"]])  # the last is the secretary
    nominee = ready_nominee(unit=province["unit_a"], creator=users["staff_a"])
    session = voting_session(actor=secretariat, members=members, nominees=[nominee])
    assert session.secretary == members[-1]


def test_an_acting_secretary_and_the_counting_committee_are_members_present(ninety):
    session, secretariat = ninety["session"], ninety["secretariat"]
    present, absent = ninety["present"], ninety["absent"]
    assert session.secretary is None  # the Council's secretary (the last member) is absent

    with pytest.raises(ValidationError) as error:
        svc.session_record_update(
            session=session,
            secretary=absent[1],
            counting_committee=[present[1], absent[0]],
            started_at=time(8, 0),
            ended_at=time(7, 0),
            actor=secretariat,
        )
    assert error.value.message_dict == {
        "secretary": ["Thư ký phiên họp phải là thành viên có mặt: Thành Viên 10 không có mặt."],
        "counting_committee": [
            "Ban kiểm phiếu gồm các thành viên có mặt: Thành Viên 09 không có mặt."
        ],
        "ended_at": ["Giờ kết thúc không thể trước giờ bắt đầu."],
    }

    svc.session_record_update(
        session=session,
        secretary=present[8],
        counting_committee=[present[1], present[2], present[3]],
        started_at=time(8, 0),
        ended_at=time(10, 30),
        actor=secretariat,
    )
    session.refresh_from_db()
    assert session.secretary == present[8]
    assert set(session.counting_committee.all()) == {present[1], present[2], present[3]}
    assert (session.started_at, session.ended_at) == (time(8, 0), time(10, 30))


def test_the_close_fixes_the_ballots_issued_returned_and_valid(ninety):
    session, secretariat = ninety["session"], ninety["secretariat"]
    for member in ninety["present"][:8]:  # one member present does not vote
        vote(session, member, AGREE)
    svc.voting_close(session=session, actor=secretariat)
    session.refresh_from_db()
    assert (session.ballots_issued, session.ballots_returned, session.ballots_valid) == (9, 8, 8)
