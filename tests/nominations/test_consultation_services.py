"""Public consultation services: the window in working days with the holiday calendar,
opening on eligible nominees only, opinions only while open, handling and closing with
the result joined to the dossiers, the daily task, and the objections that keep a
nominee off the Council's agenda."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from nominations.models import (
    Consultation,
    ConsultationState,
    DossierEvent,
    DossierState,
    EventAction,
    NomineeOutcome,
    Opinion,
    OpinionStatus,
)
from nominations.selectors.consultation import (
    consultation_list,
    nominees_blocked_by_objection,
    nominees_for_consultation,
)
from nominations.services.consultation import (
    consultation_close,
    consultation_closing_day,
    consultation_open,
    consultations_close_due,
    opinion_contacts_erase,
    opinion_handle,
    opinion_submit,
)
from nominations.tasks import close_consultations, erase_opinion_contacts
from notifications.models import Holiday
from tests.factories import nominations as nf
from tests.utils.consultation import TUESDAY, approved, at, open_on

pytestmark = pytest.mark.django_db

EARLY = "Đủ ý kiến, kết thúc sớm."  # closing before the announced day needs a reason


# --- The window ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opens_on", "days", "closes_on"),
    [
        # Tue 28/4 counts as the first day; 30/4 and 1/5 are holidays, weekends skipped.
        (TUESDAY, 10, date(2026, 5, 13)),
        # Opening on Saturday, or on the day off of Monday 27/4: the first day is 28/4.
        (date(2026, 4, 25), 10, date(2026, 5, 13)),
        (date(2026, 4, 27), 10, date(2026, 5, 13)),
        # Opening on the holiday itself: the first day is Monday 4/5.
        (date(2026, 4, 30), 3, date(2026, 5, 6)),
        (TUESDAY, 1, TUESDAY),
        (date(2026, 4, 26), 1, TUESDAY),
        (date(2026, 4, 29), 2, date(2026, 5, 4)),
    ],
)
def test_the_window_counts_working_days_with_the_holiday_calendar(
    holidays, opens_on, days, closes_on
):
    assert consultation_closing_day(opens_on, days) == closes_on


def test_without_the_holidays_the_same_window_ends_two_working_days_earlier(db):
    Holiday.objects.all().delete()
    assert consultation_closing_day(TUESDAY, 10) == date(2026, 5, 11)


# --- Opening ------------------------------------------------------------------------------


def test_open_sets_the_window_and_records_it_on_each_dossier(
    today, holidays, situation, users, settings
):
    settings.TDKT_CONSULTATION_DAYS = 10
    consultation = open_on(situation, users, "a1", "a2", "b1")

    consultation.refresh_from_db()
    assert (consultation.opens_on, consultation.closes_on, consultation.state) == (
        TUESDAY,
        date(2026, 5, 13),
        ConsultationState.OPEN,
    )
    assert consultation.created_by == users["secretariat"]
    assert set(consultation.nominees.all()) == {situation["a1"], situation["a2"], situation["b1"]}
    events = DossierEvent.objects.filter(action=EventAction.CONSULTATION_OPENED).order_by(
        "dossier_id"
    )
    assert [(e.dossier, e.actor, e.data) for e in events] == [
        (
            situation["dossier_a"],
            users["secretariat"],
            {
                "consultation": consultation.pk,
                "nominees": [situation["a1"].pk, situation["a2"].pk],
                "opens_on": "2026-04-28",
                "closes_on": "2026-05-13",
                "working_days": 10,
            },
        ),
        (
            situation["dossier_b"],
            users["secretariat"],
            {
                "consultation": consultation.pk,
                "nominees": [situation["b1"].pk],
                "opens_on": "2026-04-28",
                "closes_on": "2026-05-13",
                "working_days": 10,
            },
        ),
    ]
    # The states do not move: the dossiers stay at the consultation stage.
    situation["dossier_a"].refresh_from_db()
    assert situation["dossier_a"].state == DossierState.CONSULTATION
    assert consultation.history.first().history_user == users["secretariat"]


def test_open_takes_the_days_from_the_setting(today, holidays, situation, users, settings):
    settings.TDKT_CONSULTATION_DAYS = 3
    consultation = open_on(situation, users, "a1")
    assert consultation.closes_on == date(2026, 5, 4)


def test_open_refuses_each_ineligible_nominee_with_a_clear_message(today, situation, users):
    first = open_on(situation, users, "b1", title="Đợt trước")
    not_approved = approved(situation["dossier_a"], display_name="Người Chưa Duyệt")
    not_approved.outcome = NomineeOutcome.PENDING
    not_approved.save()
    no_need = approved(situation["dossier_a"], display_name="Không Cần Lấy Ý Kiến")
    no_need.needs_consultation = False
    no_need.save()
    done = approved(situation["dossier_a"], display_name="Đã Lấy Ý Kiến")
    done.consultation_done = True
    done.save()
    council = nf.dossier(
        unit=situation["dossier_a"].unit,
        created_by=users["staff_a"],
        state=DossierState.IN_COUNCIL,
    )
    elsewhere = approved(council, display_name="Hồ Sơ Khác Bước")

    with pytest.raises(ValidationError) as error:
        consultation_open(
            title="Đợt 2",
            nominees=[not_approved, no_need, done, elsewhere, situation["b1"], situation["a1"]],
            actor=users["secretariat"],
        )
    assert sorted(error.value.message_dict["nominees"]) == sorted(
        [
            "“Người Chưa Duyệt” chưa được chấp thuận qua thẩm định.",
            "“Không Cần Lấy Ý Kiến” được đề nghị hình thức khen thưởng không cần lấy ý kiến "
            "nhân dân.",
            "Việc lấy ý kiến nhân dân đối với “Đã Lấy Ý Kiến” đã kết thúc.",
            "Hồ sơ của “Hồ Sơ Khác Bước” không ở bước lấy ý kiến nhân dân.",
            f"“{situation['b1'].display_name}” đang có trong một đợt lấy ý kiến nhân dân khác.",
        ]
    )
    assert list(Consultation.objects.all()) == [first]
    assert DossierEvent.objects.filter(action=EventAction.CONSULTATION_OPENED).count() == 1


def test_open_refuses_a_bad_title_window_or_past_day(today, situation, users):
    with pytest.raises(ValidationError) as error:
        consultation_open(
            title="  ",
            nominees=[],
            opens_on=date(2026, 4, 27),
            days=0,
            actor=users["secretariat"],
        )
    assert error.value.message_dict == {
        "title": ["Hãy nhập tên đợt lấy ý kiến."],
        "days": ["Thời gian lấy ý kiến tính theo ngày làm việc, từ 1 đến 60 ngày."],
        "opens_on": ["Không thể bắt đầu lấy ý kiến vào một ngày đã qua."],
        "nominees": ["Hãy chọn ít nhất một người/tập thể được đề nghị."],
    }
    assert not Consultation.objects.exists()


def test_the_candidates_exclude_those_in_an_open_consultation(today, situation, users):
    assert set(nominees_for_consultation()) == {situation["a1"], situation["a2"], situation["b1"]}
    open_on(situation, users, "a1")
    assert set(nominees_for_consultation()) == {situation["a2"], situation["b1"]}


# --- Opinions -----------------------------------------------------------------------------


def test_an_opinion_is_stored_as_plain_text(today, situation, users):
    consultation = open_on(situation, users, "a1", "b1")
    opinion = opinion_submit(
        consultation=consultation,
        nominee=situation["a1"],
        is_objection=True,
        body="  <b>Bà ấy</b> chưa hoàn thành <script>x()</script>nhiệm vụ năm 2025.  ",
        sender_name="Trần Văn Bình",
        sender_contact="0905 123 456",
        consent=True,
    )
    opinion.refresh_from_db()
    assert (opinion.body, opinion.status, opinion.is_objection, opinion.sender_contact) == (
        "Bà ấy chưa hoàn thành x()nhiệm vụ năm 2025.",
        OpinionStatus.NEW,
        True,
        "0905 123 456",
    )


def test_an_opinion_is_refused_outside_the_window_or_for_another_nominee(
    time_machine, today, situation, users
):
    later = open_on(situation, users, "a1", opens_on=date(2026, 5, 4), days=2)
    with pytest.raises(ValidationError) as error:
        opinion_submit(consultation=later, nominee=situation["a1"], is_objection=True, body="x")
    assert error.value.messages == [
        "Đợt lấy ý kiến nhân dân này không trong thời gian nhận ý kiến."
    ]

    now = open_on(situation, users, "b1", days=1)
    with pytest.raises(ValidationError) as error:
        opinion_submit(consultation=now, nominee=situation["a2"], is_objection=False, body="x")
    assert error.value.message_dict == {
        "nominee": ["Hãy chọn một người/tập thể có tên trong đợt lấy ý kiến này."]
    }
    with pytest.raises(ValidationError) as error:
        opinion_submit(
            consultation=now, nominee=situation["b1"], is_objection=False, body="<p> </p>"
        )
    assert error.value.message_dict == {"body": ["Hãy nhập nội dung ý kiến."]}

    time_machine.move_to(at(date(2026, 4, 29)), tick=False)  # the day after it closed
    with pytest.raises(ValidationError):
        opinion_submit(consultation=now, nominee=situation["b1"], is_objection=True, body="x")
    assert not Opinion.objects.exists()


def test_no_opinion_once_the_consultation_is_closed(today, situation, users):
    consultation = open_on(situation, users, "b1")
    consultation_close(consultation=consultation, actor=users["secretariat"], reason=EARLY)
    with pytest.raises(ValidationError):
        opinion_submit(
            consultation=consultation, nominee=situation["b1"], is_objection=True, body="x"
        )
    assert not Opinion.objects.exists()


# --- Handling -----------------------------------------------------------------------------


@pytest.fixture
def objection(today, holidays, situation, users):
    consultation = open_on(situation, users, "a1", "a2", "b1")
    return opinion_submit(
        consultation=consultation,
        nominee=situation["a1"],
        is_objection=True,
        body="Năm 2025 bà bị nhắc nhở vì chậm báo cáo.",
    )


def test_resolving_needs_the_resolution_and_is_recorded(objection, situation, users):
    with pytest.raises(ValidationError) as error:
        opinion_handle(
            opinion=objection,
            status=OpinionStatus.RESOLVED,
            answer="Đã xác minh.",
            resolution=" ",
            actor=users["secretariat"],
        )
    assert error.value.message_dict == {
        "resolution": ["Hãy ghi rõ cách giải quyết ý kiến phản ánh."]
    }
    objection.refresh_from_db()
    assert objection.status == OpinionStatus.NEW

    opinion_handle(
        opinion=objection,
        status=OpinionStatus.RESOLVED,
        answer="Cảm ơn ông/bà đã phản ánh.",
        resolution="Đã xác minh với UBND xã: việc nhắc nhở không phải hình thức kỷ luật.",
        actor=users["secretariat"],
    )
    objection.refresh_from_db()
    assert (objection.status, objection.moderated_by, objection.answer) == (
        OpinionStatus.RESOLVED,
        users["secretariat"],
        "Cảm ơn ông/bà đã phản ánh.",
    )
    event = DossierEvent.objects.get(action=EventAction.OBJECTION_RESOLVED)
    assert event.dossier == situation["dossier_a"]
    assert event.actor == users["secretariat"]
    assert event.data == {
        "opinion": objection.pk,
        "consultation": objection.consultation_id,
        "nominee": situation["a1"].pk,
        "objection": True,
        "status": "resolved",
        "previous_status": "new",
        "resolution": "Đã xác minh với UBND xã: việc nhắc nhở không phải hình thức kỷ luật.",
    }
    situation["a1"].refresh_from_db()
    assert situation["a1"].outcome == NomineeOutcome.APPROVED


def test_a_comment_can_be_noted_or_marked_spam_but_not_upheld(objection, situation, users):
    comment = opinion_submit(
        consultation=objection.consultation,
        nominee=situation["b1"],
        is_objection=False,
        body="Đồng ý với đề nghị.",
    )
    with pytest.raises(ValidationError) as error:
        opinion_handle(
            opinion=comment, status=OpinionStatus.UPHELD, resolution="x", actor=users["secretariat"]
        )
    assert error.value.message_dict == {
        "status": [
            "Chỉ ý kiến phản ánh mới được giải quyết hoặc xác nhận là đúng; "
            "hãy ghi nhận ý kiến này."
        ]
    }
    opinion_handle(opinion=comment, status=OpinionStatus.NOTED, actor=users["secretariat"])
    opinion_handle(opinion=objection, status=OpinionStatus.SPAM, actor=users["secretariat"])
    assert dict(Opinion.objects.values_list("pk", "status")) == {
        comment.pk: OpinionStatus.NOTED,
        objection.pk: OpinionStatus.SPAM,
    }
    with pytest.raises(ValidationError):
        opinion_handle(opinion=comment, status=OpinionStatus.NEW, actor=users["secretariat"])


def test_an_upheld_objection_makes_the_nominee_not_approved(objection, situation, users):
    opinion_handle(
        opinion=objection,
        status=OpinionStatus.UPHELD,
        answer="",
        resolution="Bà đang bị xem xét kỷ luật theo Thông báo số 12/TB-UBND.",
        actor=users["secretariat"],
    )
    nominee = situation["a1"]
    nominee.refresh_from_db()
    assert nominee.outcome == NomineeOutcome.NOT_APPROVED
    assert nominee.outcome_reason == (
        "Ý kiến phản ánh trong đợt lấy ý kiến nhân dân được xác nhận là đúng: "
        "Bà đang bị xem xét kỷ luật theo Thông báo số 12/TB-UBND."
    )
    # The other nominee of the dossier is still in consultation: the dossier stays there.
    situation["dossier_a"].refresh_from_db()
    assert situation["dossier_a"].state == DossierState.CONSULTATION
    # Upheld is final.
    with pytest.raises(ValidationError):
        opinion_handle(
            opinion=objection,
            status=OpinionStatus.RESOLVED,
            resolution="x",
            actor=users["secretariat"],
        )
    assert nominees_blocked_by_objection([nominee.pk]) == {nominee.pk}


def test_upholding_the_objection_on_the_only_nominee_rejects_the_dossier(
    objection, situation, users
):
    objection_b = opinion_submit(
        consultation=objection.consultation,
        nominee=situation["b1"],
        is_objection=True,
        body="Ông đã nhận Bằng khen năm ngoái bằng thành tích này.",
    )
    opinion_handle(
        opinion=objection_b,
        status=OpinionStatus.UPHELD,
        resolution="Thành tích đã được khen thưởng; không đề nghị lại.",
        actor=users["secretariat"],
    )
    situation["dossier_b"].refresh_from_db()
    assert situation["dossier_b"].state == DossierState.REJECTED
    assert DossierEvent.objects.filter(
        dossier=situation["dossier_b"], action=EventAction.REJECTED
    ).exists()


# --- Closing ------------------------------------------------------------------------------


def test_close_joins_the_result_and_moves_the_dossiers_on(
    time_machine, objection, situation, users
):
    consultation = objection.consultation
    resolved = opinion_submit(
        consultation=consultation, nominee=situation["a2"], is_objection=True, body="Sai số liệu."
    )
    opinion_submit(
        consultation=consultation, nominee=situation["a2"], is_objection=False, body="Xứng đáng."
    )
    opinion_handle(
        opinion=resolved,
        status=OpinionStatus.RESOLVED,
        resolution="Đơn vị đã đính chính số liệu.",
        actor=users["secretariat"],
    )
    time_machine.move_to(at(date(2026, 5, 14), 0), tick=False)
    consultation_close(consultation=consultation, actor=None)

    consultation.refresh_from_db()
    assert consultation.state == ConsultationState.CLOSED
    assert consultation.closed_at == at(date(2026, 5, 14), 0)
    for name in ("a1", "a2", "b1"):
        situation[name].refresh_from_db()
        assert situation[name].consultation_done is True
    dossier_a = situation["dossier_a"]
    dossier_a.refresh_from_db()
    received = "28/04/2026"
    assert dossier_a.consultation_result == "\n".join(
        [
            "Lấy ý kiến nhân dân “Lấy ý kiến nhân dân đợt 1 năm 2026” từ ngày 28/04/2026 "
            "đến ngày 13/05/2026, kết thúc ngày 14/05/2026.",
            f"- {situation['a1'].display_name}: nhận được 1 ý kiến, trong đó 1 ý kiến phản ánh.",
            f"  + Ý kiến phản ánh số {objection.pk} (nhận ngày {received}): chưa được giải quyết.",
            f"  Ý kiến phản ánh chưa giải quyết: số {objection.pk}; chưa đưa vào chương trình "
            "phiên họp Hội đồng.",
            f"- {situation['a2'].display_name}: nhận được 2 ý kiến, trong đó 1 ý kiến phản ánh.",
            f"  + Ý kiến phản ánh số {resolved.pk} (nhận ngày {received}): đã giải quyết. "
            "Đơn vị đã đính chính số liệu.",
        ]
    )
    event = DossierEvent.objects.get(dossier=dossier_a, action=EventAction.CONSULTATION_CLOSED)
    assert event.actor is None
    assert event.data == {
        "consultation": consultation.pk,
        "nominees": sorted([situation["a1"].pk, situation["a2"].pk]),
        "early": False,
        "opinions": 3,
        "objections": 2,
        "unresolved": 1,
        "resolved": 1,
        "upheld": 0,
        "noted": 0,
        "spam": 0,
    }
    # Both dossiers move before the Council; the unresolved objection keeps a1 off the
    # agenda.
    assert dossier_a.state == DossierState.IN_COUNCIL
    situation["dossier_b"].refresh_from_db()
    assert situation["dossier_b"].state == DossierState.IN_COUNCIL
    assert situation["dossier_b"].consultation_result.endswith(
        "nhận được 0 ý kiến, trong đó 0 ý kiến phản ánh."
    )
    ids = [situation[n].pk for n in ("a1", "a2", "b1")]
    assert nominees_blocked_by_objection(ids) == {situation["a1"].pk}

    with pytest.raises(ValidationError) as error:
        consultation_close(consultation=consultation)
    assert error.value.messages == ["Đợt lấy ý kiến nhân dân này đã kết thúc."]


def test_a_second_consultation_appends_to_the_result(today, situation, users):
    first = open_on(situation, users, "a1", days=1, title="Đợt 1")
    consultation_close(consultation=first, actor=users["secretariat"], reason=EARLY)
    second = open_on(situation, users, "a2", days=1, title="Đợt 2")
    consultation_close(consultation=second, actor=users["secretariat"], reason=EARLY)
    situation["dossier_a"].refresh_from_db()
    result = situation["dossier_a"].consultation_result
    assert result.startswith("Lấy ý kiến nhân dân “Đợt 1”")
    assert "\n\nLấy ý kiến nhân dân “Đợt 2”" in result
    events = DossierEvent.objects.filter(
        dossier=situation["dossier_a"], action=EventAction.CONSULTATION_CLOSED
    )
    assert [e.data["early"] for e in events] == [True, True]


def test_the_daily_task_closes_only_the_windows_past_their_day(
    time_machine, today, holidays, situation, users
):
    due = open_on(situation, users, "a1", "a2", days=1, title="Hết hạn")
    running = open_on(situation, users, "b1", days=2, title="Còn hạn")
    time_machine.move_to(at(date(2026, 4, 29), 0), tick=False)

    result = close_consultations.apply()

    assert result.successful()
    assert result.result == [due.pk]
    due.refresh_from_db()
    running.refresh_from_db()
    assert (due.state, running.state) == (ConsultationState.CLOSED, ConsultationState.OPEN)
    situation["dossier_a"].refresh_from_db()
    assert situation["dossier_a"].state == DossierState.IN_COUNCIL
    # Idempotent: a second run (two beats) closes nothing more.
    assert close_consultations.apply().result == []
    assert DossierEvent.objects.filter(action=EventAction.CONSULTATION_CLOSED).count() == 1
    assert consultations_close_due(today=date(2026, 5, 4)) == [running.pk]


# --- Objections and the agenda ----------------------------------------------------------


def test_which_objections_block_the_agenda(objection, situation, users):
    consultation = objection.consultation
    b1, a2 = situation["b1"], situation["a2"]
    comment = opinion_submit(
        consultation=consultation, nominee=b1, is_objection=False, body="Góp ý chung."
    )
    assert comment.blocks is False
    ids = [situation["a1"].pk, a2.pk, b1.pk]
    assert nominees_blocked_by_objection(ids) == {situation["a1"].pk}
    spam = opinion_submit(consultation=consultation, nominee=a2, is_objection=True, body="x")
    assert nominees_blocked_by_objection(ids) == {situation["a1"].pk, a2.pk}
    opinion_handle(opinion=spam, status=OpinionStatus.SPAM, actor=users["secretariat"])
    opinion_handle(
        opinion=objection,
        status=OpinionStatus.RESOLVED,
        resolution="Đã làm rõ.",
        actor=users["secretariat"],
    )
    assert nominees_blocked_by_objection(ids) == set()
    assert nominees_blocked_by_objection([]) == set()


def test_the_list_counts_opinions_and_open_objections(objection, situation, users):
    opinion_submit(
        consultation=objection.consultation, nominee=situation["b1"], is_objection=False, body="Tốt"
    )
    row = consultation_list().get(pk=objection.consultation_id)
    assert (
        row.nominee_count,
        row.opinion_count,
        row.objection_count,
        row.open_objection_count,
    ) == (3, 2, 1, 1)


# --- Consent and retention of the senders' details (SECURITY.md) ---------------------------


def test_a_name_or_contact_needs_consent_and_keeps_the_notice_version(
    today, situation, users, settings
):
    settings.TDKT_OPINION_CONSENT_VERSION = "2026-07"
    consultation = open_on(situation, users, "a1")
    kwargs = {"consultation": consultation, "nominee": situation["a1"], "is_objection": True}
    with pytest.raises(ValidationError) as error:
        opinion_submit(**kwargs, body="Chưa đúng thành tích", sender_contact="0905 000 111")
    assert error.value.message_dict == {
        "consent": [
            "Hãy đánh dấu đồng ý với việc lưu họ tên và thông tin liên hệ, hoặc bỏ trống các ô này."
        ]
    }
    assert not Opinion.objects.exists()
    named = opinion_submit(
        **kwargs, body="Chưa đúng thành tích", sender_contact="0905 000 111", consent=True
    )
    anonymous = opinion_submit(**kwargs, body="Không ý kiến khác")
    assert (named.consent_version, named.consented_at is not None) == ("2026-07", True)
    assert (anonymous.consent_version, anonymous.consented_at) == ("", None)


def test_senders_details_are_erased_after_the_retention_period(
    time_machine, today, situation, users, settings
):
    settings.TDKT_OPINION_CONTACT_RETENTION_DAYS = 30
    consultation = open_on(situation, users, "a1")
    opinion = opinion_submit(
        consultation=consultation,
        nominee=situation["a1"],
        is_objection=False,
        body="Đồng ý đề nghị",
        sender_name="Lê Văn Tám",
        sender_contact="tam@example.vn",
        consent=True,
    )
    consultation_close(consultation=consultation, actor=users["secretariat"], reason=EARLY)
    assert opinion_contacts_erase(today=date(2026, 5, 27)) == 0  # 29 days after closing
    assert erase_opinion_contacts.apply().result == 0
    assert opinion_contacts_erase(today=date(2026, 5, 29)) == 1
    opinion.refresh_from_db()
    assert (opinion.sender_name, opinion.sender_contact, opinion.body) == (
        "",
        "",
        "Đồng ý đề nghị",
    )
    # Nothing of them survives in the opinion's history either.
    assert not hasattr(opinion.history.first(), "sender_contact")
