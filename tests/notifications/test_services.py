"""Delivering notifications, preferences, marking read, and the reminders."""

from datetime import date

import pytest

from notifications import services
from notifications.demo import DEMO_TITLE, seed_demo_deadline
from notifications.models import (
    ManualDeadline,
    Notification,
    NotificationKind,
    NotificationPreference,
    ReminderLog,
)
from notifications.services import notify, reminder_stage, reminders_send
from tests.factories import user_with_role
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _emails_sent_in_process():
    """These tests read the sent mail: the outbox task runs in this process even when
    REDIS_URL names a broker (its round trip through a worker is test_email_task.py)."""
    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


OFFSETS = (7, 3, 1)


# --- notify ---------------------------------------------------------------------------------


def test_notify_by_default_fills_the_inbox_and_sends_an_email(
    users, mailoutbox, django_capture_on_commit_callbacks
):
    user = users["staff_a"]
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(
            user=user, kind=NotificationKind.DOSSIER, title="Hồ sơ bị trả lại", url="/ho-so/1/"
        )
    assert list(Notification.objects.filter(user=user)) == [notification]
    assert (notification.title, notification.url, notification.read_at) == (
        "Hồ sơ bị trả lại",
        "/ho-so/1/",
        None,
    )
    assert [(m.subject, m.to) for m in mailoutbox] == [("Hồ sơ bị trả lại", [user.email])]


def test_notify_respects_the_preference_of_the_kind(
    users, mailoutbox, django_capture_on_commit_callbacks
):
    user = users["staff_a"]
    NotificationPreference.objects.create(
        user=user, kind=NotificationKind.DOSSIER, by_email=False, in_app=True
    )
    NotificationPreference.objects.create(
        user=user, kind=NotificationKind.GENERAL, by_email=True, in_app=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        in_app_only = notify(user=user, kind=NotificationKind.DOSSIER, title="A")
        email_only = notify(user=user, kind=NotificationKind.GENERAL, title="B")
    assert in_app_only is not None and email_only is None
    assert list(Notification.objects.values_list("title", flat=True)) == ["A"]
    assert [(m.subject, m.to) for m in mailoutbox] == [("B", [user.email])]


def test_no_email_without_an_address(users, mailoutbox, django_capture_on_commit_callbacks):
    user = users["staff_a"]
    user.email = ""
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind=NotificationKind.GENERAL, title="A")
    assert mailoutbox == []
    assert Notification.objects.filter(user=user).count() == 1


