"""Issue 12's acceptance of the periodic report in a real browser: the secretariat
prepares the annual draft, writes the narrative, marks it reviewed and issues it (the
number the register suggests, the date, the signer, the signed original); the chairman
finds it on his dashboard and in his inbox, downloads the PDF, whose text carries the
shares with their numerators and denominators (its pages are saved as PNG), and a
figure's link opens the records that figure counts."""

import io
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS
from tests.utils.pdf import pdftotext
from tests.utils.periodic import build_known_world

pytestmark = pytest.mark.e2e

NARRATIVE = {
    "Kết quả đạt được": "Các phong trào thi đua được triển khai sâu rộng đến cơ sở.",
    "Hạn chế, tồn tại": "Tỷ lệ khen thưởng người trực tiếp lao động còn thấp.",
    "Nguyên nhân": "Một số đơn vị chưa quan tâm phát hiện nhân tố mới.",
    "Phương hướng, nhiệm vụ thời gian tới": "Ưu tiên khen thưởng cơ sở, vùng sâu, vùng xa.",
}


def _signed_pdf() -> dict:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return {"name": "bao-cao-da-ky.pdf", "mimeType": "application/pdf", "buffer": buffer.getvalue()}


def _submit(page, button) -> None:
    with page.expect_navigation():
        button.click()


def _percent(share: dict) -> str:
    return f"{100 * share['num'] / share['den']:.1f}%".replace(".", ",")


def test_secretariat_issues_the_annual_report_and_the_chairman_reads_it(
    demo, browser, live_server, login, page, screenshot, tmp_path
):
    from reports.models import PeriodicReport
    from units.issuing import provincial_committee
    from units.models import User

    build_known_world(root=provincial_committee(), user=User.objects.get(username="secretariat"))

    # The secretariat prepares the annual draft of 2026.
    login("secretariat")
    page.goto("/bao-cao/dinh-ky/")
    page.get_by_label("Kỳ báo cáo").select_option("year")
    page.get_by_label("Năm").fill("2026")
    _submit(page, page.get_by_role("button", name="Lập dự thảo"))
    expect(page.get_by_test_id("periodic-title")).to_have_text(
        "Báo cáo công tác thi đua, khen thưởng năm 2026"
    )
    expect(page.get_by_test_id("periodic-state")).to_have_text("Dự thảo")
    expect(page.get_by_test_id("chart")).to_have_count(3)

    # … writes the narrative, marks it reviewed …
    for label, text in NARRATIVE.items():
        page.get_by_label(label, exact=True).fill(text)
    _submit(page, page.get_by_role("button", name="Lưu nội dung"))
    _submit(page, page.get_by_test_id("mark-reviewed"))
    expect(page.get_by_test_id("periodic-state")).to_have_text("Đã rà soát")

    # … and issues it with the number the register suggests and the signed original.
    form = page.get_by_test_id("issue-form")
    number = form.get_by_label("Số trong sổ văn bản").input_value()
    form.locator("input[type=file]").set_input_files(_signed_pdf())
    screenshot(page, "periodic-report-issue")
    _submit(page, form.get_by_role("button", name="Ban hành và gửi Chủ tịch"))
    expect(page.get_by_test_id("periodic-state")).to_have_text("Đã ban hành")
    number_text = f"{int(number):02d}/BC-SNV"
    expect(page.get_by_test_id("periodic-register")).to_contain_text(number_text)
    report = PeriodicReport.objects.get(year=2026, period_kind="year")
    shares = report.figures["current"]["awards"]["shares"]

    # The chairman finds it on his dashboard …
    chairman = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="vi-VN"
    )
    chair = chairman.new_page()
    chair.goto("/dang-nhap/")
    chair.get_by_label("Tên đăng nhập").fill("chairman")
    chair.get_by_label("Mật khẩu").fill("tdkt-demo-2026")
    _submit(chair, chair.get_by_role("button", name="Đăng nhập", exact=True))
    panel = chair.locator("section[aria-labelledby=panel-periodic-report]")
    expect(panel.get_by_test_id("panel-note")).to_contain_text(number_text)
    expect(panel.get_by_test_id("panel-chart")).to_be_visible()
    women = shares["women"]
    expect(panel).to_contain_text(f"Nữ: {_percent(women)} ({women['num']}/{women['den']})")
    expect(panel.get_by_test_id("panel-items")).to_contain_text("Xã Ngọc Linh")
    screenshot(chair, "periodic-report-chairman-dashboard")

    # … and in his inbox, which opens the report.
    chair.goto("/thong-bao/")
    item = chair.get_by_test_id("notification").filter(has_text=number_text)
    expect(item).to_have_count(1)
    _submit(chair, item.get_by_role("button", name="Mở"))
    expect(chair.get_by_test_id("periodic-register")).to_contain_text(number_text)
    screenshot(chair, "periodic-report-page")

    # He downloads the PDF: its text has each share with its figures.
    with chair.expect_download() as info:
        chair.get_by_test_id("download-pdf").click()
    path = tmp_path / "bao-cao.pdf"
    info.value.save_as(path)
    text = " ".join(pdftotext(path.read_bytes()).split())
    assert f"Số: {number_text}" in text
    for label, key in (
        ("Nữ", "women"),
        ("Dân tộc thiểu số", "ethnic_minority"),
        ("Người trực tiếp lao động", "direct_worker"),
        ("Cấp xã và cơ sở", "commune"),
        ("Miền núi, vùng sâu, hải đảo", "remote_area"),
        ("Doanh nghiệp", "enterprise"),
    ):
        share = shares[key]
        assert f"{label} {share['num']} {share['den']} {_percent(share)}" in text, label
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(path), str(SCREENSHOTS / "periodic-report-pdf")],
        check=True,
    )
    assert sorted(Path(SCREENSHOTS).glob("periodic-report-pdf-*.png"))

    # A figure's link opens the records it counts.
    chair.goto(f"/bao-cao/dinh-ky/{report.pk}/")
    _submit(chair, chair.locator('a[data-figure="awards.share.women"]'))
    expect(chair.get_by_test_id("figure-count")).to_contain_text(f"{women['num']} bản ghi")
    rows = chair.get_by_test_id("figure-records").locator("tbody tr")
    expect(rows).to_have_count(min(women["num"], settings.TDKT_PAGE_SIZE))
    if women["num"] <= settings.TDKT_PAGE_SIZE:
        names = rows.locator("td:first-child").all_inner_texts()
        assert "Lê Thị Hoa" in names and "Y Liên" in names
    screenshot(chair, "periodic-report-figure")
    chairman.close()
