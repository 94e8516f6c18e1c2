"""Line breaks in achievement texts survive on every page (issue 9, 16): a class of the
portal's stylesheet (white-space: pre-line), never an inline style the content security
policy blocks."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from nominations.models import DossierState

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
SUMMARY = "Dẫn đầu phong trào thi đua.\nHoàn thành 100% chỉ tiêu.\nCó 02 sáng kiến."
REPORT = "Báo cáo thành tích năm 2026.\n1. Kết quả công tác.\n2. Giải pháp, sáng kiến."


def test_no_page_template_carries_an_inline_style():
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "documents" not in path.parts and re.search(r"\sstyle=", path.read_text())
    ]
    assert offenders == []


def test_the_stylesheet_keeps_line_breaks():
    css = (Path(settings.BASE_DIR) / "static/css/portal.css").read_text()
    assert re.search(r"\.text-prewrap\s*\{[^}]*white-space:\s*pre-line", css)
    assert "'unsafe-inline'" not in str(settings.CONTENT_SECURITY_POLICY)


def test_appraisal_shows_achievements_with_their_line_breaks(client, users, ready_dossier):
    nominee = ready_dossier.nominees.get()
    nominee.achievement_summary = SUMMARY
    nominee.achievement_report = REPORT
    nominee.save()
    ready_dossier.state = DossierState.IN_APPRAISAL
    ready_dossier.save()
    client.force_login(users["secretariat"])
    body = client.get(reverse("nominations:appraisal_detail", args=[ready_dossier.pk])).content
    body = body.decode()
    assert f'<p class="mb-0 text-prewrap" data-testid="achievement-summary">{SUMMARY}</p>' in body
    assert f'<div class="mt-1 text-prewrap" data-testid="achievement-report">{REPORT}</div>' in (
        body
    )
