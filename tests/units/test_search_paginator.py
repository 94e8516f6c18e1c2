"""A search's count and page in one pass (units.views.helpers.SearchPaginator, issue 13).

The search paginator must give exactly the pages ``CappedPaginator`` gives — same rows, same
order, same count, same "hơn N" past the cap — in fewer statements over the matches.
"""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import AwardGrant
from awards.selectors import archive_search
from tests.factories import PersonFactory
from tests.factories.awards import grant
from units import selectors
from units.models import Person
from units.selectors import common_name_count, person_search
from units.views.helpers import (
    SEARCH_SORT_BOUND,
    CappedPaginator,
    SearchPaginator,
    paginate_search,
    pk_url,
)

pytestmark = pytest.mark.django_db

GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Khoa", "Lan", "Minh", "Ngọc", "Tâm", "Uyên"]


@pytest.fixture
def people(province):
    """Eleven Tôns and eleven Quáchs, created out of alphabetical order."""
    made = []
    for family in ("Tôn", "Quách"):
        for given in reversed(GIVEN):
            made.append(PersonFactory(full_name=f"{family} Văn {given}", unit=province["unit_a"]))
    return made


def pages(paginator_class, queryset, *, per_page, cap, numbers, **options):
    """(count, capped, num_pages, [names of each asked page]) as a paginator answers."""
    answers = []
    for number in numbers:
        paginator = paginator_class(queryset, per_page, cap=cap, **options)
        page = paginator.get_page(number)
        answers.append(
            (
                paginator.count,
                paginator.capped,
                paginator.num_pages,
                page.number,
                [str(row) for row in page.object_list],
            )
        )
    return answers


NUMBERS = [None, "1", "2", "3", "4", "99", "abc", "0", "-1"]


@pytest.mark.parametrize("cap", [100, 11, 5, 0])
@pytest.mark.parametrize("text", ["quach", "van", "ton van chi", "khong co ai", ""])
def test_same_pages_as_the_capped_paginator_for_people(people, cap, text):
    queryset = person_search(queryset=Person.objects.select_related("unit"), text=text)
    if not text:
        queryset = queryset.order_by("full_name", "id")
    expected = pages(CappedPaginator, queryset, per_page=4, cap=cap, numbers=NUMBERS)
    assert pages(SearchPaginator, queryset, per_page=4, cap=cap, numbers=NUMBERS) == expected
    # The pages say what a reader expects, not only what the other paginator says.
    first = expected[0]
    if text == "quach":
        assert first[:4] == (min(11, cap) if cap else 11, 0 < cap < 11, 3 if cap != 5 else 2, 1)
        assert first[4] == ["Quách Văn An", "Quách Văn Bình", "Quách Văn Chi", "Quách Văn Dũng"]
    if text == "khong co ai":
        assert expected[0][:5] == (0, False, 1, 1, [])


@pytest.fixture
def grants(province, people):
    """Grants over four years, names and years interleaved, to order by (-year, name, id)."""
    made = []
    for index, person in enumerate(people):
        made.append(grant("LDTT", 2021 + index % 4, person=person))
    return made


def archive_names(answers):
    return [[name.split(" — ")[1] for name in answer[4]] for answer in answers]


@pytest.mark.parametrize("cap", [100, 7, 0])
@pytest.mark.parametrize("text", ["quach", "van an", "ton", ""])
def test_same_pages_as_the_capped_paginator_for_the_archive(grants, cap, text):
    queryset = archive_search(
        queryset=AwardGrant.objects.select_related("award", "person__unit"), text=text
    ).order_by("-year", "recipient_name", "id")
    expected = pages(CappedPaginator, queryset, per_page=5, cap=cap, numbers=NUMBERS)
    assert pages(SearchPaginator, queryset, per_page=5, cap=cap, numbers=NUMBERS) == expected
    if text == "van an":
        # Newest year first: Tôn Văn An is the 11th person (2023), Quách Văn An the 22nd.
        assert archive_names(expected)[0] == ["Tôn Văn An (2023)", "Quách Văn An (2022)"]


