"""The eligibility engine on individuals: LĐTT, CSTĐCS, CSTĐ tỉnh/toàn quốc, Bằng khen.

Each case asserts the verdict and the exact (rule, passed) list, and the detail a clerk
reads where it carries the reason. Pure: no database.
"""

from awards.eligibility import AWARD_CODES, evaluate

Y = 2025
NOT_BLOCKED = [
    ("no_open_investigation", True),
    ("no_open_complaint", True),
    ("no_discipline_in_period", True),
]


def case(award, year=Y, kind="individual", **records):
    return {"award": award, "year": year, "subject": {"kind": kind}, **records}


def merit(code, *years, kind="CONG_TRANG"):
    return [{"code": code, "year": y, "kind": kind} for y in years]


def initiative(ident, year, level="unit", used_by=None):
    return {"id": ident, "year": year, "level": level, "used_by": used_by}


def pairs(result):
    return [(c["rule"], c["passed"]) for c in result["checks"]]


def check(result, rule):
    (found,) = [c for c in result["checks"] if c["rule"] == rule]
    return found


def test_award_codes_are_the_contracts():
    assert AWARD_CODES == (
        "LDTT",
        "CSTDCS",
        "CSTD_TINH",
        "CSTD_TQ",
        "TTLDTT",
        "TTLDXS",
        "CO_TINH",
        "CO_CP",
        "GDVH",
        "GK",
        "BK_TINH",
        "BK_TTG",
    )


def test_contract_example_is_eligible():
    data = {
        "award": "CSTD_TINH",
        "year": 2025,
        "subject": {"kind": "individual", "gender": "F"},
        "ratings": {"2023": "HTXSNV", "2024": "HTXSNV", "2025": "HTTNV"},
        "titles": merit("CSTDCS", 2023, 2024, 2025),
        "initiatives": [initiative("SK-2025-14", 2025, "province")],
        "discipline": [{"level": "khien_trach", "from": "2021-03-01", "to": "2022-03-01"}],
        "pending": {"investigation": False, "complaint": False},
        "members": None,
        "bloc_rank": None,
    }
    result = evaluate(data)
    assert result["award"] == "CSTD_TINH"
    assert result["year"] == 2025
    assert result["verdict"] == "eligible"
    assert result["checks"][:2] == [
        {
            "rule": "cstdcs_3_consecutive",
            "passed": True,
            "detail": "CSTĐCS 2023, 2024, 2025",
            "basis": "Luật TĐKT 2022, Điều 22",
        },
        {
            "rule": "initiative_province",
            "passed": True,
            "detail": "SK-2025-14 (cấp tỉnh, 2025)",
            "basis": "Luật TĐKT 2022, Điều 22",
        },
    ]
    assert result["checks"][2:] == [
        {
            "rule": "no_open_investigation",
            "passed": True,
            "detail": "Không bị điều tra, thanh tra, kiểm tra",
            "basis": "Nghị định 152/2025/NĐ-CP, Điều 4",
        },
        {
            "rule": "no_open_complaint",
            "passed": True,
            "detail": "Không có khiếu nại, tố cáo đang được xác minh",
            "basis": "Nghị định 152/2025/NĐ-CP, Điều 4",
        },
        {
            "rule": "no_discipline_in_period",
            "passed": True,
            "detail": "Không có kỷ luật trong thời gian xét 2023–2025 (kỷ luật khiển trách"
            " từ 01/03/2021 đến 01/03/2022 ngoài thời gian xét)",
            "basis": "Nghị định 152/2025/NĐ-CP, Điều 4",
        },
    ]


def test_output_has_exactly_the_contract_keys():
    result = evaluate(case("LDTT", ratings={"2025": "HTTNV"}))
    assert list(result) == ["award", "year", "verdict", "checks"]
    assert all(list(c) == ["rule", "passed", "detail", "basis"] for c in result["checks"])


# --- LĐTT ------------------------------------------------------------------------------


def test_ldtt_httnv_passes():
    result = evaluate(case("LDTT", ratings={"2025": "HTTNV"}))
    assert result["verdict"] == "eligible"
    assert pairs(result) == [("rating_httnv_or_better", True), *NOT_BLOCKED]
    assert check(result, "rating_httnv_or_better") == {
        "rule": "rating_httnv_or_better",
        "passed": True,
        "detail": "Năm 2025: Hoàn thành tốt nhiệm vụ",
        "basis": "Luật TĐKT 2022, Điều 24",
    }


def test_ldtt_htxsnv_passes():
    result = evaluate(case("LDTT", ratings={"2025": "HTXSNV"}))
    assert result["verdict"] == "eligible"


def test_ldtt_htnv_fails():
    result = evaluate(case("LDTT", ratings={"2025": "HTNV", "2024": "HTXSNV"}))
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [("rating_httnv_or_better", False), *NOT_BLOCKED]
    assert check(result, "rating_httnv_or_better")["detail"] == "Năm 2025: Hoàn thành nhiệm vụ"


def test_ldtt_missing_rating_fails():
    result = evaluate(case("LDTT", ratings={"2024": "HTXSNV"}))
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [("rating_httnv_or_better", False), *NOT_BLOCKED]
    assert check(result, "rating_httnv_or_better")["detail"] == "Năm 2025: chưa có xếp loại"


