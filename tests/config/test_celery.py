"""A Celery task round trip: eagerly without Redis, through a real worker with it."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from units.tasks import ping

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(bool(os.environ.get("REDIS_URL")), reason="eager mode only")
def test_task_runs_eagerly_without_redis():
    assert ping.delay("xin chào").get(timeout=5) == "pong:xin chào"


@pytest.fixture
def worker():
    """A real worker process on the Redis of REDIS_URL, stopped after the test."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--hostname=tdkt-test-%h",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.mark.celery_worker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_task_round_trip_through_a_real_worker(worker):
    from config.celery import app

    assert app.conf.task_always_eager is False
    deadline = time.monotonic() + 60
    result = ping.delay("xin chào")
    value = result.get(timeout=max(1, deadline - time.monotonic()))
    assert value == "pong:xin chào"
    assert result.status == "SUCCESS"
    assert worker.poll() is None  # the worker is still running: it did the work