def test_email_waits_for_the_commit(users, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(user=users["staff_a"], kind=NotificationKind.GENERAL, title="A")
    assert mailoutbox == []
    assert len(callbacks) == 1


def test_mark_read_and_mark_all_read(users):
    user, other = users["staff_a"], users["staff_b"]
    first = notify(user=user, kind=NotificationKind.GENERAL, title="1")
    notify(user=user, kind=NotificationKind.GENERAL, title="2")
    foreign = notify(user=other, kind=NotificationKind.GENERAL, title="3")
    services.notification_mark_read(notification=first, user=user)
    first.refresh_from_db()
    assert first.read_at is not None
    with pytest.raises(PermissionError):
        services.notification_mark_read(notification=foreign, user=user)
    assert services.notifications_mark_all_read(user=user) == 1
    assert Notification.objects.filter(user=user, read_at__isnull=True).count() == 0
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_preferences_save(users):
    user = users["staff_a"]
    services.preferences_save(user=user, choices={NotificationKind.DEADLINE: (False, True)})
    services.preferences_save(user=user, choices={NotificationKind.DEADLINE: (False, False)})
    assert list(NotificationPreference.objects.values_list("kind", "by_email", "in_app")) == [
        ("deadline", False, False)
    ]
    with pytest.raises(ValueError):
        services.preferences_save(user=user, choices={"nope": (True, True)})


# --- stages ---------------------------------------------------------------------------------

DUE = date(2026, 3, 20)  # a Friday


@pytest.mark.parametrize(
    ("today", "stage"),
    [
        (date(2026, 3, 10), None),
        (date(2026, 3, 11), "before-7"),  # 7 working days before
        (date(2026, 3, 16), "before-7"),
        (date(2026, 3, 17), "before-3"),
        (date(2026, 3, 18), "before-3"),
        (date(2026, 3, 19), "before-1"),
        (date(2026, 3, 20), None),  # the day itself
        (date(2026, 3, 21), "overdue"),
        (date(2026, 4, 19), "overdue"),  # 30 days after
        (date(2026, 4, 20), None),  # too old
    ],
)
def test_reminder_stage_per_day(holidays_2026, today, stage):
    assert reminder_stage(DUE, today=today, offsets=OFFSETS) == stage


def test_reminder_stage_across_tet(holidays_2026):
    due = date(2026, 2, 23)  # the Monday after Tết 2026
    assert reminder_stage(due, today=date(2026, 2, 10), offsets=OFFSETS) == "before-7"
    assert reminder_stage(due, today=date(2026, 2, 11), offsets=OFFSETS) == "before-3"
    assert reminder_stage(due, today=date(2026, 2, 13), offsets=OFFSETS) == "before-1"


# --- reminders_send -------------------------------------------------------------------------


def test_reminders_reach_the_units_staff_and_head_at_each_stage(users, province, holidays_2026):
    deadline = ManualDeadline.objects.create(
        title="Báo cáo tổng kết", due_on=DUE, unit=province["unit_a"], url="/bao-cao/"
    )
    assert reminders_send(today=date(2026, 3, 10)) == 0
    assert reminders_send(today=date(2026, 3, 11)) == 2
    assert reminders_send(today=date(2026, 3, 12)) == 0
    assert reminders_send(today=date(2026, 3, 17)) == 2
    assert reminders_send(today=date(2026, 3, 19)) == 2
    assert reminders_send(today=date(2026, 3, 20)) == 0
    key = f"manual:{deadline.pk}"
    assert sorted(ReminderLog.objects.values_list("deadline_key", "user__username", "stage")) == [
        (key, "head_a", "before-1"),
        (key, "head_a", "before-3"),
        (key, "head_a", "before-7"),
        (key, "staff_a", "before-1"),
        (key, "staff_a", "before-3"),
        (key, "staff_a", "before-7"),
    ]
    assert set(Notification.objects.values_list("kind", "url")) == {("deadline", "/bao-cao/")}


def test_overdue_goes_to_the_unit_head_and_every_secretariat_user(users, province):
    ManualDeadline.objects.create(title="Báo cáo", due_on=DUE, unit=province["unit_a"])
    user_with_role(Role.SECRETARIAT, username="sec2")
    assert reminders_send(today=date(2026, 3, 23)) == 3
    assert sorted(Notification.objects.values_list("user__username", "kind")) == [
        ("head_a", "overdue"),
        ("sec", "overdue"),
        ("sec2", "overdue"),
    ]
    assert reminders_send(today=date(2026, 3, 24)) == 0


def test_a_deadline_for_every_unit_reaches_every_unit_staff_and_head(users, province):
    ManualDeadline.objects.create(title="Kế hoạch", due_on=DUE)
    inactive = user_with_role(Role.UNIT_STAFF, province["unit_b"], username="gone")
    inactive.is_active = False
    inactive.save()
    assert reminders_send(today=date(2026, 3, 19)) == 3
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == [
        "head_a",
        "staff_a",
        "staff_b",
    ]


def test_a_role_whose_term_ended_gets_no_reminder(users, province):
    from units.models import RoleAssignment

    RoleAssignment.objects.filter(user=users["staff_b"]).update(term_end=date(2026, 1, 1))
    ManualDeadline.objects.create(title="Kế hoạch", due_on=DUE, unit=province["unit_b"])
    assert reminders_send(today=date(2026, 3, 19)) == 0


def test_running_twice_the_same_day_sends_each_reminder_once(
    users, province, mailoutbox, django_capture_on_commit_callbacks
):
    ManualDeadline.objects.create(title="Kế hoạch", due_on=DUE)
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send(today=date(2026, 3, 19))
        second = reminders_send(today=date(2026, 3, 19))
    assert (first, second) == (3, 0)
    assert Notification.objects.count() == 3
    assert ReminderLog.objects.count() == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        users[k].email for k in ("staff_a", "head_a", "staff_b")
    )


def test_the_unique_constraint_decides_not_the_preliminary_read(users, province, monkeypatch):
    """Two runs that both read an empty log (the race) still send once."""
    ManualDeadline.objects.create(title="Kế hoạch", due_on=DUE)
    assert reminders_send(today=date(2026, 3, 19)) == 3
    monkeypatch.setattr(services, "_already_logged", lambda keys: set())
    assert reminders_send(today=date(2026, 3, 19)) == 0
    assert Notification.objects.count() == 3


def test_reminders_respect_preferences_but_are_logged(users, province, mailoutbox):
    NotificationPreference.objects.create(
        user=users["staff_a"], kind=NotificationKind.DEADLINE, in_app=False, by_email=False
    )
    ManualDeadline.objects.create(title="Kế hoạch", due_on=DUE, unit=province["unit_a"])
    assert reminders_send(today=date(2026, 3, 19)) == 2
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["head_a"]
    assert ReminderLog.objects.count() == 2


def test_configured_offsets(users, province, settings):
    settings.TDKT_REMINDER_OFFSETS = (2,)
    ManualDeadline.objects.create(title="Kế hoạch", due_on=DUE, unit=province["unit_a"])
    assert reminders_send(today=date(2026, 3, 17)) == 0
    assert reminders_send(today=date(2026, 3, 18)) == 2
    assert set(ReminderLog.objects.values_list("stage", flat=True)) == {"before-2"}


def test_demo_deadline_leaves_a_reminder_in_the_unit_inboxes(users, province, holidays_2026):
    today = date(2026, 3, 11)
    deadline = seed_demo_deadline(today=today)
    assert (deadline.title, deadline.due_on, deadline.unit) == (
        DEMO_TITLE.format(year=2026),
        date(2026, 3, 16),
        None,
    )
    unread = Notification.objects.filter(read_at__isnull=True)
    assert sorted(unread.values_list("user__username", flat=True)) == [
        "head_a",
        "staff_a",
        "staff_b",
    ]
    assert seed_demo_deadline(today=today) == deadline
    assert ManualDeadline.objects.count() == 1
    assert Notification.objects.count() == 3
