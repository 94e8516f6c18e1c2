"""Issue 9 (6) in the browser: the nominee page's unit dropdowns are searchable (tom-select)
and grouped, and the htmx around them keeps working: the live verdict reads the unit
chosen in the search widget, the person added through the quick form (its unit chosen in
the widget) comes back chosen, and the person search answers even when the name is typed
before htmx has bound the box (the real cause of the search that "tom-select broke": a
page slow to load its scripts, fixed in static/js/portal.js)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

UNIT_CODE = "xa-binh-son"
VILLAGE = "Thôn 1, xã Bình Sơn"


def label(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


@pytest.fixture
def dossier(demo):
    from nominations.services import dossiers as services
    from units.models import Unit, User

    staff = User.objects.get(username="unitstaff")
    return services.dossier_create(
        unit=Unit.objects.get(code=UNIT_CODE),
        year=2026,
        kind="CONG_TRANG",
        title="Hồ sơ thử ô tìm đơn vị",
        actor=staff,
    )


def choose_in_widget(page, select_name: str, typed: str, option: str) -> None:
    """Open the tom-select widget of ``select_name``, type, and click ``option``."""
    wrapper = page.locator(f"select[name={select_name}] + .ts-wrapper")
    wrapper.locator(".ts-control").click()
    page.keyboard.type(typed)
    dropdown = wrapper.locator(".ts-dropdown")
    dropdown.locator(".option", has_text=re.compile(rf"^{re.escape(option)}$")).click()
    expect(dropdown).to_be_hidden()  # one unit chosen: the list closes on it
    page.keyboard.press("Tab")  # on to the next field, as one fills a form
    expect(dropdown).to_be_hidden()


def test_the_collective_is_chosen_by_search_and_the_verdict_follows(login, dossier, screenshot):
    staff = login("unitstaff")
    staff.goto(f"/ho-so/{dossier.pk}/de-nghi/them/?subject_kind=collective")
    select = staff.locator("select[name=collective]")
    expect(select).to_have_attribute("data-searchable", "1")
    expect(staff.locator("select[name=collective] + .ts-wrapper")).to_be_visible()
    expect(select).to_have_class(re.compile(r"\bts-hidden-accessible\b"))  # kept, hidden
    choose_in_widget(staff, "collective", "thon 1", VILLAGE)
    # The groups are the communes; the option carries its commune.
    expect(staff.locator("select[name=collective] + .ts-wrapper .ts-control")).to_contain_text(
        VILLAGE
    )
    staff.get_by_label(label("Danh hiệu/hình thức")).select_option(index=1)
    verdict = staff.get_by_test_id("nominee-verdict")
    expect(verdict).to_contain_text(VILLAGE)  # hx-include read the widget's select
    screenshot(staff, "unit-search-collective-verdict")


def test_a_person_added_with_the_widget_comes_back_chosen(login, dossier, screenshot):
    staff = login("unitstaff")
    staff.goto(f"/ho-so/{dossier.pk}/them-nguoi/")
    expect(staff.locator("select[name=unit] + .ts-wrapper")).to_be_visible()
    staff.get_by_label(label("Họ và tên")).fill("Trần Thị Tìm Kiếm")
    choose_in_widget(staff, "unit", "thon 1", VILLAGE)
    screenshot(staff, "unit-search-person-form")
    with staff.expect_navigation():
        staff.get_by_role("button", name="Thêm và tiếp tục").click()
    chosen = staff.get_by_test_id("chosen-person")
    expect(chosen).to_contain_text("Trần Thị Tìm Kiếm")
    expect(chosen).to_contain_text(VILLAGE)
    # The person search on the same page still answers.
    staff.get_by_label(label("Tìm cá nhân theo họ tên")).fill("tran thi tim kiem")
    expect(staff.get_by_test_id("person-matches")).to_contain_text("Trần Thị Tìm Kiếm")


def test_a_name_typed_before_htmx_is_ready_is_still_searched(login, dossier):
    """The page is on screen while htmx.min.js is still on its way (held here): the name
    typed then is searched once htmx has bound the box."""
    staff = login("unitstaff")
    held = []
    staff.route("**/vendor/htmx/htmx.min.js", lambda route: held.append(route))
    staff.goto(f"/ho-so/{dossier.pk}/de-nghi/them/?subject_kind=individual", wait_until="commit")
    staff.get_by_label(label("Tìm cá nhân theo họ tên")).fill("le thi thuy hue")
    staff.wait_for_timeout(300)
    assert len(held) == 1 and staff.evaluate("typeof window.htmx") == "undefined"
    held[0].continue_()
    matches = staff.get_by_test_id("person-matches")
    expect(matches.get_by_label(re.compile("Lê Thị Thùy Huệ"))).to_be_visible()
