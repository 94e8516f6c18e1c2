"""Demo blocs and clusters (invented groupings, marked ``is_demo``): every commune, ward
and special zone of the demo province in 10–12 clusters by their order in the tree (a
stand-in for geography), the departments and other provincial bodies in 12–15 blocs. The
first cluster (eight communes) has an open round with self and cross-scoring sheets and a
colluding pair, so the ranking page shows its flags, and its covenant open for signature
(half of the members signed); the others are prepared for the year.

The demo province has 38 commune-level units (units/demo/communes.py: the 2025 wards,
special zone and the sample communes ``DOMAIN.md`` names), not the 96 of the real
province: ``DOMAIN.md`` gives no full list, so the clusters group what exists."""

from __future__ import annotations

import math
from datetime import timedelta

from django.db import transaction

from units.models import COMMUNE_LEVEL_KINDS, Role, RoleAssignment, Unit, UnitKind, User

from . import services
from .defaults import table_create_default
from .models import (
    Bloc,
    BlocCouncilMember,
    BlocKind,
    BlocLeadership,
    BlocMembership,
    ScoringCriterion,
    ScoringRound,
    ScoringTable,
    SheetRole,
)

BODY_KINDS = {
    UnitKind.DEPARTMENT: BlocKind.DEPARTMENTS,
    UnitKind.PARTY_MASS: BlocKind.MASS_ORGANISATIONS,
    UnitKind.CENTRAL_AGENCY: BlocKind.CENTRAL_AGENCIES,
    UnitKind.ENTERPRISE: BlocKind.ENTERPRISES,
    UnitKind.PUBLIC_SERVICE: BlocKind.PUBLIC_SERVICE,
}


def _chunks(items: list, parts: int) -> list[list]:
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return [chunk for chunk in out if chunk]


