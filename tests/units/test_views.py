"""Permission matrix of every organisation page: each role × each view, on content.

Data that could leak (unit B's people, personal data) exists before each request, and
each case checks what the page shows, not only its status.
"""

import pytest
from django.urls import reverse

from tests.factories import UnitFactory
from tests.utils.clients import ROLES, client_for
from tests.utils.links import dead_links
from units.models import SecurityEvent, Unit

pytestmark = pytest.mark.django_db


def url(name, province, obj=None):
    if obj is None:
        return reverse(f"units:{name}")
    return reverse(f"units:{name}", args=[province[obj].pk])


# (url name, object key, {role: expected status}); 302 = sent to the login page.
MATRIX = [
    (
        "unit_detail",
        "unit_a",
        {
            "anonymous": 302,
            "staff_b": 404,
            "staff_a": 200,
            "head_a": 200,
            "secretariat": 200,
            "council": 200,
            "chairman": 200,
        },
    ),
    (
        "unit_update",
        "unit_a",
        {
            "anonymous": 302,
            "staff_b": 404,
            "staff_a": 404,
            "head_a": 404,
            "secretariat": 200,
            "council": 404,
            "chairman": 404,
        },
    ),
    (
        "unit_create",
        None,
        {
            "anonymous": 302,
            "staff_b": 404,
            "staff_a": 404,
            "head_a": 404,
            "secretariat": 200,
            "council": 404,
            "chairman": 404,
        },
    ),
    (
        "unit_import",
        None,
        {
            "anonymous": 302,
            "staff_b": 404,
            "staff_a": 404,
            "head_a": 404,
            "secretariat": 200,
            "council": 404,
            "chairman": 404,
        },
    ),
    (
        "unit_export",
        None,
        {
            "anonymous": 302,
            "staff_b": 404,
            "staff_a": 404,
            "head_a": 404,
            "secretariat": 200,
            "council": 404,
            "chairman": 404,
        },
    ),
    (
        "person_detail",
        "person_a",
        {
            "anonymous": 302,
            "staff_b": 404,
            "staff_a": 200,
            "head_a": 200,
            "secretariat": 200,
            "council": 200,
            "chairman": 200,
        },
    ),
    (
        "person_update",
        "person_a",
        {
            "anonymous": 302,
            "staff_b": 404,
            "staff_a": 200,
            "head_a": 200,
            "secretariat": 200,
            "council": 404,
            "chairman": 404,
        },
    ),
    (
        "person_sensitive",
        "person_a",
        {
            "anonymous": 302,
            "staff_b": 404,
            "staff_a": 200,
            "head_a": 200,
            "secretariat": 200,
            "council": 404,
            "chairman": 404,
        },
    ),
    (
        "person_create",
        None,
        {
            "anonymous": 302,
            "staff_b": 200,
            "staff_a": 200,
            "head_a": 200,
            "secretariat": 200,
            "council": 404,
            "chairman": 404,
        },
    ),
    (
        "person_import",
        None,
        {
            "anonymous": 302,
            "staff_b": 404,
            "staff_a": 404,
            "head_a": 404,
            "secretariat": 200,
            "council": 404,
            "chairman": 404,
        },
    ),
    (
        "person_export",
        None,
        {
            "anonymous": 302,
            "staff_b": 404,
            "staff_a": 404,
            "head_a": 404,
            "secretariat": 200,
            "council": 404,
            "chairman": 404,
        },
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "obj", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix(client, users, province, role, name, obj, expected):
    response = client_for(client, users, role).get(url(name, province, obj))
    assert response.status_code == expected[role]
    if expected[role] == 302:
        assert response["Location"].startswith(reverse("units:login"))
    elif expected[role] == 404:
        body = response.content.decode()
        assert "Đặng Thùy Trâm" not in body
        assert "Không tìm thấy trang" in body
    elif obj == "unit_a":
        assert "Xã Bình Sơn" in response.content.decode()
    elif obj == "person_a" and name != "person_sensitive":
        assert "Đặng Thùy Trâm" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("staff_a", {"Xã Bình Sơn", "Thôn 1"}, {"Phường Cẩm Thành", "Ủy ban nhân dân tỉnh Thử"}),
        ("staff_b", {"Phường Cẩm Thành"}, {"Xã Bình Sơn", "Thôn 1"}),
        ("secretariat", {"Xã Bình Sơn", "Thôn 1", "Phường Cẩm Thành"}, set()),
        ("council", {"Xã Bình Sơn", "Phường Cẩm Thành"}, set()),
    ],
)
def test_unit_list_shows_only_visible_units(client, users, role, visible, hidden):
    response = client_for(client, users, role).get(reverse("units:unit_list"))
    names = {unit.name for unit in response.context["page"]}
    assert visible <= names
    assert not (hidden & names)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("staff_a", ["Đặng Thùy Trâm"]),
        ("head_a", ["Đặng Thùy Trâm"]),
        ("staff_b", ["Nguyễn Văn An"]),
        ("secretariat", ["Đặng Thùy Trâm", "Nguyễn Văn An"]),
        ("council", ["Đặng Thùy Trâm", "Nguyễn Văn An"]),
        ("anonymous", None),
    ],
)
def test_person_list_scope(client, users, role, expected):
    response = client_for(client, users, role).get(reverse("units:person_list"))
    if expected is None:
        assert response.status_code == 302
        return
    assert [p.full_name for p in response.context["page"]] == expected


