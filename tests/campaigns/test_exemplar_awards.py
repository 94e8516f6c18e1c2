"""The awards an exemplar received, linked from the archive (issue 10, point 6): a page
reached from the exemplar's page lists the linked awards and, for whoever keeps the
exemplar, the archive's awards that may be its own; a unit links only awards of the part
of the archive it may see. The movement's page lists the dossiers and the awards that
came from it. Units are shown by their full names and the commune dropdowns are grouped
and searchable (issue 9, point 6)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Award
from awards.services import Recipient, grant_create
from campaigns import services
from campaigns.forms import ExemplarForm, GalleryFilter
from campaigns.selectors import gallery_communes
from nominations.services import dossiers as dossier_services
from tests.campaigns.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _grant(users, code="LDTT", year=2025, **recipient):
    return grant_create(
        award=Award.objects.get(code=code),
        recipient=Recipient(**recipient),
        year=year,
        kind="CONG_TRANG",
        actor=users["secretariat"],
    )


def _exemplar(users, province, launched, **extra):
    fields = {
        "subject_kind": "person",
        "name": "Đặng Thùy Trâm",
        "person": province["person_a"],
        "unit": province["village_a"],
        "commune": province["unit_a"],
        "field": "digital",
        "movement": launched,
        "summary": "Đưa dịch vụ công trực tuyến đến từng hộ dân.",
    }
    fields.update(extra)
    return services.exemplar_propose(actor=users["staff_a"], **fields)


def _public(exemplar, users, province):
    for _ in range(2):
        services.exemplar_advance(
            exemplar=exemplar, actor=users["staff_a"], responsible_unit=province["unit_a"]
        )
    services.exemplar_record_consent(exemplar=exemplar, actor=users["staff_a"], on=date(2026, 6, 1))
    return services.exemplar_publish(exemplar=exemplar, actor=users["secretariat"])


def test_the_unit_links_its_exemplars_award_from_the_exemplar_page(
    client, users, province, launched
):
    own = _grant(users, person=province["person_a"])
    other_year = _grant(users, code="CSTDCS", year=2024, person=province["person_a"])
    foreign = _grant(users, person=province["person_b"])
    exemplar = _public(_exemplar(users, province, launched), users, province)
    client.force_login(users["staff_a"])
    detail = client.get(reverse("campaigns:exemplar_detail", args=[exemplar.pk])).content.decode()
    awards_url = reverse("campaigns:exemplar_awards", args=[exemplar.pk])
    assert f'href="{awards_url}" data-testid="exemplar-awards-link"' in detail
    page = client.get(awards_url).content.decode()
    candidates = page.split('data-testid="candidate-awards"')[1]
    assert "Lao động tiên tiến" in candidates and "Chiến sĩ thi đua cơ sở" in candidates
    assert "Nguyễn Văn An" not in page  # another unit's award is not even offered
    link_url = reverse("campaigns:exemplar_award_link", args=[exemplar.pk])
    assert client.post(link_url, {"grant": own.pk}).status_code == 302
    assert list(exemplar.awards.all()) == [own]
    page = client.get(awards_url).content.decode()
    linked = page.split('data-testid="linked-awards"')[1].split("</table>")[0]
    assert "Lao động tiên tiến" in linked and "2025" in linked
    assert reverse("awards:verify", args=[own.verification_code]) in linked
    # The public page shows the award with its verification link.
    client.logout()
    public = client.get(reverse("campaigns:gallery_detail", args=[exemplar.pk])).content.decode()
    assert reverse("awards:verify", args=[own.verification_code]) in public
    assert "Chiến sĩ thi đua cơ sở" not in public  # not linked
    # Another unit's award is refused with a message; nothing changes.
    client.force_login(users["staff_a"])
    refused = client.post(link_url, {"grant": foreign.pk}, follow=True).content.decode()
    assert "Khen thưởng này không thuộc phần kho lưu trữ bạn được xem." in refused
    client.post(link_url, {"grant": other_year.pk})
    client.post(link_url, {"grant": own.pk, "unlink": "1"})
    assert list(exemplar.awards.all()) == [other_year]


def test_who_may_see_and_link(client, users, province, launched):
    exemplar = _exemplar(users, province, launched)
    grant = _grant(users, person=province["person_a"])
    url = reverse("campaigns:exemplar_awards", args=[exemplar.pk])
    client.force_login(users["staff_b"])
    assert client.get(url).status_code == 404
    link = reverse("campaigns:exemplar_award_link", args=[exemplar.pk])
    assert client.post(link, {"grant": grant.pk}).status_code == 404
    assert not exemplar.awards.exists()
    with pytest.raises(ValidationError) as error:
        services.exemplar_award_link(exemplar=exemplar, actor=users["staff_b"], grant=grant)
    assert error.value.messages == ["Bạn không được thay đổi khen thưởng của điển hình này."]
    services.exemplar_award_link(exemplar=exemplar, actor=users["secretariat"], grant=grant)
    with pytest.raises(ValidationError) as twice:
        services.exemplar_award_link(exemplar=exemplar, actor=users["staff_a"], grant=grant)
    assert twice.value.messages == ["Khen thưởng này đã được gắn với điển hình."]


def test_search_the_archive_by_name(client, users, province, launched):
    exemplar = _exemplar(users, province, launched, person=None, name="Thôn 1 văn minh")
    _grant(users, code="TTLDTT", unit=province["village_a"])
    client.force_login(users["secretariat"])
    url = reverse("campaigns:exemplar_awards", args=[exemplar.pk])
    plain = client.get(url).content.decode().split('data-testid="candidate-awards"')[1]
    assert "Tập thể lao động tiên tiến" not in plain
    found = client.get(url, {"q": "thon 1"}).content.decode()
    assert "Tập thể lao động tiên tiến" in found.split('data-testid="candidate-awards"')[1]


def test_awards_page_queries_do_not_grow(client, users, province, launched):
    exemplar = _exemplar(users, province, launched)
    client.force_login(users["secretariat"])
    url = reverse("campaigns:exemplar_awards", args=[exemplar.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    exemplar.awards.add(_grant(users, person=province["person_a"]))
    _grant(users, code="CSTDCS", person=province["person_a"])
    few = count()
    for year in range(2015, 2024):
        exemplar.awards.add(_grant(users, year=year, person=province["person_a"]))
        _grant(users, code="CSTDCS", year=year, person=province["person_a"])
    assert count() == few


def test_the_movement_page_lists_its_dossiers_and_awards(client, users, province, launched):
    dossier = dossier_services.dossier_create(
        unit=province["unit_a"],
        year=YEAR,
        kind="PHONG_TRAO",
        title="Khen thưởng phong trào Chuyển đổi số",
        campaign=launched,
        actor=users["staff_a"],
    )
    nominee = dossier_services.nominee_add(
        dossier=dossier,
        award=Award.objects.get(code="BK_TINH"),
        collective=province["village_a"],
        actor=users["staff_a"],
    )
    grant = grant_create(
        award=Award.objects.get(code="BK_TINH"),
        recipient=Recipient(unit=province["village_a"]),
        year=YEAR,
        kind="PHONG_TRAO",
        actor=users["secretariat"],
    )
    type(nominee).objects.filter(pk=nominee.pk).update(grant=grant)
    client.force_login(users["staff_a"])  # the draft dossier is the unit's own
    page = client.get(reverse("campaigns:movement_detail", args=[launched.pk])).content.decode()
    links = page.split('data-testid="movement-links"')[1]
    assert "Khen thưởng phong trào Chuyển đổi số</a> — Xã Bình Sơn" in links
    assert "Thôn 1, xã Bình Sơn — Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (2026)" in links


def test_units_are_shown_by_their_full_names(client, users, province, launched, submitted):
    exemplar = _exemplar(users, province, launched)
    client.force_login(users["secretariat"])
    listing = client.get(reverse("campaigns:exemplar_list")).content.decode()
    assert "<td>Thôn 1, xã Bình Sơn</td>" in listing
    detail = client.get(reverse("campaigns:exemplar_detail", args=[exemplar.pk])).content.decode()
    assert '<dd class="col-sm-8">Thôn 1, xã Bình Sơn</dd>' in detail
    stages = detail.split('data-testid="stages"')[1].split("</ol>")[0]
    assert "Thôn 1, xã Bình Sơn" in stages


def test_commune_dropdowns_are_grouped_and_searchable(users, province, launched):
    form = ExemplarForm(units=None)
    commune = form.fields["commune"]
    assert commune.widget.attrs["data-searchable"] == "1"
    assert commune.widget.choices == [
        ("", "---------"),
        ("Xã Bình Sơn", [(province["unit_a"].pk, "Xã Bình Sơn")]),
        ("Phường Cẩm Thành", [(province["unit_b"].pk, "Phường Cẩm Thành")]),
    ]
    _public(_exemplar(users, province, launched), users, province)
    gallery = GalleryFilter(communes=gallery_communes()).fields["commune"]
    assert gallery.widget.attrs["data-searchable"] == "1"
    html = str(GalleryFilter(communes=gallery_communes())["commune"])
    assert 'data-searchable="1"' in html and "Xã Bình Sơn" in html