def _clusters_count(n: int) -> int:
    return max(1, min(12, max(10, math.ceil(n / 10)))) if n >= 20 else max(1, n // 2)


def _blocs_count(n: int) -> int:
    return max(1, min(15, max(12, math.ceil(n / 7)))) if n >= 24 else max(1, n // 2)


def _table(kind: str, year: int) -> ScoringTable:
    table = ScoringTable.objects.filter(bloc_kind=kind, year=year).order_by("-version").first()
    return table or table_create_default(bloc_kind=kind, year=year)


def _bloc(name, code, kind, units, year, today, council) -> tuple[Bloc, ScoringRound]:
    bloc = Bloc.objects.create(name=name, code=code, kind=kind, is_demo=True)
    BlocMembership.objects.bulk_create(
        BlocMembership(bloc=bloc, unit=unit, year=year, women_led=i % 5 == 3)
        for i, unit in enumerate(units)
    )
    BlocLeadership.objects.create(
        bloc=bloc, year=year, head=units[0], deputy=units[1] if len(units) > 1 else None
    )
    if council:
        BlocCouncilMember.objects.create(bloc=bloc, user=council, year=year)
    scoring_round = ScoringRound.objects.create(
        bloc=bloc,
        year=year,
        table=_table(kind, year),
        opens_on=today - timedelta(days=7),
        closes_on=today + timedelta(days=21),
    )
    return bloc, scoring_round


def _fill(scoring_round: ScoringRound, units: list[Unit], actor: User) -> None:
    """Self and cross-scoring for every member; the 3rd and 4th members trade high marks."""
    criteria = list(
        ScoringCriterion.objects.filter(group__table=scoring_round.table).order_by(
            "group__order", "order"
        )
    )
    for k, scorer in enumerate(units):
        for t, target in enumerate(units):
            role = SheetRole.SELF if scorer == target else SheetRole.PEER
            if role == SheetRole.PEER and scorer == units[0]:
                role = SheetRole.HEAD
            # A target's merit falls with its place; each scorer splits its points its way.
            off = 4 + (t * 3) % 11 + (k % 3)
            if role == SheetRole.SELF:
                off = max(0, off - 6)
            if {k, t} == {2, 3}:
                off = 0
            points = {c.code: c.max_points for c in criteria}
            points["A1"] = points["A1"] - off
            points["A2"] = points["A2"] - (k % 4)
            points["A1"] = points["A1"] + (k % 4)
            if points["A1"] > 35:
                points["A2"] -= points["A1"] - 35
                points["A1"] = 35
            sheet = services.sheet_start(
                scoring_round=scoring_round,
                role=role,
                target=target,
                actor=actor,
                scorer_unit=scorer,
            )
            services.sheet_save(sheet=sheet, points=points, actor=actor, submit=True)


COVENANT_TARGETS = (
    "Hoàn thành và vượt các chỉ tiêu kinh tế - xã hội năm được giao",
    "Hoàn thành 100% nhiệm vụ cải cách hành chính, chuyển đổi số theo kế hoạch",
    "Giữ vững quốc phòng, an ninh; không có điểm nóng phức tạp",
    "Không có cán bộ, công chức bị xử lý kỷ luật từ khiển trách trở lên",
)


def _covenant(bloc: Bloc, units: list[Unit], year: int, actor: User) -> None:
    """The first cluster's covenant, open for signature, signed by half of its members."""
    covenant = services.covenant_draft(
        bloc=bloc, year=year, targets="\n".join(COVENANT_TARGETS), actor=actor
    )
    services.covenant_open_for_signature(covenant=covenant, actor=actor)
    for unit in units[: len(units) // 2]:
        services.covenant_sign(covenant=covenant, unit=unit, actor=actor)


@transaction.atomic
def seed_demo_clusters(*, today) -> dict | None:
    if Bloc.objects.filter(is_demo=True).exists():
        return None
    year = today.year
    actor = (
        User.objects.filter(roles__role=Role.SECRETARIAT).order_by("pk").first()
        or User.objects.order_by("pk").first()
    )
    if actor is None:
        return None
    council = list(
        User.objects.filter(
            pk__in=RoleAssignment.objects.filter(role=Role.COUNCIL_MEMBER).values("user_id")
        ).order_by("username")
    )
    communes = list(
        Unit.objects.filter(is_active=True, kind__in=COMMUNE_LEVEL_KINDS).order_by("path")
    )
    bodies = list(
        Unit.objects.filter(is_active=True, kind__in=list(BODY_KINDS)).order_by("kind", "path")
    )
    rounds = []
    # The first cluster has eight members (the scored example), the rest share the others.
    first_size = (
        8 if len(communes) >= 8 + 9 * 2 else len(communes) // _clusters_count(len(communes))
    )
    commune_groups = [communes[:first_size]] + _chunks(
        communes[first_size:], _clusters_count(len(communes)) - 1
    )
    for i, units in enumerate(commune_groups, start=1):
        who = council[(i - 1) % len(council)] if council else None
        rounds.append(
            (
                _bloc(
                    f"Cụm thi đua số {i} (minh họa)",
                    f"demo-cum-{i}",
                    BlocKind.COMMUNES,
                    units,
                    year,
                    today,
                    who,
                ),
                units,
            )
        )
    for i, units in enumerate(_chunks(bodies, _blocs_count(len(bodies))), start=1):
        kinds = [BODY_KINDS[u.kind] for u in units]
        kind = max(set(kinds), key=kinds.count)
        who = council[(i - 1) % len(council)] if council else None
        rounds.append(
            (
                _bloc(
                    f"Khối thi đua số {i} (minh họa)",
                    f"demo-khoi-{i}",
                    kind,
                    units,
                    year,
                    today,
                    who,
                ),
                units,
            )
        )
    if rounds:
        (bloc, first), units = rounds[0]
        services.round_open(scoring_round=first, actor=actor)
        first.refresh_from_db()
        _fill(first, units, actor)
        _covenant(bloc, units, year, actor)
    return {
        "clusters": sum(1 for (b, _r), _u in rounds if b.kind == BlocKind.COMMUNES),
        "blocs": sum(1 for (b, _r), _u in rounds if b.kind != BlocKind.COMMUNES),
        "communes": len(communes),
        "bodies": len(bodies),
    }
