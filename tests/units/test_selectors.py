"""Accent-insensitive search and the list pages' query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory, UnitFactory
from units import selectors
from units.models import Person
from units.search import normalize

pytestmark = pytest.mark.django_db

NAMES = [
    "Nguyễn Văn An",
    "Nguyễn Văn Ân",
    "NGUYỄN VĂN AN",
    "Đặng Thùy Trâm",
    "Đặng Thị Hạnh",
    "Đinh Đức Đạt",
    "Trần Thị Thu Hà",
    "Nguyễn Văn Anh",
    "Lê Đăng Khoa",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đặng Thùy Trâm", "dang thuy tram"),
        ("  NGUYỄN   Văn  Ân ", "nguyen van an"),
        ("Ỷ Lan ưởng", "y lan uong"),
        # Decomposed (NFD) input folds the same way as composed input.
        ("Nguye\u0302\u0303n", "nguyen"),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


@pytest.fixture
def people(db):
    unit = UnitFactory()
    return [PersonFactory(full_name=name, unit=unit) for name in NAMES]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van an", ["NGUYỄN VĂN AN", "Nguyễn Văn An", "Nguyễn Văn Anh", "Nguyễn Văn Ân"]),
        ("dang", ["Lê Đăng Khoa", "Đặng Thùy Trâm", "Đặng Thị Hạnh"]),
        ("Đặng thùy", ["Đặng Thùy Trâm"]),
        ("đạt", ["Đinh Đức Đạt"]),
        ("THU HA", ["Trần Thị Thu Hà"]),
        ("khong co ai", []),
    ],
)
def test_person_search_is_accent_insensitive(people, query, expected):
    found = selectors.person_search(queryset=Person.objects.all(), text=query)
    assert sorted(p.full_name for p in found) == sorted(expected)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_search_finds_names_by_trigram_then_people_by_name_on_postgresql(people):
    """The name dictionary answers the LIKE by its trigram index; the people are then
    found by an exact lookup of the names (issue 13: 15 ms → 0.6 ms at province scale)."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        queryset = selectors.person_search(queryset=Person.objects.all(), text="nguyen van an")
        # Without the list's ordering, which another index serves on a tiny table.
        plan = queryset.order_by().explain()
        cursor.execute("RESET enable_seqscan")
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [["searchname_trgm", "person_search_name"]],
        )
        indexes = dict(cursor.fetchall())
    names = '\'{"nguyen van an","nguyen van anh"}\'::text[]'
    assert f"Index Cond: (search_name = ANY ({names}))" in plan
    assert "~~" not in plan  # no person is tested by LIKE
    assert indexes["searchname_trgm"].endswith("USING gin (name gin_trgm_ops)")
    assert indexes["person_search_name"].endswith(
        "USING btree (search_name) INCLUDE (full_name, id)"
    )


def test_a_search_keeps_the_lists_vietnamese_order(people):
    found = selectors.person_search(queryset=Person.objects.all(), text="dang")
    assert [p.full_name for p in found] == [
        p.full_name for p in Person.objects.filter(pk__in=[p.pk for p in found])
    ]
    assert [p.full_name for p in found] == ["Đặng Thị Hạnh", "Đặng Thùy Trâm", "Lê Đăng Khoa"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_a_search_never_walks_the_name_index(people):
    """Walking the name index and filtering as it goes read 170,000 of 200,000 people for
    a name late in the alphabet: a search sorts its matches instead."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_bitmapscan = off")
        plan = selectors.person_search(queryset=Person.objects.all(), text="tran thi").explain()
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_bitmapscan")
    assert "person_name_order" not in plan
    assert "Sort" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_search_column_is_generated_by_postgresql(people):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT is_generated, generation_expression FROM information_schema.columns "
            "WHERE table_name = 'units_person' AND column_name = 'search_name'"
        )
        is_generated, expression = cursor.fetchone()
    assert is_generated == "ALWAYS"
    assert "tdkt_unaccent" in expression


def _count_queries(client, path):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "path",
    [
        reverse("units:person_list"),
        reverse("units:person_list") + "?q=nguyen+van+an",
        reverse("units:unit_list"),
        reverse("units:unit_list") + "?kind=commune",
        reverse("units:dashboard"),
    ],
)
def test_list_query_count_is_constant(client, users, province, path):
    client.force_login(users["secretariat"])
    small = _count_queries(client, path)
    parent = province["unit_a"]
    for i in range(30):
        unit = UnitFactory(name=f"Thôn {i + 10}", kind="village", parent=parent)
        for j in range(3):
            PersonFactory(full_name=f"Nguyễn Văn An {i}-{j}", unit=unit)
    large = _count_queries(client, path)
    assert large == small


def test_people_are_listed_in_vietnamese_alphabetical_order(db):
    unit = UnitFactory()
    names = [
        "Võ Văn Tùng",
        "Đặng Trọng Nam",
        "Dương Văn Hải",
        "Hồng Thị Mai",
        "Hồ Đức Thiện",
        "Ân Văn Phúc",
        "An Thị Hoa",
        "Bùi Văn Nam",
    ]
    for name in names:
        PersonFactory(full_name=name, unit=unit)
    assert [p.full_name for p in Person.objects.filter(unit=unit)] == [
        "An Thị Hoa",
        "Ân Văn Phúc",
        "Bùi Văn Nam",
        "Dương Văn Hải",
        "Đặng Trọng Nam",
        "Hồ Đức Thiện",
        "Hồng Thị Mai",
        "Võ Văn Tùng",
    ]
