"""The Vietnamese catalogue is complete and the interface speaks it."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from units.models import Role, UnitKind

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is installed by make setup")
def test_vietnamese_catalogue_has_no_untranslated_or_fuzzy_entry():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    )
    statistics = result.stderr.strip()
    assert statistics.endswith("translated messages.")
    assert "untranslated" not in statistics and "fuzzy" not in statistics


def test_labels_are_vietnamese_and_english_is_kept():
    with translation.override("vi"):
        assert str(Role.SECRETARIAT.label) == "Cơ quan Thường trực Hội đồng"
        assert str(UnitKind.SPECIAL_ZONE.label) == "Đặc khu"
    with translation.override("en"):
        assert str(UnitKind.SPECIAL_ZONE.label) == "Special zone"
