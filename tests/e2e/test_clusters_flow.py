"""Issue 11's acceptance in Chromium, on the demo's first cluster (eight communes):

the secretariat opens the round; three members score through the pages (their self sheet
with evidence, two peer sheets each) and every other sheet is filled through the services;
the Council member assigned to the cluster scores two communes through the pages; the
colluding pair planted in the data (tests/utils/cluster_flow.py) shows as a flag on the
ranking page; the secretariat resolves it with a verification sheet and the leading unit
changes; the round closes; at the year-end meeting (early December) the head records the
attendance and adopts the ranking, elects next year's head and deputy and sends the
proposals; the leading commune finds its Emulation Flag dossier in nominations with its
rank in the cluster and the eligibility verdict; the ranking PDF is rendered and its pages
turned into PNGs (test-artifacts/screenshots/e2e-clusters-ranking-*.png)."""

import re
import subprocess
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pikepdf
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clusters import services
from clusters.demo import seed_demo_clusters
from clusters.models import (
    BlocCouncilMember,
    BlocLeadership,
    BlocMeeting,
    MeetingState,
    RoundState,
    ScoringRound,
    Sheet,
    SheetRole,
)
from nominations.models import Nominee
from tests.e2e.conftest import DEMO_PASSWORD, SCREENSHOTS
from tests.factories import user_with_role
from tests.utils.cluster_flow import COUNCIL, PAIR, VERIFIED, lines, total
from units.models import Role, User

pytestmark = pytest.mark.e2e

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REPORT_WAIT_MS = 60_000
PAGE_SCORERS = (4, 5, 6)  # the members that score through the pages


def _evidence_pdf() -> bytes:
    document = pikepdf.new()
    document.add_blank_page()
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _switch(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(username)


def _fill_sheet(page, points: dict) -> None:
    for code, value in points.items():
        page.fill(f"#id_line_{code}", str(value))
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("sheet-state")).to_have_text("Đã nộp")


def _fresh_round(scoring_round: ScoringRound) -> ScoringRound:
    """The demo opens the first cluster's round and fills it: start it afresh, as the
    secretariat finds it before scoring (no sheet, not open)."""
    Sheet.objects.filter(round=scoring_round).delete()
    ScoringRound.objects.filter(pk=scoring_round.pk).update(state=RoundState.DRAFT, opened_at=None)
    scoring_round.refresh_from_db()
    return scoring_round


def _staff(unit, username: str, role: str = Role.UNIT_STAFF) -> User:
    user = user_with_role(role, unit, username=username)
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


def _download(page, tmp_path, name: str):
    match = re.search(r"#(job-\d+)$", page.url)
    assert match, page.url
    job = page.locator(f"#{match.group(1)}")
    expect(job).to_have_attribute("data-status", "done", timeout=REPORT_WAIT_MS)
    with page.expect_download() as info:
        job.get_by_test_id("report-download").click()
    path = tmp_path / name
    info.value.save_as(path)
    return path


