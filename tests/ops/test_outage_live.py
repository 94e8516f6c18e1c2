"""Issue 13 point 6, for real: the portal served by gunicorn on a PostgreSQL cluster of the
test's own, which the test stops and starts (and restarts) while a request loop runs.
Every answer is the page (200) or the Vietnamese 503 page with Retry-After, never a 500,
and the same server process serves the page again afterwards: nothing is restarted.
"""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from tests.factories import user_with_role
from tests.utils.pgcluster import bin_dir, own_postgres, wait_until
from units.models import Role

ROOT = Path(__file__).resolve().parents[2]
VIETNAMESE = "Cổng tạm thời chưa kết nối được cơ sở dữ liệu"
FULL_NAME = "Cán Bộ Sự Cố"

pytestmark = [pytest.mark.postgres, pytest.mark.real_clock]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, cookie: str = "") -> tuple[int, str, dict]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)
    except OSError as error:  # no answer at all (timeout, reset): recorded as status 0
        return 0, repr(error), {}


@pytest.fixture
def portal_on_own_cluster(transactional_db, province, settings):
    if connection.vendor != "postgresql" or bin_dir() is None:
        pytest.skip("needs PostgreSQL (DATABASE_URL) and its server binaries")
    user = user_with_role(
        Role.UNIT_STAFF, province["unit_a"], username="outage_live", full_name=FULL_NAME
    )
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    db = connection.settings_dict
    source = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    with own_postgres() as cluster:
        cluster.psql("CREATE DATABASE portal")
        dump = subprocess.run(
            ["pg_dump", "--format=custom", source], capture_output=True, check=True
        ).stdout
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-d", cluster.url("portal")],
            input=dump,
            check=True,
            capture_output=True,
        )
        port = _free_port()
        log = open(cluster.root / "gunicorn.log", "w")  # noqa: SIM115 (closed below)
        env = {
            **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}},
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": cluster.url("portal"),
            "DATABASE_CONN_MAX_AGE": "60",
            "DATABASE_CONNECT_TIMEOUT": "3",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "config.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60",
            ],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"

        def answers() -> bool:
            try:
                return _get(f"{base}/healthz/")[0] == 200
            except OSError:
                return False

        try:
            assert wait_until(answers, timeout=60), "gunicorn did not start"
            yield {"base": base, "cookie": cookie, "cluster": cluster, "server": server, "log": log}
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()


def test_postgres_restart_gives_503_never_500_and_recovers(portal_on_own_cluster):
    base, cookie = portal_on_own_cluster["base"], portal_on_own_cluster["cookie"]
    cluster, server = portal_on_own_cluster["cluster"], portal_on_own_cluster["server"]
    status, body, _ = _get(f"{base}/", cookie)
    assert status == 200 and FULL_NAME in body  # the dashboard of the logged-in user

    done = threading.Event()

    def restart_twice():
        try:
            cluster.stop()  # a restart with a real gap: stopped for 3 seconds
            time.sleep(3)
            cluster.start()
            time.sleep(2)
            cluster.restart()  # and a plain immediate one (pg_ctl stop + start)
            time.sleep(2)
        finally:
            done.set()

    restarter = threading.Thread(target=restart_twice)
    seen = []
    restarter.start()
    while not done.is_set():
        seen.append(("/", *_get(f"{base}/", cookie)))
        seen.append(("/healthz/", *_get(f"{base}/healthz/")))
    restarter.join()
    after = [_get(f"{base}/", cookie) for _ in range(5)]

    statuses = [(path, status) for path, status, _, _ in seen]
    log = Path(portal_on_own_cluster["log"].name).read_text()[-4000:]
    assert {status for _, status in statuses} <= {200, 503}, (statuses, log)
    outage_pages = [(body, headers) for path, status, body, headers in seen if status == 503]
    assert outage_pages, "the loop never met the outage"
    for path, status, body, headers in seen:
        if status != 503:
            continue
        if path == "/":
            assert headers["Retry-After"] == "30"
            assert VIETNAMESE in body
        else:
            assert body.splitlines()[0] == "database: down"
    assert [status for status, _, _ in after] == [200] * 5
    assert all(FULL_NAME in body for _, body, _ in after)
    assert _get(f"{base}/healthz/")[1].splitlines()[0] == "database: ok"
    assert server.poll() is None  # the same server, never restarted
