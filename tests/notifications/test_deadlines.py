"""The working-day calendar and the deadline registry."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.deadlines import (
    Deadline,
    add_working_days,
    deadlines_between,
    is_working_day,
    providers,
    register,
    unregister,
    working_days_between,
)
from notifications.models import Holiday, ManualDeadline
from notifications.services import manual_deadlines_provider

pytestmark = pytest.mark.django_db


def test_weekends_and_holidays_are_not_working_days(holidays_2026):
    assert is_working_day(date(2026, 3, 13)) is True  # Friday
    assert is_working_day(date(2026, 3, 14)) is False  # Saturday
    assert is_working_day(date(2026, 3, 15)) is False  # Sunday
    assert is_working_day(date(2026, 2, 17)) is False  # Tết
    assert is_working_day(date(2026, 4, 30)) is False


def test_one_working_day_before_a_monday_is_the_friday(holidays_2026):
    assert add_working_days(date(2026, 3, 16), -1) == date(2026, 3, 13)
    assert add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 16)
    assert working_days_between(date(2026, 3, 13), date(2026, 3, 16)) == 1


def test_counting_across_tet_skips_the_holiday_week(holidays_2026):
    # Friday 13/2/2026, then Tết 16–20/2 and the weekends: the next working day is 23/2.
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert add_working_days(date(2026, 2, 23), -3) == date(2026, 2, 11)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
    assert working_days_between(date(2026, 2, 23), date(2026, 2, 13)) == -1


def test_a_holiday_the_secretariat_adds_is_skipped(holidays_2026):
    assert add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 16)
    Holiday.objects.create(day=date(2026, 3, 16), name="Nghỉ bù")
    assert add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 17)


def test_zero_days_returns_the_day_itself():
    assert add_working_days(date(2026, 3, 14), 0) == date(2026, 3, 14)


def test_holidays_are_read_once_per_call_not_per_day(holidays_2026):
    with CaptureQueriesContext(connection) as ctx:
        add_working_days(date(2026, 1, 5), 20)
        working_days_between(date(2026, 1, 1), date(2026, 12, 31))
    assert len(ctx.captured_queries) == 2


def test_the_migration_seeded_2026_and_2027_holidays():
    from importlib import import_module

    seeded = import_module("notifications.migrations.0002_seed_holidays").HOLIDAYS
    days = {day for day, _name in seeded}
    assert date(2026, 2, 16) in days and date(2026, 2, 20) in days
    assert date(2026, 4, 27) in days  # compensatory day of Giỗ Tổ (26/4 is a Sunday)
    assert {date(2026, 9, 1), date(2026, 9, 2), date(2027, 9, 2), date(2027, 9, 3)} <= days
    assert {date(2027, 2, 5), date(2027, 2, 9), date(2027, 4, 16)} <= days
    assert len(days) == len(seeded) == 23


def test_the_manual_provider_is_registered_by_the_app():
    assert manual_deadlines_provider in providers()


def test_manual_deadlines_feed_the_registry(province):
    inside = ManualDeadline.objects.create(
        title="Báo cáo", due_on=date(2026, 3, 20), unit=province["unit_a"]
    )
    everyone = ManualDeadline.objects.create(title="Kế hoạch", due_on=date(2026, 3, 25))
    ManualDeadline.objects.create(title="Ngoài khoảng", due_on=date(2026, 5, 1))
    found = deadlines_between(date(2026, 3, 1), date(2026, 3, 31))
    assert found == [
        Deadline(
            key=f"manual:{inside.pk}",
            title="Báo cáo",
            due_on=date(2026, 3, 20),
            unit_ids=(province["unit_a"].pk,),
        ),
        Deadline(key=f"manual:{everyone.pk}", title="Kế hoạch", due_on=date(2026, 3, 25)),
    ]


def test_a_later_apps_provider_feeds_the_registry_and_keys_stay_unique():
    def provider(start, end):
        yield Deadline(key="campaigns:plan:2026", title="Kế hoạch", due_on=date(2026, 3, 2))
        yield Deadline(key="campaigns:plan:2026", title="Trùng", due_on=date(2026, 3, 2))
        yield Deadline(key="campaigns:late", title="Ngoài", due_on=date(2026, 6, 2))

    register(provider)
    register(provider)
    try:
        assert providers().count(provider) == 1
        found = deadlines_between(date(2026, 3, 1), date(2026, 3, 31))
        assert [(d.key, d.title) for d in found] == [("campaigns:plan:2026", "Kế hoạch")]
    finally:
        unregister(provider)
