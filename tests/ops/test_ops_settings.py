"""The operations settings: defaults, documentation, and the commands' answer on SQLite."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from tests.utils.python import run_python

ROOT = Path(__file__).resolve().parents[2]
NEW_SETTINGS = [
    "DATABASE_CONNECT_TIMEOUT",
    "TDKT_RETRY_AFTER_SECONDS",
    "TDKT_BACKUP_DIR",
    "TDKT_BACKUP_KEEP",
    "TDKT_BACKUP_KEY",
    "TDKT_PG_BIN_DIR",
    "TDKT_BACKUP_AT_UTC",
    "TDKT_HTTP_PORT",
    "POSTGRES_ADMIN_PASSWORD",
    "TDKT_PAGE_CACHE_SECONDS",
    "TDKT_SEARCH_COUNT_CAP",
]


def test_defaults():
    backup_dir = settings.TDKT_BACKUP_DIR
    assert backup_dir == Path(settings.BASE_DIR) / "backups"
    assert settings.TDKT_BACKUP_KEEP == 7
    assert settings.TDKT_BACKUP_KEY == ""
    assert settings.TDKT_PG_BIN_DIR == ""
    assert settings.TDKT_RETRY_AFTER_SECONDS == 30
    if connection.vendor == "postgresql":
        assert settings.DATABASES["default"]["OPTIONS"]["connect_timeout"] == 5


@pytest.mark.parametrize("name", NEW_SETTINGS)
def test_every_new_setting_is_documented(name):
    assert f"`{name}`" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{name}=" in (ROOT / ".env.example").read_text(encoding="utf-8")


@pytest.mark.django_db
def test_backup_on_sqlite_says_it_needs_postgresql(tmp_path):
    if connection.vendor == "postgresql":
        pytest.skip("the SQLite answer")
    with pytest.raises(CommandError, match="Sao lưu/phục hồi cần PostgreSQL"):
        call_command("backup", output_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_restore_of_a_folder_without_manifest_says_so(tmp_path):
    with pytest.raises(CommandError, match=f"Không có manifest.json trong {tmp_path}"):
        call_command("restore", str(tmp_path), database_url="postgres://x@127.0.0.1:1/none")


def test_generate_key_prints_a_fernet_key(capsys):
    from cryptography.fernet import Fernet

    call_command("backup", generate_key=True)
    key = capsys.readouterr().out.strip()
    assert Fernet(key).decrypt(Fernet(key).encrypt(b"ok")) == b"ok"


def test_a_sqlite_database_url_connects(tmp_path):
    """The PostgreSQL connect timeout is never handed to SQLite (make run with a file URL)."""
    code = (
        "import django; django.setup(); from django.db import connection; "
        "connection.ensure_connection(); print(connection.vendor, "
        "'connect_timeout' in connection.settings_dict.get('OPTIONS', {}))"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'file.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-2:] == ["sqlite", "False"]


def test_the_wsgi_application_is_loaded_whole_and_left_out_of_collections():
    """A worker loads every view before its first request and freezes what it loaded: the
    collector's full passes no longer walk Django itself (a 140 ms pause, issue 13)."""
    code = (
        "import gc, sys, config.wsgi; "
        "print(gc.get_freeze_count(), 'awards.views.archive' in sys.modules, "
        "callable(config.wsgi.application))"
    )
    environment = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test")
    output = run_python(code, environment)
    frozen, loaded, app = output.split()
    assert int(frozen) > 100_000 and loaded == "True" and app == "True"
