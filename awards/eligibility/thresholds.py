"""Council vote thresholds and quorum (ELIGIBILITY.md; DOMAIN §3.3, Decree 98 Art 30(7)).

Votes are counted against the Council's total membership, not those present, and a
percentage threshold is rounded up: a 25-member Council needs 23 votes at 90% and 20 at
80%. Integer arithmetic only, so 90% of 10 is exactly 9 and never 9.000000000000002
rounded up to 10.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

NINETY = ("CSTD_TINH", "CSTD_TQ")
NINETY_PREFIXES = ("AHLD", "AHLLVT")  # hero titles: Anh hùng Lao động, … Lực lượng vũ trang
EIGHTY = ("CSTDCS", "CO_TINH", "CO_CP")


def _members(total_members: int) -> int:
    if isinstance(total_members, bool) or not isinstance(total_members, int) or total_members < 1:
        raise ValueError("total_members must be a positive integer")
    return total_members


def _ceil_percent(percent: int, total: int) -> int:
    return (percent * total + 99) // 100


def vote_threshold(award: str, total_members: int) -> int:
    """Agree votes needed: 90% for provincial/national CSTĐ and hero titles, 80% for
    CSTĐCS and the flags, more than half for every other form."""
    total = _members(total_members)
    if award in NINETY or award.startswith(NINETY_PREFIXES):
        return _ceil_percent(90, total)
    if award in EIGHTY:
        return _ceil_percent(80, total)
    return total // 2 + 1


def quorum(total_members: int, ratio: Fraction | Decimal | float | int = Fraction(4, 5)) -> int:
    """Members who must be present at an award session: ``ratio`` of the total, rounded up.

    ``ratio`` is kept exact: a Fraction or Decimal as given, a float through its decimal
    text (0.8 is 4/5, not 0.8000000000000000444), an int as a percentage (80 is 80%).
    """
    total = _members(total_members)
    if isinstance(ratio, bool):
        raise ValueError("ratio must be a number")
    if isinstance(ratio, int):
        exact = Fraction(ratio, 100)
    elif isinstance(ratio, float):
        exact = Fraction(str(ratio))
    else:
        exact = Fraction(ratio)
    if not 0 < exact <= 1:
        raise ValueError("ratio must be in (0, 1] (or a percentage 1..100)")
    needed = exact * total
    return -(-needed.numerator // needed.denominator)