@pytest.mark.parametrize(
    ("role", "shows_personal"),
    [("staff_a", True), ("secretariat", True), ("council", False), ("chairman", False)],
)
def test_person_detail_personal_data_only_for_those_who_need_it(
    client, users, province, role, shows_personal
):
    response = client_for(client, users, role).get(url("person_detail", province, "person_a"))
    body = response.content.decode()
    assert ("051185000123" in body) is shows_personal
    assert ("07/03/1985" in body) is shows_personal
    # Ethnicity is sensitive: never on the page itself, only through the logged reveal.
    assert "Hrê" not in body


def test_sensitive_reveal_is_logged(client, users, province):
    client.force_login(users["staff_a"])
    response = client.get(url("person_sensitive", province, "person_a"))
    assert response.content.decode().strip() == '<span data-testid="ethnicity">Hrê</span>'
    event = SecurityEvent.objects.get(kind="sensitive_viewed")
    assert (event.username, event.detail) == ("staff_a", {"person": province["person_a"].pk})


def test_dashboard_per_role(client, users):
    titles = {
        "staff_a": "Bảng điều khiển đơn vị",
        "secretariat": "Bảng điều khiển của Văn phòng Hội đồng",
        "council": "Bảng điều khiển của thành viên Hội đồng",
        "chairman": "Bảng điều khiển của Chủ tịch",
    }
    for role, title in titles.items():
        client.force_login(users[role])
        response = client.get(reverse("units:dashboard"))
        assert response.context["figures"]["people"] == (1 if role == "staff_a" else 2)
        assert title in response.content.decode()
        client.logout()


