"""Public certificate verification (SECURITY-TESTS.md B3): allowed fields only, unknown and
malformed codes alike, 128-bit codes not guessable, throttled per client address."""

import re
import secrets
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from awards import selectors
from awards.models import AwardGrant
from awards.services import decision_create
from awards.views import verification
from tests.factories import PersonFactory
from tests.factories.awards import grant
from tests.utils.qr import read_svg
from units import qr

pytestmark = pytest.mark.django_db

SENTINEL_ETHNICITY = "DANTOC-SENTINEL-4417"
SENTINEL_ID = "051161998877"
SENTINEL_BIRTH = date(1961, 2, 3)
SENTINEL_CASH = 98_765_432
SENTINEL_POSITION = "CHUCVU-SENTINEL-5521"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def decision(db):
    return decision_create(
        actor=None,
        number="2150/QĐ-UBND",
        issued_on=date(2025, 12, 30),
        signer_name="Nguyễn Hoàng Giang",
        signer_position="Chủ tịch Ủy ban nhân dân tỉnh",
        authority="provincial_chairman",
        kind="CONG_TRANG",
    )


@pytest.fixture
def certificate(province, decision):
    person = PersonFactory(
        full_name="Hồ Thị Kim Liên",
        gender="female",
        unit=province["village_a"],
        birth_year=None,
        birth_date=SENTINEL_BIRTH,
        id_number=SENTINEL_ID,
        ethnicity=SENTINEL_ETHNICITY,
        position=SENTINEL_POSITION,
    )
    return grant(
        "BK_TINH",
        2025,
        person=person,
        decision=decision,
        cash=SENTINEL_CASH,
        certificate_number="BK-2025-0042",
    )


def verify_url(code):
    return reverse("awards:verify", args=[code])


def facts(body: str) -> dict[str, str]:
    """The text of every element marked data-testid="verify-…", tags stripped."""
    found = re.findall(r'data-testid="verify-([a-z]+)"[^>]*>(.*?)</(?:dd|h1|span)>', body, re.S)
    return {key: " ".join(re.sub(r"<[^>]+>", "", value).split()) for key, value in found}


def test_page_shows_exactly_the_public_facts(client, certificate):
    response = client.get(verify_url(certificate.verification_code))
    assert response.status_code == 200
    body = response.content.decode()
    assert facts(body) == {
        "award": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "year": "2025",
        "recipient": "Hồ Thị Kim Liên",
        "unit": "Thôn 1, xã Bình Sơn",  # issue 9 (6): the unit's full label
        "number": "2150/QĐ-UBND",
        "date": "30/12/2025",
        "signer": "Chủ tịch Ủy ban nhân dân tỉnh",
    }
    assert set(response.context["facts"]) == {
        "award",
        "year",
        "recipient",
        "unit",
        "decision_number",
        "decision_date",
        "signer_position",
    }


def test_page_leaks_no_private_field(client, certificate):
    body = client.get(verify_url(certificate.verification_code)).content.decode()
    person = certificate.person
    for sentinel in [
        SENTINEL_ETHNICITY,
        SENTINEL_ID,
        SENTINEL_POSITION,
        "03/02/1961",
        "1961",
        str(SENTINEL_CASH),
        "98.765.432",
        "98,765,432",
        "BK-2025-0042",  # the certificate number is on paper, not needed to verify
        "Nguyễn Hoàng Giang",  # the signer's position is shown, not the name
        f"/ca-nhan/{person.pk}/",
        f"/don-vi/{person.unit_id}/",
    ]:
        assert sentinel not in body, sentinel


def test_collective_shows_its_own_name_as_unit(client, province, decision):
    collective = grant("TTLDXS", 2025, unit=province["unit_b"], decision=decision)
    body = client.get(verify_url(collective.verification_code)).content.decode()
    assert facts(body)["recipient"] == "Phường Cẩm Thành"
    assert facts(body)["unit"] == "Phường Cẩm Thành"


def test_grant_without_decision(client, province):
    legacy = grant("LDTT", 2019, person=province["person_b"])
    body = client.get(verify_url(legacy.verification_code)).content.decode()
    assert set(facts(body)) == {"award", "year", "recipient", "unit"}


@pytest.mark.parametrize(
    "code",
    [
        "short",
        "x" * 65,
        "abc def ghi jkl",
        "' OR 1=1 --abcdef",
        "<svg onload=alert(1)>",
        "Ñandú-Ñandú-Ñandú",
    ],
)
def test_unknown_and_malformed_codes_get_the_same_404(client, certificate, code):
    unknown = client.get(verify_url(secrets.token_urlsafe(16)))
    malformed = client.get(verify_url(code))
    assert (unknown.status_code, malformed.status_code) == (404, 404)
    assert malformed.content == unknown.content
    assert "Hồ Thị Kim Liên" not in unknown.content.decode()


def test_random_codes_find_nothing(certificate, province):
    known = [certificate.verification_code] + [
        grant("LDTT", year, person=province["person_b"]).verification_code
        for year in range(2015, 2020)
    ]
    assert [selectors.grant_for_code(code).verification_code for code in known] == known
    guesses = [secrets.token_urlsafe(16) for _ in range(10_000)]
    assert len({len(code) for code in guesses}) == 1  # 22 characters: 128 bits
    assert all(selectors.CODE_PATTERN.fullmatch(code) for code in guesses[:10])
    # All 10,000 against the table, in batches; the first 1,000 through the page's lookup.
    found = []
    for chunk in range(0, len(guesses), 500):
        batch = guesses[chunk : chunk + 500]
        found += AwardGrant.objects.filter(verification_code__in=batch).values_list(
            "verification_code", flat=True
        )
    assert found == []
    assert [c for c in guesses[:1000] if selectors.grant_for_code(c) is not None] == []


