"""The reminder scan walked through the dates that used to break a suite run on the real
clock: early December (the 10/12 annual deadline's window), the new year, and Tết 2027.

Each day the daily task would run is visited in order with the clock moved there; what the
scan sends that day is compared with the hand-computed plan below (working days counted on
the holidays seeded by notifications/migrations/0002: Tết 2027 is 5–9/2, a Friday to a
Tuesday across a weekend).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from notifications.models import ManualDeadline, ReminderLog
from notifications.tasks import send_reminders

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
UNIT_PEOPLE = ["head_a", "staff_a", "staff_b"]  # every unit's staff and heads
HEADS_AND_SECRETARIAT = ["head_a", "sec"]  # overdue: heads of the units, the secretariat

ANNUAL = "nominations:annual:2026"  # due Thursday 10/12/2026

# (day of the run, the (deadline, stage, users) it sends); days not listed send nothing.
PLAN = {
    date(2026, 12, 1): [(ANNUAL, "before-7", UNIT_PEOPLE)],  # 7 working days before
    date(2026, 12, 7): [(ANNUAL, "before-3", UNIT_PEOPLE)],
    date(2026, 12, 9): [(ANNUAL, "before-1", UNIT_PEOPLE)],
    date(2026, 12, 11): [(ANNUAL, "overdue", HEADS_AND_SECRETARIAT)],
    # Tết: the plan due Wednesday 10/2/2027, right after the holidays.
    date(2027, 1, 27): [("tet", "before-7", ["head_a", "staff_a"])],
    date(2027, 2, 2): [("tet", "before-3", ["head_a", "staff_a"])],
    date(2027, 2, 4): [("tet", "before-1", ["head_a", "staff_a"])],  # last day before Tết
    date(2027, 2, 11): [("tet", "overdue", HEADS_AND_SECRETARIAT)],
}


def _runs():
    """Every day from 25/11/2026 to 20/2/2027, weekends and holidays included (the beat
    schedule runs daily)."""
    day = date(2026, 11, 25)
    while day <= date(2027, 2, 20):
        yield day
        day += timedelta(days=1)


def test_the_reminder_scan_follows_the_calendar_across_december_new_year_and_tet(
    users, province, time_machine
):
    tet_plan = ManualDeadline.objects.create(
        title="Kế hoạch thi đua năm 2027", due_on=date(2027, 2, 10), unit=province["unit_a"]
    )
    keys = {ANNUAL: ANNUAL, "tet": f"manual:{tet_plan.pk}"}
    seen = 0
    for day in _runs():
        time_machine.move_to(datetime(day.year, day.month, day.day, 7, 0, tzinfo=HCM), tick=False)
        sent = send_reminders.apply().get(timeout=10)
        new = ReminderLog.objects.order_by("pk")[seen:]
        got = sorted((log.deadline_key, log.stage, log.user.username) for log in new)
        expected = sorted(
            (keys[key], stage, username)
            for key, stage, usernames in PLAN.get(day, [])
            for username in usernames
        )
        assert (day, got) == (day, expected)
        assert sent == len(expected)
        seen += len(got)
    # The year's annual deadline of 2027 (10/12/2027) is not in reach yet: nothing else.
    assert seen == sum(len(users_) for entries in PLAN.values() for *_, users_ in entries)
