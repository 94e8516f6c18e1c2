"""The engine's flags and agreement figure (``SCORING.md``, "Flags", "Agreement"), each
residual, σ and threshold worked out by hand in the comments."""

from clusters.engine import score
from tests.clusters.engine_cases import bloc, codes, cross, line, lines, sheet, template


def anomalies(output):
    """The flags other than ``tie``: the cross-scoring cases below give most units equal
    scores on purpose (ties are tested in test_engine_ranking.py)."""
    return [flag for flag in output["flags"] if flag["kind"] != "tie"]


def test_mutual_high_pair():
    # Ten units, everyone gives 80 except U1 ↔ U2 who give each other 92.
    # r(U1,U2) = 92 − 80 = 12 and r(U2,U1) = 12; the other peers of U2 get
    # 80 − (7×80 + 92)/8 = −1.5; every other residual is 0. 90 residuals, median |r| = 0
    # → σ = max(1, 0) = 1: 12 > 2σ both ways → mutual_high; −1.5 > −2.5σ → no low_ball.
    output = score(bloc(10, cross(10, given={("U1", "U2"): 92, ("U2", "U1"): 92})))
    assert anomalies(output) == [{"kind": "mutual_high", "units": ["U1", "U2"]}]
    assert output["agreement"]["sigma"] == 1.0


def test_one_way_high_is_not_mutual():
    output = score(bloc(10, cross(10, given={("U1", "U2"): 92})))
    assert anomalies(output) == []


def test_low_ball_scorer_first():
    # U3 gives U5 68: r(U3,U5) = 68 − 80 = −12 < −2.5σ = −2.5 (σ = 1, most residuals 0);
    # the other peers of U5: 80 − (7×80 + 68)/8 = 1.5.
    output = score(bloc(10, cross(10, given={("U3", "U5"): 68})))
    assert anomalies(output) == [{"kind": "low_ball", "units": ["U3", "U5"]}]


def test_lenient_and_severe_scorers_with_a_robust_spread():
    # Five units; U1 gives everyone 86, U2 gives everyone 74, the others 80.
    # Targets U3, U4, U5 (peers U1, U2 and two at 80): r(U1) = 86 − 78 = 8,
    #   r(U2) = 74 − 82 = −8, the two others 80 − 80 = 0.
    # Target U1 (U2 at 74, three at 80): r(U2) = −6, the others 80 − 78 = 2.
    # Target U2 (U1 at 86, three at 80): r(U1) = 6, the others 80 − 82 = −2.
    # |r|: six 8s, six 0s, two 6s, six 2s → sorted, the 10th and 11th are 2 → median 2
    # → σ = 1.4826 × 2 = 2.9652, 2σ = 5.9304, −2.5σ = −7.413.
    # U1's residuals 6, 8, 8, 8 → median 8 > 5.9304 → lenient 8; U2's −6, −8, −8, −8 →
    # severe −8; r(U2,U3) = r(U2,U4) = r(U2,U5) = −8 < −7.413 → low_ball three times;
    # r(U1,U2) = 6 > 2σ but r(U2,U1) = −6 → no mutual_high.
    given = {}
    for target in codes(5):
        if target != "U1":
            given[("U1", target)] = 86
        if target != "U2":
            given[("U2", target)] = 74
    output = score(bloc(5, cross(5, given=given)))
    assert anomalies(output) == [
        {"kind": "lenient", "units": ["U1"], "value": 8.0},
        {"kind": "low_ball", "units": ["U2", "U3"]},
        {"kind": "low_ball", "units": ["U2", "U4"]},
        {"kind": "low_ball", "units": ["U2", "U5"]},
        {"kind": "severe", "units": ["U2"], "value": -8.0},
    ]
    assert output["agreement"]["sigma"] == 2.97


def test_self_inflation_above_five_points_not_at_five():
    # Four units all giving 80: every residual 0, σ = 1, threshold max(5, 2) = 5.
    # U1 scores itself 87: G = 87 − 80 = 7 > 5 → flag, value 7. U2 scores itself 85:
    # G = 5, not above → no flag.
    sheets = cross(4) + [
        sheet("U1", "U1", "self", lines(87, 1)),
        sheet("U2", "U2", "self", lines(85, 2)),
    ]
    output = score(bloc(4, sheets))
    assert anomalies(output) == [{"kind": "self_inflation", "units": ["U1"], "value": 7.0}]


def test_self_inflation_gap_is_against_the_untrimmed_mean_and_two_sigma():
    # U1's six peers give 70, 80, 80, 80, 80, 90 (plain mean 80, σ stays 1 as most
    # residuals are 0 … but the 70 and 90 make some residuals large; see below).
    # Targets U2…U7 get 80 from all: residual 0. Target U1: r(70) = 70 − 82 = −12,
    # r(90) = 90 − 78 = 12, the four 80s: 80 − 80 = 0. Median |r| = 0 → σ = 1.
    # Self 85.5: G = 85.5 − 80 = 5.5 > 5 → flag 5.5 (the trimmed mean would also be 80).
    # The −12 is a low_ball by U2 on U1.
    sheets = cross(7, given={("U2", "U1"): 70, ("U7", "U1"): 90}) + [
        sheet("U1", "U1", "self", lines(85.5, 1))
    ]
    output = score(bloc(7, sheets))
    assert anomalies(output) == [
        {"kind": "low_ball", "units": ["U2", "U1"]},
        {"kind": "self_inflation", "units": ["U1"], "value": 5.5},
    ]


