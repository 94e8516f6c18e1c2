"""Thin Celery tasks of the organisation app."""

from celery import shared_task

from . import services


@shared_task(name="units.disable_idle_accounts")
def disable_idle_accounts() -> list[str]:
    """Daily: disable accounts idle for more than the configured number of days."""
    return services.users_disable_idle()


@shared_task(name="units.ping")
def ping(value: str) -> str:
    """Round trip used by the deployment check and the worker test: echoes ``value``."""
    return f"pong:{value}"
