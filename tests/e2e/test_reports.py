"""A report asked for in the browser moves from queued to done and downloads."""

import openpyxl
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_report_requested_in_the_browser_downloads(page, login, worker_if_redis, screenshot):
    login("secretariat")
    page.goto("/bao-cao/")
    page.get_by_label("Báo cáo").select_option(value="unit_directory")
    page.get_by_label("Định dạng").select_option(value="xlsx")
    page.get_by_role("button", name="Tạo báo cáo").click()
    job = page.get_by_test_id("report-job").first
    # Queued or running first when a worker does it; htmx polls until it is done.
    expect(job).to_have_attribute("data-status", "done", timeout=60_000)
    screenshot(page, "e2e-report-done")
    with page.expect_download() as info:
        job.get_by_test_id("report-download").click()
    download = info.value
    assert download.suggested_filename.startswith("unit-directory-")
    with open(download.path(), "rb") as handle:
        sheet = openpyxl.load_workbook(handle).active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header[:3] == ["STT", "Mã", "Tên đơn vị"]
    assert sheet.max_row > 300  # the demo province's active units