@pytest.mark.parametrize("sort_bound", [0, 9, 11, 100])
@pytest.mark.parametrize("cap", [100, 11, 5, 0])
@pytest.mark.parametrize("text", ["quach", "van", "khong co ai"])
def test_sorting_more_matches_than_the_cap_gives_the_same_pages(people, cap, sort_bound, text):
    """Matches kept and sorted past the displayed cap (``sort_bound``) change how a page is
    found, never what it shows: the count still stops at the cap ("hơn 5")."""
    queryset = person_search(queryset=Person.objects.select_related("unit"), text=text)
    expected = pages(CappedPaginator, queryset, per_page=4, cap=cap, numbers=NUMBERS)
    found = pages(
        SearchPaginator, queryset, per_page=4, cap=cap, numbers=NUMBERS, sort_bound=sort_bound
    )
    assert found == expected


def asked(queryset, *, cap: int, number: str, sort_bound: int = 0):
    """(page number, names on the page, statements sent) for one page of a search."""
    with CaptureQueriesContext(connection) as captured:
        page = SearchPaginator(queryset, 4, cap=cap, sort_bound=sort_bound).get_page(number)
        names = [p.full_name for p in page.object_list]
    return page.number, names, [q["sql"] for q in captured.captured_queries]


def test_one_statement_counts_the_matches_and_finds_the_page(people):
    """Under the cap: one statement over the matches (count and keys), one for the rows."""
    queryset = person_search(queryset=Person.objects.select_related("unit"), text="quach")
    second = ["Quách Văn Hà", "Quách Văn Khoa", "Quách Văn Lan", "Quách Văn Minh"]
    number, names, sqls = asked(queryset, cap=100, number="2")
    assert (number, names, len(sqls)) == (2, second, 2)
    assert sqls[0].startswith("WITH m AS MATERIALIZED") and "LIMIT 101" in sqls[0]
    assert sqls[0].count("search_name") == 1  # the search runs once
    assert "units_unit" in sqls[1]  # the rows, with what the page shows, by key

    # A page past the end, or below 1, is the last page, found by the same statement.
    last = ["Quách Văn Ngọc", "Quách Văn Tâm", "Quách Văn Uyên"]
    for wanted in ("99", "0"):
        number, names, sqls = asked(queryset, cap=100, number=wanted)
        assert (number, names, len(sqls)) == (3, last, 2)

    # Past the cap: the count, then the page's keys alone, then the rows by key.
    number, names, sqls = asked(queryset, cap=8, number="2")
    assert (number, names, len(sqls)) == (2, second, 3)
    assert "units_unit" not in sqls[1]

    # Past the cap but within the sort bound: the eleven matches are kept and sorted by
    # the counting statement, and no walk of the order is needed.
    number, names, sqls = asked(queryset, cap=8, number="2", sort_bound=11)
    assert (number, names, len(sqls)) == (2, second, 2)
    assert "LIMIT 12" in sqls[0]
    # Past the sort bound too: the walk again.
    number, names, sqls = asked(queryset, cap=8, number="2", sort_bound=10)
    assert (number, names, len(sqls)) == (2, second, 3)
    assert "LIMIT 11" in sqls[0] and "units_unit" not in sqls[1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.parametrize(("listed", "common"), [(500, False), (3, True)])
def test_a_common_name_is_counted_to_the_cap_and_others_sorted_to_the_bound(
    rf, people, monkeypatch, settings, listed, common
):
    """A needle more names contain than ``NAMES_LISTED`` is searched by LIKE: its matches
    are dense, counted to the cap through the name dictionary, and the page is found by
    walking the order with the LIKE. Names listed are read from the covering name index,
    and up to ``SEARCH_SORT_BOUND`` of them are sorted by the counting statement."""
    monkeypatch.setattr(selectors, "NAMES_LISTED", listed)
    settings.TDKT_SEARCH_COUNT_CAP = 5
    settings.TDKT_PAGE_SIZE = 4
    queryset = person_search(queryset=Person.objects.select_related("unit"), text="quach")
    counted = common_name_count(queryset)
    assert (counted is not None) is common
    assert common_name_count(Person.objects.filter(search_name__contains="quach")) is None
    with CaptureQueriesContext(connection) as captured:
        page = paginate_search(rf.get("/", {"page": "2"}), queryset, text="quach")
        names = [p.full_name for p in page.object_list]
    assert names == ["Quách Văn Hà"] and page.paginator.count == 5
    sqls = [q["sql"] for q in captured.captured_queries]
    scans = [sql for sql in sqls if "MATERIALIZED" in sql]
    bound = 5 if common else SEARCH_SORT_BOUND
    assert len(scans) == 1 and f"LIMIT {bound + 1}" in scans[0]
    if common:
        # Counted through the dictionary, no row read by LIKE; the walk and the rows by
        # key keep the LIKE (the queryset searched is left as it was).
        assert (
            'IN (SELECT "name" FROM "units_searchname" WHERE "name" LIKE \'%quach%\')' in (scans[0])
        )
        assert 'search_name"::text LIKE' not in scans[0]
        assert all("search_name\"::text LIKE '%quach%'" in sql for sql in sqls[-2:])
        assert list(counted.order_by("id")) == list(queryset.order_by("id"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_counting_through_the_dictionary_escapes_the_needle(people, monkeypatch):
    """A needle with LIKE's own signs matches them as text, in both forms."""
    monkeypatch.setattr(selectors, "NAMES_LISTED", -1)  # every needle is a common one
    PersonFactory(full_name="Tôn 100% Văn", unit=people[0].unit)
    for needle, expected in (("100%", ["Tôn 100% Văn"]), ("n_v", []), ("ton", None)):
        queryset = person_search(queryset=Person.objects.all(), text=needle)
        found = sorted(p.full_name for p in common_name_count(queryset))
        assert found == sorted(p.full_name for p in queryset)
        if expected is not None:
            assert found == expected


@pytest.mark.parametrize(
    "ordering",
    [
        ("unit", "id"),  # through a relation: the unit's own order
        ("?",),
        (F("birth_year").asc(nulls_first=True), "id"),
    ],
    ids=["relation", "random", "nulls-first"],
)
def test_an_ordering_the_scan_cannot_copy_is_left_to_the_capped_paginator(people, ordering):
    queryset = Person.objects.order_by(*ordering)
    with CaptureQueriesContext(connection) as captured:
        page = SearchPaginator(queryset, 4, cap=100).get_page("1")
        rows = list(page.object_list)
    assert len(rows) == 4 and page.paginator.count == Person.objects.count()
    assert not any("MATERIALIZED" in q["sql"] for q in captured.captured_queries)


def test_nothing_visible_asks_nothing_of_the_matches(people):
    page = SearchPaginator(Person.objects.none().order_by("id"), 4, cap=10).get_page("1")
    assert (page.paginator.count, list(page.object_list), page.number) == (0, [], 1)


def test_archive_order_index_covers_the_folded_name():
    """The archive's order index carries the searched column, so a common name's page is
    found by walking the index alone (no table reads to test each entry)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", ["grant_archive_order"]
        )
        (definition,) = cursor.fetchone()
    assert definition.endswith("(year DESC, recipient_name, id) INCLUDE (search_name)")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.parametrize(
    ("table", "index", "columns"),
    [
        ("awards_awardgrant", "grant_search_name", "year, recipient_name, id"),
        ("units_person", "person_search_name", "full_name, id"),
    ],
)
def test_the_name_indexes_cover_what_a_search_counts_and_sorts(grants, table, index, columns):
    """A search's matches (the key and the sort columns) come from the name index alone."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        (definition,) = cursor.fetchone()
        assert definition.endswith(f"USING btree (search_name) INCLUDE ({columns})")
        cursor.execute("SET enable_seqscan = off; SET enable_bitmapscan = off")
        try:
            model = AwardGrant if table == "awards_awardgrant" else Person
            ordering = ("-year", "recipient_name", "id") if model is AwardGrant else ()
            queryset = selectors.name_search(model.objects.all(), "quach van")
            if ordering:
                queryset = queryset.order_by(*ordering)
            else:
                queryset = person_search(queryset=Person.objects.all(), text="quach van")
            with CaptureQueriesContext(connection) as captured:
                SearchPaginator(queryset, 4, cap=100).get_page("1")
            scan = next(q["sql"] for q in captured.captured_queries if "MATERIALIZED" in q["sql"])
            cursor.execute(f"EXPLAIN {scan}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan; RESET enable_bitmapscan")
    # Through an index, never a scan of the table. On tables this small, with no
    # visibility map yet, the planner may take an index scan as readily as an index-only
    # one, or the archive's order index, which covers the same columns.
    indexes = [index] + (["grant_archive_order"] if table == "awards_awardgrant" else [])
    used = [f"Scan using {name} on {table}" in plan for name in indexes]
    assert any(used) and f"Seq Scan on {table}" not in plan, plan


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        # Newest first: the three Quáchs of 2024 (people 16, 20 and 12, 2021 + index % 4).
        ("awards:archive", ["Quách Văn Chi", "Quách Văn Lan", "Quách Văn Uyên"]),
        ("units:person_list", ["Quách Văn An", "Quách Văn Bình", "Quách Văn Chi"]),
    ],
)
def test_the_search_pages_search_once(client, users, grants, settings, route, expected):
    """The archive and the person search look the name up in the name dictionary, read the
    matches once per page view, then the rows by key (the filters kept, as a guard)."""
    settings.TDKT_PAGE_SIZE = 3
    client.force_login(users["secretariat"])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(route), {"q": "quach van"}, HTTP_HX_REQUEST="true")
    page = response.context["page"]
    names = [getattr(row, "recipient_name", None) or row.full_name for row in page.object_list]
    assert (sorted(names), page.paginator.count) == (expected, 11)
    sqls = [q["sql"] for q in captured.captured_queries if "quach van" in q["sql"]]
    assert len(sqls) == 3
    assert sqls[0].startswith('SELECT "units_searchname"."name"')
    assert "LIKE '%quach van%'" in sqls[0]
    # Eleven names found, each an exact lookup: none of the rows is read by LIKE.
    assert all("LIKE" not in sql and "search_name\" = ANY('{" in sql for sql in sqls[1:])
    assert sqls[1].startswith("WITH m AS MATERIALIZED")
    assert '"id" IN (' in sqls[2]


