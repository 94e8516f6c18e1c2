"""Fixtures shared by the whole suite: a small province and one user per role."""

import pytest

from tests.factories import PersonFactory, UnitFactory, user_with_role
from units.models import Role


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture
def province(db):
    """Two communes (A and B) under a root, each with people, plus a department."""
    root = UnitFactory(name="Ủy ban nhân dân tỉnh Thử", code="ubnd-thu", kind="peoples_committee")
    unit_a = UnitFactory(name="Xã Bình Sơn", code="xa-a", parent=root)
    unit_b = UnitFactory(name="Phường Cẩm Thành", code="phuong-b", kind="ward", parent=root)
    village_a = UnitFactory(name="Thôn 1", code="xa-a-t1", kind="village", parent=unit_a)
    person_a = PersonFactory(
        full_name="Đặng Thùy Trâm",
        gender="female",
        unit=village_a,
        birth_year=None,
        birth_date="1985-03-07",
        id_number="051185000123",
        ethnicity="Hrê",
        position="Trưởng thôn",
    )
    person_b = PersonFactory(
        full_name="Nguyễn Văn An",
        unit=unit_b,
        birth_year=None,
        birth_date="1979-11-02",
        id_number="051079000456",
        ethnicity="Kinh",
        position="Công chức Văn hóa - Xã hội",
    )
    return {
        "root": root,
        "unit_a": unit_a,
        "unit_b": unit_b,
        "village_a": village_a,
        "person_a": person_a,
        "person_b": person_b,
    }


@pytest.fixture
def users(province):
    """One user per role that the permission matrix exercises."""
    return {
        "staff_a": user_with_role(Role.UNIT_STAFF, province["unit_a"], username="staff_a"),
        "head_a": user_with_role(Role.UNIT_HEAD, province["unit_a"], username="head_a"),
        "staff_b": user_with_role(Role.UNIT_STAFF, province["unit_b"], username="staff_b"),
        "secretariat": user_with_role(Role.SECRETARIAT, username="sec"),
        "council": user_with_role(Role.COUNCIL_MEMBER, username="council1"),
        "chairman": user_with_role(Role.CHAIRMAN, username="chair"),
        "admin": user_with_role(Role.ADMINISTRATOR, username="adm"),
    }


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real Celery worker on REDIS_URL working on the test database (PostgreSQL).

    Skipped without REDIS_URL: then tasks run eagerly in the test itself.
    """
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.db import connection

    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        pytest.skip("needs REDIS_URL and PostgreSQL (DATABASE_URL)")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
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
            "--loglevel=WARNING",
            "--hostname=tdkt-test-jobs-%h",
        ],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
