"""Council vote thresholds and quorum, counted against the total membership."""

from decimal import Decimal
from fractions import Fraction

import pytest

from awards.eligibility import quorum, vote_threshold


@pytest.mark.parametrize(
    ("total", "ninety", "eighty", "majority"),
    [(25, 23, 20, 13), (10, 9, 8, 6), (1, 1, 1, 1), (20, 18, 16, 11), (7, 7, 6, 4)],
)
def test_vote_thresholds(total, ninety, eighty, majority):
    assert vote_threshold("CSTD_TINH", total) == ninety
    assert vote_threshold("CSTD_TQ", total) == ninety
    assert vote_threshold("AHLD", total) == ninety
    assert vote_threshold("AHLLVT", total) == ninety
    assert vote_threshold("CSTDCS", total) == eighty
    assert vote_threshold("CO_TINH", total) == eighty
    assert vote_threshold("CO_CP", total) == eighty
    assert vote_threshold("BK_TINH", total) == majority
    assert vote_threshold("TTLDXS", total) == majority
    assert vote_threshold("GK", total) == majority


def test_hero_titles_by_prefix():
    assert vote_threshold("AHLD_TAP_THE", 25) == 23
    assert vote_threshold("AHLLVT_CA_NHAN", 25) == 23


@pytest.mark.parametrize("total", [0, -3, True, 2.5])
def test_vote_threshold_needs_a_positive_count(total):
    with pytest.raises(ValueError):
        vote_threshold("LDTT", total)


@pytest.mark.parametrize(
    ("total", "ratio", "expected"),
    [
        (25, None, 20),
        (10, None, 8),
        (11, None, 9),
        (1, None, 1),
        (25, 0.8, 20),
        (25, Fraction(2, 3), 17),
        (25, Decimal("0.8"), 20),
        (25, 80, 20),
        (15, 0.6, 9),
    ],
)
def test_quorum(total, ratio, expected):
    assert (quorum(total) if ratio is None else quorum(total, ratio)) == expected


@pytest.mark.parametrize("ratio", [0, 1.5, Fraction(0), 101, True])
def test_quorum_rejects_impossible_ratios(ratio):
    with pytest.raises(ValueError):
        quorum(25, ratio)
