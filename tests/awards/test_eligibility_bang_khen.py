"""The eligibility engine on Bằng khen: the provincial chairman's for individuals and
households (the collective routes are in test_eligibility_collectives.py) and the Prime
Minister's. Bằng khen has alternative routes: one passing is enough, none passing leaves
the Council's discretion (needs_review) for the provincial one."""

from awards.eligibility import evaluate
from tests.awards.eligibility_cases import NOT_BLOCKED, case, check, initiative, merit, pairs

# --- Bằng khen của Chủ tịch UBND tỉnh, cá nhân -----------------------------------------


def test_bk_tinh_route_1_two_consecutive_cstdcs():
    result = evaluate(case("BK_TINH", titles=merit("CSTDCS", 2024, 2025)))
    assert result["verdict"] == "eligible"
    assert pairs(result) == [
        ("cstdcs_2_consecutive", True),
        ("htxsnv_2_years_2_initiatives", False),
        *NOT_BLOCKED,
    ]
    assert check(result, "cstdcs_2_consecutive") == {
        "rule": "cstdcs_2_consecutive",
        "passed": True,
        "detail": "CSTĐCS 2024, 2025",
        "basis": "Luật TĐKT 2022, Điều 74",
    }


def test_bk_tinh_route_2_htxsnv_and_two_unused_initiatives():
    result = evaluate(
        case(
            "BK_TINH",
            ratings={"2024": "HTXSNV", "2025": "HTXSNV"},
            initiatives=[initiative("SK-A", 2024), initiative("SK-B", 2025, "province")],
        )
    )
    assert result["verdict"] == "eligible"
    assert pairs(result) == [
        ("cstdcs_2_consecutive", False),
        ("htxsnv_2_years_2_initiatives", True),
        *NOT_BLOCKED,
    ]
    assert check(result, "htxsnv_2_years_2_initiatives")["detail"] == (
        "2024–2025: Hoàn thành xuất sắc nhiệm vụ; SK-A (cấp cơ sở, 2024); SK-B (cấp tỉnh, 2025)"
    )


def test_bk_tinh_route_2_with_one_initiative_used_needs_review():
    result = evaluate(
        case(
            "BK_TINH",
            ratings={"2024": "HTXSNV", "2025": "HTXSNV"},
            initiatives=[initiative("SK-A", 2024), initiative("SK-B", 2025, used_by="CSTDCS")],
        )
    )
    assert result["verdict"] == "needs_review"
    assert pairs(result) == [
        ("cstdcs_2_consecutive", False),
        ("htxsnv_2_years_2_initiatives", False),
        ("discretionary_route", False),
        *NOT_BLOCKED,
    ]
    assert check(result, "htxsnv_2_years_2_initiatives")["detail"] == (
        "2024–2025: Hoàn thành xuất sắc nhiệm vụ; Có 1/2 sáng kiến được công nhận cấp cơ sở"
        " trở lên trong 2024–2025 chưa dùng cho hình thức khác; SK-A (cấp cơ sở, 2024);"
        " SK-B (cấp cơ sở, 2025): đã dùng cho CSTĐCS"
    )


def test_bk_tinh_individual_with_nothing_needs_review_never_ineligible():
    result = evaluate(case("BK_TINH", ratings={"2025": "HTNV"}))
    assert result["verdict"] == "needs_review"
    assert pairs(result) == [
        ("cstdcs_2_consecutive", False),
        ("htxsnv_2_years_2_initiatives", False),
        ("discretionary_route", False),
        *NOT_BLOCKED,
    ]
    assert check(result, "cstdcs_2_consecutive")["detail"] == "Thiếu CSTĐCS 2024, 2025"
    assert check(result, "htxsnv_2_years_2_initiatives")["detail"] == (
        "Năm 2024: chưa có xếp loại; Năm 2025: Hoàn thành nhiệm vụ; Không có sáng kiến được"
        " công nhận cấp cơ sở trở lên trong 2024–2025 chưa dùng cho hình thức khác (cần 2)"
    )
    assert check(result, "discretionary_route") == {
        "rule": "discretionary_route",
        "passed": False,
        "detail": "Không đạt các điều kiện xét được từ hồ sơ; có thể đề nghị theo thành tích"
        " xuất sắc trong phong trào thi đua, thành tích đột xuất hoặc đóng góp — cần Hội đồng"
        " xem xét",
        "basis": "Luật TĐKT 2022, Điều 74",
    }