def test_malformed_code_is_refused_before_any_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.grant_for_code("'; DROP TABLE awards_awardgrant; --") is None
        assert selectors.grant_for_code("a" * 65) is None


def test_qr_code_encodes_the_absolute_url_of_the_page(client, certificate):
    code = certificate.verification_code
    response = client.get(reverse("awards:verify_qr", args=[code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    text = response.content.decode()
    assert text.startswith("<svg")
    assert read_svg(text) == [f"http://testserver/xac-minh/{code}/"]


@pytest.mark.parametrize("code", ["short", "AAAAAAAAAAAAAAAAAAAAAA"])
def test_qr_code_only_for_existing_codes(client, certificate, code):
    response = client.get(reverse("awards:verify_qr", args=[code]))
    assert response.status_code == 404
    assert response.content == client.get(verify_url(code)).content


def test_public_headers_on_every_answer(client, certificate, settings):
    settings.TDKT_VERIFY_RATE_PER_MINUTE = 4
    code = certificate.verification_code
    responses = [
        client.get(verify_url(code)),
        client.get(verify_url("unknown-code-123")),
        client.get(reverse("awards:verify_qr", args=[code])),
        client.get(reverse("awards:verify_form")),
        client.get(verify_url(code)),
        client.get(verify_url(code)),  # the fifth: over the limit
    ]
    assert [r.status_code for r in responses] == [200, 404, 200, 200, 200, 429]
    for response in responses:
        assert response["Cache-Control"] == "no-store"
        assert response["X-Robots-Tag"] == "noindex"


def test_rate_limit_per_client_address(client, certificate, settings):
    settings.TDKT_VERIFY_RATE_PER_MINUTE = 3
    code = certificate.verification_code
    statuses = [
        client.get(verify_url(code)).status_code,
        client.get(reverse("awards:verify_qr", args=[code])).status_code,
        client.get(verify_url("unknown-code-123")).status_code,
        client.get(verify_url(code)).status_code,
    ]
    assert statuses == [200, 200, 404, 429]
    blocked = client.get(verify_url(code))
    assert blocked.status_code == 429
    assert "Hồ Thị Kim Liên" not in blocked.content.decode()
    assert client.get(verify_url(code), REMOTE_ADDR="10.0.0.9").status_code == 200


def test_rate_limit_default_is_thirty(client, certificate, settings):
    del settings.TDKT_VERIFY_RATE_PER_MINUTE  # absent from settings: the module's default
    assert verification.rate_per_minute() == 30
    statuses = [
        client.get(verify_url(certificate.verification_code)).status_code for _ in range(31)
    ]
    assert statuses == [200] * 30 + [429]


def test_code_form_redirects_to_the_page(client, certificate):
    code = certificate.verification_code
    response = client.get(reverse("awards:verify_form"), {"code": f"  {code} "})
    assert response.status_code == 302
    assert response["Location"] == verify_url(code)


def test_code_form_rejects_malformed_codes(client):
    response = client.get(reverse("awards:verify_form"), {"code": "<b>x</b>"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["code"]
    assert client.get(reverse("awards:verify_form")).context["form"].errors == {}


def test_anonymous_header_shows_only_the_brand(client, certificate):
    body = client.get(verify_url(certificate.verification_code)).content.decode()
    assert 'id="portal-nav"' not in body
    assert reverse("units:logout") not in body


def test_the_page_draws_no_qr_code(client, certificate, monkeypatch):
    """The page carries the address its QR code encodes and the browser draws it
    (static/js/qr.js): drawing it here was two thirds of the page's time for a code not
    asked for before (issue 13). The server draws only the <noscript> image."""

    def refuse(*args, **kwargs):
        raise AssertionError("the page drew a QR code")

    monkeypatch.setattr(qr, "symbol", refuse)  # whoever draws a QR code goes through it
    code = certificate.verification_code
    response = client.get(verify_url(code))
    assert response.status_code == 200
    assert response.context["page_url"] == f"http://testserver/xac-minh/{code}/"


def test_the_noscript_qr_is_drawn_once_per_code_and_site(client, certificate, monkeypatch):
    """The server's QR image of a code's page (for browsers without JavaScript) is drawn
    on the first request and read from the cache on the next ones; another site address
    draws its own, and the cached image is the one the code gives."""
    drawn = []
    real = verification.qr_svg
    monkeypatch.setattr(verification, "qr_svg", lambda text: drawn.append(text) or real(text))
    code = certificate.verification_code
    url = reverse("awards:verify_qr", args=[code])
    first = client.get(url).content.decode()
    assert client.get(url).content.decode() == first
    assert drawn == [f"http://testserver/xac-minh/{code}/"]
    assert read_svg(first) == drawn
    other = client.get(url, HTTP_HOST="localhost").content.decode()
    assert drawn[1:] == [f"http://localhost/xac-minh/{code}/"] and other != first
    assert read_svg(other) == drawn[1:]


def test_a_code_is_found_in_one_unsorted_statement(certificate, django_assert_num_queries):
    """The code is unique: the lookup asks PostgreSQL for no sort (the model's ordering
    doubled the planning of the page's five-table join), and one statement brings what
    the page shows."""
    with django_assert_num_queries(1) as captured:
        found = selectors.grant_for_code(certificate.verification_code.lower())
        assert (found.pk, found.award.name, found.decision.number) == (
            certificate.pk,
            certificate.award.name,
            certificate.decision.number,
        )
    (query,) = captured.captured_queries
    assert "ORDER BY" not in query["sql"]
    assert "LIMIT 1" in query["sql"]
