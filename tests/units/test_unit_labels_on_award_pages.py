"""Issue 9 (6) on the awards' side: a collective's award keeps the collective's full label
("Thôn 1, xã Bình Sơn") as its recipient, and a person's award their unit's, so the
public verification page, the archive and the history pages identify the unit; the
eligibility page names a unit and a person's unit fully."""

from html import unescape

import pytest
from django.urls import reverse

from awards.models import AwardGrant
from tests.factories.awards import grant

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(unescape(response.content.decode()).split())


def test_a_grant_keeps_the_full_labels(province):
    village = grant("TTLDTT", 2025, unit=province["village_a"])
    person = grant("LDTT", 2025, person=province["person_a"])
    rows = AwardGrant.objects.filter(pk__in=[village.pk, person.pk]).order_by("pk")
    assert list(rows.values_list("recipient_name", "recipient_unit_name")) == [
        ("Thôn 1, xã Bình Sơn", ""),
        ("Đặng Thùy Trâm", "Thôn 1, xã Bình Sơn"),
    ]


def test_the_public_verification_page_names_the_collective_fully(client, province):
    made = grant("TTLDTT", 2025, unit=province["village_a"])
    page = _text(client.get(reverse("awards:verify", args=[made.verification_code])))
    assert 'data-testid="verify-recipient">Thôn 1, xã Bình Sơn</dd>' in page
    assert 'data-testid="verify-unit">Thôn 1, xã Bình Sơn</dd>' in page


def test_the_archive_and_the_units_history_name_it_fully(client, users, province):
    grant("TTLDTT", 2025, unit=province["village_a"])
    client.force_login(users["secretariat"])
    archive = _text(client.get(reverse("awards:archive")))
    assert ">Thôn 1, xã Bình Sơn</a></td>" in archive
    history = _text(client.get(reverse("awards:unit_history", args=[province["village_a"].pk])))
    assert '<h1 class="h3 mb-0">Thôn 1, xã Bình Sơn</h1>' in history
    assert 'aria-current="page">Thôn 1, xã Bình Sơn</li>' in history


def test_the_eligibility_page_names_units_fully(client, users, province):
    client.force_login(users["secretariat"])
    url = reverse("awards:eligibility")
    subject = _text(client.get(url, {"unit": province["village_a"].pk}))
    assert 'data-testid="eligibility-subject">Thôn 1, xã Bình Sơn</h2>' in subject
    found = _text(client.get(url, {"q": "Trâm"}))
    assert (
        'Đặng Thùy Trâm</a> <span class="small text-body-secondary">— Trưởng thôn, '
        "Thôn 1, xã Bình Sơn</span>" in found
    )
