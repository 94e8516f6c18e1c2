"""Browser tests: the demo province served by pytest-django's live server, driven through
Playwright's sync API in the Debian system Chromium (never a downloaded browser).

One Chromium for the whole session; a fresh browser context (cookies, storage) per test.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the test thread; without this Django
# refuses ORM calls from that thread (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "tdkt-demo-2026"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
# A Vietnamese user's browser: Accept-Language vi-VN. (The portal follows Accept-Language:
# a browser set to English gets the English source strings, see the e2e report.)
LOCALE = "vi-VN"
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    """The system Chromium, headless, shared by every e2e test of the session."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests use the Debian system "
            "browser. Install it with `make setup` (or `apt-get install chromium`); "
            "do not run `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def demo(transactional_db):
    """The demo province, seeded in the live server's database for one test.

    ``transactional_db`` empties the tables after each test, so the seed runs per test.
    """
    from units.demo import seed_demo

    return seed_demo(password=DEMO_PASSWORD)


@pytest.fixture
def context(browser, live_server, demo):
    """A fresh browser context (no cookies) pointed at the live server."""
    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, locale=LOCALE, timezone_id="Asia/Ho_Chi_Minh"
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="session")
def screenshot():
    """``screenshot(page, "name")`` saves a full-page PNG under test-artifacts/screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def login(page):
    """``login(username)`` logs in through the form, by the fields' Vietnamese labels."""

    def log_in(username: str, password: str = DEMO_PASSWORD):
        page.goto("/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        return page

    return log_in
