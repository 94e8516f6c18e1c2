"""The award archive: permission matrix, search, filters, query count, export.

Data that could leak (unit B's awards, a person's discipline) exists before each request,
and each case checks what the page or the file shows, not only the status.
"""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import selectors
from awards.models import AwardGrant, Discipline, PendingCase
from awards.resources import HEADERS
from awards.services import decision_create, record_save
from tests.factories import PersonFactory
from tests.factories.awards import award, grant
from units import services as unit_services
from units.models import SecurityEvent

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff_b", "staff_a", "head_a", "secretariat", "council", "chairman"]
WIDE = {"secretariat", "council", "chairman"}
SENTINELS = ["KL-CANHAN-7731", "TOCAO-7732", "KL-DONVI-7733"]


def client_for(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


@pytest.fixture
def decision(db):
    return decision_create(
        actor=None,
        number="125/QĐ-UBND",
        issued_on=date(2024, 3, 15),
        signer_name="Trần Phước Hiền",
        signer_position="Phó Chủ tịch Ủy ban nhân dân tỉnh",
        authority="provincial_chairman",
        kind="CONG_TRANG",
    )


@pytest.fixture
def archive(province, decision):
    """Unit A: a person's Bằng khen and the commune's own title; unit B: a person's CSTĐCS
    and the ward's title. Person A and unit A carry sensitive records."""
    person_a, unit_a = province["person_a"], province["unit_a"]
    grants = {
        "a": grant(
            "BK_TINH",
            2024,
            person=person_a,
            decision=decision,
            certificate_number="BK-24-0001",
            cash=2_340_000,
        ),
        "a_unit": grant("TTLDTT", 2023, unit=unit_a),
        "b": grant("CSTDCS", 2023, person=province["person_b"]),
        "b_unit": grant("TTLDXS", 2024, unit=province["unit_b"], decision=decision),
    }
    record_save(
        instance=Discipline(
            person=person_a, level="canh_cao", starts_on=date(2022, 1, 5), decision=SENTINELS[0]
        ),
        actor=None,
    )
    record_save(
        instance=PendingCase(
            person=person_a, kind="complaint", opened_on=date(2025, 2, 1), note=SENTINELS[1]
        ),
        actor=None,
    )
    record_save(
        instance=Discipline(
            unit=unit_a, level="khien_trach", starts_on=date(2021, 6, 1), decision=SENTINELS[2]
        ),
        actor=None,
    )
    return grants


NAMES_A = ["Đặng Thùy Trâm", "Xã Bình Sơn"]
NAMES_B = ["Nguyễn Văn An", "Phường Cẩm Thành"]


def page_names(response) -> list[str]:
    return sorted(g.recipient_name for g in response.context["page"])


# --- Permission matrix ----------------------------------------------------------------------

# (url name, object key, {role: expected status}); 302 = sent to the login page. The
# awards routes for the project-wide route inventory (tests/units/test_routes.py).
MATRIX = [
    ("archive", None, {r: 302 if r == "anonymous" else 200 for r in ROLES}),
    (
        "archive_export",
        None,
        {r: 302 if r == "anonymous" else 200 if r in WIDE else 404 for r in ROLES},
    ),
    (
        "person_history",
        "person_a",
        {r: {"anonymous": 302, "staff_b": 404}.get(r, 200) for r in ROLES},
    ),
    (
        "unit_history",
        "unit_a",
        {r: {"anonymous": 302, "staff_b": 404}.get(r, 200) for r in ROLES},
    ),
]


def url(name, province, obj=None):
    if obj is None:
        return reverse(f"awards:{name}")
    return reverse(f"awards:{name}", args=[province[obj].pk])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "obj", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix(client, users, province, archive, role, name, obj, expected):
    response = client_for(client, users, role).get(url(name, province, obj))
    assert response.status_code == expected[role]
    if expected[role] == 302:
        assert response["Location"].startswith(reverse("units:login"))
        return
    if name == "archive_export" and expected[role] == 200:
        rows = read_xlsx(response)
        body = "\n".join(str(value) for row in rows for value in row)
    else:
        body = response.content.decode()
    if expected[role] == 404:
        for hidden in ["Đặng Thùy Trâm", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", *SENTINELS]:
            assert hidden not in body
        return
    # Sensitive records appear only on the history pages, and only to those who may see them.
    may_see = {
        "person_history": {"staff_a", "head_a", "secretariat"},
        "unit_history": {"secretariat"},
    }.get(name, set())
    if name == "archive_export":
        assert sorted(row[0] for row in rows[1:]) == sorted(NAMES_A + NAMES_B)
    elif name == "archive":
        expected_names = {
            "staff_a": NAMES_A,
            "head_a": NAMES_A,
            "staff_b": NAMES_B,
        }.get(role, NAMES_A + NAMES_B)
        assert page_names(response) == sorted(expected_names)
        for hidden in sorted(set(NAMES_A + NAMES_B) - set(expected_names)):
            assert hidden not in body
    elif name == "person_history":
        assert "Đặng Thùy Trâm" in body
        assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in body
        assert "Nguyễn Văn An" not in body
        assert (SENTINELS[0] in body) is (role in may_see)
        assert (SENTINELS[1] in body) is (role in may_see)
        assert SENTINELS[2] not in body
    elif name == "unit_history":
        assert "Xã Bình Sơn" in body
        assert "Tập thể lao động tiên tiến" in body
        assert "Phường Cẩm Thành" not in body
        assert (SENTINELS[2] in body) is (role in may_see)
        assert SENTINELS[0] not in body
    if name in ("archive", "archive_export"):
        for sentinel in SENTINELS:
            assert sentinel not in body


def test_history_not_found_for_unknown_ids(client, users, archive):
    client.force_login(users["secretariat"])
    missing = AwardGrant.objects.order_by("-pk").first().pk + 1000
    for name in ("person_history", "unit_history"):
        assert client.get(reverse(f"awards:{name}", args=[missing])).status_code == 404


def _reads_rows(sql: str) -> bool:
    """The statement that reads a page's rows, with what they show."""
    return sql.startswith('SELECT "awards_awardgrant"."id"') and '"awards_award"."name"' in sql


def test_history_links_only_where_the_user_may_look(client, users, province, archive):
    """A person who moved to unit B keeps the award unit A recorded: unit A's staff still
    see the row, without a link to a person they no longer keep."""
    mover = PersonFactory(full_name="Trần Văn Chuyển", unit=province["unit_a"])
    grant("LDTT", 2022, person=mover)
    unit_services.person_update(person=mover, actor=None, unit=province["unit_b"])

    client.force_login(users["staff_a"])
    rows = {
        g.recipient_name: g.history_url
        for g in client.get(reverse("awards:archive")).context["page"]
    }
    assert rows == {
        "Trần Văn Chuyển": "",
        "Đặng Thùy Trâm": reverse("awards:person_history", args=[province["person_a"].pk]),
        "Xã Bình Sơn": reverse("awards:unit_history", args=[province["unit_a"].pk]),
    }

    client.force_login(users["staff_b"])
    rows = {
        g.recipient_name: g.history_url
        for g in client.get(reverse("awards:archive")).context["page"]
    }
    assert rows == {
        "Nguyễn Văn An": reverse("awards:person_history", args=[province["person_b"].pk]),
        "Phường Cẩm Thành": reverse("awards:unit_history", args=[province["unit_b"].pk]),
    }

    # Who sees every person (the secretariat, the Council) gets every link, and the rows
    # are read without the recipients' units: two tables fewer to join.
    for role in ("secretariat", "council"):
        client.force_login(users[role])
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("awards:archive"), {"q": "tran van chuyen"}).context["page"]
        assert {g.recipient_name: g.history_url for g in page} == {
            "Trần Văn Chuyển": reverse("awards:person_history", args=[mover.pk])
        }
        rows = [q["sql"] for q in captured.captured_queries if _reads_rows(q["sql"])]
        assert len(rows) == 1 and "units_person" not in rows[0]
    # Unit A's staff: each person checked, through the recipient's unit read with the row.
    client.force_login(users["staff_a"])
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("awards:archive"), {"q": "tran van chuyen"}).context["page"]
    assert {g.recipient_name: g.history_url for g in page} == {"Trần Văn Chuyển": ""}
    rows = [q["sql"] for q in captured.captured_queries if _reads_rows(q["sql"])]
    assert len(rows) == 1 and '"units_person"' in rows[0]


