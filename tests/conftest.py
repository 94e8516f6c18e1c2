"""Fixtures shared by the whole suite: a frozen clock, a small province and one user per role."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import PersonFactory, UnitFactory, user_with_role
from units.models import Role

# The suite's "now": a Tuesday in June 2026, away from the 10/12 annual deadline, the new
# year and Tết, so no reminder window, holiday or year boundary depends on the day CI runs.
# The clock ticks from there (live servers, timeouts and lockouts keep working); a test that
# needs another moment travels there itself (``time_machine.move_to``), nested in this one.
SUITE_NOW = datetime(2026, 6, 9, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _frozen_clock(request):
    if request.node.get_closest_marker("real_clock"):
        yield None
        return
    with time_machine.travel(SUITE_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: cached results are keyed by row ids and
    timestamps, and on SQLite a rolled-back test's ids come back in the next test under
    the same frozen clock."""
    from django.core.cache import cache

    cache.clear()


DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def _award_catalogue(request):
    """The award catalogue is migration data. A transactional test (the browser tests, the
    concurrency tests) empties every table when it ends, so a later test that reads the
    catalogue would find none: put it back, the way migration 0002 wrote it."""
    if request.node.get_closest_marker("django_db") is None and not (
        DB_FIXTURES & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("_django_db_helper")
    from awards.models import Award

    if not Award.objects.exists():
        import importlib

        from django.apps import apps

        importlib.import_module("awards.migrations.0002_seed_catalogue").seed(apps, None)
        # The coefficients, authorities and legal bases of issue 9 (migration 0007).
        importlib.import_module("awards.migrations.0007_catalogue_money_authorities_bases").forward(
            apps, None
        )


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
def signers(province):
    """The provincial People's Committee's signers (the chairman and a vice-chairman) and
    Sở Nội vụ (code ``so-noi-vu``, the tờ trình's issuer) with its director."""
    from units.models import Signer

    root = province["root"]
    home_affairs = UnitFactory(name="Sở Nội vụ", code="so-noi-vu", kind="department", parent=root)
    return {
        "chairman": Signer.objects.create(
            unit=root, full_name="Nguyễn Hoàng Nam", position="Chủ tịch", sort_order=1
        ),
        "vice": Signer.objects.create(
            unit=root, full_name="Trần Phước Hiền", position="Phó Chủ tịch", sort_order=2
        ),
        "director": Signer.objects.create(
            unit=home_affairs, full_name="Lê Thị Thu Hà", position="Giám đốc", sort_order=1
        ),
        "home_affairs": home_affairs,
    }


@pytest.fixture
def signed_pdf():
    """A factory of small valid PDF uploads: the signed original a clerk scans."""
    from io import BytesIO

    import pikepdf
    from django.core.files.uploadedfile import SimpleUploadedFile

    def make(name: str = "qd-ky.pdf") -> SimpleUploadedFile:
        pdf = pikepdf.new()
        pdf.add_blank_page()
        out = BytesIO()
        pdf.save(out)
        return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")

    return make


def _start_worker():
    """Start a real Celery worker on REDIS_URL working on the test database, or return
    None when there is no broker (then tasks run eagerly)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.db import connection

    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        return None
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    from django.conf import settings

    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        # The same private media folder, so the web side can serve what the worker wrote.
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    return subprocess.Popen(
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


def _stop_worker(process) -> None:
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real Celery worker on REDIS_URL on the test database; skipped without Redis."""
    process = _start_worker()
    if process is None:
        pytest.skip("needs REDIS_URL and PostgreSQL (DATABASE_URL)")
    yield process
    _stop_worker(process)


@pytest.fixture
def worker_if_redis(transactional_db):
    """A real worker when REDIS_URL is set; otherwise None and tasks run eagerly."""
    process = _start_worker()
    yield process
    if process is not None:
        _stop_worker(process)
