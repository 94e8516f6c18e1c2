"""The Celery application: one app for the web, the worker and beat.

Without REDIS_URL the settings make every task run eagerly in the calling process, so the
embedded default needs no broker.
"""

import os

from celery import Celery

if not os.environ.get("DJANGO_SETTINGS_MODULE"):  # unset or empty
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"

app = Celery("tdkt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def broker_status(*, timeout: float = 1.0) -> str:
    """ "ok" when the broker answers within ``timeout`` seconds, "down" when it does not,
    "eager" when there is none (tasks run in the calling process). For /healthz/."""
    if app.conf.task_always_eager:
        return "eager"
    try:
        with app.connection_for_write(connect_timeout=timeout) as connection:
            connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, interval_max=0, timeout=timeout
            )
    except Exception:  # any transport error: the broker is unreachable
        return "down"
    return "ok"
