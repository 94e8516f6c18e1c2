"""Registration and nomination (issue point 4): a dossier of movement kind picks its
movement from the list, the movement's page lists it; a title nominated but not
registered shows on the dossier, and blocks its submission when the setting says so; the
old free texts are linked to the movement of the same name by the data migration."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import Award
from nominations.models import Dossier
from nominations.services import dossiers as dossier_services
from tests.campaigns.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _dossier(users, province, **extra):
    fields = {
        "unit": province["unit_a"],
        "year": YEAR,
        "kind": "CONG_TRANG",
        "title": "Tờ trình khen thưởng năm 2026",
        "actor": users["staff_a"],
    }
    fields.update(extra)
    return dossier_services.dossier_create(**fields)


def test_movement_dossier_picks_its_movement_and_the_movement_lists_it(
    client, users, province, launched
):
    client.force_login(users["staff_a"])
    url = reverse("nominations:dossier_create")
    page = client.get(url).content.decode()
    token = page.split('name="creation_token" value="')[1].split('"')[0]
    data = {
        "creation_token": token,
        "unit": province["unit_a"].pk,
        "year": YEAR,
        "kind": "PHONG_TRAO",
        "title": "Khen thưởng phong trào Chuyển đổi số",
        "summary": "",
    }
    refused = client.post(url, data)
    assert (
        "Hãy chọn phong trào thi đua đối với khen thưởng theo phong trào, chuyên đề."
        in refused.content.decode()
    )
    assert not Dossier.objects.exists()
    response = client.post(url, {**data, "campaign": launched.pk})
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.campaign == launched
    detail = client.get(reverse("nominations:dossier_detail", args=[dossier.pk])).content.decode()
    assert 'data-testid="dossier-movement">Chuyển đổi số</a>' in detail
    page = client.get(reverse("campaigns:movement_detail", args=[launched.pk])).content.decode()
    assert "Khen thưởng phong trào Chuyển đổi số" in page
    client.force_login(users["staff_b"])  # another unit does not see the draft dossier
    page = client.get(reverse("campaigns:movement_detail", args=[launched.pk])).content.decode()
    assert "Khen thưởng phong trào Chuyển đổi số" not in page


def test_draft_movements_are_not_offered(users, province, movement):
    from nominations.forms.dossiers import DossierForm

    form = DossierForm(unit_queryset=None)
    assert movement not in form.fields["campaign"].queryset


def test_unregistered_title_is_shown_on_the_dossier(client, users, province, submitted):
    dossier = _dossier(users, province)
    dossier_services.nominee_add(
        dossier=dossier,
        award=Award.objects.get(code="LDTT"),
        person=province["person_a"],
        actor=users["staff_a"],
    )
    client.force_login(users["staff_a"])
    url = reverse("nominations:dossier_detail", args=[dossier.pk])
    assert 'data-testid="unregistered-titles"' not in client.get(url).content.decode()
    dossier_services.nominee_add(
        dossier=dossier,
        award=Award.objects.get(code="TTLDTT"),
        collective=province["village_a"],
        actor=users["staff_a"],
    )
    body = client.get(url).content.decode()
    assert "Các danh hiệu sau chưa được đăng ký thi đua từ đầu năm:" in body
    assert "Thôn 1, xã Bình Sơn — Tập thể lao động tiên tiến" in body


def test_unregistered_title_blocks_submission_only_when_set(settings, users, province, submitted):
    dossier = _dossier(users, province)
    dossier_services.nominee_add(
        dossier=dossier,
        award=Award.objects.get(code="TTLDTT"),
        collective=province["village_a"],
        actor=users["staff_a"],
    )
    message = (
        "“Tập thể lao động tiên tiến” chưa được đăng ký thi đua cho Thôn 1, xã Bình Sơn từ đầu năm."
    )
    with pytest.raises(ValidationError) as warned:
        dossier_services.dossier_submit(dossier=dossier, actor=users["head_a"])
    assert message not in warned.value.messages
    settings.TDKT_UNREGISTERED_TITLE_RULE = "block"
    with pytest.raises(ValidationError) as blocked:
        dossier_services.dossier_submit(dossier=dossier, actor=users["head_a"])
    assert message in blocked.value.messages
    dossier.refresh_from_db()
    assert dossier.state == "draft"


def test_data_migration_links_old_texts_by_name(users, province, launched):
    kept = _dossier(users, province, kind="PHONG_TRAO", movement="Phong trào cũ không có")
    matched = _dossier(users, province, kind="PHONG_TRAO", movement="chuyen doi so", title="Khác")
    Dossier.objects.filter(pk__in=[kept.pk, matched.pk]).update(campaign=None)
    migration = importlib.import_module("nominations.migrations.0008_dossier_campaign_link")
    migration.link_movements(apps, None)
    kept.refresh_from_db()
    matched.refresh_from_db()
    assert matched.campaign == launched
    assert kept.campaign is None
    assert kept.movement == "Phong trào cũ không có"
