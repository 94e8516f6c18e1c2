"""Issue 13 point 7: the portal's database role is an ordinary one. On a database the
administrator prepared (deploy/postgres/*.sql: role, database, extensions, schema grant),
every migration runs as that role; without the extensions step they cannot."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import psycopg.errors
import pytest
from django.db import connection

from tests.utils.pgcluster import bin_dir, own_postgres
from tests.utils.pgroles import app_database

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres]


def _migrate(url: str) -> subprocess.CompletedProcess:
    env = {
        **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")


def test_migrations_run_as_an_ordinary_role_after_the_admin_step(on_postgres):
    with app_database() as (url, role, _name):
        with psycopg.connect(url) as app:
            flags = app.execute(
                "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles "
                "WHERE rolname = current_user"
            ).fetchone()
            assert flags == (False, False, False)
            can_create = app.execute(
                "SELECT has_database_privilege(current_database(), 'CREATE')"
            ).fetchone()[0]
            assert can_create is False  # not even the trusted extensions

        result = _migrate(url)

        assert result.returncode == 0, result.stderr[-3000:]
        with psycopg.connect(url) as app:
            pending = app.execute(
                "SELECT count(*) FROM django_migrations WHERE app = 'units'"
            ).fetchone()[0]
            assert pending > 0
            owners = {
                row[0]
                for row in app.execute(
                    "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
                )
            }
            assert owners == {role}
            # the accent-insensitive search the extensions serve works for the app role
            assert app.execute("SELECT public.tdkt_unaccent('Quảng Ngãi')").fetchone()[0] == (
                "Quang Ngai"
            )


def test_without_the_admin_step_the_ordinary_role_cannot_create_the_extensions(on_postgres):
    with app_database(extensions=False) as (url, _role, _name):
        result = _migrate(url)

    assert result.returncode != 0
    assert "permission denied to create extension" in result.stderr


def test_the_compose_init_script_makes_an_ordinary_role_with_the_extensions():
    if bin_dir() is None:
        pytest.skip("needs the PostgreSQL server binaries")
    with own_postgres() as cluster:
        env = {
            **os.environ,
            "POSTGRES_USER": "postgres",
            "PGHOST": "127.0.0.1",
            "PGPORT": str(cluster.port),
            "TDKT_DB_PASSWORD": "s3cret",
            "TDKT_DEPLOY_DIR": str(ROOT / "deploy" / "postgres"),
        }
        script = ROOT / "deploy" / "postgres" / "initdb" / "10-tdkt.sh"
        subprocess.run(["sh", str(script)], env=env, check=True, capture_output=True)

        roles = cluster.psql(
            "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = 'tdkt'"
        )
        assert roles == "f|f|f"
        assert cluster.psql("SELECT extname FROM pg_extension ORDER BY 1", "tdkt").split() == [
            "pg_trgm",
            "plpgsql",
            "unaccent",
        ]
        app = f"postgres://tdkt:s3cret@127.0.0.1:{cluster.port}/tdkt"
        with psycopg.connect(app, autocommit=True) as connection:
            connection.execute("CREATE TABLE probe (id int)")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute("CREATE EXTENSION hstore")