def test_archive_columns(client, users, province, archive):
    client.force_login(users["secretariat"])
    response = client.get(reverse("awards:archive"), {"q": "dang thuy"})
    body = response.content.decode()
    assert page_names(response) == ["Đặng Thùy Trâm"]
    row = body[body.index("Đặng Thùy Trâm") : body.index("</tr>", body.index("Đặng Thùy Trâm"))]
    for text in [
        "Thôn 1",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "2024",
        "125/QĐ-UBND",
        "15/03/2024",
        "BK-24-0001",
        "<td>Công trạng (hằng năm)</td>",  # the kind, in the reader's language
    ]:
        assert text in row
    assert "2.024" not in body


# --- Search and filters ---------------------------------------------------------------------

NAMES = [
    "Nguyễn Văn An",
    "Nguyễn Văn Ân",
    "NGUYỄN VĂN ÂN",
    "Đặng Thùy Trâm",
    "Đặng Thị Hạnh",
    "Trần Thị Thu Hà",
    "Nguyễn Văn Anh",
    "Lê Đăng Khoa",
]


@pytest.fixture
def named_grants(province):
    unit = province["unit_b"]
    return [grant("LDTT", 2024, person=PersonFactory(full_name=name, unit=unit)) for name in NAMES]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van an", ["NGUYỄN VĂN ÂN", "Nguyễn Văn An", "Nguyễn Văn Anh", "Nguyễn Văn Ân"]),
        ("dang", ["Lê Đăng Khoa", "Đặng Thùy Trâm", "Đặng Thị Hạnh"]),
        ("NGUYỄN VĂN ÂN", ["NGUYỄN VĂN ÂN", "Nguyễn Văn An", "Nguyễn Văn Anh", "Nguyễn Văn Ân"]),
        ("thu ha", ["Trần Thị Thu Hà"]),
        ("khong co ai", []),
    ],
)
def test_archive_search_is_accent_insensitive(client, users, named_grants, query, expected):
    client.force_login(users["secretariat"])
    response = client.get(reverse("awards:archive"), {"q": query})
    assert page_names(response) == sorted(expected)
    found = selectors.archive_search(queryset=AwardGrant.objects.all(), text=query)
    assert sorted(g.recipient_name for g in found) == sorted(expected)


