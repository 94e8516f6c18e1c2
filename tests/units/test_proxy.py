"""Behind the TLS proxy the client's address is the real one (issue 9 point 25): the
one setting AXES_PROXY_COUNT tells python-ipware how many trusted proxies stand in front,
for axes, the portal's own rate limits and the security log alike. Two clients behind
the proxy are limited separately; an X-Forwarded-For forged by a client is ignored."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, user_with_role
from units.models import Role, SecurityEvent
from units.security import client_ip

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PROXY = "172.18.0.5"  # the TLS proxy, as gunicorn sees it
CLIENT_A = "14.161.20.30"
CLIENT_B = "113.160.1.2"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def behind_one_proxy(settings):
    """What config/settings/base.py derives from AXES_PROXY_COUNT=1 (checked below)."""
    settings.TDKT_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.IPWARE_STRICT = False


def _settings_with(**env) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.TDKT_PROXY_COUNT, list(s.AXES_IPWARE_META_PRECEDENCE_ORDER), "
        "s.AXES_IPWARE_PROXY_COUNT, s.IPWARE_STRICT]))"
    )
    environment = {k: v for k, v in os.environ.items() if k != "AXES_PROXY_COUNT"}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.test", **env)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_the_one_setting_drives_ipware():
    assert _settings_with() == '[0, ["REMOTE_ADDR"], null, false]'
    assert _settings_with(AXES_PROXY_COUNT="1") == (
        '[1, ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"], 0, false]'
    )
    assert _settings_with(AXES_PROXY_COUNT="2") == (
        '[2, ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"], 1, false]'
    )


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        (CLIENT_A, CLIENT_A),  # the proxy wrote the client's address
        (f"8.8.8.8, {CLIENT_A}", CLIENT_A),  # the client forged an entry before it
        (f"1.1.1.1, 9.9.9.9, {CLIENT_B}", CLIENT_B),
        (None, PROXY),  # no header: whoever connected
    ],
)
def test_client_address_behind_one_proxy(rf, behind_one_proxy, forwarded, expected):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, **extra)) == expected


def test_without_a_proxy_the_header_is_ignored(rf):
    request = rf.get("/", REMOTE_ADDR=CLIENT_A, HTTP_X_FORWARDED_FOR="8.8.8.8")
    assert client_ip(request) == CLIENT_A


def _verify(client, forwarded=None, remote=PROXY):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    url = reverse("awards:verify", args=["7KQM4XRT93HV"])
    return client.get(url, REMOTE_ADDR=remote, **extra).status_code


def test_two_clients_behind_the_proxy_are_limited_apart(client, settings, behind_one_proxy):
    settings.TDKT_VERIFY_RATE_PER_MINUTE = 2
    assert [_verify(client, CLIENT_A) for _ in range(3)] == [404, 404, 429]
    # Another citizen behind the same proxy is not held back by the first one …
    assert [_verify(client, CLIENT_B) for _ in range(2)] == [404, 404]
    # … and the first cannot escape its limit by forging the header.
    assert _verify(client, f"5.5.5.5, {CLIENT_A}") == 429
    assert _verify(client, f"6.6.6.6, {CLIENT_B}") == 429  # B's third


def test_a_forged_header_from_outside_is_ignored_without_a_proxy(client, settings):
    settings.TDKT_VERIFY_RATE_PER_MINUTE = 2
    codes = [_verify(client, f"5.5.5.{n}", remote=CLIENT_A) for n in range(3)]
    assert codes == [404, 404, 429]


def _login(client, username, password, forwarded):
    return client.post(
        reverse("units:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_a_lockout_behind_the_proxy_holds_the_attacker_only(behind_one_proxy):
    user_with_role(Role.SECRETARIAT, username="nhanvien")
    attacker = Client()
    for _ in range(5):
        _login(attacker, "nhanvien", "sai-mat-khau-123", f"7.7.7.7, {CLIENT_A}")
    locked = _login(attacker, "nhanvien", PASSWORD, CLIENT_A)
    assert "_auth_user_id" not in attacker.session
    assert locked.status_code == 200
    locked_from = SecurityEvent.objects.filter(kind="locked_out").values_list("ip_address")
    assert set(locked_from) == {(CLIENT_A,)}  # the real address, in the security log too
    # The owner, behind the same proxy from another address, still logs in.
    owner = Client()
    assert _login(owner, "nhanvien", PASSWORD, CLIENT_B).status_code == 302
    assert set(
        SecurityEvent.objects.filter(kind="login_failed").values_list("ip_address", flat=True)
    ) == {CLIENT_A}