def test_bk_tinh_route_2_needs_both_years_htxsnv():
    result = evaluate(
        case(
            "BK_TINH",
            ratings={"2024": "HTTNV", "2025": "HTXSNV"},
            initiatives=[initiative("SK-A", 2024), initiative("SK-B", 2025)],
        )
    )
    assert result["verdict"] == "needs_review"


def test_bk_tinh_household_needs_review():
    result = evaluate(case("BK_TINH", kind="household"))
    assert result["verdict"] == "needs_review"
    assert pairs(result) == [("manual_review", False), *NOT_BLOCKED]


# --- Bằng khen của Thủ tướng -----------------------------------------------------------

FIVE_GOOD = {"2021": "HTTNV", "2022": "HTXSNV", "2023": "HTTNV", "2024": "HTTNV", "2025": "HTXSNV"}


def test_bk_ttg_passes():
    result = evaluate(
        case(
            "BK_TTG",
            ratings=FIVE_GOOD,
            titles=[*merit("BK_TINH", 2022), *merit("CSTDCS", 2021, 2023, 2025)],
        )
    )
    assert result["verdict"] == "eligible"
    assert pairs(result) == [
        ("holds_bk_tinh_earlier", True),
        ("rating_5_years_httnv", True),
        ("cstdcs_3_of_5_years", True),
        *NOT_BLOCKED,
    ]
    assert [c["detail"] for c in result["checks"][:3]] == [
        "Bằng khen của Chủ tịch UBND tỉnh 2022",
        "2021–2025: Hoàn thành tốt nhiệm vụ trở lên",
        "CSTĐCS 2021, 2023, 2025 (3/5 năm)",
    ]
    assert {c["basis"] for c in result["checks"][:3]} == {"Luật TĐKT 2022, Điều 73"}
    # The discipline window reaches back to Y-4.
    assert check(result, "no_discipline_in_period")["detail"] == (
        "Không có kỷ luật trong thời gian xét 2021–2025"
    )


def test_bk_ttg_bk_tinh_of_the_same_year_does_not_count():
    result = evaluate(
        case(
            "BK_TTG",
            ratings=FIVE_GOOD,
            titles=[*merit("BK_TINH", 2025), *merit("CSTDCS", 2021, 2023, 2025)],
        )
    )
    assert result["verdict"] == "ineligible"
    assert pairs(result)[:3] == [
        ("holds_bk_tinh_earlier", False),
        ("rating_5_years_httnv", True),
        ("cstdcs_3_of_5_years", True),
    ]
    assert (
        result["checks"][0]["detail"] == "Chưa có Bằng khen của Chủ tịch UBND tỉnh trước năm 2025"
    )


def test_bk_ttg_one_weak_year_fails():
    ratings = {**FIVE_GOOD, "2023": "HTNV"}
    del ratings["2021"]
    result = evaluate(
        case(
            "BK_TTG",
            ratings=ratings,
            titles=[*merit("BK_TINH", 2020), *merit("CSTDCS", 2022, 2024, 2025)],
        )
    )
    assert result["verdict"] == "ineligible"
    assert pairs(result)[:3] == [
        ("holds_bk_tinh_earlier", True),
        ("rating_5_years_httnv", False),
        ("cstdcs_3_of_5_years", True),
    ]
    assert check(result, "rating_5_years_httnv")["detail"] == (
        "Năm 2021: chưa có xếp loại; Năm 2023: Hoàn thành nhiệm vụ"
    )


def test_bk_ttg_two_cstdcs_fail():
    result = evaluate(
        case(
            "BK_TTG",
            ratings=FIVE_GOOD,
            titles=[
                *merit("BK_TINH", 2022),
                *merit("CSTDCS", 2023, 2025),
                *merit("CSTDCS", 2024, kind="PHONG_TRAO"),
            ],
        )
    )
    assert result["verdict"] == "ineligible"
    assert check(result, "cstdcs_3_of_5_years") == {
        "rule": "cstdcs_3_of_5_years",
        "passed": False,
        "detail": "CSTĐCS 2023, 2025 (2/5 năm, cần ít nhất 3); không tính CSTĐCS 2024"
        " (khen thưởng phong trào)",
        "basis": "Luật TĐKT 2022, Điều 73",
    }


def test_bk_ttg_collective_needs_review():
    result = evaluate(case("BK_TTG", kind="collective"))
    assert result["verdict"] == "needs_review"
    assert pairs(result) == [("manual_review", False), *NOT_BLOCKED]