@pytest.fixture
def filter_data(province, decision):
    other = decision_create(
        actor=None,
        number="88/QĐ-UBND",
        issued_on=date(2023, 12, 20),
        signer_name="Đặng Văn Minh",
        signer_position="Chủ tịch Ủy ban nhân dân tỉnh",
        authority="provincial_chairman",
        kind="DOT_XUAT",
    )
    village = province["village_a"]
    people = {
        name: PersonFactory(full_name=name, unit=unit)
        for name, unit in [
            ("Phạm Văn Một", village),
            ("Phạm Văn Hai", province["unit_a"]),
            ("Phạm Văn Ba", province["unit_b"]),
        ]
    }
    grant("BK_TINH", 2024, person=people["Phạm Văn Một"], decision=decision)
    grant("BK_TINH", 2023, person=people["Phạm Văn Hai"], decision=other, kind="DOT_XUAT")
    grant("CSTDCS", 2023, person=people["Phạm Văn Ba"])
    grant("TTLDXS", 2024, unit=province["unit_b"], decision=decision)
    return people


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Phường Cẩm Thành", "Phạm Văn Ba", "Phạm Văn Hai", "Phạm Văn Một"]),
        ({"year": "2023"}, ["Phạm Văn Ba", "Phạm Văn Hai"]),
        ({"award": "BK_TINH"}, ["Phạm Văn Hai", "Phạm Văn Một"]),
        ({"award": "BK_TINH", "year": "2024"}, ["Phạm Văn Một"]),
        ({"kind": "DOT_XUAT"}, ["Phạm Văn Hai"]),
        ({"decision": "125"}, ["Phường Cẩm Thành", "Phạm Văn Một"]),
        ({"decision": "88/q"}, ["Phạm Văn Hai"]),
        ({"unit": "unit_a"}, ["Phạm Văn Hai", "Phạm Văn Một"]),
        ({"unit": "village_a"}, ["Phạm Văn Một"]),
        ({"recipient_type": "collective"}, ["Phường Cẩm Thành"]),
        ({"recipient_type": "household"}, []),
        (
            {"recipient_type": "individual", "q": "pham van"},
            ["Phạm Văn Ba", "Phạm Văn Hai", "Phạm Văn Một"],
        ),
    ],
)
def test_archive_filters(client, users, province, filter_data, params, expected):
    if "award" in params:
        params = {**params, "award": award(params["award"]).pk}
    if "unit" in params:
        params = {**params, "unit": province[params["unit"]].pk}
    client.force_login(users["secretariat"])
    response = client.get(reverse("awards:archive"), params)
    assert response.status_code == 200
    assert page_names(response) == sorted(expected)