def test_cluster_scored_flagged_resolved_adopted_and_proposed(
    page, login, screenshot, worker_if_redis, _frozen_clock, tmp_path
):
    # Scoring in late November.
    _frozen_clock.move_to(datetime(2026, 11, 23, 9, 0, tzinfo=TZ))
    seed_demo_clusters(today=timezone.localdate())
    scoring_round = _fresh_round(ScoringRound.objects.get(bloc__code="demo-cum-1"))
    bloc, year = scoring_round.bloc, scoring_round.year
    units = [m.unit for m in bloc.memberships.filter(year=year).order_by("unit__path")]
    assert len(units) == 8
    council = User.objects.get(username="council")
    BlocCouncilMember.objects.filter(bloc=bloc, year=year).update(user=council)
    head = BlocLeadership.objects.get(bloc=bloc, year=year).head
    assert head == units[0]
    secretariat = User.objects.get(username="secretariat")
    members = {i: _staff(units[i], f"cum1-{i}") for i in PAGE_SCORERS}
    sheets_url = reverse("clusters:round_sheets", args=[scoring_round.pk])
    ranking_url = reverse("clusters:ranking", args=[scoring_round.pk])

    # 1. The secretariat opens the round.
    login("secretariat")
    page.goto(sheets_url)
    page.get_by_test_id("open-round").click()
    expect(page.get_by_test_id("round-state")).to_have_text("Mở")
    scoring_round.refresh_from_db()

    # 2. Three members through the pages: the self sheet with evidence, two peer sheets.
    page_sheets = set()
    for i in PAGE_SCORERS:
        _switch(page, login, f"cum1-{i}")
        page.goto(sheets_url)
        page.get_by_test_id(f"start-self-{units[i].code}").click()
        page.select_option("#id_criterion", label="A1")
        page.set_input_files(
            "#id_file",
            files=[
                {"name": "bao-cao-a1.pdf", "mimeType": "application/pdf", "buffer": _evidence_pdf()}
            ],
        )
        page.get_by_test_id("add-evidence").click()
        expect(page.get_by_test_id("evidence")).to_contain_text("A1: bao-cao-a1.pdf")
        _fill_sheet(page, lines(total(i, i), i))
        page_sheets.add((i, i))
        for t in [j for j in (7, 1, 5) if j != i][:2]:
            page.goto(sheets_url)
            page.get_by_test_id(f"start-peer-{units[t].code}").click()
            _fill_sheet(page, lines(total(i, t), i))
            page_sheets.add((i, t))
    screenshot(page, "e2e-clusters-member-sheets")

    # The rest through the services (the colluding pair among them).
    for s, scorer in enumerate(units):
        actor = members.get(s) or secretariat
        for t, target in enumerate(units):
            if (s, t) in page_sheets:
                continue
            role = SheetRole.SELF if s == t else (SheetRole.HEAD if s == 0 else SheetRole.PEER)
            sheet = services.sheet_start(
                scoring_round=scoring_round,
                role=role,
                target=target,
                actor=actor,
                scorer_unit=scorer,
            )
            services.sheet_save(sheet=sheet, points=lines(total(s, t), s), actor=actor, submit=True)

    # 3. The Council member assigned to the cluster scores two communes.
    _switch(page, login, "council")
    for t, value in COUNCIL.items():
        page.goto(sheets_url)
        page.get_by_test_id(f"start-council-{units[t].code}").click()
        _fill_sheet(page, lines(value, 1))

    # 4. The colluding pair is flagged; the 3rd commune leads on the peers' marks.
    _switch(page, login, "secretariat")
    page.goto(ranking_url)
    flag = page.locator('[data-kind="mutual_high"]')
    expect(flag).to_contain_text("Hai đơn vị chấm cho nhau cao bất thường")
    for i in PAIR:
        expect(flag).to_contain_text(units[i].name)
    expect(page.get_by_test_id("leading")).to_contain_text(units[2].name)
    assert page.locator("[data-kind]").count() == 1  # nothing else is flagged
    screenshot(page, "e2e-clusters-ranking-flagged")

    # 5. A verification sheet for the 3rd commune, then the flag resolved with it.
    page.goto(sheets_url)
    page.get_by_test_id(f"start-secretariat-{units[2].code}").click()
    _fill_sheet(page, lines(VERIFIED, 0))
    page.goto(ranking_url)
    form = page.locator('[data-kind="mutual_high"] form')
    form.locator('select[name="outcome"]').select_option("adjusted")
    form.locator('select[name="verification_sheet"]').select_option(label=units[2].name)
    form.locator('input[name="reason"]').fill("Thẩm định lại minh chứng của hai đơn vị")
    form.get_by_role("button", name="Xử lý").click()
    expect(page.locator('[data-kind="mutual_high"]')).to_contain_text(
        "Điều chỉnh bằng phiếu thẩm định"
    )
    expect(page.get_by_test_id("leading")).to_contain_text(units[4].name)
    row = page.locator(f'tr[data-unit="{units[2].code}"]')
    expect(row).to_contain_text("Đã thẩm định")
    expect(row.locator("td").first).to_have_text("4")
    screenshot(page, "e2e-clusters-ranking-resolved")

    # 6. The ranking PDF (ranks, scores, group scores, sources, the flag and its resolution).
    page.get_by_test_id("ranking-pdf").click()
    path = _download(page, tmp_path, "xep-hang.pdf")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    text = " ".join(text.stdout.decode().split())
    assert "KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM 2026" in text.upper()
    assert "Điều chỉnh bằng phiếu thẩm định" in text
    pages = tmp_path / "pages"
    pages.mkdir()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(pages / "xep-hang")], check=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pngs = sorted(pages.glob("*.png"))
    assert pngs
    for png in pngs:
        (SCREENSHOTS / f"e2e-clusters-ranking-{png.name}").write_bytes(png.read_bytes())

    # 7. The round closes; the year-end meeting in early December, run by the head.
    page.goto(sheets_url)
    page.get_by_test_id("close-round").click()
    expect(page.get_by_test_id("round-state")).to_have_text("Đã kết thúc")
    _frozen_clock.move_to(datetime(2026, 12, 4, 8, 0, tzinfo=TZ))
    _staff(units[0], "cum1-head", Role.UNIT_HEAD)
    _switch(page, login, "cum1-head")
    page.goto(reverse("clusters:meeting", args=[scoring_round.pk]))
    page.fill("#place", "Hội trường UBND xã")
    page.get_by_test_id("meeting-prepare").click()
    for unit in units[:7]:
        page.get_by_test_id(f"present-{unit.code}").check()
    page.get_by_test_id("attendance-save").click()
    expect(page.get_by_test_id("quorum")).to_contain_text(
        "7/8 đơn vị thành viên có mặt; số tối thiểu là 6."
    )
    page.get_by_test_id("meeting-adopt").click()
    expect(page.get_by_test_id("meeting-leading")).to_contain_text(units[4].name)
    expect(page.get_by_test_id("meeting-state")).to_have_text("Đã thông qua xếp hạng")
    page.select_option("#head", label=units[1].name)
    page.select_option("#deputy", label=units[4].name)
    page.get_by_test_id("meeting-elect").click()
    expect(page.get_by_test_id("elected")).to_contain_text(units[1].name)
    expect(page.get_by_test_id("proposal-plan")).to_contain_text(units[4].name)
    page.get_by_test_id("meeting-propose").click()
    expect(page.get_by_test_id("proposals")).to_contain_text("Cờ thi đua của UBND tỉnh")
    screenshot(page, "e2e-clusters-meeting")
    meeting = BlocMeeting.objects.get(round=scoring_round)
    assert (meeting.state, meeting.leading_unit, meeting.present_count) == (
        MeetingState.CLOSED,
        units[4],
        7,
    )
    next_year = BlocLeadership.objects.get(bloc=bloc, year=2027)
    assert (next_year.head, next_year.deputy) == (units[1], units[4])

    # 8. The leading commune's Emulation Flag dossier, with its rank and its verdict.
    nominee = Nominee.objects.select_related("dossier").get(
        collective=units[4], award__code="CO_TINH"
    )
    assert (nominee.bloc_rank, nominee.dossier.unit, nominee.dossier.year) == (1, units[4], 2026)
    checks = {c["rule"]: c["passed"] for c in nominee.eligibility_result["checks"]}
    assert checks["bloc_rank_1"] is True
    _switch(page, login, "cum1-4")
    page.goto(reverse("nominations:dossier_detail", args=[nominee.dossier.pk]))
    row = page.get_by_test_id("nominee-row")
    expect(row).to_contain_text("Cờ thi đua của Ủy ban nhân dân tỉnh")
    expect(row.get_by_test_id("nominee-bloc-rank")).to_have_text("Xếp hạng 1 trong khối, cụm")
    expect(row.get_by_test_id("nominee-verdict-badge")).to_be_visible()
    screenshot(page, "e2e-clusters-flag-dossier")
