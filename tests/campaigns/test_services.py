"""The movement cycle's rules: launch guards, lifecycle, registration rounds, the window,
one registration per unit and year, actuals only for the own targets, figures, exemplar
stages, consent and publication."""

import threading
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from campaigns import services
from campaigns.models import (
    DurationBucket,
    Exemplar,
    MovementState,
    Registration,
    RegistrationState,
    duration_bucket,
)
from campaigns.selectors import movement_figures, public_exemplars, registration_completion
from notifications.models import Notification
from tests.campaigns.conftest import YEAR, draft_movement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "end", "bucket"),
    [
        (date(2026, 1, 1), date(2026, 6, 30), DurationBucket.UNDER_ONE),
        (date(2026, 1, 1), date(2026, 12, 31), DurationBucket.ONE),
        (date(2026, 3, 15), date(2027, 3, 14), DurationBucket.ONE),
        (date(2026, 1, 1), date(2027, 12, 31), DurationBucket.ONE_TO_THREE),
        (date(2026, 1, 1), date(2028, 12, 31), DurationBucket.THREE_TO_FIVE),
        (date(2021, 1, 1), date(2025, 12, 31), DurationBucket.FIVE_PLUS),
    ],
)
def test_duration_bucket_of_form_0601(start, end, bucket):
    assert duration_bucket(start, end) == bucket


def test_launch_refused_listing_what_is_missing(province, users):
    movement = draft_movement(province, users, criteria="", objectives="", participants_rule="")
    with pytest.raises(ValidationError) as error:
        services.movement_launch(movement=movement, actor=users["secretariat"])
    assert error.value.messages == [
        "Phong trào chưa thể phát động: còn thiếu mục tiêu, chỉ tiêu, tiêu chí đánh giá, "
        "đối tượng tham gia."
    ]
    movement.refresh_from_db()
    assert movement.state == MovementState.DRAFT
    assert movement.plan_number == ""


def test_launch_leaves_the_plan_to_the_register(launched):
    assert launched.state == MovementState.LAUNCHED
    assert launched.plan_number == ""  # numbered when issued (test_plan_issue)
    assert launched.launched_on == date(2026, 6, 9)
    assert launched.allows_flag_proposal is True


def test_cannot_close_without_final_review(launched, users):
    services.movement_transition(movement=launched, actor=users["secretariat"], to="in_progress")
    with pytest.raises(ValidationError):
        services.movement_transition(movement=launched, actor=users["secretariat"], to="closed")
    services.review_save(
        movement=launched, actor=users["secretariat"], stage="final", organisation="Tốt."
    )
    launched.refresh_from_db()
    assert launched.state == MovementState.FINAL_REVIEWED
    services.movement_transition(movement=launched, actor=users["secretariat"], to="closed")
    launched.refresh_from_db()
    assert launched.state == MovementState.CLOSED


def test_non_numeric_plan_value_is_refused_beside_the_field(movement, users):
    with pytest.raises(ValidationError) as error:
        services.target_add(
            movement=movement,
            actor=users["secretariat"],
            content="X",
            measure="%",
            plan_value="abc",
        )
    assert error.value.message_dict == {
        "plan_value": ["Hãy nhập một số (ví dụ 12 hoặc 12,5), không phải “abc”."]
    }
    assert movement.targets.count() == 2


def test_end_before_start_is_refused(province, users):
    with pytest.raises(ValidationError) as error:
        draft_movement(province, users, end_date=date(2025, 1, 1))
    assert error.value.message_dict == {
        "end_date": ["Ngày kết thúc không được trước ngày bắt đầu."]
    }


def test_registration_rounds_are_kept(submitted, users):
    services.registration_return(
        registration=submitted, actor=users["secretariat"], reason="Thiếu chỉ tiêu thứ ba."
    )
    submitted.refresh_from_db()
    assert submitted.state == RegistrationState.RETURNED
    services.registration_submit(registration=submitted, actor=users["head_a"])
    services.registration_accept(registration=submitted, actor=users["secretariat"])
    submitted.refresh_from_db()
    assert submitted.state == RegistrationState.ACCEPTED
    assert submitted.round == 2
    assert [(r.round, r.reason) for r in submitted.returns.all()] == [(1, "Thiếu chỉ tiêu thứ ba.")]
    assert Notification.objects.filter(user=users["staff_a"]).count() == 2


def test_staff_cannot_submit(registration, users):
    with pytest.raises(ValidationError):
        services.registration_submit(registration=registration, actor=users["staff_a"])
    registration.refresh_from_db()
    assert registration.state == RegistrationState.DRAFT


def test_second_registration_same_unit_and_year_refused(registration, users, province):
    with pytest.raises(ValidationError) as error:
        services.registration_create(actor=users["head_a"], unit=province["unit_a"], year=YEAR)
    assert error.value.messages == [
        "Xã Bình Sơn đã đăng ký thi đua năm 2026: hãy mở bản đăng ký đó."
    ]
    assert Registration.objects.filter(unit=province["unit_a"], year=YEAR).count() == 1


def test_registration_deadline_defaults_to_31_march():
    from config.settings import base

    assert base.TDKT_REGISTRATION_DEADLINE == "31/03"
    assert base.TDKT_UNREGISTERED_TITLE_RULE == "warn"


