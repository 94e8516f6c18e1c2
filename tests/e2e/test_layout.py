"""The page frame at common office screens (issue 9, 19): from 1200 px (where the menu
stops folding) to 1366×768 the menu stays on one line inside the window for every role;
a favicon; on paper no menu, navigation or button."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, LOCALE

pytestmark = pytest.mark.e2e

OFFICE = {"width": 1366, "height": 768}
# The narrowest width with the menu unfolded (Bootstrap's xl), where the secretariat's
# menu ran 28 px past the window, and the common office screen.
WIDTHS = (1200, 1366)
ROLES = [
    "admin",
    "chairman",
    "council_standing",
    "council_secretary",
    "secretariat",
    "council_01",
    "unithead",
    "unitstaff",
    "deptstaff",
]


def _log_in(browser, live_server, username, viewport=OFFICE):
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale=LOCALE)
    page = context.new_page()
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
    return context, page


@pytest.mark.parametrize("username", ROLES)
def test_the_menu_fits_on_one_line_at_office_widths(
    browser, live_server, demo, screenshot, username
):
    from units.models import User

    if username == "admin":  # the demo's administrator has no password: give it one
        admin = User.objects.get(username="admin")
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    context, page = _log_in(browser, live_server, username)
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": OFFICE["height"]})
            page.reload()
            expect(page.locator("#portal-nav")).to_be_visible()
            screenshot(page, f"menu-{width}-{username}")
            # Every menu entry on one line, all on the same row, the brand clear of the
            # first entry, and the header no taller than one row of the brand.
            rows = page.evaluate(
                """() => [...document.querySelectorAll('#portal-nav .navbar-nav > li > .nav-link')]
                    .map(a => { const r = a.getBoundingClientRect();
                                const lh = parseFloat(getComputedStyle(a).lineHeight);
                                return {top: Math.round(r.top), left: r.left,
                                        lines: Math.round((r.height -
                                  parseFloat(getComputedStyle(a).paddingTop) -
                                  parseFloat(getComputedStyle(a).paddingBottom)) / lh)}; })"""
            )
            assert rows, "no menu entries"
            assert {row["lines"] for row in rows} == {1}, (width, rows)
            assert len({row["top"] for row in rows}) == 1, (width, rows)
            brand_right = page.evaluate(
                """() => Math.max(...[...document.querySelectorAll('.navbar-brand *')]
                    .map(e => e.getBoundingClientRect().right))"""
            )
            assert brand_right <= rows[0]["left"], (width, brand_right, rows[0])
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            # The user's name beside its icon, not under it (a long name did wrap).
            icon, name = (
                page.locator(f".user-menu {selector}").bounding_box()
                for selector in (".bi-person-circle", ".user-name")
            )
            assert abs(icon["y"] + icon["height"] / 2 - name["y"] - name["height"] / 2) < 4, (
                width,
                icon,
                name,
            )
            header = page.locator(".portal-header").bounding_box()
            assert header["height"] <= 90, (width, header)
    finally:
        context.close()


def test_favicon_and_print_stylesheet(browser, live_server, demo, screenshot):
    context, page = _log_in(browser, live_server, "secretariat")
    try:
        icon = page.locator("link[rel=icon]")
        expect(icon).to_have_attribute("href", "/static/favicon.svg")
        response = page.request.get("/static/favicon.svg")
        assert response.ok and response.headers["content-type"].startswith("image/svg+xml")
        page.emulate_media(media="print")
        for selector in (".portal-header", ".portal-footer", ".skip-link"):
            assert page.locator(selector).evaluate("e => getComputedStyle(e).display") == "none"
        page.goto("/khen-thuong/luu-tru/")
        buttons = page.locator("main .btn:visible, main form:visible")
        assert buttons.count() == 0
        screenshot(page, "print-archive")
    finally:
        context.close()
