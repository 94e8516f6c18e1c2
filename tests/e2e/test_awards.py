"""The eligibility, history and verification pages in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LOCALE
from tests.utils.qr import read_png
from units.models import Person

pytestmark = pytest.mark.e2e


@pytest.fixture
def tram(demo):
    """Đặng Thùy Trâm with three years of records and two grants."""
    from awards.models import TaskRating
    from tests.factories.awards import grant

    person = Person.objects.get(full_name="Đặng Thùy Trâm")
    for year, rating in [(2023, "HTXSNV"), (2024, "HTXSNV"), (2025, "HTTNV")]:
        TaskRating.objects.create(person=person, year=year, rating=rating)
    grants = [grant("CSTDCS", 2023, person=person), grant("LDTT", 2025, person=person)]
    return person, grants


def test_secretariat_checks_eligibility_from_a_name_search(page, login, tram, screenshot):
    person, _grants = tram
    login("secretariat")
    page.goto("/khen-thuong/xet-dieu-kien/")
    page.get_by_label("Tìm cá nhân theo tên").fill("dang thuy tram")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.get_by_role("link", name="Đặng Thùy Trâm").click()
    expect(page.get_by_test_id("eligibility-subject")).to_have_text("Đặng Thùy Trâm")
    page.get_by_label("Danh hiệu/Hình thức").select_option(label="Chiến sĩ thi đua cơ sở")
    page.get_by_label("Năm").fill("2024")
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(page.get_by_test_id("verdict")).to_contain_text("Đủ điều kiện đề nghị")
    checks = page.get_by_test_id("eligibility-checks").locator("li")
    expect(checks.first).to_contain_text("Năm 2024")
    screenshot(page, "e2e-eligibility")


def test_history_page_for_the_unit_and_404_for_another_unit(page, login, tram, screenshot):
    person, _grants = tram
    login("secretariat")
    page.goto(f"/khen-thuong/ca-nhan/{person.pk}/")
    years = page.locator("table tbody th[scope=row]").all_inner_texts()
    assert [y.strip() for y in years][:3] == ["2025", "2024", "2023"]
    expect(page.locator("main")).to_contain_text("Chiến sĩ thi đua cơ sở")
    expect(page.locator("main")).to_contain_text("Lao động tiên tiến")
    screenshot(page, "e2e-history")
    page.context.clear_cookies()
    login("unitstaff")  # staff of Xã Bình Sơn: this person is elsewhere
    response = page.goto(f"/khen-thuong/ca-nhan/{person.pk}/")
    assert response.status == 404
    expect(page.locator("main")).to_contain_text("Không tìm thấy trang")
    expect(page.locator("main")).not_to_contain_text("Đặng Thùy Trâm")


def test_public_verification_shows_only_the_award(page, tram, screenshot):
    person, grants = tram
    code = grants[1].verification_code
    page.goto(f"/xac-minh/{code}/")
    main = page.locator("main")
    expect(main).to_contain_text("Lao động tiên tiến")
    expect(main).to_contain_text("Đặng Thùy Trâm")
    expect(main).to_contain_text("2025")
    assert person.id_number and person.ethnicity  # the demo person has both on record
    for private in [person.id_number, person.ethnicity, person.birth_date.strftime("%d/%m/%Y")]:
        expect(main).not_to_contain_text(private)
    screenshot(page, "e2e-verify")
    response = page.goto("/xac-minh/khong-co-ma-nay-1234/")
    assert response.status == 404
    expect(main).not_to_contain_text("Đặng Thùy Trâm")


def test_the_verification_pages_qr_code_is_drawn_by_the_browser(
    page, browser, live_server, tram, screenshot
):
    """The browser draws the page's QR code (static/js/qr.js, qrcode-generator from
    node_modules) and a scanner reads the page's printed address from it; a browser
    without JavaScript shows the server's image of the same address instead."""
    _person, grants = tram
    code = grants[1].verification_code
    address = f"{live_server.url}/xac-minh/{code}/"
    page.goto(f"/xac-minh/{code}/")
    drawn = page.get_by_test_id("certificate-qr")
    expect(drawn).to_be_visible()
    expect(drawn).to_have_attribute("src", re.compile(r"^data:image/svg\+xml;base64,"))
    assert read_png(drawn.screenshot()) == [address]
    screenshot(page, "e2e-verify-qr")

    still = browser.new_context(base_url=live_server.url, locale=LOCALE, java_script_enabled=False)
    try:
        plain = still.new_page()
        plain.goto(f"/xac-minh/{code}/")
        expect(plain.get_by_test_id("certificate-qr")).to_be_hidden()
        served = plain.get_by_test_id("certificate-qr-server")
        expect(served).to_be_visible()
        assert read_png(served.screenshot()) == [address]
    finally:
        still.close()
