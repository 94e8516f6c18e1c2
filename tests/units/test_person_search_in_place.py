"""The person search as the secretariat uses it (issue 13): the filter form sends the
search with htmx and gets the results alone (rows, count, pagination) and the export link
out of band, without the page frame or the unit dropdown of 1,500 units."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return sorted(re.findall(r'<td><a href="/[^"]*">([^<]+)</a></td>', response.content.decode()))


def test_a_search_sent_by_the_form_gets_the_results_alone(client, users, province, monkeypatch):
    import units.forms.choices as choices  # noqa: PLC0415

    drawn = []
    real = choices.grouped_unit_choices
    monkeypatch.setattr(
        choices, "grouped_unit_choices", lambda queryset: drawn.append(1) or real(queryset)
    )
    PersonFactory(full_name="Lê Đăng Khoa", unit=province["unit_b"])
    client.force_login(users["secretariat"])
    url = reverse("units:person_list")
    partial = client.get(url, {"q": "dang"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert partial.status_code == 200
    assert _names(partial) == ["Lê Đăng Khoa", "Đặng Thùy Trâm"]
    assert body.lstrip().startswith('<div id="person-results">')
    assert "<html" not in body and 'name="unit"' not in body and 'role="search"' not in body
    assert "Hiển thị 1–2 trên tổng số 2" in body
    assert 'id="person-export"' in body and 'hx-swap-oob="true"' in body
    export = re.search(r'<a id="person-export"[^>]*href="([^"]+)"', body).group(1)
    assert export == reverse("units:person_export") + "?q=dang"  # it carries the search
    assert drawn == []  # the unit dropdown is not built for a form that is not drawn
    assert "HX-Request" in partial["Vary"]
    whole = client.get(url, {"q": "dang"})
    text = whole.content.decode()
    assert "<html" in text and 'hx-target="#person-results"' in text
    assert 'name="unit"' in text and "hx-swap-oob" not in text
    assert drawn == [1]
    assert _names(whole) == _names(partial)


def test_a_filter_the_search_cannot_read_is_said_in_the_results(client, users, province):
    client.force_login(users["secretariat"])
    for headers in ({"HTTP_HX_REQUEST": "true"}, {}):
        response = client.get(reverse("units:person_list"), {"unit": "khong-co"}, **headers)
        assert response.status_code == 200
        alert = response.content.decode().split('data-testid="filter-errors">', 1)[1]
        assert alert.startswith("Không đọc được một số bộ lọc:")


def test_the_results_alone_take_fewer_queries_constant_in_the_rows(client, users, province):
    client.force_login(users["secretariat"])
    path = reverse("units:person_list") + "?q=nguyen"

    def count(**headers):
        with CaptureQueriesContext(connection) as context:
            assert client.get(path, **headers).status_code == 200
        return len(context.captured_queries)

    small, small_partial = count(), count(HTTP_HX_REQUEST="true")
    for i in range(30):
        PersonFactory(full_name=f"Nguyễn Văn Thử {i}", unit=province["village_a"])
    assert count() == small
    assert count(HTTP_HX_REQUEST="true") == small_partial < small
