"""Checks every award shares (investigation, complaint, discipline window), the rule set
that applies to a case, and the engine's purity."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from awards.eligibility import RULE_SETS, evaluate, select_rule_set

ROOT = Path(__file__).resolve().parents[2]


def cstd_tinh(**records):
    """A CSTĐ cấp tỉnh 2025 case that passes on its own conditions (window 2023–2025)."""
    return {
        "award": "CSTD_TINH",
        "year": 2025,
        "subject": {"kind": "individual"},
        "titles": [{"code": "CSTDCS", "year": y, "kind": "CONG_TRANG"} for y in (2023, 2024, 2025)],
        "initiatives": [{"id": "SK-1", "year": 2025, "level": "province", "used_by": None}],
        **records,
    }


def ldtt(year=2025, **records):
    return {
        "award": "LDTT",
        "year": year,
        "subject": {"kind": "individual"},
        "ratings": {str(year): "HTTNV"},
        **records,
    }


def discipline(start, end, level="khien_trach"):
    return [{"level": level, "from": start, "to": end}]


def pairs(result):
    return [(c["rule"], c["passed"]) for c in result["checks"]]


def check(result, rule):
    (found,) = [c for c in result["checks"] if c["rule"] == rule]
    return found


# --- discipline window -----------------------------------------------------------------


def test_discipline_ending_31_12_before_the_window_does_not_overlap():
    result = evaluate(cstd_tinh(discipline=discipline("2022-01-15", "2022-12-31")))
    assert result["verdict"] == "eligible"
    assert check(result, "no_discipline_in_period") == {
        "rule": "no_discipline_in_period",
        "passed": True,
        "detail": "Không có kỷ luật trong thời gian xét 2023–2025 (kỷ luật khiển trách từ"
        " 15/01/2022 đến 31/12/2022 ngoài thời gian xét)",
        "basis": "Nghị định 152/2025/NĐ-CP, Điều 4",
    }


def test_discipline_ending_01_01_of_the_window_overlaps():
    result = evaluate(cstd_tinh(discipline=discipline("2022-01-15", "2023-01-01")))
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("cstdcs_3_consecutive", True),
        ("initiative_province", True),
        ("no_open_investigation", True),
        ("no_open_complaint", True),
        ("no_discipline_in_period", False),
    ]
    assert check(result, "no_discipline_in_period")["detail"] == (
        "Kỷ luật khiển trách từ 15/01/2022 đến 01/01/2023 trùng thời gian xét 2023–2025"
    )


def test_discipline_starting_31_12_of_the_award_year_overlaps():
    result = evaluate(cstd_tinh(discipline=discipline("2025-12-31", None, "canh_cao")))
    assert result["verdict"] == "ineligible"


def test_discipline_starting_after_the_award_year_is_outside_the_window():
    result = evaluate(cstd_tinh(discipline=discipline("2026-01-01", None, "canh_cao")))
    assert result["verdict"] == "eligible"
    assert check(result, "no_discipline_in_period")["detail"] == (
        "Không có kỷ luật trong thời gian xét 2023–2025 (kỷ luật cảnh cáo từ 01/01/2026"
        " (chưa hết thời hạn) ngoài thời gian xét)"
    )


def test_ongoing_discipline_overlaps():
    result = evaluate(ldtt(discipline=discipline("2020-06-01", None, "canh_cao")))
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("rating_httnv_or_better", True),
        ("no_open_investigation", True),
        ("no_open_complaint", True),
        ("no_discipline_in_period", False),
    ]
    assert check(result, "no_discipline_in_period")["detail"] == (
        "Kỷ luật cảnh cáo từ 01/06/2020 (chưa hết thời hạn) trùng thời gian xét năm 2025"
    )


def test_every_overlapping_measure_is_named():
    measures = [
        *discipline("2024-02-01", "2024-08-01"),
        *discipline("2023-03-01", "2023-09-01", "ha_bac_luong"),
    ]
    result = evaluate(cstd_tinh(discipline=measures))
    assert check(result, "no_discipline_in_period")["detail"] == (
        "Kỷ luật hạ bậc lương từ 01/03/2023 đến 01/09/2023 trùng thời gian xét 2023–2025;"
        " kỷ luật khiển trách từ 01/02/2024 đến 01/08/2024 trùng thời gian xét 2023–2025"
    )


def test_last_years_discipline_does_not_block_ldtt_but_blocks_cstd_tinh():
    measure = discipline("2024-01-01", "2024-12-31")
    assert evaluate(ldtt(discipline=measure))["verdict"] == "eligible"
    assert evaluate(cstd_tinh(discipline=measure))["verdict"] == "ineligible"


@pytest.mark.parametrize(
    ("award", "kind", "records", "blocked_from"),
    [
        ("CSTD_TQ", "individual", {}, 2020),
        ("BK_TTG", "individual", {}, 2021),
        ("BK_TINH", "individual", {}, 2024),
        ("BK_TINH", "collective", {}, 2024),
        ("TTLDXS", "collective", {}, 2025),
    ],
)
def test_discipline_window_per_award(award, kind, records, blocked_from):
    def verdict_with_discipline_in(year):
        result = evaluate(
            {
                "award": award,
                "year": 2025,
                "subject": {"kind": kind},
                "discipline": discipline(f"{year}-12-31", f"{year}-12-31"),
                **records,
            }
        )
        return check(result, "no_discipline_in_period")["passed"]

    assert verdict_with_discipline_in(blocked_from) is False
    assert verdict_with_discipline_in(blocked_from - 1) is True


# --- pending investigation and complaint -----------------------------------------------


def test_pending_investigation_is_ineligible():
    result = evaluate(cstd_tinh(pending={"investigation": True, "complaint": False}))
    assert result["verdict"] == "ineligible"
    assert pairs(result) == [
        ("cstdcs_3_consecutive", True),
        ("initiative_province", True),
        ("no_open_investigation", False),
        ("no_open_complaint", True),
        ("no_discipline_in_period", True),
    ]
    assert check(result, "no_open_investigation") == {
        "rule": "no_open_investigation",
        "passed": False,
        "detail": "Đang bị điều tra, thanh tra, kiểm tra",
        "basis": "Nghị định 152/2025/NĐ-CP, Điều 4",
    }


def test_pending_complaint_is_ineligible():
    result = evaluate(cstd_tinh(pending={"investigation": False, "complaint": True}))
    assert result["verdict"] == "ineligible"
    assert pairs(result)[2:] == [
        ("no_open_investigation", True),
        ("no_open_complaint", False),
        ("no_discipline_in_period", True),
    ]
    assert check(result, "no_open_complaint")["detail"] == (
        "Đang có khiếu nại, tố cáo đang được xác minh"
    )


def test_blocking_beats_a_review_route():
    result = evaluate(
        {
            "award": "BK_TINH",
            "year": 2025,
            "subject": {"kind": "individual"},
            "pending": {"investigation": True},
        }
    )
    assert result["verdict"] == "ineligible"


# --- rule sets -------------------------------------------------------------------------


def test_rule_sets_are_ordered_by_effective_date():
    assert [(rs.id, rs.effective) for rs in RULE_SETS] == [
        ("2024-01-01", date(2024, 1, 1)),
        ("2025-07-01", date(2025, 7, 1)),
    ]


@pytest.mark.parametrize(
    ("year", "override", "expected"),
    [
        (2024, None, "2024-01-01"),
        (2025, None, "2025-07-01"),
        (2030, None, "2025-07-01"),
        (2025, date(2025, 6, 30), "2024-01-01"),
        (2024, date(2025, 7, 1), "2025-07-01"),
        (2023, None, "2024-01-01"),  # nothing earlier: the earliest set, flagged below
    ],
)
def test_select_rule_set(year, override, expected):
    assert select_rule_set(year, override).id == expected


def decree_cited(result):
    return check(result, "no_open_investigation")["basis"]


def test_award_year_picks_the_set_in_force_on_31_12():
    assert decree_cited(evaluate(ldtt(2024))) == "Nghị định 98/2023/NĐ-CP, Điều 4"
    assert decree_cited(evaluate(ldtt(2025))) == "Nghị định 152/2025/NĐ-CP, Điều 4"


def test_input_rule_set_overrides_the_year():
    result = evaluate(ldtt(2025, rule_set="2025-06-30"))
    assert decree_cited(result) == "Nghị định 98/2023/NĐ-CP, Điều 4"


def test_on_overrides_the_year_but_not_the_input():
    assert decree_cited(evaluate(ldtt(2024), on=date(2025, 7, 1))) == (
        "Nghị định 152/2025/NĐ-CP, Điều 4"
    )
    assert decree_cited(evaluate(ldtt(2024, rule_set="2024-05-01"), on=date(2025, 7, 1))) == (
        "Nghị định 98/2023/NĐ-CP, Điều 4"
    )


def test_a_year_before_every_rule_set_needs_review():
    result = evaluate(ldtt(2023))
    assert result["verdict"] == "needs_review"
    assert pairs(result) == [
        ("rating_httnv_or_better", True),
        ("no_open_investigation", True),
        ("no_open_complaint", True),
        ("no_discipline_in_period", True),
        ("rule_set_in_force", False),
    ]
    assert check(result, "rule_set_in_force")["detail"] == (
        "Chưa có bộ quy tắc cho ngày 31/12/2023 (sớm nhất: Luật 06/2022/QH15 + Nghị định"
        " 98/2023/NĐ-CP, từ 01/01/2024); đã áp dụng tạm bộ quy tắc này — cần xem xét thủ công"
    )


def test_a_year_before_every_rule_set_is_still_ineligible_when_a_rule_fails():
    result = evaluate({**ldtt(2023), "ratings": {"2023": "HTNV"}})
    assert result["verdict"] == "ineligible"


# --- purity ----------------------------------------------------------------------------


def test_engine_imports_no_django():
    code = (
        "import sys, awards.eligibility; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'units')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
