"""Bloc scoring in Chromium: on the demo's first cluster (eight communes, sheets filled,
a colluding pair planted), the secretariat sees the pair flagged on the ranking page,
fills a verification sheet through the pages (a line above its maximum is refused
beside its field first), resolves the flag with it, and the ranking changes; a member
sees neither the ranking nor another member's sheet while the round is open."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clusters.demo import seed_demo_clusters
from clusters.models import ScoringRound, Sheet

pytestmark = pytest.mark.e2e


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_colluding_pair_flagged_and_resolved_by_verification(page, login, screenshot):
    seed_demo_clusters(today=timezone.localdate())
    scoring_round = ScoringRound.objects.get(bloc__code="demo-cum-1")
    members = [m.unit for m in scoring_round.bloc.memberships.order_by("unit__path")]
    pair = sorted([members[2], members[3]], key=lambda u: u.code)
    ranking = reverse("clusters:ranking", args=[scoring_round.pk])

    login("secretariat")
    page.goto(ranking)
    flag = page.locator('[data-kind="mutual_high"]')
    expect(flag).to_contain_text("Hai đơn vị chấm cho nhau cao bất thường")
    expect(flag).to_contain_text(pair[0].name)
    before = page.locator(f'tr[data-unit="{pair[0].code}"]').inner_text()
    screenshot(page, "clusters-ranking-flagged")

    # The verification sheet for the first of the pair, through the pages.
    page.goto(reverse("clusters:round_sheets", args=[scoring_round.pk]))
    page.get_by_test_id(f"start-secretariat-{pair[0].code}").click()
    values = {
        "A1": "36",
        "A2": "15",
        "B1": "6",
        "B2": "4",
        "B3": "5",
        "C1": "5",
        "C2": "9",
        "D1": "6",
    }
    for code, value in values.items():
        page.fill(f"#id_line_{code}", value)
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("error-A1")).to_have_text(
        "36 điểm vượt quá điểm tối đa 35 của tiêu chí A1."
    )
    page.fill("#id_line_A1", "25,5")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("sheet-state")).to_have_text("Đã nộp")
    expect(page.get_by_test_id("sheet-total")).to_have_text("75,5")

    # Resolve the flag with that sheet: the unit's score becomes the verified 75.5.
    page.goto(ranking)
    form = page.locator('[data-kind="mutual_high"] form')
    form.locator('select[name="outcome"]').select_option("adjusted")
    form.locator('select[name="verification_sheet"]').select_option(label=pair[0].name)
    form.locator('input[name="reason"]').fill("Thẩm định lại hồ sơ, minh chứng")
    form.get_by_role("button", name="Xử lý").click()
    expect(page.locator('[data-kind="mutual_high"]')).to_contain_text(
        "Điều chỉnh bằng phiếu thẩm định"
    )
    row = page.locator(f'tr[data-unit="{pair[0].code}"]')
    expect(row).to_contain_text("75,5")
    expect(row).to_contain_text("Đã thẩm định")
    assert row.inner_text() != before
    screenshot(page, "clusters-ranking-resolved")

    # A member of the cluster: no ranking while the round is open, no other member's sheet.
    _switch(page, login, "unitstaff")
    response = page.goto(ranking)
    assert response.status == 404
    other = (
        Sheet.objects.filter(round=scoring_round).exclude(scorer_unit__code="xa-binh-son").first()
    )
    response = page.goto(reverse("clusters:sheet_edit", args=[other.pk]))
    assert response.status == 404
