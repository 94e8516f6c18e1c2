"""In production the chairman and the Council members also log in with a second factor
(issue 9 point 26): they approve decisions and cast ballots. The roles are a documented,
environment-backed setting (TDKT_OTP_REQUIRED_ROLES)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
TWO_FACTOR = "/tai-khoan/xac-thuc-hai-lop/"
DEFAULT_ROLES = ["secretariat", "administrator", "chairman", "council_member"]


def _roles_in_production(**extra) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TDKT_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="tdkt.example.gov.vn",
        **extra,
    )
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.TDKT_OTP_REQUIRED, s.TDKT_OTP_REQUIRED_ROLES]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_requires_the_second_factor_of_the_chairman_and_the_council():
    assert _roles_in_production() == [True, DEFAULT_ROLES]
    assert _roles_in_production(TDKT_OTP_REQUIRED_ROLES="secretariat,chairman") == [
        True,
        ["secretariat", "chairman"],
    ]


def test_the_setting_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert (
        "| `TDKT_OTP_REQUIRED_ROLES` | `secretariat,administrator,chairman,council_member` |"
        in readme
    )
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert "# TDKT_OTP_REQUIRED_ROLES=secretariat,administrator,chairman,council_member" in example


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user_key", "expected"),
    [
        ("chairman", TWO_FACTOR),
        ("council", TWO_FACTOR),
        ("secretariat", TWO_FACTOR),
        ("admin", TWO_FACTOR),
        ("staff_a", None),
        ("head_a", None),
    ],
)
def test_who_is_sent_to_the_second_factor(client, settings, users, user_key, expected):
    settings.TDKT_OTP_REQUIRED = True
    assert settings.TDKT_OTP_REQUIRED_ROLES == DEFAULT_ROLES
    client.force_login(users[user_key])
    response = client.get(reverse("units:dashboard"))
    if expected is None:
        assert response.status_code == 200
    else:
        assert (response.status_code, response["Location"]) == (302, expected)
