"""The covenant pages: the head of the year drafts the targets and opens the covenant for
signature, each member's head signs it in the portal (a staff member cannot), the last
signature completes it; the document comes from the report pipeline."""

import html
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from clusters.models import Covenant, CovenantState
from reports.services import build
from tests.clusters.conftest import YEAR
from tests.factories import user_with_role
from tests.utils.pdf import pdftotext
from units.models import Role

pytestmark = pytest.mark.django_db

ROUTES = {
    "clusters:covenant": "test_the_head_drafts_opens_and_the_members_heads_sign",
    "clusters:covenant_open": "test_the_head_drafts_opens_and_the_members_heads_sign",
    "clusters:covenant_sign": "test_the_head_drafts_opens_and_the_members_heads_sign",
}

TARGETS = "Hoàn thành 100% chỉ tiêu kinh tế - xã hội\nKhông có cán bộ vi phạm kỷ luật"


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def test_the_head_drafts_opens_and_the_members_heads_sign(client, cluster, users):
    bloc, members = cluster["bloc"], cluster["members"]
    page_url = reverse("clusters:covenant", args=[bloc.pk]) + f"?year={YEAR}"
    # A member that is not the head cannot draft.
    client.force_login(users["staff_b"])
    assert 'data-testid="covenant-form"' not in text(client.get(page_url))
    assert client.post(page_url, {"targets": TARGETS}).status_code == 404
    client.force_login(users["head_a"])
    page = text(client.post(page_url, {"targets": "  "}))
    assert "Trường này là bắt buộc." in page
    client.post(page_url, {"targets": TARGETS})
    covenant = Covenant.objects.get(bloc=bloc, year=YEAR)
    assert (covenant.targets, covenant.state) == (TARGETS, CovenantState.DRAFT)
    page = text(client.get(page_url))
    assert 'data-confirm="Mở giao ước để ký?' in page
    client.post(reverse("clusters:covenant_open", args=[covenant.pk]))
    covenant.refresh_from_db()
    assert covenant.state == CovenantState.SIGNING
    page = text(client.get(page_url))
    assert re.findall(r"<li>([^<]+)</li>", page.split('data-testid="targets"')[1])[:2] == [
        "Hoàn thành 100% chỉ tiêu kinh tế - xã hội",
        "Không có cán bộ vi phạm kỷ luật",
    ]
    # head_a heads unit_a: one sign button, for unit_a only.
    assert re.findall(r'data-testid="sign-([^"]+)"', page) == [members[0].code]
    client.post(reverse("clusters:covenant_sign", args=[covenant.pk]), {"unit": members[0].pk})
    # Signing for another unit or as a staff member is refused with 404.
    sign = reverse("clusters:covenant_sign", args=[covenant.pk])
    assert client.post(sign, {"unit": members[1].pk}).status_code == 404
    client.force_login(users["staff_b"])
    assert client.post(sign, {"unit": members[1].pk}).status_code == 404
    # Every other member's head signs; the last signature completes the covenant.
    for unit in members[1:]:
        head = user_with_role(Role.UNIT_HEAD, unit, username=f"head-{unit.code}")
        client.force_login(head)
        client.post(sign, {"unit": unit.pk})
    covenant.refresh_from_db()
    assert covenant.state == CovenantState.SIGNED
    assert covenant.signatures.count() == 6
    page = text(client.get(page_url))
    assert "6/6 thành viên đã ký" in page
    assert page.count("đã ký ngày 09/06/2026") == 6


def test_the_covenant_document_from_the_pipeline(cluster, users):
    covenant = Covenant.objects.create(
        bloc=cluster["bloc"],
        year=YEAR,
        targets=TARGETS,
        drafted_by=users["head_a"],
        state=CovenantState.SIGNING,
    )
    covenant.signatures.create(unit=cluster["members"][0], signed_by=users["head_a"])
    pdf, name = build(user=users["staff_b"], kind="covenant", fmt="pdf", object_id=covenant.pk)
    assert name.startswith(f"covenant-{covenant.pk}-") and name.endswith(".pdf")
    words = " ".join(pdftotext(pdf).split())
    for expected in (
        "GIAO ƯỚC THI ĐUA",
        "Năm 2026 (Đang ký kết)",
        "1. Hoàn thành 100% chỉ tiêu kinh tế - xã hội",
        "2. Không có cán bộ vi phạm kỷ luật",
        "CỤM TRƯỞNG",
        "Chưa ký",
    ):
        assert expected in words
    assert words.count("Chưa ký") == 5
    with pytest.raises(PermissionDenied):
        build(user=cluster["outsider"], kind="covenant", fmt="pdf", object_id=covenant.pk)
