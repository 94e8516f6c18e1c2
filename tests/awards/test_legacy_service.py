"""The legacy import as a service (the page only renders it), the package split along its
seams, and the files nobody confirmed, purged by the beat task after the confirmation
window (``TDKT_IMPORT_MAX_AGE_MINUTES``)."""

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from awards.legacy import ImportExpired, legacy_import_confirm, legacy_import_preview
from awards.models import AwardGrant
from config.celery import app
from tests.utils.legacy import row, upload, xlsx
from units.imports import import_dir, import_file_save
from units.tasks import purge_import_files

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def waiting() -> list[str]:
    return sorted(path.name for path in import_dir().iterdir())


def test_preview_keeps_the_file_only_when_it_may_be_imported(province, users):
    bad = legacy_import_preview(
        upload=upload(xlsx([row(), row(name="Lê Văn Sai", unit="khong-co")])),
        user=users["secretariat"],
    )
    assert (bad.token, [(e["row"], e["column"]) for e in bad.errors]) == ("", [(3, "Mã đơn vị")])
    assert waiting() == []
    broken = legacy_import_preview(upload=upload(b"not a workbook"), user=users["secretariat"])
    assert broken.problems == [
        "Không đọc được tệp Excel. Vui lòng lưu lại tệp theo định dạng .xlsx."
    ]
    assert not broken.token
    assert waiting() == []
    good = legacy_import_preview(upload=upload(xlsx([row()])), user=users["secretariat"])
    assert good.token and good.totals["new"] == 1 and good.rows[0]["name"] == "Trần Văn Hùng"
    assert len(waiting()) == 1
    assert not AwardGrant.objects.exists()


def test_confirm_imports_once_and_removes_the_file(province, users):
    preview = legacy_import_preview(upload=upload(xlsx([row()])), user=users["secretariat"])
    with pytest.raises(ImportExpired):  # another user's token
        legacy_import_confirm(token=preview.token, user=users["admin"])
    outcome = legacy_import_confirm(token=preview.token, user=users["secretariat"])
    assert outcome.saved and outcome.totals["new"] == 1
    assert AwardGrant.objects.count() == 1 and waiting() == []
    with pytest.raises(ImportExpired):
        legacy_import_confirm(token=preview.token, user=users["secretariat"])
    assert AwardGrant.objects.count() == 1


def test_token_expires_with_the_setting(province, users, settings, time_machine):
    settings.TDKT_IMPORT_MAX_AGE_MINUTES = 5
    time_machine.move_to(timezone.now(), tick=False)
    preview = legacy_import_preview(upload=upload(xlsx([row()])), user=users["secretariat"])
    time_machine.shift(timedelta(minutes=6))
    with pytest.raises(ImportExpired):
        legacy_import_confirm(token=preview.token, user=users["secretariat"])
    assert not AwardGrant.objects.exists()


def _aged(minutes: float) -> str:
    path = import_file_save(upload(b"x"))
    stamp = time.time() - minutes * 60
    os.utime(path, (stamp, stamp))
    return path.name


def test_beat_task_purges_the_files_older_than_the_window(settings):
    assert settings.TDKT_IMPORT_MAX_AGE_MINUTES == 60  # the documented default
    old, fresh = _aged(61), _aged(59)
    # apply(): the task in this process, with or without a broker (a worker test is elsewhere)
    assert purge_import_files.apply().get(timeout=10)["imports"] == [old]
    assert waiting() == [fresh]
    settings.TDKT_IMPORT_MAX_AGE_MINUTES = 30
    assert purge_import_files()["imports"] == [fresh]
    assert waiting() == []


def test_beat_task_without_the_folder_does_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "nowhere"
    assert purge_import_files()["imports"] == []
    assert not (tmp_path / "nowhere").exists()


def test_purge_is_scheduled_every_fifteen_minutes():
    entry = django_settings.CELERY_BEAT_SCHEDULE["purge-import-files"]
    assert entry["task"] == "units.purge_import_files" == purge_import_files.name
    assert entry["schedule"].minute == {0, 15, 30, 45}
    assert "units.purge_import_files" in app.tasks
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`TDKT_IMPORT_MAX_AGE_MINUTES` | 60 |" in readme
    assert "TDKT_IMPORT_MAX_AGE_MINUTES=60" in (ROOT / ".env.example").read_text()


def test_legacy_import_is_a_package_split_along_its_seams():
    package = ROOT / "awards" / "legacy"
    assert not (ROOT / "awards" / "legacy.py").exists()
    sizes = {path.name: len(path.read_text().splitlines()) for path in package.glob("*.py")}
    assert {"columns.py", "workbook.py", "widgets.py", "matching.py", "resource.py"} <= set(sizes)
    assert "service.py" in sizes and max(sizes.values()) <= 500, sizes
    view = (ROOT / "awards" / "views" / "legacy.py").read_text()
    # The pipeline (files, tokens, dry run) is the service's; the page only renders it.
    for word in ("signing", "hashlib", "uuid", "import_legacy", "read_workbook", "unlink"):
        assert word not in view, word
