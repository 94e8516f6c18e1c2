"""The engine's scores and ranking (``SCORING.md``, "Scores", "Ranking"), every expected
figure worked out by hand from the contract in the comments."""

from clusters.engine import score
from tests.clusters.engine_cases import bloc, line, lines, sheet, template


def rows(output):
    return {row["unit"]: row for row in output["ranking"]}


def test_trimmed_mean_with_five_basis_sheets_and_plain_mean_with_four():
    sheets = [
        # U1 from five peers: totals 70, 80, 82, 84, 95 → drop 70 and 95 → (80+82+84)/3 = 82.
        # Group A 60, 65, 67, 70, 80 → (65+67+70)/3 = 67.333… → 67.33;
        # group C 10, 15, 15, 14, 15 → drop 10 and one 15 → (14+15+15)/3 = 14.666… → 14.67.
        sheet("U2", "U1", "peer", line(40, 20, 5, 5)),
        sheet("U3", "U1", "peer", line(45, 20, 5, 10)),
        sheet("U4", "U1", "peer", line(47, 20, 5, 10)),
        sheet("U5", "U1", "peer", line(50, 20, 4, 10)),
        sheet("U6", "U1", "head", line(60, 20, 5, 10)),
        # The self sheet is shown, not counted.
        sheet("U1", "U1", "self", line(60, 20, 5, 14)),
        # U2 from four peers: 60, 80, 84, 88 → no trimming below five → 312/4 = 78.
        sheet("U3", "U2", "peer", lines(60, 3)),
        sheet("U4", "U2", "peer", lines(80, 4)),
        sheet("U5", "U2", "peer", lines(84, 5)),
        sheet("U6", "U2", "peer", lines(88, 6)),
    ]
    output = score(bloc(6, sheets))
    assert output["ranking"][0] == {
        "unit": "U1",
        "rank": 1,
        "score": 82.0,
        "base": 82.0,
        "bonus": 0,
        "deduction": 0,
        "source": "peer_mean",
        "peers": 5,
        "vetoed": False,
        "groups": {"A": 67.33, "C": 14.67},
    }
    second = output["ranking"][1]
    assert (second["unit"], second["rank"], second["score"], second["peers"]) == ("U2", 2, 78.0, 4)
    # U3…U6 have no sheet: no score, rank null, source none, in code order at the end.
    assert [
        (r["unit"], r["rank"], r["score"], r["base"], r["source"]) for r in output["ranking"][2:]
    ] == [
        ("U3", None, None, None, "none"),
        ("U4", None, None, None, "none"),
        ("U5", None, None, None, "none"),
        ("U6", None, None, None, "none"),
    ]
    assert output["leading"] == "U1"


def test_basis_precedence_verified_council_peer_self_none():
    sheets = [
        # U1: the secretariat's sheet (70) wins over Council (90), peer (95) and self.
        sheet("SECRETARIAT", "U1", "secretariat", line(40, 15, 5, 10)),
        sheet("HĐ-01", "U1", "council", lines(90, 1)),
        sheet("U2", "U1", "peer", lines(95, 2)),
        sheet("U1", "U1", "self", line(60, 20, 5, 14)),
        # U2: two Council sheets 80 and 85 → 82.5, the peer sheet (60) is not counted.
        sheet("HĐ-01", "U2", "council", lines(80, 1)),
        sheet("HĐ-02", "U2", "council", lines(85, 2)),
        sheet("U1", "U2", "peer", lines(60, 1)),
        # U3: a peer (76) and the head (78) → 77; its self sheet (99) is not counted.
        sheet("U1", "U3", "peer", lines(76, 1)),
        sheet("U2", "U3", "head", lines(78, 2)),
        sheet("U3", "U3", "self", line(60, 20, 5, 14)),
        # U4: only its own sheet, 100. U5: nothing.
        sheet("U4", "U4", "self", line(60, 20, 5, 15)),
    ]
    output = score(bloc(5, sheets))
    assert [
        (r["unit"], r["rank"], r["score"], r["source"], r["peers"]) for r in output["ranking"]
    ] == [
        ("U4", 1, 100.0, "self_only", 0),
        ("U2", 2, 82.5, "council_mean", 1),
        ("U3", 3, 77.0, "peer_mean", 2),
        ("U1", 4, 70.0, "verified", 1),
        ("U5", None, None, "none", 0),
    ]
    # Ranked first on its own sheet only: no leading unit, the bloc must meet.
    assert output["leading"] is None


