"""The eligibility engine on collectives and households: TTLĐTT, TTLĐXS, the flags,
Bằng khen for a collective, Gia đình văn hóa and Giấy khen."""

import pytest

from awards.eligibility import evaluate
from tests.awards.eligibility_cases import NOT_BLOCKED, Y, check, pairs


def collective(award, *, rating="HTXSNV", members=None, **records):
    return evaluate(
        {
            "award": award,
            "year": Y,
            "subject": {"kind": "collective"},
            "ratings": {str(Y): rating} if rating else {},
            "members": members,
            **records,
        }
    )


def members(total=24, ldtt=18, completed_tasks=None, cstdcs=2, disciplined=0):
    return {
        "total": total,
        "ldtt": ldtt,
        "completed_tasks": total if completed_tasks is None else completed_tasks,
        "cstdcs": cstdcs,
        "disciplined_warning_or_above": disciplined,
    }


# --- TTLĐTT ----------------------------------------------------------------------------


def test_ttldtt_17_of_24_passes():
    result = collective("TTLDTT", rating="HTTNV", members=members(ldtt=17))
    assert result["verdict"] == "eligible"
    assert pairs(result) == [
        ("rating_httnv_or_better", True),
        ("members_ldtt_70", True),
        ("no_member_disciplined", True),
        *NOT_BLOCKED,
    ]
    assert check(result, "members_ldtt_70") == {
        "rule": "members_ldtt_70",
        "passed": True,
        "detail": "17/24 lao động tiên tiến = 70,8% (≥ 70%)",
        "basis": "Luật TĐKT 2022, Điều 28",
    }
    assert check(result, "no_member_disciplined")["detail"] == (
        "Không có thành viên bị kỷ luật từ cảnh cáo trở lên"
    )


def test_ttldtt_16_of_24_fails():
    result = collective("TTLDTT", rating="HTTNV", members=members(ldtt=16))
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("rating_httnv_or_better", True),
        ("members_ldtt_70", False),
        ("no_member_disciplined", True),
        *NOT_BLOCKED,
    ]
    assert check(result, "members_ldtt_70")["detail"] == (
        "16/24 lao động tiên tiến = 66,7% (< 70%)"
    )


def test_ttldtt_exactly_70_percent_passes():
    result = collective("TTLDTT", rating="HTTNV", members=members(total=10, ldtt=7))
    assert result["verdict"] == "eligible"
    assert check(result, "members_ldtt_70")["detail"] == "7/10 lao động tiên tiến = 70,0% (≥ 70%)"


def test_ttldtt_69_9_percent_fails():
    result = collective("TTLDTT", rating="HTTNV", members=members(total=1000, ldtt=699))
    assert result["verdict"] == "ineligible"
    assert check(result, "members_ldtt_70")["detail"] == (
        "699/1000 lao động tiên tiến = 69,9% (< 70%)"
    )


def test_ttldtt_just_below_70_is_never_shown_as_70():
    result = collective("TTLDTT", rating="HTTNV", members=members(total=10000, ldtt=6999))
    assert check(result, "members_ldtt_70") == {
        "rule": "members_ldtt_70",
        "passed": False,
        "detail": "6999/10000 lao động tiên tiến = 69,9% (< 70%)",
        "basis": "Luật TĐKT 2022, Điều 28",
    }


def test_ttldtt_disciplined_member_fails():
    result = collective("TTLDTT", rating="HTTNV", members=members(disciplined=1))
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("rating_httnv_or_better", True),
        ("members_ldtt_70", True),
        ("no_member_disciplined", False),
        *NOT_BLOCKED,
    ]
    assert check(result, "no_member_disciplined")["detail"] == (
        "1 thành viên bị kỷ luật từ cảnh cáo trở lên"
    )


def test_ttldtt_htnv_fails():
    result = collective("TTLDTT", rating="HTNV", members=members())
    assert result["verdict"] == "ineligible"
    assert pairs(result)[0] == ("rating_httnv_or_better", False)


def test_ttldtt_without_member_figures_fails():
    result = collective("TTLDTT", rating="HTTNV")
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("rating_httnv_or_better", True),
        ("members_ldtt_70", False),
        ("no_member_disciplined", False),
        *NOT_BLOCKED,
    ]
    assert check(result, "members_ldtt_70")["detail"] == (
        "Chưa có số liệu thành viên của tập thể năm 2025"
    )


# --- TTLĐXS ----------------------------------------------------------------------------

TTLDXS_RULES = [
    "rating_htxsnv",
    "members_completed_all",
    "members_ldtt_70",
    "members_cstdcs_1",
    "no_member_disciplined",
]


