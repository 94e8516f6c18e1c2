"""The Celery application: one app for the web, the worker and beat.

Without REDIS_URL the settings make every task run eagerly in the calling process, so the
embedded default needs no broker.
"""

import os

import redis
from celery import Celery
from redis.backoff import NoBackoff
from redis.retry import Retry

if not os.environ.get("DJANGO_SETTINGS_MODULE"):  # unset or empty
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"

app = Celery("tdkt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# One client per broker address, kept for the process: /healthz/ asks the broker on every
# call, and a new connection each time (kombu's channel set-up, redis-py reading its own
# package metadata) cost about 3.5 ms of CPU, four times the rest of the check (issue 13:
# /healthz/ is the bench's ceiling). A kept connection that Redis dropped is opened again
# by the next PING.
_redis_clients: dict[str, redis.Redis] = {}


def _redis_client(url: str, timeout: float) -> redis.Redis:
    client = _redis_clients.get(url)
    if client is None:
        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=timeout,
            socket_timeout=timeout,
            retry=Retry(NoBackoff(), 1),  # one new try on a dropped connection, no wait
        )
        client = _redis_clients.setdefault(url, client)
    return client


def broker_status(*, timeout: float = 1.0) -> str:
    """ "ok" when the broker answers within ``timeout`` seconds, "down" when it does not,
    "eager" when there is none (tasks run in the calling process). For /healthz/."""
    if app.conf.task_always_eager:
        return "eager"
    url = app.conf.broker_url or ""
    try:
        if url.startswith(("redis://", "rediss://")):
            _redis_client(url, timeout).ping()
        else:  # another transport: a connection of its own, as Celery would open one
            with app.connection_for_write(connect_timeout=timeout) as connection:
                connection.ensure_connection(
                    max_retries=1,
                    interval_start=0,
                    interval_step=0,
                    interval_max=0,
                    timeout=timeout,
                )
    except Exception:  # any transport error: the broker is unreachable
        return "down"
    return "ok"
