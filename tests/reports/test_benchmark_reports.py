"""manage.py benchmark_reports: the certificates job and the annual report's figures are
measured, and the database is left as it was."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from awards.models import AwardGrant, Decision

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_it_reports_both_measures_and_leaves_nothing_behind(province, signers, users):
    before = (AwardGrant.objects.count(), Decision.objects.count())
    out = StringIO()
    call_command(
        "benchmark_reports",
        "--certificates",
        "3",
        "--figures-year",
        "2026",
        "--figures-samples",
        "3",
        stdout=out,
    )
    text = out.getvalue()
    assert re.search(
        # Three samples are too few for a 95th percentile: the maximum, named so.
        r"annual report figures 2026 over 0 grants: median [\d.]+ s, max [\d.]+ s over 3 "
        r"samples \(too few for a p95\); \d+ queries; peak RSS \d+ MB",
        text,
    ), text
    assert re.search(r"certificates run 1: 3 pages in [\d.]+ s", text), text
    assert (AwardGrant.objects.count(), Decision.objects.count()) == before