def test_ttldxs_passes():
    result = collective("TTLDXS", members=members())
    assert result["verdict"] == "eligible"
    assert pairs(result) == [(rule, True) for rule in TTLDXS_RULES] + NOT_BLOCKED
    assert [c["detail"] for c in result["checks"][:5]] == [
        "Năm 2025: Hoàn thành xuất sắc nhiệm vụ",
        "24/24 thành viên hoàn thành nhiệm vụ",
        "18/24 lao động tiên tiến = 75,0% (≥ 70%)",
        "2 thành viên đạt CSTĐCS",
        "Không có thành viên bị kỷ luật từ cảnh cáo trở lên",
    ]
    assert {c["basis"] for c in result["checks"][:5]} == {"Luật TĐKT 2022, Điều 27"}


@pytest.mark.parametrize(
    ("failing", "rating", "figures", "detail"),
    [
        ("rating_htxsnv", "HTTNV", members(), "Năm 2025: Hoàn thành tốt nhiệm vụ"),
        (
            "members_completed_all",
            "HTXSNV",
            members(completed_tasks=23),
            "23/24 thành viên hoàn thành nhiệm vụ (cần 100%)",
        ),
        (
            "members_ldtt_70",
            "HTXSNV",
            members(ldtt=16),
            "16/24 lao động tiên tiến = 66,7% (< 70%)",
        ),
        ("members_cstdcs_1", "HTXSNV", members(cstdcs=0), "Không có thành viên đạt CSTĐCS"),
        (
            "no_member_disciplined",
            "HTXSNV",
            members(disciplined=2),
            "2 thành viên bị kỷ luật từ cảnh cáo trở lên",
        ),
    ],
)
def test_ttldxs_each_condition_fails_alone(failing, rating, figures, detail):
    result = collective("TTLDXS", rating=rating, members=figures)
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [(rule, rule != failing) for rule in TTLDXS_RULES] + NOT_BLOCKED
    assert check(result, failing)["detail"] == detail


# --- Cờ thi đua của UBND tỉnh ----------------------------------------------------------


def test_co_tinh_rank_1_and_htxsnv_eligible():
    result = collective("CO_TINH", bloc_rank=1)
    assert result["verdict"] == "eligible"
    assert pairs(result) == [("bloc_rank_1", True), ("rating_htxsnv", True), *NOT_BLOCKED]
    assert check(result, "bloc_rank_1") == {
        "rule": "bloc_rank_1",
        "passed": True,
        "detail": "Dẫn đầu khối, cụm thi đua năm 2025",
        "basis": "Luật TĐKT 2022, Điều 26",
    }


def test_co_tinh_rank_2_with_a_three_year_movement_needs_review():
    movement = {"name": "Chuyển đổi số", "years": 3}
    result = collective("CO_TINH", bloc_rank=2, movement=movement)
    assert result["verdict"] == "needs_review"
    assert pairs(result) == [
        ("bloc_rank_1", False),
        ("rating_htxsnv", True),
        ("thematic_movement", True),
        *NOT_BLOCKED,
    ]
    assert check(result, "thematic_movement")["detail"] == (
        "Phong trào thi đua chuyên đề “Chuyển đổi số” 3 năm (≥ 3 năm); việc dẫn đầu phong"
        " trào do Hội đồng xem xét"
    )


def test_co_tinh_rank_2_with_a_two_year_movement_ineligible():
    result = collective("CO_TINH", bloc_rank=2, movement={"name": "Chuyển đổi số", "years": 2})
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("bloc_rank_1", False),
        ("rating_htxsnv", True),
        ("thematic_movement", False),
        *NOT_BLOCKED,
    ]


def test_co_tinh_rank_2_without_movement_ineligible():
    result = collective("CO_TINH", bloc_rank=2)
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [("bloc_rank_1", False), ("rating_htxsnv", True), *NOT_BLOCKED]
    assert check(result, "bloc_rank_1")["detail"] == "Xếp thứ 2 trong khối, cụm thi đua năm 2025"


def test_co_tinh_rank_1_but_httnv_ineligible():
    result = collective("CO_TINH", rating="HTTNV", bloc_rank=1)
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [("bloc_rank_1", True), ("rating_htxsnv", False), *NOT_BLOCKED]


def test_co_tinh_without_rank_ineligible():
    result = collective("CO_TINH")
    assert result["verdict"] == "ineligible"
    assert check(result, "bloc_rank_1")["detail"] == (
        "Chưa có xếp hạng trong khối, cụm thi đua năm 2025"
    )


def test_co_tinh_movement_route_still_blocked_by_a_complaint():
    result = collective(
        "CO_TINH",
        bloc_rank=3,
        movement={"name": "Chuyển đổi số", "years": 5},
        pending={"complaint": True},
    )
    assert result["verdict"] == "ineligible"


# --- Cờ thi đua của Chính phủ ----------------------------------------------------------


def test_co_cp_holds_co_tinh_of_the_same_year():
    titles = [{"code": "CO_TINH", "year": Y, "kind": "CONG_TRANG"}]
    result = collective("CO_CP", titles=titles)
    assert result["verdict"] == "eligible"
    assert pairs(result) == [("holds_co_tinh", True), *NOT_BLOCKED]
    assert check(result, "holds_co_tinh") == {
        "rule": "holds_co_tinh",
        "passed": True,
        "detail": "Cờ thi đua của UBND tỉnh 2025",
        "basis": "Luật TĐKT 2022, Điều 25",
    }


