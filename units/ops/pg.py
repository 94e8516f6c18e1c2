"""PostgreSQL client tools (pg_dump, pg_restore) and catalogue queries for backup/restore.

The password travels in the environment (PGPASSWORD), never on a command line. The client
tools must have the server's major version: a newer pg_dump writes archives an older
pg_restore cannot read, an older one refuses a newer server.
"""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

import environ
import psycopg
from django.conf import settings
from psycopg import sql


class ToolError(Exception):
    """A client tool is missing, of the wrong version, or failed."""


@dataclass(frozen=True)
class Target:
    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, settings_dict: dict) -> "Target":
        if settings_dict["ENGINE"] != "django.db.backends.postgresql":
            raise ToolError(
                "Sao lưu/phục hồi cần PostgreSQL (DATABASE_URL) / backup and restore need "
                "PostgreSQL"
            )
        return cls(
            name=settings_dict["NAME"],
            host=settings_dict.get("HOST") or "",
            port=str(settings_dict.get("PORT") or ""),
            user=settings_dict.get("USER") or "",
            password=settings_dict.get("PASSWORD") or "",
        )

    @classmethod
    def from_url(cls, url: str) -> "Target":
        return cls.from_settings(environ.Env.db_url_config(url))

    def environ(self) -> dict:
        env = {**os.environ, "PGDATABASE": self.name, "PGAPPNAME": "tdkt-backup"}
        for key, value in (
            ("PGHOST", self.host),
            ("PGPORT", self.port),
            ("PGUSER", self.user),
            ("PGPASSWORD", self.password),
        ):
            if value:
                env[key] = value
            else:
                env.pop(key, None)
        return env

    def connect(self, **kwargs) -> psycopg.Connection:
        params = {"dbname": self.name, "application_name": "tdkt-backup"}
        for key, value in (
            ("host", self.host),
            ("port", self.port),
            ("user", self.user),
            ("password", self.password),
        ):
            if value:
                params[key] = value
        return psycopg.connect(**params, **kwargs)

    def __str__(self) -> str:
        return f"{self.user or '-'}@{self.host or 'local'}:{self.port or 5432}/{self.name}"


def tool(name: str) -> str:
    """The path of pg_dump/pg_restore: TDKT_PG_BIN_DIR when set, else PATH."""
    folder = getattr(settings, "TDKT_PG_BIN_DIR", "")
    path = os.path.join(folder, name) if folder else shutil.which(name)
    if not path or not os.access(path, os.X_OK):
        raise ToolError(
            f"Không tìm thấy {name} (cài postgresql-client cùng phiên bản máy chủ hoặc đặt "
            f"TDKT_PG_BIN_DIR) / {name} not found"
        )
    return path


def tool_major(name: str) -> tuple[int, str]:
    out = subprocess.run([tool(name), "--version"], capture_output=True, text=True, check=True)
    match = re.search(r"(\d+)(?:\.(\d+))?", out.stdout)
    if not match:
        raise ToolError(f"Không đọc được phiên bản của {name} / unknown version: {out.stdout}")
    return int(match.group(1)), out.stdout.strip()


def server_version(connection: psycopg.Connection) -> tuple[int, str]:
    number = connection.info.server_version  # e.g. 150020
    return number // 10000, f"{number // 10000}.{number % 100}"


def check_versions(name: str, connection: psycopg.Connection) -> str:
    major, text = tool_major(name)
    server_major, server_text = server_version(connection)
    if major != server_major:
        raise ToolError(
            f"{name} phiên bản {major} khác máy chủ PostgreSQL {server_major}: cài "
            f"postgresql-client-{server_major} hoặc đặt TDKT_PG_BIN_DIR / {name} {major} "
            f"does not match server {server_major}"
        )
    return f"{text}; server {server_text}"


USER_TABLES = """
    SELECT n.nspname, c.relname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_%'
      AND NOT EXISTS (
        SELECT 1 FROM pg_depend d
        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
      )
    ORDER BY 1, 2
"""


def user_tables(connection: psycopg.Connection) -> list[tuple[str, str]]:
    return [tuple(row) for row in connection.execute(USER_TABLES).fetchall()]


def row_counts(connection: psycopg.Connection) -> dict[str, int]:
    counts = {}
    for schema, table in user_tables(connection):
        query = sql.SQL("SELECT count(*) FROM {}.{}").format(
            sql.Identifier(schema), sql.Identifier(table)
        )
        key = table if schema == "public" else f"{schema}.{table}"
        counts[key] = connection.execute(query).fetchone()[0]
    return counts


def extensions(connection: psycopg.Connection) -> set[str]:
    return {row[0] for row in connection.execute("SELECT extname FROM pg_extension")}


def run(args: list[str], target: Target, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, env=target.environ(), capture_output=True, **kwargs)
    if result.returncode != 0:
        stderr = result.stderr.decode("utf-8", "replace") if result.stderr else ""
        raise ToolError(f"{os.path.basename(args[0])} thất bại / failed:\n{stderr.strip()}")
    return result