def test_bonus_and_deduction_caps():
    sheets = [
        sheet("HĐ-01", "U1", "council", line(40, 15, 5, 10)),  # 70
        sheet("HĐ-01", "U2", "council", line(50, 20, 5, 15)),  # 90
    ]
    adjustments = [
        {"unit": "U1", "kind": "bonus", "points": 10, "reason": "Cờ của Bộ"},
        {"unit": "U1", "kind": "bonus", "points": 10, "reason": "Mô hình mới"},
        {"unit": "U1", "kind": "deduction", "points": 5, "reason": "Báo cáo chậm"},
        {"unit": "U2", "kind": "deduction", "points": 15, "reason": "Vi phạm"},
        {"unit": "U2", "kind": "deduction", "points": 10, "reason": "Thanh tra"},
    ]
    capped = score(
        bloc(2, sheets, template=template(bonus_cap=15, deduction_cap=20), adjustments=adjustments)
    )
    by_unit = rows(capped)
    # U1: 70 + min(20, 15) − 5 = 80. U2: 90 − min(25, 20) = 70.
    assert (by_unit["U1"]["bonus"], by_unit["U1"]["deduction"], by_unit["U1"]["score"]) == (
        15,
        5,
        80,
    )
    assert (by_unit["U2"]["bonus"], by_unit["U2"]["deduction"], by_unit["U2"]["score"]) == (
        0,
        20,
        70,
    )
    assert by_unit["U2"]["base"] == 90
    assert [r["unit"] for r in capped["ranking"]] == ["U1", "U2"]
    # Without caps: U1 70 + 20 − 5 = 85, U2 90 − 25 = 65.
    uncapped = rows(score(bloc(2, sheets, adjustments=adjustments)))
    assert (uncapped["U1"]["score"], uncapped["U2"]["score"]) == (85, 65)


def test_veto_more_than_half_of_basis_sheets_ranks_after_the_others():
    sheets = [
        # U1: C1 is 0 on two of three Council sheets → vetoed; (85 + 85 + 90)/3 = 86.67.
        sheet("HĐ-01", "U1", "council", line(50, 20, 0, 15)),
        sheet("HĐ-02", "U1", "council", line(50, 20, 0, 15)),
        sheet("HĐ-03", "U1", "council", line(50, 20, 5, 15)),
        # U2: 0 on exactly half (two of four) → not vetoed; (70+70+75+75)/4 = 72.5.
        sheet("HĐ-01", "U2", "council", line(40, 20, 0, 10)),
        sheet("HĐ-02", "U2", "council", line(40, 20, 0, 10)),
        sheet("HĐ-03", "U2", "council", line(40, 20, 5, 10)),
        sheet("HĐ-04", "U2", "council", line(40, 20, 5, 10)),
        # U3: 70 from the Council; the peer's 0 on C1 is not a basis sheet.
        sheet("HĐ-01", "U3", "council", line(40, 15, 5, 10)),
        sheet("U4", "U3", "peer", line(40, 15, 0, 10)),
        # U4: its only basis sheet has 0 on C1 → vetoed, 50.
        sheet("HĐ-01", "U4", "council", line(30, 10, 0, 10)),
    ]
    output = score(bloc(4, sheets))
    assert [(r["unit"], r["rank"], r["score"], r["vetoed"]) for r in output["ranking"]] == [
        ("U2", 1, 72.5, False),
        ("U3", 2, 70.0, False),
        ("U1", 3, 86.67, True),
        ("U4", 4, 50.0, True),
    ]
    assert output["leading"] == "U2"


def test_a_vetoed_first_unit_is_not_leading():
    sheets = [
        sheet("HĐ-01", "U1", "council", line(50, 20, 0, 15)),
        sheet("HĐ-01", "U2", "council", line(40, 20, 0, 15)),
    ]
    output = score(bloc(2, sheets))
    assert [(r["unit"], r["rank"], r["vetoed"]) for r in output["ranking"]] == [
        ("U1", 1, True),
        ("U2", 2, True),
    ]
    assert output["leading"] is None


