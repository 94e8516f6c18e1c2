"""Exact arithmetic for the engine.

Every number is held as a ``Fraction`` of its decimal spelling (22.5 is 45/2, 0.1 is 1/10,
not the nearest binary float), so sums, means and comparisons are exact and two correct
implementations agree; only the output is rounded, half away from zero (80.125 → 80.13),
as a person rounding by hand would.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

ROBUST = Fraction("1.4826")


def exact(value: int | float) -> Fraction:
    """The decimal value a JSON number spells (``repr`` of a float is its shortest spelling)."""
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(Decimal(repr(value)))


def mean(values: list[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def median(values: list[Fraction]) -> Fraction:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def trimmed_mean(values: list[Fraction]) -> Fraction:
    """The mean; with 5 or more values, one highest and one lowest are dropped first."""
    if len(values) >= 5:
        values = sorted(values)[1:-1]
    return mean(values)


def round_to(value: Fraction, places: int = 2) -> Fraction:
    """``value`` rounded to ``places`` decimals, half away from zero, still exact."""
    scaled = value * 10**places
    floor = scaled.numerator // scaled.denominator
    rest = scaled - floor
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and scaled > 0):
        floor += 1
    return Fraction(floor, 10**places)


def out(value: Fraction | None, places: int = 2) -> float | None:
    """A rounded exact value as a JSON number (``None`` stays null)."""
    if value is None:
        return None
    rounded = round_to(value, places)
    return float(Decimal(rounded.numerator) / Decimal(rounded.denominator))
