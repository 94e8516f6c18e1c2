"""Report jobs: request, run, download, fail and retry, purge; make_report."""

import io
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from reports import kinds, services
from reports.models import ReportJob
from units.models import Unit

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def _eager():
    from config.celery import app

    return app.conf.task_always_eager


@pytest.mark.skipif(not _eager(), reason="eager mode; the worker test covers Redis")
def test_request_runs_and_downloads(client, users, province, django_capture_on_commit_callbacks):
    client.force_login(users["secretariat"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("reports:report_list"), {"kind": "unit_directory", "format": "xlsx", "year": ""}
        )
    assert len(callbacks) == 1  # the task is queued only once the job row is committed
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert (job.status, job.progress, job.requested_by) == ("done", 100, users["secretariat"])
    assert job.expires_at - job.finished_at == timedelta(days=7)
    download = client.get(reverse("reports:report_download", args=[job.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="unit-directory-')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    # Each unit by its full label ("Thôn 1, xã Bình Sơn"; issue 9, 6).
    assert sorted(names) == sorted(str(u) for u in Unit.objects.filter(is_active=True))
    assert "Thôn 1, xã Bình Sơn" in names
    # Another user never sees this job, not even its status.
    client.force_login(users["council"])
    assert client.get(reverse("reports:report_status", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:report_download", args=[job.pk])).status_code == 404


def test_unit_staff_cannot_ask_for_the_council_roster(client, users, province):
    client.force_login(users["staff_a"])
    page = client.get(reverse("reports:report_list"))
    assert [code for code, _label in page.context["form"].fields["kind"].choices] == []
    response = client.post(
        reverse("reports:report_list"), {"kind": "council_roster", "format": "pdf"}
    )
    assert response.status_code == 200 and "kind" in response.context["form"].errors
    assert ReportJob.objects.count() == 0


def test_download_rechecks_the_permission(client, users, province):
    job = ReportJob.objects.create(
        kind="council_roster",
        format="pdf",
        status="done",
        requested_by=users["staff_a"],
        filename="x.pdf",
    )
    job.file.save("x.pdf", io.BytesIO(b"%PDF-1.4"), save=True)
    client.force_login(users["staff_a"])
    assert client.get(reverse("reports:report_download", args=[job.pk])).status_code == 404


def test_failure_is_visible_and_can_be_retried(client, users, province, monkeypatch):
    report = kinds.get("unit_directory")
    calls = []

    def broken(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("disk full")
        return b"ok"

    monkeypatch.setitem(
        kinds._KINDS,
        "unit_directory",
        kinds.ReportKind(
            code="unit_directory",
            title=report.title,
            formats=report.formats,
            build=broken,
            permission=report.permission,
        ),
    )
    job = ReportJob.objects.create(
        kind="unit_directory", format="xlsx", requested_by=users["secretariat"]
    )
    job = services.report_run(job_id=job.pk)
    assert job.status == "failed"
    assert f" {job.pk})" in job.error  # the job number the administrator looks up
    assert "disk full" not in job.error  # the user reads a message, not the exception
    services.report_retry(job=job, user=users["secretariat"])
    services.report_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)


def test_expired_reports_are_purged(users, province):
    job = ReportJob.objects.create(
        kind="unit_directory",
        format="xlsx",
        status="done",
        requested_by=users["secretariat"],
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    job.file.save("old.xlsx", io.BytesIO(b"x"), save=True)
    path = Path(job.file.path)
    fresh = ReportJob.objects.create(
        kind="unit_directory",
        format="xlsx",
        status="done",
        requested_by=users["secretariat"],
        expires_at=timezone.now() + timedelta(days=1),
    )
    assert services.reports_purge_expired() == 1
    assert list(ReportJob.objects.all()) == [fresh]
    assert not path.exists()


def _make_report(*args):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run(
        [sys.executable, "manage.py", "make_report", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_report_list():
    result = _make_report("--list")
    assert result.returncode == 0
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert [line[:2] for line in lines][:2] == [
        ["unit_directory", "xlsx,pdf"],
        ["council_roster", "pdf,docx"],
    ]
    # The documents of one object say so; every other kind does not.
    object_kinds = {line[0] for line in lines if line[-1] == "--object"}
    assert object_kinds == {k.code for k in kinds.all_kinds() if k.for_object}
    assert {
        "council_minutes",
        "proposal_submission",
        "proposal_decision",
        "proposal_central",
    } <= object_kinds


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--output", "/tmp/x"], "unknown report kind 'nope'"),
        (["unit_directory", "--format", "docx", "--output", "/tmp/x"], "comes as xlsx, pdf"),
        (["unit_directory", "--year", "20x5", "--output", "/tmp/x"], "--year must be a year"),
        (["unit_directory", "--year", "1990", "--output", "/tmp/x"], "--year must be a year"),
    ],
)
def test_make_report_refuses_bad_input_with_status_2(args, message):
    result = _make_report(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_report_through_a_real_worker(client, users, province, celery_worker_process):
    client.force_login(users["secretariat"])
    client.post(reverse("reports:report_list"), {"kind": "unit_directory", "format": "xlsx"})
    job = ReportJob.objects.get()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.5)
    assert job.status == "done"
    assert celery_worker_process.poll() is None
    download = client.get(reverse("reports:report_download", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.cell(row=1, column=3).value == "Tên đơn vị"


@pytest.mark.parametrize(("kind", "fmt"), [("unit_directory", "pdf"), ("council_roster", "pdf")])
def test_every_document_kind_carries_the_decree_30_elements_in_order(users, province, kind, fmt):
    data, _name = services.build(user=users["secretariat"], kind=kind, fmt=fmt)
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    from reports.documents import vietnamese_date_line  # its own cases: test_documents.py

    date_line = vietnamese_date_line("Quảng Ngãi", timezone.localdate())
    marks = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:",
        date_line,
        "Nơi nhận:",
    ]
    positions = [text.find(mark) for mark in marks]
    assert -1 not in positions, list(zip(marks, positions, strict=True))
    assert positions == sorted(positions)


def test_council_roster_docx_holds_the_same_header(users, province):
    import docx

    data, _name = services.build(user=users["secretariat"], kind="council_roster", fmt="docx")
    document = docx.Document(io.BytesIO(data))
    header = " ".join(cell.text for cell in document.tables[0]._cells)
    for mark in [
        "ỦY BAN NHÂN DÂN",  # on two lines: it cannot fit beside the national title
        "TỈNH QUẢNG NGÃI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:",
    ]:
        assert mark in header
    everything = [p.text for p in document.paragraphs]
    everything += [c.text for table in document.tables for c in table._cells]
    assert "Nơi nhận:" in "\n".join(everything)