def test_co_cp_with_last_years_flag_fails():
    titles = [{"code": "CO_TINH", "year": Y - 1, "kind": "CONG_TRANG"}]
    result = collective("CO_CP", titles=titles)
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [("holds_co_tinh", False), *NOT_BLOCKED]
    assert check(result, "holds_co_tinh")["detail"] == "Thiếu Cờ thi đua của UBND tỉnh 2025"


def test_co_cp_with_a_movement_flag_fails():
    titles = [{"code": "CO_TINH", "year": Y, "kind": "PHONG_TRAO"}]
    result = collective("CO_CP", titles=titles)
    assert result["verdict"] == "ineligible"
    assert check(result, "holds_co_tinh")["detail"] == (
        "Thiếu Cờ thi đua của UBND tỉnh 2025; không tính Cờ thi đua của UBND tỉnh 2025"
        " (khen thưởng phong trào)"
    )


# --- Bằng khen của Chủ tịch UBND tỉnh, tập thể -----------------------------------------


def bk_collective(ratings, titles=()):
    return evaluate(
        {
            "award": "BK_TINH",
            "year": Y,
            "subject": {"kind": "collective"},
            "ratings": ratings,
            "titles": list(titles),
        }
    )


def test_bk_tinh_collective_htxsnv_two_years():
    result = bk_collective({"2024": "HTXSNV", "2025": "HTXSNV"})
    assert result["verdict"] == "eligible"
    assert pairs(result) == [("htxsnv_2_years", True), ("ttldxs_2_years", False), *NOT_BLOCKED]
    assert check(result, "htxsnv_2_years")["detail"] == "2024–2025: Hoàn thành xuất sắc nhiệm vụ"
    assert check(result, "no_discipline_in_period")["detail"] == (
        "Không có kỷ luật trong thời gian xét 2024–2025"
    )


def test_bk_tinh_collective_ttldxs_two_years():
    titles = [{"code": "TTLDXS", "year": y, "kind": "CONG_TRANG"} for y in (2024, 2025)]
    result = bk_collective({"2025": "HTTNV"}, titles)
    assert result["verdict"] == "eligible"
    assert pairs(result) == [("htxsnv_2_years", False), ("ttldxs_2_years", True), *NOT_BLOCKED]
    assert check(result, "ttldxs_2_years")["detail"] == "TTLĐXS 2024, 2025"


def test_bk_tinh_collective_otherwise_needs_review():
    result = bk_collective({"2024": "HTTNV", "2025": "HTXSNV"})
    assert result["verdict"] == "needs_review"
    assert pairs(result) == [
        ("htxsnv_2_years", False),
        ("ttldxs_2_years", False),
        ("discretionary_route", False),
        *NOT_BLOCKED,
    ]
    assert check(result, "htxsnv_2_years")["detail"] == "Năm 2024: Hoàn thành tốt nhiệm vụ"


# --- households and Giấy khen ----------------------------------------------------------


def test_gdvh_needs_review():
    result = evaluate({"award": "GDVH", "year": Y, "subject": {"kind": "household"}})
    assert result["verdict"] == "needs_review"
    assert pairs(result) == [("manual_review", False), *NOT_BLOCKED]
    assert check(result, "manual_review")["basis"] == "Luật TĐKT 2022, Điều 20"


def test_gdvh_for_a_collective_is_ineligible():
    result = evaluate({"award": "GDVH", "year": Y, "subject": {"kind": "collective"}})
    assert result["verdict"] == "ineligible"
    assert check(result, "subject_kind")["detail"] == (
        "Gia đình văn hóa chỉ xét cho hộ gia đình; đối tượng là tập thể"
    )


@pytest.mark.parametrize("kind", ["individual", "collective", "household"])
def test_gk_needs_review_for_any_subject(kind):
    result = evaluate({"award": "GK", "year": Y, "subject": {"kind": kind}})
    assert result["verdict"] == "needs_review"
    assert pairs(result) == [("manual_review", False), *NOT_BLOCKED]
    assert check(result, "manual_review") == {
        "rule": "manual_review",
        "passed": False,
        "detail": "Tiêu chuẩn Giấy khen do cơ quan, đơn vị khen thưởng quy định — cần xem"
        " xét thủ công",
        "basis": "Luật TĐKT 2022, Điều 75",
    }


def test_gk_blocked_is_ineligible():
    result = evaluate(
        {
            "award": "GK",
            "year": Y,
            "subject": {"kind": "individual"},
            "discipline": [{"level": "canh_cao", "from": "2025-06-01", "to": None}],
        }
    )
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("manual_review", False),
        ("no_open_investigation", True),
        ("no_open_complaint", True),
        ("no_discipline_in_period", False),
    ]
