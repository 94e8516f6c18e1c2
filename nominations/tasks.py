"""Thin Celery tasks of the nominations app: ids in, one service call."""

from celery import shared_task

from .services import consultation


@shared_task(name="nominations.close_consultations")
def close_consultations() -> list[int]:
    """Daily (beat, 00:05): close every public consultation whose closing day is past
    and join its result to the dossiers. Idempotent: only open windows are closed."""
    return consultation.consultations_close_due()


@shared_task(name="nominations.erase_opinion_contacts")
def erase_opinion_contacts() -> int:
    """Nightly (beat, 02:30): erase the public senders' names and contacts once the
    retention period after their consultation has passed."""
    return consultation.opinion_contacts_erase()
