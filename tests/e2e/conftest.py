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


class Dialogs:
    """The answer to the portal's confirmation dialogs (``data-confirm``: window.confirm).
    Playwright dismisses dialogs by default, which would cancel every confirmed step; every
    context the session opens accepts them instead, and records their messages. A test
    that shows a cancelled step sets ``dialogs.accept = False`` (the ``dialogs`` fixture)."""

    def __init__(self) -> None:
        self.accept = True
        self.messages: list[str] = []

    def __call__(self, dialog) -> None:
        self.messages.append(dialog.message)
        if self.accept:
            dialog.accept()
        else:
            dialog.dismiss()


DIALOGS = Dialogs()


@pytest.fixture
def dialogs():
    DIALOGS.accept, DIALOGS.messages = True, []
    yield DIALOGS
    DIALOGS.accept, DIALOGS.messages = True, []


def _answering_dialogs(browser):
    """Make every new context of ``browser`` answer dialogs through DIALOGS."""
    new_context = browser.new_context

    def opened(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.on("dialog", DIALOGS)
        return context

    browser.new_context = opened
    return browser


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
            yield _answering_dialogs(browser)
        finally:
            browser.close()


def _row_counts() -> dict:
    from django.apps import apps

    return {
        model: model._base_manager.count() for model in apps.get_models(include_auto_created=True)
    }


@pytest.fixture(scope="session")
def _demo_snapshot():
    """The rows ``seed_demo`` wrote, kept after the first seed of the session."""
    return {}


@pytest.fixture
def demo(transactional_db, _demo_snapshot):
    """The demo province, in the live server's database, for one test.

    ``transactional_db`` empties every table after each test. The first test seeds with
    ``units.demo.seed_demo``; the rows it wrote are kept in memory and later tests insert
    those same rows again (same primary keys), which takes a fraction of a second instead
    of the seed's seconds (most of the e2e run time on PostgreSQL otherwise). Primary-key
    sequences are not reset by the flush, so new rows never collide with the restored ones.
    """
    from django.db import transaction

    from units.demo import seed_demo

    _restore_catalogue()
    if _demo_snapshot:
        with transaction.atomic():
            for model, rows in _demo_snapshot["rows"]:
                model._base_manager.bulk_create(rows, batch_size=500)
        return dict(_demo_snapshot["counts"])

    before = _row_counts()
    counts = seed_demo(password=DEMO_PASSWORD)
    after = _row_counts()
    written = [model for model, count in after.items() if count != before[model]]
    # Only cache when the seed wrote to empty tables (nothing like migration data mixed in).
    if all(before[model] == 0 for model in written):
        _demo_snapshot["rows"] = [
            (model, list(model._base_manager.order_by("pk"))) for model in written
        ]
        _demo_snapshot["counts"] = counts
    return counts


def _restore_catalogue() -> None:
    """The award catalogue is migration data; a transactional test's flush empties it,
    so put it back the way migration 0002 wrote it."""
    import importlib

    from django.apps import apps

    from awards.models import Award

    if not Award.objects.exists():
        importlib.import_module("awards.migrations.0002_seed_catalogue").seed(apps, None)
        # The coefficients, authorities and legal bases of issue 9 (migration 0007).
        importlib.import_module("awards.migrations.0007_catalogue_money_authorities_bases").forward(
            apps, None
        )


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
def page(context, dialogs):
    """A page of the test's context; its confirmation dialogs are accepted (``dialogs``)."""
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
        with page.expect_navigation():  # the POST answers with a new page
            page.get_by_role("button", name="Đăng nhập", exact=True).click()
        return page

    return log_in


def cards_over_footer(page) -> list[str]:
    """The cards of <main> whose box reaches into the footer (a broken layout)."""
    return page.evaluate(
        """() => {
          const top = document.querySelector("footer").getBoundingClientRect().top;
          return [...document.querySelectorAll("main .card")]
            .filter((card) => card.getBoundingClientRect().bottom > top + 0.5)
            .map((card) => card.innerText.trim().split("\\n")[0]);
        }"""
    )
