"""Media files that no row references are found and purged by the beat task that purges
the stale imports (issue 9 point 26): every FileField of every installed model counts
(found through apps.get_models(), not a list to keep up to date), a file younger than
the grace period (being uploaded) is kept, and the waiting imports keep their own age."""

import io
import os
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import models

from reports.models import ReportJob
from units.media import file_fields, media_purge_orphans, referenced_media_names
from units.tasks import purge_import_files

pytestmark = pytest.mark.django_db

HOUR = 3600


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def _file(name: str, *, age_hours: float) -> Path:
    path = Path(django_settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    stamp = time.time() - age_hours * HOUR
    os.utime(path, (stamp, stamp))
    return path


def _left() -> list[str]:
    root = Path(django_settings.MEDIA_ROOT)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_every_file_field_of_every_model_is_looked_at():
    expected = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    }
    found = {(model._meta.label, name) for model, name in file_fields()}
    assert found == expected
    # Today's file fields are all among them (a new one is found without a change).
    assert {
        ("reports.ReportJob", "file"),
        ("nominations.Attachment", "file"),
        ("nominations.Nominee", "report_file"),
    } <= found


def test_only_the_old_unreferenced_files_go(users, settings):
    settings.TDKT_MEDIA_ORPHAN_GRACE_HOURS = 6
    job = ReportJob.objects.create(
        kind="unit_directory", format="xlsx", status="done", requested_by=users["secretariat"]
    )
    job.file.save("kept.xlsx", io.BytesIO(b"x"), save=True)
    referenced = Path(job.file.path)
    os.utime(referenced, (time.time() - 48 * HOUR,) * 2)  # old, but a row points to it
    _file("reports/orphan.xlsx", age_hours=7)
    _file("nominations/attachments/left-behind.pdf", age_hours=30)
    _file("nominations/attachments/uploading.pdf", age_hours=5)  # within the grace period
    _file("imports/waiting.xlsx", age_hours=0.5)  # the import purge's own
    assert referenced_media_names() == {job.file.name}

    assert media_purge_orphans() == [
        "nominations/attachments/left-behind.pdf",
        "reports/orphan.xlsx",
    ]
    assert _left() == sorted(
        [
            job.file.name,
            "imports/waiting.xlsx",
            "nominations/attachments/uploading.pdf",
        ]
    )
    # Once past the grace period, the one being uploaded then goes too if still orphaned.
    assert media_purge_orphans(now=time.time() + 2 * HOUR) == [
        "nominations/attachments/uploading.pdf"
    ]


def test_the_beat_task_purges_stale_imports_and_orphans_together(settings):
    settings.TDKT_IMPORT_MAX_AGE_MINUTES = 60
    _file("imports/stale.xlsx", age_hours=2)
    _file("imports/fresh.xlsx", age_hours=0.5)
    _file("reports/orphan.pdf", age_hours=24)
    result = purge_import_files.apply().get()
    assert result == {"imports": ["stale.xlsx"], "orphans": ["reports/orphan.pdf"]}
    assert _left() == ["imports/fresh.xlsx"]


def test_the_grace_period_setting_and_the_schedule():
    assert django_settings.TDKT_MEDIA_ORPHAN_GRACE_HOURS == 6
    entry = django_settings.CELERY_BEAT_SCHEDULE["purge-import-files"]
    assert entry["task"] == "units.purge_import_files"


def test_nothing_happens_without_the_media_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "nowhere"
    assert media_purge_orphans() == []
    assert not (tmp_path / "nowhere").exists()
