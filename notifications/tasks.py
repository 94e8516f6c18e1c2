"""Thin Celery tasks of the notifications app."""

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(name="notifications.send_reminders")
def send_reminders() -> int:
    """Daily (beat): send the deadline reminders due today; returns how many were sent.

    Safe to run twice or on two workers at once: the reminder log's unique constraint
    lets each reminder through once (SECURITY-TESTS.md F3).
    """
    return services.reminders_send()


@shared_task(name="notifications.send_email", bind=True, ignore_result=True)
def send_email(self, email_id: int) -> str:
    """Send one outbox row; while the mail server fails, retry with a doubling delay
    (TDKT_EMAIL_RETRY_SECONDS, then twice that, …) up to TDKT_EMAIL_MAX_RETRIES times,
    then leave the row failed. Without a broker (eager, the embedded default) the retries
    run at once, in the calling process, and never break the caller."""
    max_retries = settings.TDKT_EMAIL_MAX_RETRIES
    retries = self.request.retries or 0
    while True:
        try:
            return services.email_send(email_id=email_id)
        except services.EmailNotSent as error:
            if retries >= max_retries:
                services.email_give_up(email_id=email_id)
                return "failed"
            if not self.request.is_eager:
                delay = settings.TDKT_EMAIL_RETRY_SECONDS * 2**retries
                raise self.retry(exc=error, countdown=delay, max_retries=max_retries) from error
            retries += 1


@shared_task(name="notifications.sweep_emails", ignore_result=True)
def sweep_emails() -> int:
    """Every five minutes (beat): queue again the e-mails whose task never reached the
    broker (Redis was down at the commit) or was lost."""
    return services.emails_sweep()
