"""Criteria scored from a movement's results (issue 11 point 2): a criterion of the table
may name a movement; on a sheet, its points are suggested from the share of the target
unit's registered targets of that movement it achieved (each target counted up to 100%,
from the latest actual reported; a target with no actual counts 0). The suggestion only
fills an empty line: the scorer confirms or changes it, and nothing scores by itself."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from campaigns.selectors import movement_figures

from .models import ScoringCriterion, Sheet


@dataclass(frozen=True)
class Suggestion:
    points: Decimal
    rate: Decimal | None  # share of targets achieved, 0..1; None: the unit registered none
    hint: str


def achievement_rate(*, movement, unit, year: int) -> Decimal | None:
    """The unit's share of its registered targets of ``movement`` for ``year`` achieved
    (0..1); None when it registered none."""
    figures = movement_figures(movement=movement, unit_paths=(unit.path,), year=year)
    own = next((u for u in figures.units if u.unit.pk == unit.pk), None)
    if own is None or not own.targets:
        return None
    shares = []
    for target in own.targets:
        if not target.plan:
            continue
        actual = target.actual or Decimal(0)
        shares.append(min(Decimal(1), max(Decimal(0), Decimal(actual) / Decimal(target.plan))))
    if not shares:
        return None
    return sum(shares, Decimal(0)) / len(shares)


def sheet_suggestions(*, sheet: Sheet, criteria: list[ScoringCriterion]) -> dict[str, Suggestion]:
    """Suggested points of the sheet's movement criteria, by criterion code."""
    found: dict[str, Suggestion] = {}
    for criterion in criteria:
        if criterion.movement_id is None:
            continue
        movement = criterion.movement
        rate = achievement_rate(movement=movement, unit=sheet.target, year=sheet.round.year)
        if rate is None:
            found[criterion.code] = Suggestion(
                Decimal(0),
                None,
                _("%(unit)s registered no target of the movement “%(movement)s”.")
                % {"unit": sheet.target.label, "movement": movement.name},
            )
            continue
        points = (criterion.max_points * rate).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        found[criterion.code] = Suggestion(
            points,
            rate,
            _(
                "Results of the movement “%(movement)s”: %(percent)s%% of the registered "
                "targets achieved, suggested %(points)s points."
            )
            % {
                "movement": movement.name,
                "percent": number_format(rate * 100, 1),
                "points": number_format(points, 2),
            },
        )
    return found