def test_self_inflation_needs_two_peer_totals():
    sheets = [
        sheet("U2", "U1", "peer", lines(60, 2)),
        sheet("U1", "U1", "self", lines(95, 1)),
    ]
    assert anomalies(score(bloc(3, sheets))) == []


def test_identical_sheets_on_every_common_target_of_at_least_three():
    sheets = cross(5)
    # U1 and U2 give line-for-line identical sheets to U3, U4 and U5 (their common targets).
    same = line(45, 18, 5, 12)
    for scorer in ("U1", "U2"):
        for target in ("U3", "U4", "U5"):
            next(s for s in sheets if s["scorer"] == scorer and s["target"] == target)["lines"] = (
                same
            )
    # U3 and U4 give identical sheets to U1 and U2 but not to U5 (common targets U1, U2,
    # U5): no flag.
    other = line(44, 19, 5, 12)
    for scorer in ("U3", "U4"):
        for target in ("U1", "U2"):
            next(s for s in sheets if s["scorer"] == scorer and s["target"] == target)["lines"] = (
                other
            )
    output = score(bloc(5, sheets))
    # Every total is still 80: no residual flag.
    assert anomalies(output) == [{"kind": "identical_sheets", "units": ["U1", "U2"]}]


def test_missing_sheets_when_everyone_scores_everyone():
    sheets = [
        s
        for s in cross(4)
        if not (s["scorer"] == "U3" and s["target"] in ("U1", "U4")) and s["scorer"] != "U4"
    ]
    output = score(bloc(4, sheets, template=template(peer_scoring="all")))
    assert anomalies(output) == [
        {"kind": "missing_sheet", "units": ["U3"], "targets": ["U1", "U4"]},
        {"kind": "missing_sheet", "units": ["U4"], "targets": ["U1", "U2", "U3"]},
    ]
    # Without peer_scoring "all" nobody must score everyone.
    assert anomalies(score(bloc(4, sheets))) == []


def test_flags_are_sorted_by_kind_then_units():
    given = {("U1", "U2"): 92, ("U2", "U1"): 92, ("U9", "U4"): 68}
    sheets = cross(10, given=given) + [sheet("U10", "U10", "self", lines(90, 10))]
    output = score(bloc(10, sheets))
    # σ = 1 (most residuals 0). U10: self 90 − 80 = 10 > 5.
    assert anomalies(output) == [
        {"kind": "low_ball", "units": ["U9", "U4"]},
        {"kind": "mutual_high", "units": ["U1", "U2"]},
        {"kind": "self_inflation", "units": ["U10"], "value": 10.0},
    ]


def test_council_and_secretariat_sheets_are_not_peers():
    # The Council's 60 and the secretariat's 100 for U1 raise no low_ball or mutual flag
    # and do not count in peers; U1's basis is the secretariat's sheet.
    sheets = cross(10) + [
        sheet("HĐ-01", "U1", "council", lines(60, 1)),
        sheet("SECRETARIAT", "U1", "secretariat", line(60, 20, 5, 15)),
    ]
    output = score(bloc(10, sheets))
    assert anomalies(output) == []
    first = output["ranking"][0]
    assert (first["unit"], first["score"], first["source"], first["peers"]) == (
        "U1",
        100,
        "verified",
        9,
    )


def test_agreement_krippendorff_alpha_interval():
    # Raters U1, U2 on targets U3 (80, 82) and U4 (70, 70). Pairable values n = 4.
    # D_o = (1/n) Σ_u 1/(m_u − 1) Σ_{i≠j} (v_i − v_j)² = (2×2² + 0)/4 = 2.
    # D_e = Σ over ordered pairs of all values (v_i − v_j)² / (n(n − 1)):
    #   unordered pairs 4 + 100 + 100 + 144 + 144 + 0 = 492 → 984/12 = 82.
    # alpha = 1 − 2/82 = 0.97561 → 0.976. No target has 3 peers: no residual, σ = 1.
    sheets = [
        sheet("U1", "U3", "peer", lines(80, 1)),
        sheet("U2", "U3", "peer", lines(82, 2)),
        sheet("U1", "U4", "peer", lines(70, 1)),
        sheet("U2", "U4", "head", lines(70, 2)),
    ]
    output = score(bloc(4, sheets))
    assert output["agreement"] == {"krippendorff_alpha": 0.976, "sigma": 1.0}


def test_agreement_is_null_when_no_target_has_two_raters():
    sheets = [
        sheet("U1", "U2", "peer", lines(80, 1)),
        sheet("U2", "U3", "peer", lines(70, 2)),
        sheet("HĐ-01", "U3", "council", lines(75, 1)),
        sheet("SECRETARIAT", "U2", "secretariat", lines(72, 1)),
    ]
    output = score(bloc(3, sheets))
    assert output["agreement"] == {"krippendorff_alpha": None, "sigma": 1.0}
