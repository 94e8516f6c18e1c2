"""The person search as the secretariat uses it (issue 13): as the archive's, the filter
form sends the search with htmx, the results are replaced in place, the address follows
(back and reload keep the search) and the export link carries the new filters."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_the_person_search_replaces_the_results_in_place(page, login, screenshot):
    from tests.factories import PersonFactory
    from units.models import Unit

    unit = Unit.objects.filter(kind="commune").order_by("pk").first()
    for name in ("Khổng Mỹ Hoa", "Khổng Minh Tuấn", "Quách Thiện Nhân"):
        PersonFactory(full_name=name, unit=unit)
    login("secretariat")
    page.goto("/ca-nhan/?q=quach+thien")
    table = page.get_by_test_id("person-table")
    expect(table.locator("tbody tr").filter(has_text="Quách Thiện Nhân")).to_have_count(1)
    page.evaluate("window.tdktSamePage = true")  # gone if the browser loads a new page

    page.get_by_label("Tên").fill("khong")
    page.get_by_role("button", name="Lọc").click()

    expect(table.locator("tbody tr")).to_have_count(2)
    names = sorted(table.locator("tbody tr td:first-child").all_inner_texts())
    assert names == ["Khổng Minh Tuấn", "Khổng Mỹ Hoa"]
    assert page.evaluate("window.tdktSamePage") is True
    assert "q=khong" in page.url
    assert "q=khong" in page.locator("#person-export").get_attribute("href")
    expect(page.get_by_test_id("result-count")).to_have_text("Hiển thị 1–2 trên tổng số 2")
    screenshot(page, "person-search-in-place")
    # The secretariat's seven menu entries and the user's button stay inside the window.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth") is True

    page.reload()
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(page.get_by_label("Tên")).to_have_value("khong")
