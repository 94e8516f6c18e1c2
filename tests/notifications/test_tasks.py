"""The reminder task through Celery (eager without REDIS_URL), and from two processes at
once on PostgreSQL."""

import multiprocessing
import os
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from notifications.deadlines import add_working_days
from notifications.models import ManualDeadline, Notification, ReminderLog
from notifications.tasks import send_reminders
from tests.factories import user_with_role
from tests.notifications.concurrent_worker import send_reminders_in_child
from units.models import Role


@pytest.mark.django_db
def test_task_through_celery_sends_once(users, province):
    today = timezone.localdate()
    ManualDeadline.objects.create(
        title="Kế hoạch", due_on=add_working_days(today, 1), unit=province["unit_a"]
    )
    # apply() runs the task in this process with or without a broker; the round trip
    # through a real worker is tests/config/test_celery.py and tests/reports/test_jobs.py.
    assert send_reminders.apply().get(timeout=10) == 2
    assert send_reminders.apply().get(timeout=10) == 0
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == [
        "head_a",
        "staff_a",
    ]


def test_task_is_registered_under_its_name():
    from config.celery import app

    assert send_reminders.name == "notifications.send_reminders"
    assert "notifications.send_reminders" in app.tasks


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{host}{port}/{db['NAME']}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_two_processes_at_the_same_moment_send_each_reminder_once(province):
    """Two worker processes run the task for the same day, released together by a
    barrier; the unique constraint lets each reminder through exactly once."""
    for i in range(15):
        user_with_role(Role.UNIT_STAFF, province["unit_a"], username=f"ca{i}")
        user_with_role(Role.UNIT_STAFF, province["unit_b"], username=f"cb{i}")
    user_with_role(Role.UNIT_HEAD, province["unit_a"], username="head_a")
    today = date(2026, 3, 19)
    ManualDeadline.objects.create(title="Kế hoạch", due_on=date(2026, 3, 20))
    ManualDeadline.objects.create(
        title="Báo cáo", due_on=date(2026, 3, 20), unit=province["unit_a"]
    )
    expected = 31 + 16  # every unit role holder, then unit A's 16

    env = {
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.test"),
        "DATABASE_URL": _database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
    }
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    workers = [
        context.Process(target=send_reminders_in_child, args=(env, barrier, results, today))
        for _ in range(2)
    ]
    connection.close()  # children connect on their own
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert [w.exitcode for w in workers] == [0, 0], outcomes
    counts = [value for kind, value in outcomes if kind == "ok"]
    assert len(counts) == 2, outcomes
    assert sum(counts) == expected
    assert ReminderLog.objects.count() == expected
    assert Notification.objects.count() == expected
    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
