"""Issue 13 points 5, 7, 8: the compose file runs several web and worker containers that
hold no state of their own behind one proxy, with the ordinary database role and a nightly
backup with retention (read from docker-compose.yml itself)."""

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return YAML(typ="safe").load((ROOT / "docker-compose.yml").read_text())


def test_web_and_worker_scale_without_fixed_names_or_host_ports(compose):
    services = compose["services"]
    for name in ("web", "worker"):
        assert "container_name" not in services[name]
        assert "ports" not in services[name]
        assert "deploy" not in services[name] or "replicas" not in services[name]["deploy"]
    assert services["web"]["expose"] == ["8000"]
    # only the proxy publishes a port, and it reaches the replicas by the service name
    published = sorted(name for name, service in services.items() if "ports" in service)
    assert published == ["proxy"]
    conf = (ROOT / "deploy" / "nginx" / "tdkt.conf").read_text()
    assert re.search(r"server web:8000 resolve", conf)
    assert (
        "./deploy/nginx/tdkt.conf:/etc/nginx/conf.d/default.conf:ro"
        in (services["proxy"]["volumes"])
    )


def test_web_worker_beat_and_backup_share_one_media_volume(compose):
    services = compose["services"]
    for name in ("web", "worker", "beat"):
        assert "media:/app/media" in services[name]["volumes"], name
        assert services[name]["environment"]["MEDIA_ROOT"] == "/app/media"
    assert "media:/app/media:ro" in services["backup"]["volumes"]
    assert "media" in compose["volumes"]


def test_no_state_kept_in_the_containers(compose):
    env = compose["services"]["web"]["environment"]
    assert env["DATABASE_URL"].startswith("postgres://tdkt:")
    assert env["REDIS_URL"].startswith("redis://")
    from django.conf import settings

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_migrations_run_once_before_the_replicas(compose):
    services = compose["services"]
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat", "backup"):
        depends = services[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}, name
        assert "migrate" not in " ".join(map(str, services[name].get("command", [])))


def test_the_portal_uses_the_ordinary_role_created_by_the_admin_script(compose):
    postgres = compose["services"]["postgres"]
    assert postgres["environment"]["POSTGRES_USER"] == "postgres"
    assert postgres["environment"]["TDKT_DB_USER"] == "tdkt"
    assert "./deploy/postgres/initdb:/docker-entrypoint-initdb.d:ro" in postgres["volumes"]
    script = (ROOT / "deploy" / "postgres" / "app-role.sql").read_text()
    assert "NOSUPERUSER NOCREATEDB NOCREATEROLE" in script
    assert (
        "CREATE EXTENSION IF NOT EXISTS unaccent"
        in (ROOT / "deploy" / "postgres" / "extensions.sql").read_text()
    )


def test_nightly_backup_service_with_retention(compose):
    backup = compose["services"]["backup"]
    env = backup["environment"]
    assert env["TDKT_BACKUP_DIR"] == "/backups"
    assert env["TDKT_BACKUP_KEEP"] == "${TDKT_BACKUP_KEEP:-14}"
    assert env["TDKT_BACKUP_KEY"] == "${TDKT_BACKUP_KEY:-}"
    assert env["DATABASE_URL"] == compose["services"]["web"]["environment"]["DATABASE_URL"]
    assert backup["command"] == ["sh", "/app/deploy/backup/nightly.sh"]
    assert "backups:/backups" in backup["volumes"]
    assert "backups" in compose["volumes"]
    assert "manifest.json -mmin -1560" in backup["healthcheck"]["test"][1]
    script = (ROOT / "deploy" / "backup" / "nightly.sh").read_text()
    assert "python manage.py backup" in script


def test_beat_stays_single(compose):
    assert "replicas" not in compose["services"]["beat"].get("deploy", {})
