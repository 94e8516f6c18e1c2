"""Scores and ranking of one bloc (``SCORING.md``, "Scores", "Ranking", "Output")."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from clusters.engine.agreement import krippendorff_alpha
from clusters.engine.flags import Flag, find_flags, residuals
from clusters.engine.numbers import out, round_to, trimmed_mean
from clusters.engine.parse import PEER_ROLES, Bloc, Sheet

# The basis of a unit's score, in order of precedence, and the source each gives.
SOURCES = (
    ("verified", ("secretariat",)),
    ("council_mean", ("council",)),
    ("peer_mean", PEER_ROLES),
    ("self_only", ("self",)),
)
LEADING_SOURCES = ("verified", "council_mean", "peer_mean")


@dataclass
class UnitResult:
    unit: str
    women_led: bool
    source: str = "none"
    basis: list[Sheet] = field(default_factory=list)
    base: Fraction | None = None
    groups: dict[str, Fraction | None] = field(default_factory=dict)
    bonus: Fraction = Fraction(0)
    deduction: Fraction = Fraction(0)
    score: Fraction | None = None  # rounded to 2, as the contract defines it
    vetoed: bool = False
    vetoed_by: list[str] = field(default_factory=list)
    peers: int = 0
    self_total: Fraction | None = None
    rank: int | None = None
    tied: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "rank": self.rank,
            "score": out(self.score),
            "base": out(self.base),
            "bonus": out(self.bonus),
            "deduction": out(self.deduction),
            "source": self.source,
            "peers": self.peers,
            "vetoed": self.vetoed,
            "groups": {code: out(value) for code, value in self.groups.items()},
        }


@dataclass
class BlocResult:
    ranking: list[UnitResult]
    leading: str | None
    flags: list[Flag]
    alpha: Fraction | None
    sigma: Fraction

    def to_json(self) -> dict[str, Any]:
        return {
            "ranking": [unit.to_json() for unit in self.ranking],
            "leading": self.leading,
            "flags": [flag.to_json() for flag in self.flags],
            "agreement": {"krippendorff_alpha": out(self.alpha, 3), "sigma": out(self.sigma)},
        }

    def unit(self, code: str) -> UnitResult:
        return next(unit for unit in self.ranking if unit.unit == code)


def _score_unit(bloc: Bloc, code: str, women_led: bool, sheets: list[Sheet]) -> UnitResult:
    template = bloc.template
    result = UnitResult(unit=code, women_led=women_led)
    result.peers = sum(1 for sheet in sheets if sheet.role in PEER_ROLES)
    own = [sheet for sheet in sheets if sheet.role == "self"]
    result.self_total = own[0].total if own else None
    for source, roles in SOURCES:
        basis = [sheet for sheet in sheets if sheet.role in roles]
        if basis:
            result.source, result.basis = source, basis
            break
    bonus = sum(
        (a.points for a in bloc.adjustments if a.unit == code and a.kind == "bonus"), Fraction(0)
    )
    deduction = sum(
        (a.points for a in bloc.adjustments if a.unit == code and a.kind == "deduction"),
        Fraction(0),
    )
    result.bonus = bonus if template.bonus_cap is None else min(bonus, template.bonus_cap)
    result.deduction = (
        deduction if template.deduction_cap is None else min(deduction, template.deduction_cap)
    )
    if not result.basis:
        result.groups = {group.code: None for group in template.groups}
        return result
    result.base = trimmed_mean([sheet.total for sheet in result.basis])
    result.groups = {
        group.code: round_to(trimmed_mean([sheet.subtotals[group.code] for sheet in result.basis]))
        for group in template.groups
    }
    result.score = round_to(result.base + result.bonus - result.deduction)
    for criterion in template.criteria:
        if criterion.veto:
            zeros = sum(1 for sheet in result.basis if sheet.lines[criterion.code] == 0)
            if 2 * zeros > len(result.basis):
                result.vetoed_by.append(criterion.code)
    result.vetoed = bool(result.vetoed_by)
    return result


def _order_key(unit: UnitResult, tie_break: tuple[str, ...]) -> tuple:
    """What decides the order: category (not vetoed, vetoed), score, then the tie-breaks
    (each made 'smaller is better'). Units equal on the whole key share a rank."""
    keys: list[Any] = [1 if unit.vetoed else 0, -unit.score]
    for rule in tie_break:
        if rule.startswith("group:"):
            keys.append(-(unit.groups[rule[len("group:") :]] or 0))
        elif rule == "deductions":
            keys.append(unit.deduction)
        elif rule == "women_led":
            keys.append(0 if unit.women_led else 1)
    return tuple(keys)


def compute(bloc: Bloc) -> BlocResult:
    by_target: dict[str, list[Sheet]] = {unit.code: [] for unit in bloc.units}
    for sheet in bloc.sheets:
        by_target[sheet.target].append(sheet)
    units = [_score_unit(bloc, u.code, u.women_led, by_target[u.code]) for u in bloc.units]

    scored = [unit for unit in units if unit.score is not None]
    unscored = sorted((unit for unit in units if unit.score is None), key=lambda u: u.unit)
    tie_break = bloc.template.tie_break
    scored.sort(key=lambda u: (_order_key(u, tie_break), u.unit))

    tie_flags: list[Flag] = []
    position = 0
    while position < len(scored):
        key = _order_key(scored[position], tie_break)
        end = position
        while end < len(scored) and _order_key(scored[end], tie_break) == key:
            end += 1
        for unit in scored[position:end]:
            unit.rank = position + 1
            unit.tied = end - position > 1
        if end - position > 1:
            tied = scored[position:end]
            tie_flags.append(
                Flag(
                    "tie",
                    tuple(sorted(unit.unit for unit in tied)),
                    details={"rank": position + 1, "score": tied[0].score},
                )
            )
        position = end
    ranking = scored + unscored

    first = [unit for unit in scored if unit.rank == 1]
    leading = None
    if len(first) == 1 and not first[0].vetoed and first[0].source in LEADING_SOURCES:
        leading = first[0].unit

    spread = residuals(bloc)
    flags = find_flags(bloc, spread) + tie_flags
    flags.sort(key=lambda flag: flag.sort_key)
    return BlocResult(
        ranking=ranking,
        leading=leading,
        flags=flags,
        alpha=krippendorff_alpha(bloc),
        sigma=spread.sigma,
    )
