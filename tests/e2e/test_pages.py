"""The people registry in the browser: accent-insensitive search, the unit scope and its 404,
and the dashboard on a phone-sized screen."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, LOCALE, cards_over_footer

pytestmark = pytest.mark.e2e

PAGE_SIZE = 25  # settings.TDKT_PAGE_SIZE (its default)
NAME, YEAR, UNIT = 0, 2, 4  # columns of the person table: Họ và tên, …, Năm sinh, …, Đơn vị


def table_rows(page) -> list[list[str]]:
    """The cells of each row of the person table, as the user reads them."""
    table = page.get_by_test_id("person-table")
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    return [row.locator("td").all_inner_texts() for row in rows.all()]


def test_secretariat_finds_a_person_without_diacritics(page, login, screenshot):
    from units import selectors
    from units.models import User
    from units.search import normalize

    login("secretariat")
    page.goto("/ca-nhan/")
    expect(page).to_have_title("Cá nhân · Quảng Ngãi")

    name_field = page.get_by_label("Tên", exact=True)  # PersonFilter.q, label "Name"
    name_field.fill("nguyen van an")
    # The form sends the search with htmx: the results change in place, the address follows.
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"q=nguyen(\+|%20)van(\+|%20)an"))
    expect(name_field).to_have_value("nguyen van an")
    rows = table_rows(page)
    names = [cells[NAME] for cells in rows]
    assert "Nguyễn Văn An" in names
    for name in names:
        assert "nguyen van an" in normalize(name), name

    # the page shows exactly what the selector finds, in the same order
    user = User.objects.get(username="secretariat")
    found = selectors.person_search(
        queryset=selectors.person_list_visible(user=user), text="nguyen van an"
    )
    assert names == [person.full_name for person in found[:PAGE_SIZE]]
    screenshot(page, "person-search")


def test_unit_staff_sees_only_their_subtree_and_a_404_outside(page, login, live_server, screenshot):
    from units import selectors
    from units.models import Person, Unit, User

    login("unitstaff")
    page.goto("/ca-nhan/")
    rows = table_rows(page)
    assert rows, "unit staff should see the people of Xã Bình Sơn"

    user = User.objects.get(username="unitstaff")
    binh_son = Unit.objects.get(code="xa-binh-son")
    subtree = Unit.objects.filter(path__startswith=binh_son.path)
    subtree_names = {str(unit) for unit in subtree}  # the full label ("Thôn 1, xã …")
    assert "Xã Bình Sơn" in subtree_names
    for cells in rows:
        assert cells[UNIT] in subtree_names, cells
        # a year is not a quantity: "1982", never "1.982" (USE_THOUSAND_SEPARATOR)
        assert re.fullmatch(r"\d{4}|—", cells[YEAR]), cells

    # exactly the first page of the visible registry, in the same (Vietnamese) order
    visible = selectors.person_list_visible(user=user)  # the model order: Vietnamese
    expected = [(p.full_name, p.unit.label) for p in visible[:PAGE_SIZE]]
    assert [(cells[NAME], cells[UNIT]) for cells in rows] == expected
    assert all(p.unit.path.startswith(binh_son.path) for p in visible)
    screenshot(page, "person-list-unitstaff")
    assert cards_over_footer(page) == []

    # a person of Phường Cẩm Thành exists but is out of scope: the Vietnamese 404 page
    cam_thanh = Unit.objects.get(code="phuong-cam-thanh")
    outsider = Person.objects.filter(unit__path__startswith=cam_thanh.path).order_by("id").first()
    assert outsider is not None
    response = page.goto(f"/ca-nhan/{outsider.pk}/")
    assert response.status == 404
    expect(page).to_have_title("Không tìm thấy trang · Quảng Ngãi")
    main = page.locator("main")
    expect(main).to_contain_text("Không tìm thấy trang")
    expect(main).not_to_contain_text(outsider.full_name)
    expect(page.get_by_role("link", name="Quay lại bảng điều khiển")).to_be_visible()
    screenshot(page, "404")
    assert f"{live_server.url}/ca-nhan/{outsider.pk}/" == page.url


def test_dashboard_on_a_phone(browser, live_server, demo, screenshot):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale=LOCALE,
    )
    try:
        page = context.new_page()
        page.goto("/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill("unitstaff")
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Đăng nhập", exact=True).click()

        toggler = page.locator(".navbar-toggler")
        expect(toggler).to_be_visible()
        expect(toggler).to_have_attribute("aria-label", "Hiện danh mục chức năng")
        title = page.get_by_test_id("dashboard-title")
        expect(title).to_be_visible()
        expect(title).to_have_text("Bảng điều khiển đơn vị")
        expect(page.locator("#portal-nav")).to_be_hidden()
        # no horizontal scrolling on a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "dashboard-mobile")
        assert cards_over_footer(page) == []

        toggler.click()
        nav = page.locator("#portal-nav")
        expect(nav).to_have_class(re.compile(r"\bshow\b"))  # Bootstrap's transition done
        expect(nav).to_be_visible()
        expect(toggler).to_have_attribute("aria-expanded", "true")
        page.get_by_role("button", name="Cơ cấu tổ chức").or_(
            page.get_by_role("link", name="Cơ cấu tổ chức")
        ).click()
        expect(page.get_by_role("link", name="Cá nhân", exact=True)).to_be_visible()
        screenshot(page, "dashboard-mobile-menu")
    finally:
        context.close()
