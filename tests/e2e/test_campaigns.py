"""The movement cycle in Chromium: the secretariat launches a thematic movement (refused
first for want of criteria), the unit registers targets and titles, the head submits, the
secretariat returns it once and accepts it, the unit reports actuals, the final review's
PDF downloads with the right figures, a dossier of movement kind is created for it, and an
exemplar goes through its stages into the public gallery and out of it again when the
consent is withdrawn."""

import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, LOCALE, SCREENSHOTS

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _window_open(settings):
    settings.TDKT_REGISTRATION_DEADLINE = "31/12"


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_movement_cycle_in_the_browser(
    page, login, browser, live_server, worker_if_redis, screenshot
):
    year = date.today().year
    # 1. The secretariat drafts the movement without criteria: the launch is refused.
    login("secretariat")
    page.goto(reverse("campaigns:movement_create"))
    page.fill("#id_code", "chuyen-doi-so-e2e")
    page.fill("#id_name", "Chuyển đổi số vì dân")
    page.fill("#id_slogan", "Số hóa để phục vụ Nhân dân")
    page.select_option("#id_kind", "thematic")
    page.select_option("#id_scope", "province")
    page.select_option("#id_launch_level", "council")
    page.select_option("#id_launching_unit", index=1)
    page.fill("#id_start_date", f"{year}-01-01")
    page.fill("#id_end_date", f"{year + 2}-12-31")
    page.fill("#id_objectives", "Đẩy mạnh dịch vụ công trực tuyến.")
    page.fill("#id_content", "Số hóa hồ sơ; hướng dẫn người dân.")
    page.select_option("#id_participants_rule", "all")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("movement-name")).to_have_text("Chuyển đổi số vì dân")
    for content, measure, plan in (
        ("Hồ sơ giải quyết trực tuyến", "%", "80"),
        ("Thủ tục được số hóa", "thủ tục", "40"),
    ):
        form = page.get_by_test_id("target-form")
        form.locator("#id_content").fill(content)
        form.locator("#id_measure").fill(measure)
        form.locator("#id_plan_value").fill(plan)
        form.get_by_role("button", name="Thêm").click()
    page.get_by_test_id("launch").click()
    expect(
        page.get_by_role("alert").filter(has_text="Phong trào chưa thể phát động")
    ).to_contain_text("Phong trào chưa thể phát động: còn thiếu tiêu chí đánh giá.")
    screenshot(page, "e2e-campaigns-launch-refused")
    page.get_by_role("link", name="Sửa").click()
    page.fill("#id_criteria", "Tỷ lệ hồ sơ trực tuyến; số thủ tục số hóa.")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_test_id("launch").click()
    expect(page.get_by_test_id("plan-number")).to_have_text("..../KH-HĐTĐKT")
    movement_url = page.url
    screenshot(page, "e2e-campaigns-launched")

    # 2. The unit's staff registers targets and a title.
    _switch(page, login, "unitstaff")
    page.goto(reverse("campaigns:registration_create"))
    page.get_by_role("button", name="Tạo").click()
    expect(page.get_by_test_id("movements-form")).to_contain_text("Chuyển đổi số vì dân")
    form = page.get_by_test_id("target-form")
    form.locator("select[name=movement]").select_option(label="Chuyển đổi số vì dân")
    form.locator("input[name=content]").fill("Hồ sơ giải quyết trực tuyến")
    form.locator("input[name=measure]").fill("%")
    form.locator("input[name=plan_value]").fill("tám mươi")
    form.get_by_role("button", name="Thêm chỉ tiêu").click()
    expect(
        page.get_by_text("Hãy nhập một số (ví dụ 12 hoặc 12,5), không phải “tám mươi”.")
    ).to_be_visible()
    form = page.get_by_test_id("target-form")
    form.locator("input[name=plan_value]").fill("90")
    form.get_by_role("button", name="Thêm chỉ tiêu").click()
    expect(page.get_by_test_id("registered-targets")).to_contain_text("Hồ sơ giải quyết trực tuyến")
    title = page.get_by_test_id("title-form")
    title.locator("select[name=award]").select_option(label="Tập thể lao động tiên tiến")
    title.get_by_role("button", name="Đăng ký danh hiệu").click()
    expect(page.get_by_test_id("registered-titles")).to_contain_text("Tập thể lao động tiên tiến")
    registration_url = page.url
    screenshot(page, "e2e-campaigns-registration")

    # 3. The head submits; the secretariat returns it once, then accepts it.
    _switch(page, login, "unithead")
    page.goto(registration_url)
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("state")).to_have_text("Đã nộp")
    _switch(page, login, "secretariat")
    page.goto(registration_url)
    page.fill("#id_reason", "Bổ sung chỉ tiêu chữ ký số.")
    page.get_by_role("button", name="Trả lại đơn vị").click()
    expect(page.get_by_test_id("returns")).to_contain_text("Bổ sung chỉ tiêu chữ ký số.")
    _switch(page, login, "unithead")
    page.goto(registration_url)
    page.get_by_test_id("submit").click()
    _switch(page, login, "secretariat")
    page.goto(registration_url)
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("state")).to_have_text("Đã chấp thuận")

    # 4. The unit reports its actual.
    _switch(page, login, "unitstaff")
    page.goto(registration_url)
    page.get_by_test_id("progress-link").click()
    page.get_by_test_id("progress-form").locator("input[name^=actual-]").first.fill("72")
    page.get_by_role("button", name="Lưu kết quả").click()
    expect(page.get_by_text("Đã lưu 1 kết quả.")).to_be_visible()

    # 5. The secretariat writes the final review and downloads its PDF.
    _switch(page, login, "secretariat")
    page.goto(movement_url)
    page.get_by_role("button", name="Chuyển sang đang triển khai").click()
    page.get_by_test_id("review-link").click()
    page.select_option("#id_stage", "final")
    page.fill("#id_organisation", "Phát động đến 100% xã, phường.")
    page.fill("#id_limits", "Một số xã còn chậm.")
    page.fill("#id_direction", "Nhân rộng mô hình.")
    page.get_by_role("button", name="Lưu báo cáo").click()
    expect(page.get_by_test_id("figures-by-target")).to_contain_text("80,0%")
    screenshot(page, "e2e-campaigns-review")
    page.goto(movement_url)
    page.get_by_test_id("review-final").get_by_role("button", name="PDF").click()
    job = page.get_by_test_id("report-job").first
    expect(job).to_have_attribute("data-status", "done", timeout=60_000)
    with page.expect_download() as info:
        job.get_by_test_id("report-download").click()
    pdf = Path(info.value.path()).read_bytes()
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        )
        .stdout.decode()
        .split()
    )
    assert "Tổng kết phong trào thi đua “Chuyển đổi số vì dân”" in text
    assert "Hồ sơ giải quyết trực tuyến % 90 72 80,0%" in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "e2e-campaigns-review.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(SCREENSHOTS / "e2e-campaigns-review.pdf"),
            str(SCREENSHOTS / "e2e-campaigns-review-pdf"),
        ],
        check=True,
    )

    # 6. A dossier of movement kind picks the movement.
    _switch(page, login, "unitstaff")
    page.goto(reverse("nominations:dossier_create"))
    page.select_option("#id_kind", "PHONG_TRAO")
    page.select_option("#id_campaign", label="Chuyển đổi số vì dân")
    page.fill("#id_title", "Tờ trình khen thưởng phong trào Chuyển đổi số vì dân")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("dossier-movement")).to_have_text("Chuyển đổi số vì dân")

    # 7. An exemplar goes through its stages, is published and shows to the public.
    page.goto(reverse("campaigns:exemplar_create"))
    page.select_option("#id_subject_kind", "person")
    page.fill("#id_name", "Đinh Thị Lành")
    page.select_option("#id_field", "digital")
    page.select_option("#id_movement", label="Chuyển đổi số vì dân")
    page.fill("#id_summary", "Hướng dẫn 300 hộ dân nộp hồ sơ trực tuyến.")
    page.get_by_role("button", name="Lưu").click()
    for stage in ("Bồi dưỡng", "Tổng kết"):
        page.get_by_test_id("advance").click()
        expect(page.get_by_test_id("exemplar-stage")).to_have_text(stage)
    page.get_by_test_id("record-consent").click()
    expect(page.get_by_test_id("consent")).to_contain_text("Đồng ý ngày")
    exemplar_url = page.url
    _switch(page, login, "secretariat")
    page.goto(exemplar_url)
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("exemplar-public")).to_be_visible()

    public = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale=LOCALE)
    visitor = public.new_page()
    visitor.goto(reverse("campaigns:gallery") + "?q=dinh+thi+lanh")
    expect(visitor.get_by_test_id("gallery")).to_contain_text("Đinh Thị Lành")
    visitor.get_by_role("link", name="Đinh Thị Lành").click()
    expect(visitor.get_by_test_id("exemplar-story")).to_contain_text("300 hộ dân")
    screenshot(visitor, "e2e-campaigns-gallery")

    # 8. Consent withdrawn: gone from the gallery at once.
    _switch(page, login, "unitstaff")
    page.goto(exemplar_url)
    page.get_by_test_id("withdraw").click()
    visitor.goto(reverse("campaigns:gallery"))
    expect(visitor.get_by_test_id("gallery")).not_to_contain_text("Đinh Thị Lành")
    public.close()