def test_tie_breaks_in_order_then_shared_rank_and_tie_flag():
    sheets = [
        sheet("HĐ-01", "U1", "council", line(50, 20, 5, 5)),  # 80, A 70
        sheet("HĐ-01", "U2", "council", line(45, 20, 5, 10)),  # 80, A 65
        sheet("HĐ-01", "U3", "council", line(45, 20, 5, 15)),  # 85 − 5 = 80, A 65
        sheet("HĐ-01", "U4", "council", line(45, 20, 5, 10)),  # 80, A 65, led by a woman
        sheet("HĐ-01", "U5", "council", line(40, 20, 5, 10)),  # 75
        sheet("HĐ-01", "U6", "council", line(40, 20, 5, 10)),  # 75
        sheet("HĐ-01", "U7", "council", line(30, 20, 5, 10)),  # 65
    ]
    units = [{"code": f"U{i}", "women_led": i == 4} for i in range(7, 0, -1)]
    data = bloc(
        7,
        sheets,
        units=units,
        template=template(tie_break=["group:A", "deductions", "women_led"]),
        adjustments=[{"unit": "U3", "kind": "deduction", "points": 5}],
    )
    output = score(data)
    # 80 four times: U1 first on group A (70 > 65); U4, U2, U3 equal on A; U3 last on
    # deductions (5 > 0); U4 before U2 as led by a woman. U5 and U6 still equal: rank 5 both.
    assert [(r["unit"], r["rank"], r["score"]) for r in output["ranking"]] == [
        ("U1", 1, 80),
        ("U4", 2, 80),
        ("U2", 3, 80),
        ("U3", 4, 80),
        ("U5", 5, 75),
        ("U6", 5, 75),
        ("U7", 7, 65),
    ]
    assert output["flags"] == [{"kind": "tie", "units": ["U5", "U6"]}]
    assert output["leading"] == "U1"


def test_tie_at_the_top_without_tie_break_shares_rank_one_and_has_no_leading_unit():
    sheets = [
        sheet("HĐ-01", "U1", "council", lines(80, 1)),
        sheet("HĐ-01", "U2", "council", lines(80, 2)),
        sheet("HĐ-01", "U3", "council", lines(70, 3)),
        sheet("HĐ-01", "U4", "council", lines(70, 4)),
        sheet("HĐ-01", "U5", "council", lines(60, 5)),
    ]
    units = [{"code": code} for code in ["U5", "U4", "U3", "U2", "U1"]]
    output = score(bloc(5, sheets, units=units))
    # 1, 1, 3, 3, 5; units sharing a rank in code order.
    assert [(r["unit"], r["rank"]) for r in output["ranking"]] == [
        ("U1", 1),
        ("U2", 1),
        ("U3", 3),
        ("U4", 3),
        ("U5", 5),
    ]
    assert output["flags"] == [
        {"kind": "tie", "units": ["U1", "U2"]},
        {"kind": "tie", "units": ["U3", "U4"]},
    ]
    assert output["leading"] is None


def test_rounding_half_away_from_zero_on_exact_values():
    sheets = [
        # (80 + 80 + 80 + 80.5)/4 = 80.125 exactly → 80.13 (a binary float would give 80.12).
        sheet("HĐ-01", "U1", "council", line(40, 20, 5, 15)),
        sheet("HĐ-02", "U1", "council", line(40, 20, 5, 15)),
        sheet("HĐ-03", "U1", "council", line(40, 20, 5, 15)),
        sheet("HĐ-04", "U1", "council", line(40.5, 20, 5, 15)),
        # (80 + 80 + 81)/3 = 80.333… → 80.33; group A (60 + 60 + 61)/3 → 60.33.
        sheet("HĐ-01", "U2", "council", line(40, 20, 5, 15)),
        sheet("HĐ-02", "U2", "council", line(40, 20, 5, 15)),
        sheet("HĐ-03", "U2", "council", line(41, 20, 5, 15)),
    ]
    by_unit = rows(score(bloc(2, sheets)))
    assert (by_unit["U1"]["score"], by_unit["U1"]["base"], by_unit["U1"]["groups"]) == (
        80.13,
        80.13,
        {"A": 60.13, "C": 20.0},
    )
    assert (by_unit["U2"]["score"], by_unit["U2"]["groups"]["A"]) == (80.33, 60.33)


def test_decimal_points_are_exact():
    # 0.1 + 0.2 would be 0.30000000000000004 in binary: with the contract's exact sums the
    # two units tie exactly and share rank 1.
    sheets = [
        sheet("HĐ-01", "U1", "council", line(40.1, 20, 0.2, 15)),  # 75.3
        sheet("HĐ-01", "U2", "council", line(40.3, 20, 0, 15)),  # 75.3
    ]
    template_ = template()
    template_["groups"][1]["criteria"][0]["veto"] = False
    output = score(bloc(2, sheets, template=template_))
    assert [(r["unit"], r["rank"], r["score"]) for r in output["ranking"]] == [
        ("U1", 1, 75.3),
        ("U2", 1, 75.3),
    ]
