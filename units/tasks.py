"""Thin Celery tasks of the organisation app."""

from celery import shared_task

from . import services
from .imports import import_files_purge
from .media import media_purge_orphans


@shared_task(name="units.disable_idle_accounts")
def disable_idle_accounts() -> list[str]:
    """Daily: disable accounts idle for more than the configured number of days."""
    return services.users_disable_idle()


@shared_task(name="units.purge_import_files")
def purge_import_files() -> dict[str, list[str]]:
    """Every 15 minutes (beat): delete the import files nobody confirmed in time
    (``units.imports``), then every other media file that no row references once past
    its grace period (``units.media``); returns the names of both."""
    return {"imports": import_files_purge(), "orphans": media_purge_orphans()}


@shared_task(name="units.ping")
def ping(value: str) -> str:
    """Round trip used by the deployment check and the worker test: echoes ``value``."""
    return f"pong:{value}"
