"""Every bloc of the province in one pass: the engine's input of many rounds built in a
constant number of queries (not five per round as ``selectors.engine_input``), then each
round ranked. Used by the chairman's dashboard panel (the leading unit of each bloc) and
by ``benchmark_clusters`` ("scoring every bloc of the province in one pass")."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch

from .engine import BlocResult, compute, parse
from .models import (
    Adjustment,
    BlocMembership,
    ScoringCriterion,
    ScoringGroup,
    ScoringRound,
    Sheet,
    SheetLine,
)
from .selectors import COUNTED_STATES


def engine_inputs(rounds: list[ScoringRound]) -> dict[int, dict]:
    """``{round pk: engine input}`` for ``rounds`` (with ``table`` selected): six queries
    whatever the number of rounds, members and sheets."""
    if not rounds:
        return {}
    table_ids = {r.table_id for r in rounds}
    groups_by_table: dict[int, list[ScoringGroup]] = defaultdict(list)
    for group in (
        ScoringGroup.objects.filter(table_id__in=table_ids)
        .order_by("order", "code")
        .prefetch_related(
            Prefetch("criteria", queryset=ScoringCriterion.objects.order_by("order", "code"))
        )
    ):
        groups_by_table[group.table_id].append(group)
    codes = {
        c.pk: c.code
        for groups in groups_by_table.values()
        for g in groups
        for c in g.criteria.all()
    }
    keys = {(r.bloc_id, r.year): r.pk for r in rounds}
    units: dict[int, list[dict]] = defaultdict(list)
    for m in (
        BlocMembership.objects.filter(
            bloc_id__in={r.bloc_id for r in rounds}, year__in={r.year for r in rounds}
        )
        .select_related("unit")
        .order_by("unit__code")
    ):
        pk = keys.get((m.bloc_id, m.year))
        if pk is not None:
            units[pk].append({"code": m.unit.code, "women_led": m.women_led})
    sheets: dict[int, list[dict]] = defaultdict(list)
    for sheet in (
        Sheet.objects.filter(round__in=[r.pk for r in rounds], state__in=COUNTED_STATES)
        .select_related("scorer_unit", "target")
        .prefetch_related(
            Prefetch("lines", queryset=SheetLine.objects.only("sheet_id", "criterion_id", "points"))
        )
        .order_by("pk")
    ):
        sheets[sheet.round_id].append(
            {
                "scorer": sheet.scorer_label,
                "target": sheet.target.code,
                "role": sheet.role,
                "lines": {
                    codes[line.criterion_id]: float(line.points) for line in sheet.lines.all()
                },
            }
        )
    adjustments: dict[int, list[dict]] = defaultdict(list)
    for a in (
        Adjustment.objects.filter(round__in=[r.pk for r in rounds])
        .select_related("unit")
        .order_by("pk")
    ):
        adjustments[a.round_id].append(
            {"unit": a.unit.code, "kind": a.kind, "points": float(a.points), "reason": a.reason}
        )
    return {
        r.pk: {
            "template": r.table.to_template(groups_by_table[r.table_id]),
            "units": units[r.pk],
            "sheets": sheets[r.pk],
            "adjustments": adjustments[r.pk],
        }
        for r in rounds
    }


@dataclass
class RoundResult:
    scoring_round: ScoringRound
    result: BlocResult | None
    error: str = ""


def rank_rounds(rounds: list[ScoringRound]) -> list[RoundResult]:
    """Each round ranked by the engine; a round whose stored data the engine refuses
    carries the error instead (never raised)."""
    inputs = engine_inputs(rounds)
    out = []
    for r in rounds:
        try:
            out.append(RoundResult(r, compute(parse(inputs[r.pk]))))
        except ValueError as error:
            out.append(RoundResult(r, None, str(error)))
    return out
