"""Issue 9 points 4 and 5: the catalogue's cash coefficients (Decree 152/2025 Art 51, 54),
the rounding setting, the deciding authorities (Law 06/2022 Art 78(1), 79), and the
pages where the secretariat keeps the base salary and the legal bases as data."""

from datetime import date

import pytest
from django.urls import reverse

from awards.models import Authority, Award, LegalBasis, SubjectKind
from awards.services import cash_amount

pytestmark = pytest.mark.django_db
ON = date(2026, 6, 9)  # base salary 2,340,000 (Decree 73/2024)


@pytest.mark.parametrize(
    ("code", "kind", "expected"),
    [
        ("BK_TINH", SubjectKind.INDIVIDUAL, 3_510_000),  # 1.5 × (Art 54(1))
        ("BK_TINH", SubjectKind.COLLECTIVE, 7_020_000),  # twice the individual
        ("BK_TTG", SubjectKind.INDIVIDUAL, 8_190_000),  # 3.5 × (Art 54(1))
        ("BK_TTG", SubjectKind.COLLECTIVE, 16_380_000),
        ("HC_LD_3", SubjectKind.INDIVIDUAL, 10_530_000),  # 4.5 × (Art 51(1)(h))
        ("HC_LD_3", SubjectKind.COLLECTIVE, 21_060_000),  # Art 51(2): twice
        ("HC_LD_2", SubjectKind.INDIVIDUAL, 17_550_000),  # 7.5 ×
        ("HC_LD_2", SubjectKind.COLLECTIVE, 35_100_000),
        ("HC_LD_1", SubjectKind.INDIVIDUAL, 21_060_000),  # 9.0 ×
        ("HC_LD_1", SubjectKind.COLLECTIVE, 42_120_000),
        ("HC_BVTQ_3", SubjectKind.INDIVIDUAL, 10_530_000),  # 4.5 ×
        ("HC_BVTQ_3", SubjectKind.COLLECTIVE, 21_060_000),
    ],
)
def test_the_catalogue_holds_the_individual_and_collective_coefficients(code, kind, expected):
    assert cash_amount(award=Award.objects.get(code=code), subject_kind=kind, on=ON) == expected


def test_amounts_are_rounded_up_to_ten_thousand_by_default(settings):
    ldtt = Award.objects.get(code="LDTT")  # 0.3 × 2,340,000 = 702,000
    assert settings.TDKT_CASH_ROUND_UP_TO == 10_000
    assert cash_amount(award=ldtt, subject_kind=SubjectKind.INDIVIDUAL, on=ON) == 710_000
    settings.TDKT_CASH_ROUND_UP_TO = 1
    assert cash_amount(award=ldtt, subject_kind=SubjectKind.INDIVIDUAL, on=ON) == 702_000


def test_flags_and_the_province_s_title_are_decided_by_their_authority():
    authority = dict(Award.objects.values_list("code", "authority"))
    assert authority["CO_TINH"] == Authority.PROVINCIAL_CHAIRMAN  # Law Art 79
    assert authority["CONG_DAN_TB"] == Authority.PROVINCIAL_CHAIRMAN
    assert authority["CO_CP"] == Authority.GOVERNMENT  # Law Art 78(1), not the PM
    assert authority["BK_TTG"] == Authority.PRIME_MINISTER


def test_the_decisions_legal_bases_are_seeded_with_full_titles():
    texts = list(
        LegalBasis.objects.filter(applies_to="award_decision").values_list("text", flat=True)
    )
    assert texts == [
        "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025",
        "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022",
        "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân "
        "cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn "
        "thi hành một số điều của Luật Thi đua, khen thưởng",
    ]


def test_the_secretariat_keeps_the_legal_bases(client, users):
    url = reverse("awards:legal_basis_list")
    client.force_login(users["council"])
    assert client.get(url).status_code == 404
    client.force_login(users["secretariat"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Luật Thi đua, khen thưởng số 06/2022/QH15" in page.content.decode()
    text = "Quyết định số 15/2025/QĐ-UBND ngày 20 tháng 8 năm 2025 của Ủy ban nhân dân tỉnh"
    data = {
        "applies_to": "award_decision",
        "role": "basis",
        "order": 40,
        "text": text,
        "valid_from": "2025-08-30",
    }
    assert client.post(url, data).status_code == 302
    line = LegalBasis.objects.get(text=text)
    # Retired with an end date before its start: refused with a Vietnamese message.
    bad = client.post(
        reverse("awards:legal_basis_update", args=[line.pk]),
        {**data, "valid_to": "2025-01-01"},
    )
    assert bad.status_code == 200
    assert bad.context["form"].errors["valid_to"] == [
        "Ngày kết thúc không được trước ngày bắt đầu."
    ]
    line.refresh_from_db()
    assert line.valid_to is None


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("staff_a", 404),
        ("head_a", 404),
        ("staff_b", 404),
        ("secretariat", 200),
        ("council", 404),
        ("chairman", 404),
    ],
)
def test_legal_basis_pages_matrix(client, users, role, expected):
    """Only the secretariat keeps the căn cứ lines; a refused post changes nothing."""
    from tests.utils.clients import client_for

    line = LegalBasis.objects.order_by("pk").first()
    before = (line.text, line.valid_to)
    client = client_for(client, users, role)
    urls = [
        reverse("awards:legal_basis_list"),
        reverse("awards:legal_basis_update", args=[line.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == expected
        posted = client.post(url, {"text": "Hacked", "valid_from": "2020-01-01"})
        assert posted.status_code == expected  # the secretariat: the form with its errors
    line.refresh_from_db()
    assert (line.text, line.valid_to) == before
    assert not LegalBasis.objects.filter(text="Hacked").exists()