def test_unit_staff_cannot_move_person_to_another_unit(client, users, province):
    client.force_login(users["staff_a"])
    person = province["person_a"]
    response = client.post(
        url("person_update", province, "person_a"),
        {
            "full_name": person.full_name,
            "gender": "female",
            "unit": province["unit_b"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    person.refresh_from_db()
    assert person.unit_id == province["village_a"].pk


def test_person_create_rerenders_with_vietnamese_errors(client, users):
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("units:person_create"),
        {"full_name": "Lê Thị Hoa", "gender": "female", "id_number": "12ab", "birth_year": "1850"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["id_number"] == ["Số CCCD phải có đúng 12 chữ số."]
    assert form.errors["unit"] == ["Trường này là bắt buộc."]
    assert 'value="Lê Thị Hoa"' in response.content.decode()


def test_secretariat_dashboard_counts_units_by_kind_and_area(client, users, province):
    from units import services

    services.unit_update(unit=province["unit_a"], actor=None, is_mountainous=True)
    client.force_login(users["secretariat"])
    breakdown = client.get(reverse("units:dashboard")).context["breakdown"]
    assert breakdown["kinds"] == [
        ("Ủy ban nhân dân tỉnh", 1),
        ("Xã", 1),
        ("Phường", 1),
        ("Thôn, tổ dân phố", 1),
    ]
    assert dict(breakdown["areas"])["Miền núi"] == 1


def test_person_list_rows_link_to_the_person_and_say_the_gender(client, users, province):
    client.force_login(users["secretariat"])
    body = client.get(reverse("units:person_list"), {"q": "dang thuy"}).content.decode()
    person = province["person_a"]
    link = reverse("units:person_detail", args=[person.pk])
    row = body[body.index(f'<a href="{link}">Đặng Thùy Trâm</a>') :]
    assert row[: row.index("</tr>")].count("<td>Nữ</td>") == 1


def test_years_are_not_printed_with_a_thousands_separator(client, users, province):
    client.force_login(users["council"])
    body = client.get(reverse("units:person_list")).content.decode()
    assert "<td>1985</td>" in body
    assert "1.985" not in body


@pytest.mark.parametrize(
    ("role", "status", "active_after"),
    [
        ("staff_a", 404, True),
        ("head_a", 404, True),
        ("staff_b", 404, True),
        ("council", 404, True),
        ("secretariat", 302, False),
    ],
)
def test_deactivate_matrix(client, users, province, role, status, active_after):
    unit = province["unit_b"]
    client.force_login(users[role])
    response = client.post(reverse("units:unit_deactivate", args=[unit.pk]))
    assert response.status_code == status
    unit.refresh_from_db()
    assert unit.is_active is active_after


def test_deactivate_with_active_children_shows_the_reason(client, users, province):
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("units:unit_deactivate", args=[province["unit_a"].pk]), follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Đơn vị này vẫn còn đơn vị trực thuộc đang hoạt động; vui lòng chuyển hoặc ngừng hoạt "
        "động các đơn vị đó trước."
    ]
    province["unit_a"].refresh_from_db()
    assert province["unit_a"].is_active


@pytest.mark.parametrize(
    ("role", "links"),
    [
        # Units and people share the "Cơ cấu tổ chức" menu (the bar fits 1366 px).
        ("staff_a", ["Bảng điều khiển", "Cơ cấu tổ chức"]),
        ("secretariat", ["Bảng điều khiển", "Cơ cấu tổ chức"]),
        ("chairman", ["Bảng điều khiển", "Cơ cấu tổ chức"]),
    ],
)
def test_navigation_per_role(client, users, role, links):
    import re

    client.force_login(users[role])
    body = client.get(reverse("units:dashboard")).content.decode()
    nav = body.split('<ul class="navbar-nav')[1].split("</ul>")[0]
    assert re.findall(r'class="nav-link[^"]*"[^>]*>([^<]+)</a>', nav) == links


def test_healthz(client, db):
    response = client.get(reverse("units:healthz"))
    assert (response.status_code, response.content.splitlines()[0]) == (200, b"database: ok")


def test_security_txt(client, db):
    response = client.get("/.well-known/security.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines()[0].startswith("Contact: mailto:")


def test_server_error_page_is_vietnamese_and_leaks_nothing(rf):
    from units.views.errors import server_error

    response = server_error(rf.get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in body
    assert "Traceback" not in body and "SECRET_KEY" not in body


def test_unit_dashboard_counts_people_of_the_whole_subtree(client, users, province):
    client.force_login(users["staff_a"])
    response = client.get(reverse("units:dashboard"))
    assert [(u.name, u.people_in_subtree) for u in response.context["my_units"]] == [
        ("Xã Bình Sơn", 1)
    ]
    assert "1 cá nhân, kể cả đơn vị trực thuộc" in response.content.decode()


def test_header_pairs_each_role_with_its_unit(client, users, province):
    from units import services
    from units.models import Role

    services.role_assign(
        user=users["council"], role=Role.UNIT_HEAD, unit=province["unit_b"], actor=None
    )
    client.force_login(users["council"])
    body = client.get(reverse("units:dashboard")).content.decode()
    roles = body.split('data-testid="user-roles">')[1].split("</small>")[0]
    assert roles == "Thành viên Hội đồng · Thủ trưởng đơn vị Phường Cẩm Thành"


def test_a_unit_page_links_its_parent_and_merger_only_where_the_reader_may_open_them(
    client, users, province
):
    """A commune's staff read the province and a unit merged into another commune by name;
    the secretariat gets the links. No link on the page answers 404."""
    merged = UnitFactory(
        name="Thôn 2 cũ",
        code="xa-a-t2",
        kind="village",
        parent=province["unit_a"],
        is_active=False,
    )
    Unit.objects.filter(pk=merged.pk).update(merged_into=province["unit_b"])
    root = reverse("units:unit_detail", args=[province["root"].pk])
    unit_b = reverse("units:unit_detail", args=[province["unit_b"].pk])
    client.force_login(users["staff_a"])
    body = client.get(reverse("units:unit_detail", args=[province["unit_a"].pk])).content.decode()
    assert root not in body and "Ủy ban nhân dân tỉnh Thử</dd>" in body
    assert dead_links(client, body) == []
    body = client.get(reverse("units:unit_detail", args=[merged.pk])).content.decode()
    assert unit_b not in body and "Phường Cẩm Thành</dd>" in body
    assert dead_links(client, body) == []
    client.force_login(users["secretariat"])
    body = client.get(reverse("units:unit_detail", args=[merged.pk])).content.decode()
    assert f'<a href="{unit_b}">Phường Cẩm Thành</a>' in body
    assert dead_links(client, body) == []