@pytest.mark.parametrize("route", ["awards:archive", "units:person_list"])
def test_a_typed_name_counts_to_the_search_cap_and_filters_alone_to_the_list_cap(
    client, users, grants, settings, route
):
    """TDKT_SEARCH_COUNT_CAP bounds a name search's count ("hơn 5"); the same list without a
    name counts to TDKT_LIST_COUNT_CAP; 0 gives the search the list's cap."""
    settings.TDKT_PAGE_SIZE = 2
    settings.TDKT_SEARCH_COUNT_CAP = 5
    settings.TDKT_LIST_COUNT_CAP = 1000
    client.force_login(users["secretariat"])

    def answer(**query):
        response = client.get(reverse(route), query, HTTP_HX_REQUEST="true")
        page = response.context["page"]
        return page.paginator.count, page.paginator.capped, response.content.decode()

    count, capped, text = answer(q="quach")
    assert (count, capped) == (5, True)
    assert "Hiển thị 1–2 trong hơn 5 kết quả" in text
    count, capped, _text = answer(q="quach", page="3")  # the last page the cap allows
    assert (count, capped) == (5, True)
    everyone = AwardGrant.objects.count() if route == "awards:archive" else Person.objects.count()
    assert answer()[:2] == (everyone, False)
    assert answer(q="   ")[:2] == (everyone, False)
    settings.TDKT_SEARCH_COUNT_CAP = 0
    assert answer(q="quach")[:2] == (11, False)


@pytest.mark.parametrize(
    "name", ["units:person_detail", "awards:person_history", "awards:unit_history"]
)
def test_a_link_per_row_is_the_reversed_address(name):
    """``pk_url`` gives what ``reverse`` gives, for any key, at the cost of one reverse."""
    link = pk_url(name)
    for pk in (1, 7, 90, 12345, 2**31 - 1):
        assert link(pk) == reverse(name, args=[pk])
