"""Fault-test helpers: a redis-server of the test's own on a free loopback port (never the
shared one on 6379), the Celery app of the test process pointed at it, and a real worker
process on the test database.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import kombu.pools

ROOT = Path(__file__).resolve().parents[2]
# A Redis nobody listens on: every cache call fails at once with a connection error
# (``override_settings(CACHES=UNREACHABLE_CACHES)``).
UNREACHABLE_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}
FIRST_PORT = 6391


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class OwnRedis:
    """A throw-away redis-server on 127.0.0.1:<port>, no persistence; stop and start it
    again on the same port to play an outage."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or next(p for p in range(FIRST_PORT, FIRST_PORT + 50) if _port_is_free(p))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--protected-mode", "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as connection,
            ):
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
        deadline = time.monotonic() + 5
        while not _port_is_free(self.port) and time.monotonic() < deadline:
            time.sleep(0.05)


@contextlib.contextmanager
def celery_app_on(url: str):
    """Point the test process's Celery app at the broker ``url`` (no eager mode), and
    back afterwards."""
    from config.celery import app

    keys = ("broker_url", "result_backend", "task_always_eager")
    saved = {key: app.conf[key] for key in keys}

    def reset_pools() -> None:
        kombu.pools.reset()  # close and forget the pooled connections (kombu's registry)
        app._pool = None
        # The result backend is built from the conf on first use, and cached.
        app._backend_cache = None
        with contextlib.suppress(AttributeError):
            del app._local.backend
        with contextlib.suppress(AttributeError, KeyError):
            app.__dict__["amqp"]._producer_pool = None

    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    reset_pools()
    try:
        yield app
    finally:
        app.conf.update(saved)
        reset_pools()


def start_worker(redis_url: str, *, extra_env: dict[str, str] | None = None):
    """A real Celery worker (solo pool) on ``redis_url`` working on the test database, run
    through ``tests/reports/slow_worker.py`` (TDKT_TEST_REPORT_SLEEP slows reports)."""
    from django.conf import settings
    from django.db import connection

    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **(extra_env or {}),
    }
    env.pop("REDIS_CACHE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reports.slow_worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop_worker(process) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
