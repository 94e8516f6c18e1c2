"""The public gallery does not count every match (no COUNT over 100,000 exemplars): a page
reads one row more than it shows to know whether a next one exists. Its rows and
dropdowns are kept in the cache (TDKT_GALLERY_CACHE_SECONDS): a warm page reads nothing,
and publishing or withdrawing consent forgets every cached page at once. The gallery's
partial indexes exist, and the benchmark refuses fewer than 100 samples a page."""

from datetime import date

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns import services
from campaigns.models import Exemplar
from units.benchmarking import percentile

pytestmark = pytest.mark.django_db

URL = "/guong-dien-hinh/"


def _public(users, province, launched, name, **extra):
    fields = {
        "subject_kind": "person",
        "name": name,
        "unit": province["unit_a"],
        "commune": province["unit_a"],
        "field": "digital",
        "movement": launched,
        "summary": "Tấm gương điển hình.",
    }
    fields.update(extra)
    exemplar = services.exemplar_propose(actor=users["staff_a"], **fields)
    for _ in range(2):
        services.exemplar_advance(
            exemplar=exemplar, actor=users["staff_a"], responsible_unit=province["unit_a"]
        )
    services.exemplar_record_consent(exemplar=exemplar, actor=users["staff_a"], on=date(2026, 6, 1))
    return services.exemplar_publish(exemplar=exemplar, actor=users["secretariat"])


def _get(client, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params or {})
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def test_url_is_the_gallery():
    assert reverse("campaigns:gallery") == URL


def test_pages_without_counting(client, users, province, launched, settings):
    settings.TDKT_PAGE_SIZE = 2
    for i in range(5):
        _public(users, province, launched, f"Gương {i}")
    body, queries = _get(client)
    assert not any("COUNT(" in sql.upper() for sql in queries)
    assert body.count('class="card h-100"') == 2
    assert "?page=2" in body and "Trang 1" in body
    body, _queries = _get(client, {"page": "3"})
    assert body.count('class="card h-100"') == 1  # five exemplars: 2 + 2 + 1
    assert 'data-testid="gallery-next"' not in body
    assert "?page=2" in body  # back to the previous page
    body, _queries = _get(client, {"page": "abc"})
    assert body.count('class="card h-100"') == 2


def test_a_warm_page_reads_nothing_and_a_withdrawal_forgets_it(
    client, users, province, launched, settings
):
    settings.TDKT_GALLERY_CACHE_SECONDS = 60
    cache.clear()
    public = _public(users, province, launched, "Đặng Thùy Trâm")
    _public(users, province, launched, "Nguyễn Văn An", field="health")
    body, cold = _get(client)
    assert "Đặng Thùy Trâm" in body and cold
    body, warm = _get(client)
    assert warm == []
    assert "Đặng Thùy Trâm" in body
    _body, warm_filter = _get(client, {"field": "health"})
    _body, warm_filter = _get(client, {"field": "health"})
    assert warm_filter == []
    services.exemplar_withdraw_consent(exemplar=public, actor=users["staff_a"])
    body, after = _get(client)
    assert after  # read again
    assert "Đặng Thùy Trâm" not in body and "Nguyễn Văn An" in body


def test_cache_off_reads_every_time(client, users, province, launched, settings):
    settings.TDKT_GALLERY_CACHE_SECONDS = 0
    _public(users, province, launched, "Đặng Thùy Trâm")
    _body, first = _get(client)
    _body, second = _get(client)
    assert len(first) == len(second) > 0


def test_the_gallery_indexes_are_partial_on_public_rows():
    indexes = {index.name: index for index in Exemplar._meta.indexes}
    assert set(indexes) >= {
        "exemplar_gallery",
        "exemplar_gallery_field",
        "exemplar_gallery_commune",
        "exemplar_gallery_movement",
    }
    for name in ("exemplar_gallery_field", "exemplar_gallery_commune"):
        assert indexes[name].condition == indexes["exemplar_gallery"].condition
    assert indexes["exemplar_gallery_field"].fields == ["field", "-published_at", "-id"]


def test_benchmark_percentiles_and_samples():
    assert percentile([float(v) for v in range(1, 101)], 0.5) == pytest.approx(50.5)
    assert percentile([float(v) for v in range(1, 101)], 0.95) == pytest.approx(95.05)
    with pytest.raises(CommandError, match="at least 100"):
        call_command("benchmark_campaigns", samples=10, exemplars=0)


def test_the_quick_select_writes_grouped_options_and_the_choice(users, province, launched):
    from campaigns.forms import GalleryFilter
    from campaigns.selectors import gallery_communes, gallery_movements

    _public(users, province, launched, "Đặng Thùy Trâm")
    commune = province["unit_a"].pk
    form = GalleryFilter(
        {"commune": str(commune)}, movements=gallery_movements(), communes=gallery_communes()
    )
    html = str(form["commune"])
    assert html.startswith('<select name="commune"')
    assert 'data-searchable="1"' in html
    assert (
        f'<optgroup label="Xã Bình Sơn"><option value="{commune}" selected>Xã Bình Sơn</option>'
        "</optgroup>"
    ) in html
    assert f'<option value="{launched.pk}">Chuyển đổi số</option>' in str(form["movement"])
