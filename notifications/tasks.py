"""Thin Celery tasks of the notifications app."""

from celery import shared_task

from . import services


@shared_task(name="notifications.send_reminders")
def send_reminders() -> int:
    """Daily (beat): send the deadline reminders due today; returns how many were sent.

    Safe to run twice or on two workers at once: the reminder log's unique constraint
    lets each reminder through once (SECURITY-TESTS.md F3).
    """
    return services.reminders_send()
