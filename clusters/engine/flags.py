"""The patterns a person must look at (``SCORING.md``, "Flags").

Only peer and head sheets are peers here: self, Council and secretariat sheets are not.
A flag never changes a score; it carries the numbers that raised it (``details``) so the
ranking page can explain it, while ``to_json`` keeps to the contract's fields.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from clusters.engine.numbers import ROBUST, mean, median, out
from clusters.engine.parse import PEER_ROLES, Bloc, Sheet

KINDS = (
    "identical_sheets",
    "lenient",
    "low_ball",
    "missing_sheet",
    "mutual_high",
    "self_inflation",
    "severe",
    "tie",
)


@dataclass(frozen=True)
class Flag:
    kind: str
    units: tuple[str, ...]
    value: Fraction | None = None
    targets: tuple[str, ...] | None = None
    details: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "units": list(self.units)}
        if self.value is not None:
            data["value"] = out(self.value)
        if self.targets is not None:
            data["targets"] = list(self.targets)
        return data

    @property
    def sort_key(self) -> tuple[str, tuple[str, ...]]:
        return (self.kind, self.units)


@dataclass
class Residuals:
    """T(s,u) on peer and head sheets, the residuals r(s,u) and the robust spread σ."""

    totals: dict[str, list[tuple[str, Fraction]]]  # target → [(scorer, total)]
    residual: dict[tuple[str, str], Fraction]  # (scorer, target) → r(s,u)
    sigma: Fraction


def peer_sheets(bloc: Bloc) -> list[Sheet]:
    return [sheet for sheet in bloc.sheets if sheet.role in PEER_ROLES]


def residuals(bloc: Bloc) -> Residuals:
    totals: dict[str, list[tuple[str, Fraction]]] = defaultdict(list)
    for sheet in peer_sheets(bloc):
        totals[sheet.target].append((sheet.scorer, sheet.total))
    residual: dict[tuple[str, str], Fraction] = {}
    for target, given in totals.items():
        # The other peers' mean from the sums: O(peers) per target, not O(peers²).
        everyone = sum((t for _, t in given), Fraction(0))
        own_sum: dict[str, Fraction] = defaultdict(Fraction)
        own_count: dict[str, int] = defaultdict(int)
        for scorer, total in given:
            own_sum[scorer] += total
            own_count[scorer] += 1
        for scorer, total in given:
            others = len(given) - own_count[scorer]
            if others >= 2:
                # A scorer holding both a peer and a head sheet for one target (allowed by
                # the contract) keeps the first residual; the pair is rare and equal in kind.
                residual.setdefault((scorer, target), total - (everyone - own_sum[scorer]) / others)
    if residual:
        sigma = max(Fraction(1), ROBUST * median([abs(r) for r in residual.values()]))
    else:
        sigma = Fraction(1)
    return Residuals(totals=dict(totals), residual=residual, sigma=sigma)


def find_flags(bloc: Bloc, spread: Residuals) -> list[Flag]:
    sigma = spread.sigma
    flags: list[Flag] = []

    # self_inflation [u]
    for sheet in bloc.sheets:
        if sheet.role != "self":
            continue
        given = [total for _, total in spread.totals.get(sheet.target, [])]
        if len(given) < 2:
            continue
        peer_mean = mean(given)
        gap = sheet.total - peer_mean
        threshold = max(Fraction(5), 2 * sigma)
        if gap > threshold:
            flags.append(
                Flag(
                    "self_inflation",
                    (sheet.target,),
                    value=gap,
                    details={
                        "self": sheet.total,
                        "peer_mean": peer_mean,
                        "peers": len(given),
                        "threshold": threshold,
                    },
                )
            )

    # mutual_high [a, b], low_ball [s, u]
    residual = spread.residual
    for (scorer, target), r in residual.items():
        if scorer < target:
            back = residual.get((target, scorer))
            if back is not None and r > 2 * sigma and back > 2 * sigma:
                flags.append(
                    Flag(
                        "mutual_high",
                        (scorer, target),
                        details={"forward": r, "back": back, "threshold": 2 * sigma},
                    )
                )
        if r < Fraction(-5, 2) * sigma:
            flags.append(
                Flag(
                    "low_ball",
                    (scorer, target),
                    details={"residual": r, "threshold": Fraction(-5, 2) * sigma},
                )
            )

    # lenient [s] / severe [s]
    by_scorer: dict[str, list[Fraction]] = defaultdict(list)
    for (scorer, _), r in residual.items():
        by_scorer[scorer].append(r)
    for scorer, values in by_scorer.items():
        if len(values) < 3:
            continue
        middle = median(values)
        details = {"residuals": len(values), "threshold": 2 * sigma}
        if middle > 2 * sigma:
            flags.append(Flag("lenient", (scorer,), value=middle, details=details))
        elif middle < -2 * sigma:
            flags.append(Flag("severe", (scorer,), value=middle, details=details))

    # identical_sheets [a, b]
    given_lines: dict[str, dict[str, list[dict[str, Fraction]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for sheet in peer_sheets(bloc):
        given_lines[sheet.scorer][sheet.target].append(sheet.lines)
    scorers = sorted(given_lines)
    for i, first in enumerate(scorers):
        for second in scorers[i + 1 :]:
            common = sorted(set(given_lines[first]) & set(given_lines[second]))
            if len(common) < 3:
                continue
            if all(
                _same(given_lines[first][target], given_lines[second][target]) for target in common
            ):
                flags.append(Flag("identical_sheets", (first, second), details={"targets": common}))

    # missing_sheet [s]
    if bloc.template.peer_scoring == "all":
        scored: dict[str, set[str]] = defaultdict(set)
        for sheet in peer_sheets(bloc):
            scored[sheet.scorer].add(sheet.target)
        codes = sorted(bloc.codes)
        for code in codes:
            missing = tuple(c for c in codes if c != code and c not in scored[code])
            if missing:
                flags.append(Flag("missing_sheet", (code,), targets=missing))

    return flags


def _same(first: list[dict[str, Fraction]], second: list[dict[str, Fraction]]) -> bool:
    """Line-for-line identical (a peer and a head sheet from one scorer both count)."""
    return all(a == b for a in first for b in second)
