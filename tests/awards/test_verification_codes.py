"""Verification codes people can type from a printed certificate (issue 9, 14): short,
no ambiguous character, case-insensitive, grouped; any case, spacing and dash finds the
code; older codes keep working; the QR code shows on the grant's public page."""

import re
from datetime import date

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.urls import reverse

from awards import codes, selectors
from awards.models import AwardGrant
from awards.services import decision_create
from tests.factories import PersonFactory
from tests.factories.awards import grant
from tests.utils.qr import read_data_uri, read_svg

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def certificate(province):
    decision = decision_create(
        actor=None,
        number="2150/QĐ-UBND",
        issued_on=date(2025, 12, 30),
        signer_name="Nguyễn Hoàng Giang",
        signer_position="Chủ tịch Ủy ban nhân dân tỉnh",
        authority="provincial_chairman",
        kind="CONG_TRANG",
    )
    person = PersonFactory(full_name="Hồ Thị Kim Liên", unit=province["village_a"])
    return grant("BK_TINH", 2025, person=person, decision=decision)


def test_new_codes_are_short_grouped_and_unambiguous(certificate):
    made = [codes.new_code() for _ in range(2000)]
    pattern = re.compile(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}")
    assert all(pattern.fullmatch(code) for code in made)
    assert set("".join(made)) - set("-") == set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    assert not set("".join(made)) & set("01ILOilo")
    assert len(set(made)) == len(made)
    assert pattern.fullmatch(certificate.verification_code)


@pytest.mark.parametrize(
    "typed",
    [
        lambda c: c,
        lambda c: c.lower(),
        lambda c: c.replace("-", ""),
        lambda c: c.replace("-", " ").lower(),
        lambda c: f"  {c[:2]} {c[2:7]}–{c[7:]} ",
        lambda c: c.replace("-", "").lower()[:6] + "-" + c.replace("-", "").lower()[6:],
    ],
)
def test_any_case_spacing_and_dashes_find_the_code(certificate, typed):
    found = selectors.grant_for_code(typed(certificate.verification_code))
    assert found.pk == certificate.pk


def test_the_form_accepts_any_case_and_goes_to_the_printed_address(client, certificate):
    code = certificate.verification_code
    typed = code.replace("-", " ").lower()
    response = client.get(reverse("awards:verify_form"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:verify", args=[code])
    # A lower-case address (a hand-typed URL) is sent to the printed one.
    lower = client.get(reverse("awards:verify", args=[code.lower()]))
    assert (lower.status_code, lower["Location"]) == (302, reverse("awards:verify", args=[code]))


def test_a_wrong_code_says_what_a_code_looks_like(client):
    response = client.get(reverse("awards:verify_form"), {"code": "<b>x</b>"})
    assert response.context["form"].errors["code"] == [
        "Hãy kiểm tra lại mã: 12 chữ cái và chữ số in dưới mã QR, ví dụ 7KQM-4XRT-93HV."
    ]


def test_codes_made_before_keep_working(client, certificate):
    old = "Zq3_kP9-xT2mR8vN4bL6cA"  # secrets.token_urlsafe(16), as printed before
    AwardGrant.objects.filter(pk=certificate.pk).update(verification_code=old)
    assert selectors.grant_for_code(f" {old} ").pk == certificate.pk
    assert selectors.grant_for_code(old.lower()) is None  # case mattered for those
    assert client.get(reverse("awards:verify", args=[old])).status_code == 200


def test_the_grants_page_shows_the_code_and_its_qr(client, certificate):
    """The QR code the browser draws encodes the page's printed address (drawn and read
    back in Chromium: tests/e2e/test_awards.py); without JavaScript the server's image of
    the same address shows."""
    code = certificate.verification_code
    body = client.get(reverse("awards:verify", args=[code])).content.decode()
    assert f'data-testid="certificate-code">{code}</span>' in body
    drawn = re.search(r'<img [^>]*data-qr-text="([^"]+)"[^>]*certificate-qr"', body)
    assert drawn.group(1) == f"http://testserver/xac-minh/{code}/"
    for script in ["/static/vendor/qrcode-generator/qrcode.js", "/static/js/qr.js"]:
        assert f'<script src="{script}"></script>' in body
        assert finders.find(script.removeprefix("/static/"))
    fallback = re.search(r'<noscript><img src="([^"]+)"[^>]*certificate-qr-server', body)
    assert fallback.group(1) == reverse("awards:verify_qr", args=[code])
    assert read_svg(client.get(fallback.group(1)).content.decode()) == [drawn.group(1)]


def test_qr_helper_for_documents_uses_the_site_address(settings):
    settings.TDKT_SITE_URL = "https://tdkt.quangngai.gov.vn/"
    code = "7KQM-4XRT-93HV"
    uri = codes.verification_qr(code)
    assert uri.startswith("data:image/svg+xml;base64,")
    assert read_data_uri(uri) == ["https://tdkt.quangngai.gov.vn/xac-minh/7KQM-4XRT-93HV/"]


def test_staff_history_lists_each_grants_code(client, certificate, users):
    client.force_login(users["secretariat"])
    url = reverse("awards:person_history", args=[certificate.person_id])
    body = client.get(url).content.decode()
    link = reverse("awards:verify", args=[certificate.verification_code])
    assert f'href="{link}" data-testid="grant-code">{certificate.verification_code}</a>' in body
