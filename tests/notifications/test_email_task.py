"""E-mail goes out through a Celery task with retries, never SMTP inside a request
(issue 9 point 24; SECURITY-TESTS F1, F3): an outbox row written with the change, its
task sent on commit, retried while the mail server fails, sent once however often the
task is delivered; a broker down at the commit loses nothing; the preferences of N users
are read in one query."""

import smtplib
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from config.celery import app
from notifications import services, tasks
from notifications.models import (
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
    OutgoingEmail,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def not_eager():
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def broker(monkeypatch, not_eager):
    """A broker that accepts every publish; no worker takes it."""
    sent = []
    monkeypatch.setattr(tasks.send_email, "apply_async", lambda args, **kw: sent.append(args))
    return sent


@pytest.fixture
def broker_down(monkeypatch, not_eager):
    tried = []

    def refuse(args, **kwargs):
        tried.append(args)
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_email, "apply_async", refuse)
    return tried


@pytest.fixture
def smtp(monkeypatch):
    """The mail server: refuses the first ``failures[0]`` sends, then accepts."""
    failures = [0]
    calls = []
    real = services.send_mail

    def send(*args, **kwargs):
        calls.append(args[3])
        if len(calls) <= failures[0]:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "send_mail", send)
    return failures, calls


def test_the_request_only_writes_the_outbox_row_and_queues_the_task(
    broker, django_capture_on_commit_callbacks
):
    user = UserFactory(email="can.bo@quangngai.gov.vn")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user=user, kind=NotificationKind.DOSSIER, title="Hồ sơ bị trả lại")
    email = OutgoingEmail.objects.get()
    assert (email.address, email.subject, email.status) == (
        "can.bo@quangngai.gov.vn",
        "Hồ sơ bị trả lại",
        "pending",
    )
    assert mail.outbox == []  # no SMTP in the caller
    assert broker == [(email.pk,)]
    email.refresh_from_db()
    assert email.dispatched_at is not None


def test_nothing_is_queued_when_the_transaction_rolls_back(broker):
    from django.db import transaction

    user = UserFactory(email="a@quangngai.gov.vn")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify(user=user, kind=NotificationKind.DOSSIER, title="Không gửi")
        raise RuntimeError
    assert (OutgoingEmail.objects.count(), broker) == (0, [])


def test_the_task_retries_while_the_mail_server_fails_then_sends_once(smtp):
    failures, calls = smtp
    failures[0] = 2
    email = OutgoingEmail.objects.create(address="a@quangngai.gov.vn", subject="Nhắc hạn")
    tasks.send_email.apply((email.pk,))  # in this process: the retries run at once
    email.refresh_from_db()
    assert (email.status, email.attempts, email.error) == ("sent", 3, "")
    assert [m.to for m in mail.outbox] == [["a@quangngai.gov.vn"]]
    # Delivered again (acks_late, a redelivery, a second sweep): nothing more is sent.
    assert tasks.send_email.apply((email.pk,)).get() == "sent"
    assert services.email_send(email_id=email.pk) == "sent"
    assert len(mail.outbox) == 1
    assert len(calls) == 3


def test_the_task_gives_up_after_the_last_retry_and_the_row_stays_failed(settings, smtp):
    failures, calls = smtp
    failures[0] = 100
    settings.TDKT_EMAIL_MAX_RETRIES = 3
    email = OutgoingEmail.objects.create(address="a@quangngai.gov.vn", subject="Nhắc hạn")
    tasks.send_email.apply((email.pk,))
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 4)
    assert email.error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert mail.outbox == []


def test_the_retry_waits_double_each_time(monkeypatch, settings, smtp):
    failures, _calls = smtp
    failures[0] = 100
    settings.TDKT_EMAIL_RETRY_SECONDS = 30
    waits = []

    def retry(self_task=None, **kwargs):
        waits.append(kwargs["countdown"])
        raise kwargs["exc"]

    monkeypatch.setattr(tasks.send_email, "retry", lambda **kw: retry(**kw))
    email = OutgoingEmail.objects.create(address="a@quangngai.gov.vn", subject="Nhắc hạn")
    for retries in range(3):
        tasks.send_email.push_request(retries=retries)
        try:
            with pytest.raises(services.EmailNotSent):
                tasks.send_email.run(email.pk)
        finally:
            tasks.send_email.pop_request()
    assert waits == [30, 60, 120]


def test_a_broker_down_at_the_commit_loses_no_mail(
    broker_down, monkeypatch, django_capture_on_commit_callbacks
):
    users = [UserFactory(email=f"u{n}@quangngai.gov.vn") for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_users(users=users, kind=NotificationKind.DOSSIER, title="Hồ sơ mới")
    assert (
        list(OutgoingEmail.objects.values_list("status", "dispatched_at"))
        == [("pending", None)] * 3
    )
    assert len(broker_down) == 1  # the first refusal stops the rest
    # The broker is back: the sweeper (beat, every five minutes) queues all three.
    sent = []
    monkeypatch.setattr(tasks.send_email, "apply_async", lambda args, **kw: sent.append(args))
    assert tasks.sweep_emails() == 3
    assert sorted(sent) == sorted(
        (pk,) for pk in OutgoingEmail.objects.values_list("pk", flat=True)
    )
    assert tasks.sweep_emails() == 0  # queued now; again only if lost for an hour
    OutgoingEmail.objects.update(dispatched_at=timezone.now() - timedelta(hours=2))
    assert services.emails_sweep() == 3


@pytest.mark.parametrize("count", [2, 12])
def test_the_preferences_of_n_users_are_one_query(count, django_assert_num_queries):
    users = [UserFactory(email=f"u{n}@quangngai.gov.vn") for n in range(count)]
    NotificationPreference.objects.create(
        user=users[0], kind=NotificationKind.DOSSIER, by_email=False, in_app=True
    )
    # One read of the preferences, one insert of the inbox rows, one of the e-mails.
    with django_assert_num_queries(3):
        created = services.notify_users(
            users=users, kind=NotificationKind.DOSSIER, title="Hồ sơ mới", url="/ho-so/1/"
        )
    assert len(created) == count
    assert Notification.objects.filter(title="Hồ sơ mới").count() == count
    addresses = sorted(OutgoingEmail.objects.values_list("address", flat=True))
    assert addresses == sorted(u.email for u in users[1:])  # the first turned e-mail off


def test_the_settings_and_the_schedule():
    assert (django_settings.TDKT_EMAIL_MAX_RETRIES, django_settings.TDKT_EMAIL_RETRY_SECONDS) == (
        5,
        30,
    )
    entry = django_settings.CELERY_BEAT_SCHEDULE["sweep-pending-emails"]
    assert (entry["task"], entry["schedule"]) == (
        "notifications.sweep_emails",
        timedelta(minutes=5),
    )
    assert {"notifications.send_email", "notifications.sweep_emails"} <= set(app.tasks)
    assert EmailStatus.PENDING == "pending"
