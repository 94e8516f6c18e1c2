"""The eligibility engine: the contract's example, LĐTT, CSTĐCS, subject kinds and unknown
award codes (CSTĐ cấp tỉnh and toàn quốc are in test_eligibility_cstd.py).

Each case asserts the verdict and the exact (rule, passed) list, and the detail a clerk
reads where it carries the reason. Pure: no database.
"""

from awards.eligibility import AWARD_CODES, evaluate
from tests.awards.eligibility_cases import NOT_BLOCKED, case, check, initiative, merit, pairs


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