def test_registration_after_the_window_refused(settings, time_machine, users, province, launched):
    settings.TDKT_REGISTRATION_DEADLINE = "31/03"
    time_machine.move_to(datetime(2026, 4, 1, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
    with pytest.raises(ValidationError) as error:
        services.registration_create(actor=users["staff_a"], unit=province["unit_a"], year=YEAR)
    assert error.value.messages == ["Đã hết hạn đăng ký thi đua năm 2026 (ngày 31/03/2026)."]
    assert not Registration.objects.exists()


def test_registration_deadline_is_a_setting(settings, users, province, time_machine):
    time_machine.move_to(datetime(2026, 6, 9, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
    settings.TDKT_REGISTRATION_DEADLINE = "08/06"
    with pytest.raises(ValidationError):
        services.registration_create(actor=users["staff_a"], unit=province["unit_a"], year=YEAR)
    settings.TDKT_REGISTRATION_DEADLINE = "09/06"
    assert services.registration_create(
        actor=users["staff_a"], unit=province["unit_a"], year=YEAR
    ).pk


def test_actual_for_another_units_target_refused(submitted, users):
    target = submitted.targets.first()
    with pytest.raises(ValidationError) as error:
        services.progress_report(target=target, actor=users["staff_b"], actual_value="5")
    assert error.value.messages == ["Bạn chỉ được báo cáo kết quả cho chỉ tiêu của đơn vị mình."]
    assert not target.progress.exists()


def test_figures_plan_actual_percent(accepted, users, launched):
    first, second = accepted.targets.order_by("id")
    services.progress_report(target=first, actor=users["staff_a"], actual_value="45")
    services.progress_report(target=first, actor=users["staff_a"], actual_value="72")
    services.progress_report(target=second, actor=users["staff_a"], actual_value="50")
    figures = movement_figures(movement=launched)
    unit = figures.units[0]
    assert [(t.plan, t.actual, t.percent) for t in unit.targets] == [
        (Decimal("90.00"), Decimal("72.00"), Decimal("80.0")),
        (Decimal("50.00"), Decimal("50.00"), Decimal("100.0")),
    ]
    assert unit.achieved == 1
    assert unit.percent == Decimal("90.0")
    assert figures.achieved_count == 1


def test_completion_counts_by_kind(submitted, province):
    completion = registration_completion(year=YEAR)
    states = {row.unit.code: row.state for row in completion.rows}
    assert states == {"xa-a": "submitted", "phuong-b": ""}
    assert completion.done == 1
    assert [row.unit.code for row in completion.laggards] == ["phuong-b"]


def test_remind_laggards(submitted, users, province):
    laggards = [row.unit for row in registration_completion(year=YEAR).laggards]
    sent = services.registration_remind_laggards(
        actor=users["secretariat"], year=YEAR, units=laggards
    )
    assert sent == 1
    assert Notification.objects.filter(user=users["staff_b"]).count() == 1
    assert not Notification.objects.filter(user=users["staff_a"], title__contains="Nhắc").exists()


def _exemplar(users, province, launched):
    return services.exemplar_propose(
        actor=users["staff_a"],
        subject_kind="person",
        name="Đặng Thùy Trâm",
        person=province["person_a"],
        unit=province["unit_a"],
        commune=province["unit_a"],
        field="digital",
        movement=launched,
        summary="Đưa dịch vụ công trực tuyến đến từng hộ dân.",
    )


def test_exemplar_stages_consent_and_publication(users, province, launched):
    exemplar = _exemplar(users, province, launched)
    with pytest.raises(ValidationError):
        services.exemplar_publish(exemplar=exemplar, actor=users["secretariat"])
    for _ in range(2):
        services.exemplar_advance(
            exemplar=exemplar, actor=users["staff_a"], responsible_unit=province["unit_a"]
        )
    services.exemplar_record_consent(exemplar=exemplar, actor=users["staff_a"], on=date(2026, 6, 1))
    with pytest.raises(ValidationError):
        services.exemplar_publish(exemplar=exemplar, actor=users["staff_a"])
    services.exemplar_publish(exemplar=exemplar, actor=users["secretariat"])
    assert list(public_exemplars()) == [exemplar]
    assert [s.stage for s in exemplar.stages.all()] == ["discovered", "nurtured", "summarised"]
    services.exemplar_withdraw_consent(exemplar=exemplar, actor=users["staff_a"])
    assert list(public_exemplars()) == []
    exemplar.refresh_from_db()
    assert exemplar.is_published is False
    assert exemplar.consent_withdrawn_at is not None


def test_exemplar_history_is_kept(users, province, launched):
    exemplar = _exemplar(users, province, launched)
    services.exemplar_advance(
        exemplar=exemplar, actor=users["staff_a"], responsible_unit=province["unit_a"]
    )
    assert Exemplar.history.filter(id=exemplar.pk).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_registrations_store_one(users, province, launched):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real concurrency")
    results = []
    barrier = threading.Barrier(2)

    def post():
        try:
            barrier.wait()
            services.registration_create(actor=users["staff_a"], unit=province["unit_a"], year=YEAR)
            results.append("ok")
        except ValidationError as error:
            results.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results)[0].startswith("Xã Bình Sơn đã đăng ký") or results.count("ok") == 1
    assert results.count("ok") == 1
    assert Registration.objects.filter(unit=province["unit_a"], year=YEAR).count() == 1


def test_unique_constraint_catches_the_race(users, province, launched, monkeypatch):
    """The existence check passes (as for a concurrent post); the constraint refuses."""
    services.registration_create(actor=users["staff_a"], unit=province["unit_a"], year=YEAR)
    real_filter = Registration.objects.filter

    class Nothing:
        def exists(self):
            return False

    monkeypatch.setattr(
        Registration.objects,
        "filter",
        lambda *a, **k: Nothing() if k.get("year") else real_filter(*a, **k),
    )
    with pytest.raises(ValidationError) as error:
        services.registration_create(actor=users["head_a"], unit=province["unit_a"], year=YEAR)
    assert "đã đăng ký thi đua năm 2026" in error.value.messages[0]
    monkeypatch.undo()
    assert Registration.objects.filter(unit=province["unit_a"], year=YEAR).count() == 1
