"""Province-scale data for benchmarks and drills (``manage.py seed_province``): every bloc
and cluster with a full scoring round. Commune-level units that belong to no cluster of the
year join the clusters in turn; every round of the year is opened, and every member fills
its self sheet and a sheet for each other member (the head's are head sheets), submitted,
through the services. Points are drawn from one ``random.Random`` under each criterion's
maximum, each unit with a merit of its own, so the rankings differ."""

from __future__ import annotations

import random
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError

from units.models import COMMUNE_LEVEL_KINDS, Unit, User

from . import services
from .models import (
    BlocKind,
    BlocLeadership,
    BlocMembership,
    RoundState,
    ScoringCriterion,
    ScoringRound,
    Sheet,
    SheetRole,
)


def join_clusters(*, year: int) -> int:
    """Put each commune-level unit outside every cluster of ``year`` into one, in turn."""
    rounds = list(
        ScoringRound.objects.filter(year=year, bloc__kind=BlocKind.COMMUNES).order_by("bloc_id")
    )
    if not rounds:
        return 0
    placed = set(BlocMembership.objects.filter(year=year).values_list("unit_id", flat=True))
    missing = Unit.objects.filter(is_active=True, kind__in=COMMUNE_LEVEL_KINDS).exclude(
        pk__in=placed
    )
    new = [
        BlocMembership(bloc_id=rounds[i % len(rounds)].bloc_id, unit=unit, year=year)
        for i, unit in enumerate(missing.order_by("path"))
    ]
    BlocMembership.objects.bulk_create(new)
    return len(new)


def fill_rounds(rng: random.Random, *, year: int, actor: User, rounds=None) -> dict[str, int]:
    """Open every round of ``year`` (or only ``rounds``) and fill each missing self, peer
    and head sheet."""
    opened = sheets = skipped = 0
    chosen = ScoringRound.objects.filter(year=year).select_related("table", "bloc")
    if rounds is not None:
        chosen = chosen.filter(pk__in=[r.pk for r in rounds])
    for scoring_round in chosen:
        if scoring_round.state == RoundState.DRAFT:
            try:
                scoring_round = services.round_open(scoring_round=scoring_round, actor=actor)
                opened += 1
            except ValidationError:
                skipped += 1
                continue
        if scoring_round.state != RoundState.OPEN:
            continue
        sheets += _fill(rng, scoring_round, actor)
    return {"rounds_opened": opened, "sheets": sheets, "rounds_skipped": skipped}


def _fill(rng: random.Random, scoring_round: ScoringRound, actor: User) -> int:
    criteria = list(
        ScoringCriterion.objects.filter(group__table=scoring_round.table).order_by(
            "group__order", "order"
        )
    )
    units = list(
        Unit.objects.filter(
            pk__in=BlocMembership.objects.filter(
                bloc=scoring_round.bloc, year=scoring_round.year
            ).values("unit_id")
        ).order_by("path")
    )
    leadership = BlocLeadership.objects.filter(
        bloc=scoring_round.bloc, year=scoring_round.year
    ).first()
    head_id = leadership.head_id if leadership else None
    done = set(
        Sheet.objects.filter(round=scoring_round, scorer_unit__isnull=False).values_list(
            "scorer_unit_id", "target_id"
        )
    )
    merit = {unit.pk: rng.uniform(0.78, 0.97) for unit in units}
    made = 0
    for scorer in units:
        for target in units:
            if (scorer.pk, target.pk) in done:
                continue
            if scorer == target:
                role, bias = SheetRole.SELF, 0.04
            else:
                role = SheetRole.HEAD if scorer.pk == head_id else SheetRole.PEER
                bias = 0.0
            points = {
                c.code: _points(c.max_points, merit[target.pk] + bias + rng.uniform(-0.03, 0.03))
                for c in criteria
            }
            sheet = services.sheet_start(
                scoring_round=scoring_round,
                role=role,
                target=target,
                actor=actor,
                scorer_unit=scorer,
            )
            services.sheet_save(sheet=sheet, points=points, actor=actor, submit=True)
            made += 1
    return made


def _points(maximum: Decimal, share: float) -> Decimal:
    share = min(1.0, max(0.0, share))
    return (maximum * Decimal(str(round(share, 3)))).quantize(Decimal("0.5"), rounding=ROUND_DOWN)
