"""Logging in, the dashboard of each demo role, a wrong password, logging out."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, cards_over_footer

pytestmark = pytest.mark.e2e

LOGIN_TITLE = "Đăng nhập · Quảng Ngãi"
LOGIN_FAILED = (
    "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm bị khóa. "
    "Vui lòng thử lại hoặc liên hệ quản trị viên."
)

# username -> (dashboard title, fragments of the role line in the user menu)
DASHBOARDS = {
    "secretariat": (
        "Bảng điều khiển của Văn phòng Hội đồng",
        ["Cơ quan Thường trực Hội đồng"],
    ),
    "chairman": ("Bảng điều khiển của Chủ tịch", ["Chủ tịch", "Chủ tịch Hội đồng"]),
    "council": (
        "Bảng điều khiển của thành viên Hội đồng",
        ["Thành viên Hội đồng", "Thủ trưởng đơn vị Sở Tài chính"],
    ),
    "unitstaff": ("Bảng điều khiển đơn vị", ["Cán bộ TĐKT đơn vị", "Xã Bình Sơn"]),
    "unithead": ("Bảng điều khiển đơn vị", ["Thủ trưởng đơn vị", "Xã Bình Sơn"]),
}


def figure(page, name: str) -> int:
    """A dashboard figure as an int: "1.234" (Vietnamese thousands separator) -> 1234."""
    text = page.get_by_test_id(f"figure-{name}").inner_text()
    return int(text.strip().replace(".", ""))


def open_login(page, live_server):
    page.goto("/dang-nhap/")
    expect(page).to_have_title(LOGIN_TITLE)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    assert page.url == f"{live_server.url}/dang-nhap/"


def submit_login(page, username: str, password: str) -> None:
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    with page.expect_navigation():  # the POST answers with a new page (or the form again)
        page.get_by_role("button", name="Đăng nhập", exact=True).click()


@pytest.mark.parametrize("username", list(DASHBOARDS))
def test_each_role_logs_in_to_its_dashboard(page, live_server, screenshot, username):
    from units import selectors
    from units.models import User

    title, role_fragments = DASHBOARDS[username]
    open_login(page, live_server)
    if username == "secretariat":
        screenshot(page, "login")

    submit_login(page, username, DEMO_PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_test_id("dashboard-title")).to_have_text(title)
    expect(page).to_have_title("Bảng điều khiển · Quảng Ngãi")

    user = User.objects.get(username=username)
    expected = selectors.dashboard_figures(user=user)
    assert figure(page, "people") == expected["people"]
    assert figure(page, "units") == expected["units"]
    assert figure(page, "users") == expected["users"]
    if "commune_level" in expected:
        assert figure(page, "communes") == expected["commune_level"]
    else:
        expect(page.get_by_test_id("figure-communes")).to_have_count(0)

    roles = page.get_by_test_id("user-roles")
    for fragment in role_fragments:
        expect(roles).to_contain_text(fragment)
    screenshot(page, f"dashboard-{username}")
    assert cards_over_footer(page) == [], "dashboard cards overlap the footer"


def test_wrong_password_shows_one_vietnamese_error(page, live_server, screenshot):
    open_login(page, live_server)
    submit_login(page, "secretariat", "not-the-password")

    errors = page.get_by_role("alert")
    expect(errors).to_have_count(1)
    expect(errors).to_have_text(LOGIN_FAILED)
    expect(page).to_have_url(f"{live_server.url}/dang-nhap/")
    expect(page).to_have_title(LOGIN_TITLE)
    expect(page.get_by_test_id("dashboard-title")).to_have_count(0)
    # the user name is kept, the password is not
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("secretariat")
    expect(page.get_by_label("Mật khẩu")).to_have_value("")
    screenshot(page, "login-wrong-password")


def test_logout_from_the_user_menu(page, live_server):
    open_login(page, live_server)
    submit_login(page, "unitstaff", DEMO_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")

    logout = page.get_by_role("button", name="Đăng xuất")
    expect(logout).to_be_hidden()
    page.locator("button.user-menu").click()
    expect(logout).to_be_visible()
    with page.expect_navigation():
        logout.click()

    expect(page).to_have_url(f"{live_server.url}/dang-nhap/")
    expect(page).to_have_title(LOGIN_TITLE)

    page.goto("/")
    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}/dang-nhap/") + r"\?next=/$"))
    expect(page.get_by_role("button", name="Đăng nhập", exact=True)).to_be_visible()
