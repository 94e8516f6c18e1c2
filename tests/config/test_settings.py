"""The key settings took effect (a misspelt setting is silently ignored otherwise)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app

ROOT = Path(__file__).resolve().parents[2]


def test_language_and_time_zone():
    assert (settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ) == (
        "vi",
        "Asia/Ho_Chi_Minh",
        True,
    )


def test_database_follows_database_url():
    if os.environ.get("DATABASE_URL"):
        assert connection.vendor == "postgresql"
        assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 60
        assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    else:
        assert connection.vendor == "sqlite"


def test_celery_follows_redis_url():
    """Celery reads the CELERY_ settings: eager without Redis, the broker with it."""
    if os.environ.get("REDIS_URL"):
        assert app.conf.task_always_eager is False
        assert app.conf.broker_url == os.environ["REDIS_URL"]
    else:
        assert app.conf.task_always_eager is True
    assert app.conf.task_acks_late is True
    assert app.conf.timezone == "Asia/Ho_Chi_Minh"
    assert app.conf.beat_schedule["disable-idle-accounts"]["task"] == "units.disable_idle_accounts"
    assert "units.disable_idle_accounts" in app.tasks


def test_security_numbers():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AUTH_USER_MODEL == "units.User"
    assert settings.TDKT_SESSION_IDLE_MINUTES == 15
    assert settings.TDKT_SESSION_IDLE_MINUTES_ADMIN == 5
    assert settings.TDKT_SESSION_ABSOLUTE_HOURS == 8
    assert settings.TDKT_ACCOUNT_IDLE_DAYS == 45
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["object-src"] == ["'none'"]


def _production_env(**extra) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "TDKT_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="tdkt.example.gov.vn",
        **extra,
    )
    return env


def test_check_deploy_with_production_settings_is_clean():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SESSION_COOKIE_NAME", "__Host-sessionid"),
        ("CSRF_COOKIE_NAME", "__Host-csrftoken"),
        ("SECURE_HSTS_SECONDS", 31_536_000),
        ("TDKT_OTP_REQUIRED", True),
        ("DEBUG", False),
    ],
)
def test_production_settings_values(name, value):
    code = (
        "import django;django.setup();from django.conf import settings;"
        f"print(repr(settings.{name}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == repr(value), result.stderr
