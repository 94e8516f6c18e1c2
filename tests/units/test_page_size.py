"""Every list pages by the TDKT_PAGE_SIZE setting (units.views.helpers.paginate)."""

import pytest
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [2, 3])
def test_lists_page_by_the_setting(client, users, province, settings, size):
    settings.TDKT_PAGE_SIZE = size
    for i in range(5):
        PersonFactory(full_name=f"Người thứ {i}", unit=province["unit_a"])
    client.force_login(users["secretariat"])
    first = client.get(reverse("units:person_list")).context["page"]
    assert len(first.object_list) == size
    total = first.paginator.count
    assert first.paginator.num_pages == -(-total // size)
    last = client.get(reverse("units:person_list"), {"page": first.paginator.num_pages})
    assert len(last.context["page"].object_list) == total - size * (first.paginator.num_pages - 1)


def test_lists_count_up_to_the_cap_and_say_more_than(client, users, province, settings):
    """Past TDKT_LIST_COUNT_CAP a list stops counting (a COUNT over a LIMIT, not over the
    table) and says "hơn N"; under it the count is exact."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from units.models import Person

    settings.TDKT_PAGE_SIZE = 2
    for i in range(7):
        PersonFactory(full_name=f"Người thứ {i}", unit=province["unit_a"])
    total = Person.objects.count()
    client.force_login(users["secretariat"])

    settings.TDKT_LIST_COUNT_CAP = 5
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("units:person_list"))
    page = response.context["page"]
    assert (page.paginator.count, page.paginator.capped, page.paginator.num_pages) == (5, True, 3)
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert any("LIMIT 6" in sql for sql in counts)
    text = response.content.decode()
    assert "Hiển thị 1–2 trong hơn 5 kết quả; thu hẹp bộ lọc để xem các kết quả còn lại" in text
    assert "Trang 1/hơn 3" in text
    # The last page the cap allows is still served.
    assert client.get(reverse("units:person_list"), {"page": 3}).status_code == 200

    settings.TDKT_LIST_COUNT_CAP = total
    page = client.get(reverse("units:person_list")).context["page"]
    assert (page.paginator.count, page.paginator.capped) == (total, False)
    settings.TDKT_LIST_COUNT_CAP = 0
    page = client.get(reverse("units:person_list")).context["page"]
    assert (page.paginator.count, page.paginator.capped) == (total, False)