def test_archive_order_and_pagination(client, users, province):
    unit = province["unit_b"]
    for i in range(30):
        grant(
            "LDTT", 2020 + i % 3, person=PersonFactory(full_name=f"Võ Thị Mẫu {i:02d}", unit=unit)
        )
    client.force_login(users["secretariat"])
    first = client.get(reverse("awards:archive"))
    second = client.get(reverse("awards:archive"), {"page": 2})
    rows = list(first.context["page"]) + list(second.context["page"])
    assert len(first.context["page"]) == 25
    assert first.context["page"].paginator.count == 30
    assert [(g.year, g.recipient_name) for g in rows] == sorted(
        ((g.year, g.recipient_name) for g in rows), key=lambda item: (-item[0], item[1])
    )


def test_unit_filter_offers_only_visible_units(client, users, province):
    client.force_login(users["staff_a"])
    response = client.get(reverse("awards:archive"))
    offered = {unit.name for unit in response.context["filter"].form.fields["unit"].queryset}
    assert offered == {"Xã Bình Sơn", "Thôn 1"}
    # A foreign unit given by hand is not a valid choice and widens nothing.
    response = client.get(reverse("awards:archive"), {"unit": province["unit_b"].pk})
    assert "unit" in response.context["filter"].form.errors


def test_a_search_from_the_filter_form_gets_the_results_alone(
    client, users, named_grants, monkeypatch
):
    """The filter form sends its search with htmx: the answer is the results (rows, count,
    pagination) and the export link out of band, without the page frame or the filter
    form and its unit dropdown; the same address without htmx is the whole page."""
    import units.forms.choices as choices

    drawn = []
    real = choices.grouped_unit_choices
    monkeypatch.setattr(
        choices, "grouped_unit_choices", lambda queryset: drawn.append(1) or real(queryset)
    )
    client.force_login(users["secretariat"])
    url = reverse("awards:archive")
    partial = client.get(url, {"q": "dang"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert partial.status_code == 200
    assert page_names(partial) == sorted(["Lê Đăng Khoa", "Đặng Thùy Trâm", "Đặng Thị Hạnh"])
    assert body.lstrip().startswith('<div id="archive-results">')
    assert "<html" not in body and 'name="unit"' not in body and 'role="search"' not in body
    assert "Hiển thị 1–3 trên tổng số 3" in body
    assert 'id="archive-export"' in body and 'hx-swap-oob="true"' in body
    assert "?q=dang" in body  # the export link carries the search
    assert drawn == []  # the unit dropdown is not built for a form that is not drawn
    assert "HX-Request" in partial["Vary"]
    whole = client.get(url, {"q": "dang"}).content.decode()
    assert "<html" in whole and 'hx-target="#archive-results"' in whole
    assert 'name="unit"' in whole and "hx-swap-oob" not in whole
    assert page_names(client.get(url, {"q": "dang"})) == page_names(partial)


def test_a_filter_the_archive_cannot_read_is_said_in_the_results(client, users, named_grants):
    client.force_login(users["secretariat"])
    for headers in ({"HTTP_HX_REQUEST": "true"}, {}):
        response = client.get(reverse("awards:archive"), {"year": "19"}, **headers)
        assert response.status_code == 200
        alert = response.content.decode().split('data-testid="filter-errors">', 1)[1]
        assert alert.startswith("Không đọc được một số bộ lọc:")
        assert "Năm:" in alert.split("</div>", 1)[0]


# --- Query count and the index --------------------------------------------------------------


def _count_queries(client, path, **headers):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, **headers)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("role", ["secretariat", "staff_a"])
@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=nguyen+van+an",
        "?year=2024&kind=CONG_TRANG",
        "?decision=125&recipient_type=individual",
    ],
)
def test_archive_query_count_is_constant(client, users, province, archive, role, query):
    decision = archive["a"].decision
    first = PersonFactory(full_name="Nguyễn Văn An Đầu", unit=province["village_a"])
    grant("BK_TINH", 2024, person=first, decision=decision)  # every path has a row to show
    client.force_login(users[role])
    path = reverse("awards:archive") + query
    small = _count_queries(client, path)
    small_partial = _count_queries(client, path, HTTP_HX_REQUEST="true")
    for i in range(30):
        person = PersonFactory(full_name=f"Nguyễn Văn An {i}", unit=province["village_a"])
        grant("BK_TINH", 2024, person=person, decision=decision if i % 2 else None)
    large = _count_queries(client, path)
    assert large == small
    assert _count_queries(client, path, HTTP_HX_REQUEST="true") == small_partial < small