# --- CSTĐCS ----------------------------------------------------------------------------


def test_cstdcs_htxsnv_alone_passes():
    result = evaluate(case("CSTDCS", ratings={"2025": "HTXSNV"}))
    assert result["verdict"] == "eligible"
    assert pairs(result) == [
        ("rating_httnv_or_better", True),
        ("htxsnv_or_initiative", True),
        *NOT_BLOCKED,
    ]
    assert check(result, "htxsnv_or_initiative") == {
        "rule": "htxsnv_or_initiative",
        "passed": True,
        "detail": "Năm 2025: Hoàn thành xuất sắc nhiệm vụ",
        "basis": "Luật TĐKT 2022, Điều 23",
    }


def test_cstdcs_httnv_with_unit_initiative_passes():
    result = evaluate(
        case("CSTDCS", ratings={"2025": "HTTNV"}, initiatives=[initiative("SK-03", 2025)])
    )
    assert result["verdict"] == "eligible"
    assert pairs(result) == [
        ("rating_httnv_or_better", True),
        ("htxsnv_or_initiative", True),
        *NOT_BLOCKED,
    ]
    assert check(result, "htxsnv_or_initiative")["detail"] == "SK-03 (cấp cơ sở, 2025)"


def test_cstdcs_httnv_without_initiative_fails():
    result = evaluate(case("CSTDCS", ratings={"2025": "HTTNV"}))
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("rating_httnv_or_better", True),
        ("htxsnv_or_initiative", False),
        *NOT_BLOCKED,
    ]
    assert check(result, "htxsnv_or_initiative")["detail"] == (
        "Năm 2025: Hoàn thành tốt nhiệm vụ; không có sáng kiến được công nhận năm 2025"
        " chưa dùng cho hình thức khác"
    )


def test_cstdcs_initiative_used_by_another_form_fails():
    result = evaluate(
        case(
            "CSTDCS",
            ratings={"2025": "HTTNV"},
            initiatives=[initiative("SK-03", 2025, used_by="BK_TINH")],
        )
    )
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("rating_httnv_or_better", True),
        ("htxsnv_or_initiative", False),
        *NOT_BLOCKED,
    ]
    assert check(result, "htxsnv_or_initiative")["detail"] == (
        "Năm 2025: Hoàn thành tốt nhiệm vụ; không có sáng kiến được công nhận năm 2025"
        " chưa dùng cho hình thức khác; SK-03 (cấp cơ sở, 2025): đã dùng cho Bằng khen"
        " của Chủ tịch UBND tỉnh"
    )


def test_cstdcs_initiative_booked_for_the_same_award_counts():
    # Re-evaluation at appraisal: the initiative was booked for this CSTĐCS proposal.
    result = evaluate(
        case(
            "CSTDCS",
            ratings={"2025": "HTTNV"},
            initiatives=[initiative("SK-03", 2025, used_by="CSTDCS")],
        )
    )
    assert result["verdict"] == "eligible"


def test_cstdcs_initiative_of_another_year_fails():
    result = evaluate(
        case("CSTDCS", ratings={"2025": "HTTNV"}, initiatives=[initiative("SK-03", 2024)])
    )
    assert result["verdict"] == "ineligible"
    assert check(result, "htxsnv_or_initiative")["passed"] is False


def test_cstdcs_htnv_with_initiative_fails_on_the_rating():
    result = evaluate(
        case("CSTDCS", ratings={"2025": "HTNV"}, initiatives=[initiative("SK-03", 2025)])
    )
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("rating_httnv_or_better", False),
        ("htxsnv_or_initiative", True),
        *NOT_BLOCKED,
    ]


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


# --- subject kind and unknown awards ---------------------------------------------------


def test_subject_kind_mismatch_is_ineligible():
    result = evaluate(case("LDTT", kind="collective", ratings={"2025": "HTXSNV"}))
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [("subject_kind", False), *NOT_BLOCKED]
    assert check(result, "subject_kind") == {
        "rule": "subject_kind",
        "passed": False,
        "detail": "LĐTT chỉ xét cho cá nhân; đối tượng là tập thể",
        "basis": "Luật TĐKT 2022, Điều 24",
    }


def test_collective_title_for_an_individual_is_ineligible():
    result = evaluate(case("TTLDXS", kind="individual"))
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [("subject_kind", False), *NOT_BLOCKED]


def test_unknown_award_code_needs_review():
    result = evaluate(case("HC_LD_3", ratings={"2025": "HTXSNV"}))
    assert result["award"] == "HC_LD_3"
    assert result["verdict"] == "needs_review"
    assert pairs(result) == [("manual_review", False), *NOT_BLOCKED]
    assert check(result, "manual_review")["detail"] == (
        "Chưa có quy tắc xét “HC_LD_3” từ hồ sơ — cần xem xét thủ công"
    )


def test_unknown_award_code_still_blocked():
    result = evaluate(case("HC_LD_3", pending={"investigation": True}))
    assert result["verdict"] == "ineligible"
