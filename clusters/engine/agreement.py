"""Agreement of the peers: Krippendorff's alpha, interval level, over the peer totals
(raters × targets, missing where a rater did not score a target), from the
``krippendorff`` package, never a hand-written formula."""

from __future__ import annotations

import math
from collections import defaultdict
from fractions import Fraction

import krippendorff
import numpy as np

from clusters.engine.flags import peer_sheets
from clusters.engine.numbers import exact, round_to
from clusters.engine.parse import Bloc, Sheet


def krippendorff_alpha(bloc: Bloc, sheets: list[Sheet] | None = None) -> Fraction | None:
    """Alpha rounded to 3 decimals, or ``None`` when no target has two raters (or the
    peers gave one single value throughout, where alpha is undefined)."""
    sheets = peer_sheets(bloc) if sheets is None else sheets
    given: dict[tuple[str, str], list[Fraction]] = defaultdict(list)
    for sheet in sheets:
        given[(sheet.scorer, sheet.target)].append(sheet.total)
    raters = sorted({scorer for scorer, _ in given})
    targets = sorted({target for _, target in given})
    raters_of: dict[str, int] = defaultdict(int)
    for _, target in given:
        raters_of[target] += 1
    if not any(count >= 2 for count in raters_of.values()):
        return None
    rater_index = {code: i for i, code in enumerate(raters)}
    target_index = {code: j for j, code in enumerate(targets)}
    data = np.full((len(raters), len(targets)), np.nan)
    for (scorer, target), totals in given.items():
        value = sum(totals, Fraction(0)) / len(totals)
        data[rater_index[scorer], target_index[target]] = float(value)
    try:
        alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="interval")
    except (ValueError, ZeroDivisionError):
        return None
    if alpha is None or not math.isfinite(alpha):
        return None
    return round_to(exact(float(alpha)), 3)
