"""The eligibility engine on Chiến sĩ thi đua cấp tỉnh and toàn quốc: consecutive merit
titles plus an initiative of the right level, in the right years, not used elsewhere.

Each case asserts the verdict and the exact (rule, passed) list. Pure: no database."""

from awards.eligibility import evaluate
from tests.awards.eligibility_cases import NOT_BLOCKED, case, check, initiative, merit, pairs

# --- CSTĐ cấp tỉnh ---------------------------------------------------------------------


def cstd_tinh(titles, initiatives):
    return evaluate(case("CSTD_TINH", titles=titles, initiatives=initiatives))


def test_cstd_tinh_three_consecutive_and_province_initiative_passes():
    result = cstd_tinh(
        merit("CSTDCS", 2023, 2024, 2025), [initiative("SK-2023-01", 2023, "province")]
    )
    assert result["verdict"] == "eligible"
    assert pairs(result) == [
        ("cstdcs_3_consecutive", True),
        ("initiative_province", True),
        *NOT_BLOCKED,
    ]


def test_cstd_tinh_national_initiative_also_counts():
    result = cstd_tinh(merit("CSTDCS", 2023, 2024, 2025), [initiative("SK-N", 2024, "national")])
    assert result["verdict"] == "eligible"
    assert check(result, "initiative_province")["detail"] == "SK-N (toàn quốc, 2024)"


def test_cstd_tinh_broken_chain_fails():
    result = cstd_tinh(merit("CSTDCS", 2023, 2025), [initiative("SK-1", 2025, "province")])
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("cstdcs_3_consecutive", False),
        ("initiative_province", True),
        *NOT_BLOCKED,
    ]
    assert check(result, "cstdcs_3_consecutive")["detail"] == "CSTĐCS 2023, 2025; thiếu 2024"


def test_cstd_tinh_without_any_cstdcs_fails():
    result = cstd_tinh([], [initiative("SK-1", 2025, "province")])
    assert check(result, "cstdcs_3_consecutive") == {
        "rule": "cstdcs_3_consecutive",
        "passed": False,
        "detail": "Thiếu CSTĐCS 2023, 2024, 2025",
        "basis": "Luật TĐKT 2022, Điều 22",
    }


def test_cstd_tinh_ignores_cstdcs_of_movement_or_ad_hoc_kind():
    titles = [
        *merit("CSTDCS", 2023, 2025),
        *merit("CSTDCS", 2024, kind="PHONG_TRAO"),
        *merit("CSTDCS", 2024, kind="DOT_XUAT"),
    ]
    result = cstd_tinh(titles, [initiative("SK-1", 2025, "province")])
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("cstdcs_3_consecutive", False),
        ("initiative_province", True),
        *NOT_BLOCKED,
    ]
    assert check(result, "cstdcs_3_consecutive")["detail"] == (
        "CSTĐCS 2023, 2025; thiếu 2024; không tính CSTĐCS 2024 (khen thưởng đột xuất),"
        " CSTĐCS 2024 (khen thưởng phong trào)"
    )


def test_cstd_tinh_unit_level_initiative_fails():
    result = cstd_tinh(merit("CSTDCS", 2023, 2024, 2025), [initiative("SK-1", 2025, "unit")])
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("cstdcs_3_consecutive", True),
        ("initiative_province", False),
        *NOT_BLOCKED,
    ]
    assert check(result, "initiative_province")["detail"] == (
        "Không có sáng kiến được công nhận cấp tỉnh trở lên trong 2023–2025 chưa dùng cho"
        " hình thức khác; SK-1 (cấp cơ sở, 2025): chưa đạt cấp tỉnh"
    )


def test_cstd_tinh_initiative_outside_the_three_years_fails():
    result = cstd_tinh(merit("CSTDCS", 2023, 2024, 2025), [initiative("SK-2022", 2022, "province")])
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("cstdcs_3_consecutive", True),
        ("initiative_province", False),
        *NOT_BLOCKED,
    ]
    assert check(result, "initiative_province")["detail"].endswith(
        "; SK-2022 (cấp tỉnh, 2022): ngoài thời gian xét 2023–2025"
    )


def test_cstd_tinh_initiative_used_by_another_form_fails():
    result = cstd_tinh(
        merit("CSTDCS", 2023, 2024, 2025),
        [initiative("SK-1", 2025, "province", used_by="BK_TINH")],
    )
    assert result["verdict"] == "ineligible"
    assert check(result, "initiative_province")["passed"] is False


# --- CSTĐ toàn quốc --------------------------------------------------------------------


def test_cstd_tq_twice_in_a_row_and_national_initiative_passes():
    result = evaluate(
        case(
            "CSTD_TQ",
            titles=merit("CSTD_TINH", 2022, 2025),
            initiatives=[initiative("SK-N", 2020, "national")],
        )
    )
    assert result["verdict"] == "eligible"
    assert pairs(result) == [
        ("cstd_tinh_2_consecutive", True),
        ("initiative_national", True),
        *NOT_BLOCKED,
    ]
    assert check(result, "cstd_tinh_2_consecutive") == {
        "rule": "cstd_tinh_2_consecutive",
        "passed": True,
        "detail": "CSTĐ cấp tỉnh 2022, 2025",
        "basis": "Luật TĐKT 2022, Điều 21",
    }
    assert check(result, "initiative_national")["detail"] == "SK-N (toàn quốc, 2020)"


def test_cstd_tq_initiative_older_than_six_years_fails():
    result = evaluate(
        case(
            "CSTD_TQ",
            titles=merit("CSTD_TINH", 2022, 2025),
            initiatives=[initiative("SK-N", 2019, "national")],
        )
    )
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("cstd_tinh_2_consecutive", True),
        ("initiative_national", False),
        *NOT_BLOCKED,
    ]


def test_cstd_tq_province_initiative_fails():
    result = evaluate(
        case(
            "CSTD_TQ",
            titles=merit("CSTD_TINH", 2022, 2025),
            initiatives=[initiative("SK-P", 2024, "province")],
        )
    )
    assert result["verdict"] == "ineligible"
    assert check(result, "initiative_national")["detail"] == (
        "Không có sáng kiến được công nhận toàn quốc trong 2020–2025 chưa dùng cho hình thức"
        " khác; SK-P (cấp tỉnh, 2024): chưa đạt toàn quốc"
    )


def test_cstd_tq_not_in_a_row_fails():
    result = evaluate(
        case(
            "CSTD_TQ",
            titles=merit("CSTD_TINH", 2021, 2025),
            initiatives=[initiative("SK-N", 2024, "national")],
        )
    )
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("cstd_tinh_2_consecutive", False),
        ("initiative_national", True),
        *NOT_BLOCKED,
    ]
    assert check(result, "cstd_tinh_2_consecutive")["detail"] == "CSTĐ cấp tỉnh 2025; thiếu 2022"
