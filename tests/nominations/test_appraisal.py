"""The secretariat's appraisal: the queue (order, age and time limit against the holiday
calendar, constant queries), the conflicts found among nominees, and the services that
start, re-check, return and accept a dossier."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Discipline, Initiative, PendingCase
from nominations.models import (
    Dossier,
    DossierEvent,
    DossierState,
    EligibilityStatus,
    EventAction,
    Nominee,
    NomineeOutcome,
    ReturnReason,
)
from nominations.selectors.appraisal import (
    ConflictKind,
    appraisal_queue,
    dossier_conflicts,
    queue_timing,
)
from nominations.services.appraisal import (
    appraisal_recheck,
    appraisal_start,
    dossier_accept,
    dossier_return,
)
from notifications.models import Holiday, Notification
from tests.factories import PersonFactory
from tests.factories import awards as af
from tests.factories import nominations as nf

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 11)  # a Wednesday


def _now():
    return timezone.make_aware(datetime(2026, 3, 11, 9, 0))


@pytest.fixture
def submitted(province, users):
    """A dossier of unit A received on Monday 2/3, due on Friday 20/3, two nominees."""
    dossier = nf.dossier(
        unit=province["unit_a"],
        created_by=users["staff_a"],
        state=DossierState.SUBMITTED,
        received_on=date(2026, 3, 2),
        appraisal_due_on=date(2026, 3, 20),
        round=1,
        submitted_at=_now(),
        submitted_by=users["head_a"],
    )
    nf.nominee(dossier=dossier, award="BK_TINH", person=province["person_a"])
    nf.nominee(dossier=dossier, award="BK_TINH", collective=province["village_a"])
    return dossier


def _n(dossier, name_part):
    return dossier.nominees.get(display_name__contains=name_part)


# --- The queue ---------------------------------------------------------------------------


def _queued(province, users, title, received, due, state=DossierState.SUBMITTED, **fields):
    return nf.dossier(
        unit=province["unit_a"],
        created_by=users["staff_a"],
        state=state,
        title=title,
        received_on=received,
        appraisal_due_on=due,
        **fields,
    )


def test_queue_orders_by_due_date_then_received_and_flags_overdue(province, users):
    Holiday.objects.create(day=date(2026, 3, 10), name="Nghỉ bù")
    late = _queued(province, users, "Quá hạn", date(2026, 2, 16), date(2026, 3, 9))
    later_received = _queued(province, users, "Nhận sau", date(2026, 3, 9), date(2026, 3, 20))
    first_received = _queued(province, users, "Nhận trước", date(2026, 3, 2), date(2026, 3, 20))
    due_today = _queued(
        province,
        users,
        "Đến hạn hôm nay",
        date(2026, 2, 20),
        TODAY,
        state=DossierState.IN_APPRAISAL,
    )
    _queued(province, users, "Đã trả", date(2026, 2, 1), date(2026, 3, 1), DossierState.RETURNED)
    _queued(province, users, "Dự thảo", None, None, DossierState.DRAFT)

    with time_machine.travel(_now(), tick=False):
        queue = list(appraisal_queue(filters={}))
        assert [d.title for d in queue] == ["Quá hạn", "Đến hạn hôm nay", "Nhận trước", "Nhận sau"]
        rows = {d.pk: d for d in queue_timing(dossiers=queue)}
        overdue = list(appraisal_queue(filters={"overdue": True}))

    # 10/3 is a holiday: from Monday 2/3 to Wednesday 11/3 there are 6 working days.
    assert (rows[first_received.pk].age_days, rows[first_received.pk].days_left) == (6, 7)
    assert rows[later_received.pk].age_days == 1  # received Monday 9/3: only 11/3 counts
    assert (rows[late.pk].is_overdue, rows[late.pk].days_left, rows[late.pk].days_late) == (
        True,
        -1,  # 10/3 is no working day: due Monday 9/3, one working day late
        1,
    )
    assert (rows[due_today.pk].is_overdue, rows[due_today.pk].days_left) == (False, 0)
    assert [d.title for d in overdue] == ["Quá hạn"]


def test_queue_timing_reads_the_holidays_once_for_the_page(
    province, users, django_assert_num_queries
):
    for day in range(2, 12):
        _queued(province, users, f"Hồ sơ {day}", date(2026, 2, day), date(2026, 3, day + 10))
    queue = list(appraisal_queue(filters={}))
    with django_assert_num_queries(1):
        queue_timing(dossiers=queue, today=TODAY)


def test_queue_filters_by_kind_unit_and_state(province, users):
    _queued(province, users, "Công trạng A", date(2026, 3, 2), date(2026, 3, 20))
    _queued(
        province,
        users,
        "Đột xuất A",
        date(2026, 3, 2),
        date(2026, 3, 6),
        state=DossierState.IN_APPRAISAL,
        kind="DOT_XUAT",
    )
    nf.dossier(
        unit=province["unit_b"],
        created_by=users["staff_b"],
        state=DossierState.SUBMITTED,
        title="Công trạng B",
        received_on=date(2026, 3, 3),
        appraisal_due_on=date(2026, 3, 21),
    )

    def titles(**filters):
        return sorted(d.title for d in appraisal_queue(filters=filters))

    assert titles(kind="DOT_XUAT") == ["Đột xuất A"]
    assert titles(unit="cam thanh") == ["Công trạng B"]  # accent-insensitive
    assert titles(state=DossierState.IN_APPRAISAL) == ["Đột xuất A"]
    assert titles(unit="Bình Sơn", kind="CONG_TRANG") == ["Công trạng A"]


# --- Conflicts ------------------------------------------------------------------------------


def test_conflict_same_person_nominated_by_another_unit(submitted, province, users):
    other = nf.dossier(
        unit=province["unit_b"],
        created_by=users["staff_b"],
        state=DossierState.SUBMITTED,
        title="Tờ trình của phường Cẩm Thành",
    )
    nf.nominee(dossier=other, award="BK_TINH", person=province["person_a"])
    # Withdrawn, rejected or draft dossiers, and another year, are no conflict.
    for state in (DossierState.WITHDRAWN, DossierState.REJECTED, DossierState.DRAFT):
        dead = nf.dossier(unit=province["unit_b"], created_by=users["staff_b"], state=state)
        nf.nominee(dossier=dead, award="BK_TINH", person=province["person_a"])
    old = nf.dossier(
        unit=province["unit_b"],
        created_by=users["staff_b"],
        state=DossierState.SUBMITTED,
        year=2025,
    )
    nf.nominee(dossier=old, award="BK_TINH", person=province["person_a"])

    findings = dossier_conflicts(dossier=submitted)

    assert [(f.kind, f.nominee.display_name, f.other_dossier) for f in findings] == [
        (ConflictKind.OTHER_UNIT, "Đặng Thùy Trâm", other)
    ]
    assert findings[0].message == (
        "Đặng Thùy Trâm cũng được Phường Cẩm Thành đề nghị Bằng khen của Chủ tịch Ủy ban"
        " nhân dân tỉnh năm 2026 (hồ sơ “Tờ trình của phường Cẩm Thành”)."
    )
    assert findings[0].other_unit_name == "Phường Cẩm Thành"


def test_conflict_two_forms_in_one_year(submitted, province, users):
    person = province["person_a"]
    other = nf.dossier(
        unit=province["unit_a"],
        created_by=users["staff_a"],
        state=DossierState.IN_APPRAISAL,
        kind="DOT_XUAT",
        title="Khen thưởng đột xuất",
    )
    nf.nominee(dossier=other, award="GK", person=person)
    # An emulation title the same year is not a second form.
    titles = nf.dossier(unit=province["unit_a"], created_by=users["staff_a"], state="submitted")
    nf.nominee(dossier=titles, award="CSTDCS", person=person)

    findings = dossier_conflicts(dossier=submitted)

    assert [(f.kind, f.nominee.display_name, f.other_dossier) for f in findings] == [
        (ConflictKind.TWO_FORMS, "Đặng Thùy Trâm", other)
    ]
    assert findings[0].message == (
        "Đặng Thùy Trâm được đề nghị hai hình thức khen thưởng trong năm 2026: Bằng khen của"
        " Chủ tịch Ủy ban nhân dân tỉnh ở hồ sơ này và Giấy khen ở hồ sơ “Khen thưởng đột"
        " xuất” của Xã Bình Sơn."
    )


def test_conflict_two_forms_inside_the_dossier(submitted, province):
    nf.nominee(dossier=submitted, award="GK", person=province["person_a"])
    findings = dossier_conflicts(dossier=submitted)
    assert sorted((f.kind, f.nominee.award.code) for f in findings) == [
        (ConflictKind.TWO_FORMS, "BK_TINH"),
        (ConflictKind.TWO_FORMS, "GK"),
    ]


def test_conflict_initiative_used_by_another_form_within_the_awards_years(submitted, province):
    person = province["person_a"]
    grant = af.grant("CSTDCS", 2025, person=person)
    Initiative.objects.create(
        person=person,
        code="SK-2025-07",
        title="Số hóa hồ sơ một cửa",
        year=2025,
        level="unit",
        used_by=grant,
    )
    # Outside the two years Bằng khen reads (2025–2026), and one used by the same award.
    Initiative.objects.create(
        person=person, code="SK-2023-01", title="Cũ", year=2023, level="unit", used_by=grant
    )
    same = af.grant("BK_TINH", 2024, person=person)
    Initiative.objects.create(
        person=person, code="SK-2026-02", title="Cùng hình thức", year=2026, level="unit",
        used_by=same,
    )  # fmt: skip

    findings = dossier_conflicts(dossier=submitted)

    assert [(f.kind, f.nominee.display_name) for f in findings] == [
        (ConflictKind.INITIATIVE_USED, "Đặng Thùy Trâm")
    ]
    assert findings[0].message == (
        "Sáng kiến SK-2025-07 “Số hóa hồ sơ một cửa” (2025) của Đặng Thùy Trâm đã được dùng"
        " để đề nghị Chiến sĩ thi đua cơ sở (2025)."
    )


def test_conflict_nominee_under_a_block(submitted, province):
    person, village = province["person_a"], province["village_a"]
    Discipline.objects.create(person=person, level="canh_cao", starts_on=date(2026, 1, 5))
    Discipline.objects.create(  # ended: no block
        person=person, level="khien_trach", starts_on=date(2024, 1, 1), ends_on=date(2025, 1, 1)
    )
    PendingCase.objects.create(unit=village, kind="complaint", opened_on=date(2026, 2, 1))
    PendingCase.objects.create(  # closed: no block
        unit=village, kind="investigation", opened_on=date(2025, 1, 1), closed_on=date(2025, 6, 1)
    )

    findings = dossier_conflicts(dossier=submitted, today=TODAY)

    assert [(f.kind, f.nominee.display_name, f.message) for f in findings] == [
        (
            ConflictKind.BLOCKED,
            "Đặng Thùy Trâm",
            "Đặng Thùy Trâm thuộc trường hợp chưa xét khen thưởng: kỷ luật cảnh cáo từ 05/01/2026,"
            " chưa hết thời hạn.",
        ),
        (
            ConflictKind.BLOCKED,
            "Thôn 1, xã Bình Sơn",
            "Thôn 1, xã Bình Sơn thuộc trường hợp chưa xét khen thưởng: đang bị khiếu nại,"
            " tố cáo đang xác minh (từ 01/02/2026).",
        ),
    ]


def test_conflicts_take_a_constant_number_of_queries(submitted, province, users):
    def count():
        with CaptureQueriesContext(connection) as queries:
            dossier_conflicts(dossier=submitted, today=TODAY)
        return len(queries)

    small = count()
    for i in range(8):
        person = PersonFactory(unit=province["village_a"], full_name=f"Người {i}")
        nf.nominee(dossier=submitted, award="BK_TINH", person=person)
        other = nf.dossier(unit=province["unit_b"], created_by=users["staff_b"], state="submitted")
        nf.nominee(dossier=other, award="GK", person=person)
        Discipline.objects.create(person=person, level="canh_cao", starts_on=date(2026, 1, 1))
    assert len(dossier_conflicts(dossier=submitted, today=TODAY)) == 8 * 3
    assert count() == small


# --- Start and re-check ---------------------------------------------------------------------


def test_start_takes_the_dossier_into_appraisal_with_the_reviewer(submitted, users):
    appraisal_start(dossier=submitted, actor=users["secretariat"])
    submitted.refresh_from_db()
    assert (submitted.state, submitted.reviewer) == (
        DossierState.IN_APPRAISAL,
        users["secretariat"],
    )
    event = DossierEvent.objects.get(dossier=submitted)
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        EventAction.APPRAISAL_STARTED,
        users["secretariat"],
        DossierState.SUBMITTED,
        DossierState.IN_APPRAISAL,
    )
    with pytest.raises(ValidationError) as error:
        appraisal_start(dossier=submitted, actor=users["secretariat"])
    assert error.value.messages == [
        "Chỉ hồ sơ đã nộp mới có thể đưa vào thẩm định; hồ sơ này đang ở trạng thái"
        " “Đang thẩm định”."
    ]


def test_recheck_stores_the_verdict_at_appraisal_and_records_the_statuses(submitted, users):
    person_nominee = _n(submitted, "Trâm")
    Nominee.objects.filter(pk=person_nominee.pk).update(eligibility_status="needs_review")
    statuses = appraisal_recheck(dossier=submitted, actor=users["secretariat"])

    submitted.refresh_from_db()
    assert submitted.state == DossierState.IN_APPRAISAL  # started by the re-check
    person_nominee.refresh_from_db()
    # No records at all: no route to Bằng khen can be read, so a person must review it.
    assert person_nominee.appraisal_status == EligibilityStatus.NEEDS_REVIEW
    assert person_nominee.appraisal_result["checks"]
    assert person_nominee.appraisal_checked_at is not None
    assert statuses[person_nominee.pk] == "needs_review"
    event = DossierEvent.objects.get(action=EventAction.ELIGIBILITY_CHECKED)
    assert event.actor == users["secretariat"]
    assert event.data["nominees"][0] == {
        "id": person_nominee.pk,
        "name": "Đặng Thùy Trâm",
        "award": "BK_TINH",
        "status": "needs_review",
        "at_submission": "needs_review",
    }
    assert event.data["counts"] == {"needs_review": 2}


# --- Return --------------------------------------------------------------------------------


def test_return_keeps_the_reasons_per_nominee_and_round_and_tells_the_unit(submitted, users):
    person_nominee, collective = _n(submitted, "Trâm"), _n(submitted, "Thôn")
    appraisal_start(dossier=submitted, actor=users["secretariat"])
    dossier_return(
        dossier=submitted,
        general_reason="Thiếu biên bản họp Hội đồng",
        nominee_reasons={
            person_nominee.pk: "Báo cáo thành tích chưa có xác nhận",
            collective.pk: "",
        },
        actor=users["secretariat"],
    )
    submitted.refresh_from_db()
    assert submitted.state == DossierState.RETURNED
    assert list(
        ReturnReason.objects.order_by("id").values_list(
            "round", "nominee", "nominee_name", "reason"
        )
    ) == [
        (1, None, "", "Thiếu biên bản họp Hội đồng"),
        (1, person_nominee.pk, "Đặng Thùy Trâm", "Báo cáo thành tích chưa có xác nhận"),
    ]
    event = DossierEvent.objects.get(action=EventAction.RETURNED)
    assert (event.actor, event.from_state, event.to_state, event.note) == (
        users["secretariat"],
        DossierState.IN_APPRAISAL,
        DossierState.RETURNED,
        "Thiếu biên bản họp Hội đồng",
    )
    assert event.data == {
        "round": 1,
        "general": "Thiếu biên bản họp Hội đồng",
        "nominees": [
            {
                "id": person_nominee.pk,
                "name": "Đặng Thùy Trâm",
                "reason": "Báo cáo thành tích chưa có xác nhận",
            }
        ],
    }
    told = Notification.objects.filter(user__in=[users["staff_a"], users["head_a"]])
    assert sorted(n.user.username for n in told) == ["head_a", "staff_a"]
    assert {n.title for n in told} == {
        f"Hồ sơ “{submitted.title}” bị trả lại để bổ sung, hoàn thiện"
    }
    assert "Đặng Thùy Trâm: Báo cáo thành tích chưa có xác nhận" in told[0].body
    assert told[0].url == reverse("nominations:dossier_detail", args=[submitted.pk])
    assert not Notification.objects.filter(user=users["staff_b"]).exists()

    # The unit corrects and resubmits (round 2); a second return keeps both rounds.
    Dossier.objects.filter(pk=submitted.pk).update(state=DossierState.SUBMITTED, round=2)
    submitted.refresh_from_db()
    dossier_return(
        dossier=submitted,
        general_reason="",
        nominee_reasons={collective.pk: "Thiếu số liệu thành viên"},
        actor=users["secretariat"],
    )
    assert list(ReturnReason.objects.order_by("id").values_list("round", "nominee_name")) == [
        (1, ""),
        (1, "Đặng Thùy Trâm"),
        (2, "Thôn 1, xã Bình Sơn"),
    ]


def test_return_needs_a_reason_and_saves_nothing_without_one(submitted, users):
    with pytest.raises(ValidationError) as error:
        dossier_return(
            dossier=submitted,
            general_reason="  ",
            nominee_reasons={_n(submitted, "Trâm").pk: ""},
            actor=users["secretariat"],
        )
    assert error.value.messages == [
        "Cần nêu ít nhất một lý do: cho cả hồ sơ hoặc cho một người/tập thể được đề nghị."
    ]
    submitted.refresh_from_db()
    assert submitted.state == DossierState.SUBMITTED
    assert not ReturnReason.objects.exists()
    assert not DossierEvent.objects.exists()
    assert not Notification.objects.exists()


# --- Accept --------------------------------------------------------------------------------


def _accept(dossier, users, decisions):
    return dossier_accept(dossier=dossier, decisions=decisions, actor=users["secretariat"])


def test_accept_with_a_vote_needed_goes_before_the_council(submitted, users):
    appraisal_start(dossier=submitted, actor=users["secretariat"])
    person_nominee, collective = _n(submitted, "Trâm"), _n(submitted, "Thôn")
    dossier = _accept(
        submitted,
        users,
        {
            person_nominee.pk: (True, "", False),
            collective.pk: (False, "Chưa đủ 2 năm hoàn thành xuất sắc nhiệm vụ", False),
        },
    )
    assert dossier.state == DossierState.IN_COUNCIL
    person_nominee.refresh_from_db()
    collective.refresh_from_db()
    assert (person_nominee.outcome, person_nominee.needs_consultation) == (
        NomineeOutcome.APPROVED,
        False,
    )
    assert (collective.outcome, collective.outcome_reason) == (
        NomineeOutcome.NOT_APPROVED,
        "Chưa đủ 2 năm hoàn thành xuất sắc nhiệm vụ",
    )
    assert (dossier.reviewer, dossier.appraised_at is not None) == (users["secretariat"], True)
    assert person_nominee.history.first().history_user == users["secretariat"]
    accepted = DossierEvent.objects.get(action=EventAction.ACCEPTED)
    assert accepted.actor == users["secretariat"]
    assert (accepted.data["approved"], accepted.data["not_approved"]) == (1, 1)
    assert [(r["name"], r["outcome"], r["reason"]) for r in accepted.data["nominees"]] == [
        ("Đặng Thùy Trâm", "approved", ""),
        ("Thôn 1, xã Bình Sơn", "not_approved", "Chưa đủ 2 năm hoàn thành xuất sắc nhiệm vụ"),
    ]
    moved = DossierEvent.objects.filter(to_state=DossierState.IN_COUNCIL).get()
    assert (moved.actor, moved.from_state) == (users["secretariat"], DossierState.IN_APPRAISAL)
    told = Notification.objects.get(user=users["head_a"])
    assert told.title == f"Hồ sơ “{submitted.title}” đã được thẩm định: duyệt 1/2"


def test_accept_puts_nominees_to_consultation_when_the_award_or_the_reviewer_says(
    submitted, province, users
):
    person_nominee, collective = _n(submitted, "Trâm"), _n(submitted, "Thôn")
    dossier = _accept(
        submitted,
        users,
        {person_nominee.pk: (True, "", True), collective.pk: (True, "", False)},
    )
    assert dossier.state == DossierState.CONSULTATION
    assert dict(submitted.nominees.values_list("display_name", "needs_consultation")) == {
        "Đặng Thùy Trâm": True,  # the reviewer's tick
        "Thôn 1, xã Bình Sơn": False,
    }
    # An award that needs consultation gets it without the tick.
    other = nf.dossier(
        unit=province["unit_a"], created_by=users["staff_a"], state=DossierState.IN_APPRAISAL
    )
    order = nf.nominee(dossier=other, award="HC_LD_3", person=province["person_a"])
    assert _accept(other, users, {order.pk: (True, "", False)}).state == (DossierState.CONSULTATION)
    order.refresh_from_db()
    assert order.needs_consultation is True


def test_accept_on_the_simplified_procedure_goes_straight_to_proposed(province, users):
    dossier = nf.dossier(
        unit=province["unit_a"],
        created_by=users["staff_a"],
        state=DossierState.IN_APPRAISAL,
        kind="DOT_XUAT",
        simplified=True,
    )
    nominee = nf.nominee(dossier=dossier, award="BK_TINH", person=province["person_a"])
    dossier = _accept(dossier, users, {nominee.pk: (True, "", False)})
    assert dossier.state == DossierState.PROPOSED
    assert list(dossier.events.values_list("action", "to_state")) == [
        (EventAction.ACCEPTED, ""),
        (EventAction.ADVANCED, DossierState.PROPOSED),
    ]


def test_accept_with_none_approved_rejects_the_dossier(submitted, users):
    person_nominee, collective = _n(submitted, "Trâm"), _n(submitted, "Thôn")
    dossier = _accept(
        submitted,
        users,
        {
            person_nominee.pk: (False, "Trùng đề nghị", False),
            collective.pk: (False, "Thiếu", False),
        },
    )
    assert dossier.state == DossierState.REJECTED
    assert DossierEvent.objects.filter(
        action=EventAction.REJECTED, to_state=DossierState.REJECTED, actor=users["secretariat"]
    ).exists()
    # Accepting a submitted dossier took it into appraisal first, on the record.
    assert list(dossier.events.values_list("action", flat=True)) == [
        EventAction.APPRAISAL_STARTED,
        EventAction.ACCEPTED,
        EventAction.REJECTED,
    ]


def _nothing_saved(dossier, state=DossierState.IN_APPRAISAL):
    dossier.refresh_from_db()
    assert dossier.state == state
    assert dossier.appraised_at is None
    assert set(dossier.nominees.values_list("outcome", flat=True)) == {NomineeOutcome.PENDING}
    assert (
        not DossierEvent.objects.filter(dossier=dossier)
        .exclude(action=EventAction.APPRAISAL_STARTED)
        .exists()
    )
    assert not Notification.objects.exists()


def test_an_ineligible_nominee_cannot_be_approved(submitted, users):
    appraisal_start(dossier=submitted, actor=users["secretariat"])
    person_nominee, collective = _n(submitted, "Trâm"), _n(submitted, "Thôn")
    Nominee.objects.filter(pk=person_nominee.pk).update(appraisal_status="ineligible")
    with pytest.raises(ValidationError) as error:
        _accept(
            submitted,
            users,
            {person_nominee.pk: (True, "", False), collective.pk: (True, "", False)},
        )
    assert error.value.messages == [
        "Không thể duyệt “Đặng Thùy Trâm”: kết quả kiểm tra cho thấy không đủ điều kiện"
        " đề nghị Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh."
    ]
    _nothing_saved(submitted)


def test_a_blocked_nominee_cannot_be_approved(submitted, province, users):
    appraisal_start(dossier=submitted, actor=users["secretariat"])
    PendingCase.objects.create(
        person=province["person_a"], kind="investigation", opened_on=date(2026, 1, 10)
    )
    person_nominee, collective = _n(submitted, "Trâm"), _n(submitted, "Thôn")
    with pytest.raises(ValidationError) as error:
        _accept(
            submitted,
            users,
            {person_nominee.pk: (True, "", False), collective.pk: (False, "", False)},
        )
    assert error.value.messages == [
        "Không thể duyệt “Đặng Thùy Trâm” vì thuộc trường hợp chưa xét khen thưởng: đang bị"
        " điều tra, thanh tra, kiểm tra (từ 10/01/2026).",
        "Cần nêu lý do không duyệt “Thôn 1, xã Bình Sơn”.",
    ]
    _nothing_saved(submitted)


def test_every_nominee_needs_a_decision(submitted, users):
    person_nominee = _n(submitted, "Trâm")
    with pytest.raises(ValidationError) as error:
        _accept(submitted, users, {person_nominee.pk: (True, "", False)})
    assert error.value.messages == [
        "Cần quyết định cho từng người/tập thể được đề nghị; chưa có quyết định cho:"
        " Thôn 1, xã Bình Sơn."
    ]
    _nothing_saved(submitted, state=DossierState.SUBMITTED)


def test_accept_runs_the_engine_for_a_nominee_never_rechecked(province, users):
    dossier = nf.dossier(
        unit=province["unit_a"], created_by=users["staff_a"], state=DossierState.IN_APPRAISAL
    )
    # No CSTĐCS in the three years, no initiative: the engine finds it not eligible.
    nominee = nf.nominee(dossier=dossier, award="CSTD_TINH", person=province["person_a"])
    with pytest.raises(ValidationError) as error:
        _accept(dossier, users, {nominee.pk: (True, "", False)})
    assert error.value.messages == [
        "Không thể duyệt “Đặng Thùy Trâm”: kết quả kiểm tra cho thấy không đủ điều kiện"
        " đề nghị Chiến sĩ thi đua cấp tỉnh."
    ]
    nominee.refresh_from_db()
    assert (nominee.appraisal_status, nominee.outcome) == ("", NomineeOutcome.PENDING)

    dossier = _accept(dossier, users, {nominee.pk: (False, "Chưa đủ 3 năm CSTĐCS", False)})
    nominee.refresh_from_db()
    assert (nominee.appraisal_status, nominee.outcome) == (
        EligibilityStatus.INELIGIBLE,
        NomineeOutcome.NOT_APPROVED,
    )
    assert dossier.state == DossierState.REJECTED
