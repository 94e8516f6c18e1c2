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