def test_history_query_count_is_constant(client, users, province, archive):
    client.force_login(users["secretariat"])
    person_path = reverse("awards:person_history", args=[province["person_a"].pk])
    unit_path = reverse("awards:unit_history", args=[province["unit_a"].pk])
    small = (_count_queries(client, person_path), _count_queries(client, unit_path))
    for year in range(2010, 2020):
        grant("LDTT", year, person=province["person_a"])
        grant("TTLDTT", year, unit=province["unit_a"])
    assert (_count_queries(client, person_path), _count_queries(client, unit_path)) == small


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_archive_search_finds_grants_by_the_names_found_on_postgresql(named_grants):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        queryset = selectors.archive_search(queryset=AwardGrant.objects.all(), text="nguyen van an")
        plan = queryset.order_by().explain()
        cursor.execute("RESET enable_seqscan")
    # An index answers the names (on a table this small, either grant_search_name or the
    # trigram index, which knows equality too); no row is tested by LIKE.
    assert "Index Cond: (search_name = ANY (" in plan
    assert "LIKE" not in plan and "~~" not in plan
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'grant_search_name'")
        (definition,) = cursor.fetchone()
    assert definition.endswith("(search_name) INCLUDE (year, recipient_name, id)")


# --- Export ---------------------------------------------------------------------------------


def read_xlsx(response):
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    first = next(i for i, row in enumerate(rows) if row[0] == HEADERS[0])  # below the title
    return rows[first:]


def test_export_layout_and_values(client, users, province, archive):
    client.force_login(users["secretariat"])
    response = client.get(reverse("awards:archive_export"), {"q": "dang thuy tram"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="luu-tru-khen-thuong-')
    rows = read_xlsx(response)
    assert rows[0] == HEADERS
    assert rows[1:] == [
        [
            "Đặng Thùy Trâm",
            "Thôn 1, xã Bình Sơn",  # issue 9 (6): the unit's full label
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            2024,
            "Công trạng (hằng năm)",
            "125/QĐ-UBND",
            datetime(2024, 3, 15),
            None,  # the issuer of this legacy decision is not known
            "BK-24-0001",
            2_340_000,
            None,  # in force: nothing revoked it
        ]
    ]


def test_export_applies_the_filters(client, users, province, archive):
    client.force_login(users["council"])
    response = client.get(reverse("awards:archive_export"), {"year": "2023"})
    rows = read_xlsx(response)
    assert sorted(row[0] for row in rows[1:]) == ["Nguyễn Văn An", "Xã Bình Sơn"]
    assert [row[1] for row in rows[1:] if row[0] == "Xã Bình Sơn"] == ["Xã Bình Sơn"]


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\t=1", '=HYPERLINK("x")']
)
def test_export_neutralises_formulas(client, users, province, archive, name):
    # A legacy import could bring any text into the kept name.
    AwardGrant.objects.filter(pk=archive["b"].pk).update(recipient_name=name)
    AwardGrant.objects.filter(pk=archive["b_unit"].pk).update(recipient_unit_name="=1+1")
    client.force_login(users["secretariat"])
    response = client.get(reverse("awards:archive_export"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    values = {cell.value for cell in cells}
    assert "'" + name in values
    assert "'=1+1" in values


def test_export_is_logged(client, users, archive):
    client.force_login(users["secretariat"])
    client.get(reverse("awards:archive_export"), {"year": "2024"})
    event = SecurityEvent.objects.get(kind="personal_data_exported")
    assert event.username == "sec"
    assert event.detail == {"filters": {"year": "2024"}, "export": "award_grants", "rows": 2}


def test_export_refuses_more_rows_than_the_limit(client, users, archive, settings):
    settings.TDKT_EXPORT_MAX_ROWS = 3
    client.force_login(users["secretariat"])
    response = client.get(reverse("awards:archive_export"), {"kind": "CONG_TRANG"})
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:archive") + "?kind=CONG_TRANG"
    assert not SecurityEvent.objects.filter(kind="personal_data_exported").exists()
    response = client.get(reverse("awards:archive_export"), {"year": "2024"})
    assert len(read_xlsx(response)) == 3
