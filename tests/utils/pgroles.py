"""A database of the test's own on the shared PostgreSQL server, prepared the way an
administrator prepares the portal's (deploy/postgres/*.sql): an ordinary login role, a
database owned by the superuser, optionally the extensions, the schema grant. Dropped
afterwards."""

import contextlib
import subprocess
import uuid
from pathlib import Path

import psycopg
from django.db import connection
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "postgres"


def admin_url(database: str = "postgres") -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{database}"


def _psql(url: str, sql_file: Path, **variables: str) -> None:
    args = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", str(sql_file)]
    for name, value in variables.items():
        args[1:1] = ["-v", f"{name}={value}"]
    subprocess.run(args, check=True, capture_output=True)


@contextlib.contextmanager
def app_database(*, extensions: bool = True):
    """Yield (url of the app role on its new database, role, database name)."""
    suffix = uuid.uuid4().hex[:8]
    role, name, password = f"tdkt_app_{suffix}", f"tdkt_app_db_{suffix}", uuid.uuid4().hex
    _psql(
        admin_url(),
        DEPLOY / "app-role.sql",
        app_role=role,
        app_password=password,
        app_db=name,
    )
    try:
        if extensions:
            _psql(admin_url(name), DEPLOY / "extensions.sql")
        _psql(admin_url(name), DEPLOY / "app-schema.sql", app_role=role)
        host = connection.settings_dict["HOST"] or "127.0.0.1"
        port = connection.settings_dict["PORT"] or 5432
        yield f"postgres://{role}:{password}@{host}:{port}/{name}", role, name
    finally:
        with psycopg.connect(admin_url(), autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))
