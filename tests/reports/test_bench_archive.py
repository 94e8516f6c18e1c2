"""The archive search's baseline in ``manage.py bench`` (reports.bench_archive): the plain
SQL it times answers the same search as the page, and the three medians are measured."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import bench_archive
from tests.factories import PersonFactory
from tests.factories.awards import grant

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

NAMES = ["Phan Văn Tùng", "Phan Thị Tú", "Phan Văn Tú", "Lò Văn Tùng", "Phan Tùng"]


@pytest.fixture
def searched(province):
    for index, name in enumerate(NAMES):
        grant(
            "LDTT", 2020 + index % 3, person=PersonFactory(full_name=name, unit=province["unit_a"])
        )


@pytest.mark.parametrize("text", ["phan", "van tung", "Tú", "khong co ai"])
def test_the_plain_sql_answers_the_search_as_the_page(client, users, searched, settings, text):
    settings.TDKT_PAGE_SIZE = 2
    client.force_login(users["secretariat"])
    page = client.get(reverse("awards:archive"), {"q": text}).context["page"]
    with connection.cursor() as cursor:
        needle = f"%{bench_archive.normalize(text)}%"
        cursor.execute(bench_archive.PLAIN_COUNT, [needle, settings.TDKT_SEARCH_COUNT_CAP + 1])
        (count,) = cursor.fetchone()
        cursor.execute(bench_archive.PLAIN_PAGE, [needle, settings.TDKT_PAGE_SIZE])
        rows = [(row[0], row[1], row[3]) for row in cursor.fetchall()]
    assert count == page.paginator.count
    assert rows == [(g.pk, g.recipient_name, g.year) for g in page.object_list]


def test_the_three_medians_are_measured(users, searched):
    url = reverse("awards:archive")
    page_ms, plain_ms, own_ms = bench_archive.archive_medians(
        [f"{url}?q=phan%20van", f"{url}?q=t%C3%BA"]
    )
    assert page_ms > own_ms > 0
    assert plain_ms > 0


def test_the_pages_own_statements_include_the_name_lookup(client, users, searched):
    """What "the page's own SQL" replays: the names found, the matches, the rows."""
    client.force_login(users["secretariat"])
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("awards:archive"), {"q": "phan van"}, HTTP_HX_REQUEST="true")
    own = [q["sql"] for q in captured.captured_queries if bench_archive._searches(q["sql"])]
    assert [sql.split()[0:3] for sql in own] == [
        ["SELECT", '"units_searchname"."name"', "AS"],
        ["WITH", "m", "AS"],
        ["SELECT", '"awards_awardgrant"."id",', '"awards_awardgrant"."award_id",'],
    ]
