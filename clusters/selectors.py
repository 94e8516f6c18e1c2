"""Read side of the clusters app: who sees which bloc, round and sheet, the engine's input
built from the stored sheets in a constant number of queries, and the ranking with every
flag explained in words and numbers.

Confidentiality (issue 11): no unit sees another unit's sheet (404), before or after the
round closes; after it closes the bloc's members see each member's final score and rank;
individual sheets stay visible to the secretariat and the bloc's head of the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Prefetch, Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from units.caching import cache_get, cache_set
from units.models import Unit, User
from units.selectors import roles_of

from .engine import BlocResult, compute, parse
from .engine.numbers import round_to
from .models import (
    Adjustment,
    Bloc,
    BlocCouncilMember,
    BlocLeadership,
    BlocMembership,
    FlagResolution,
    ScoringCriterion,
    ScoringGroup,
    ScoringRound,
    Sheet,
    SheetLine,
    SheetRole,
    SheetState,
    flag_key,
)
from .stamps import RANKING_CACHE_SECONDS, rounds_stamp

COUNTED_STATES = (SheetState.SUBMITTED, SheetState.LOCKED)


# --- Who is who in a bloc ------------------------------------------------------------------


def member_units(scoring_round: ScoringRound) -> list[Unit]:
    return [
        m.unit
        for m in BlocMembership.objects.filter(bloc=scoring_round.bloc, year=scoring_round.year)
        .select_related("unit")
        .order_by("unit__code")
    ]


def head_unit_id(bloc: Bloc, year: int) -> int | None:
    return (
        BlocLeadership.objects.filter(bloc=bloc, year=year)
        .values_list("head_id", flat=True)
        .first()
    )


def is_bloc_head(user: User, bloc: Bloc, year: int) -> bool:
    head = head_unit_id(bloc, year)
    return head is not None and head in roles_of(user).unit_ids


def is_assigned_council(user: User, bloc: Bloc, year: int) -> bool:
    return BlocCouncilMember.objects.filter(bloc=bloc, year=year, user=user).exists()


def own_member_unit(user: User, bloc: Bloc, year: int) -> Unit | None:
    """The member unit of the bloc the user belongs to (staff or head), if any."""
    ids = roles_of(user).unit_ids
    if not ids:
        return None
    membership = (
        BlocMembership.objects.filter(bloc=bloc, year=year, unit_id__in=ids)
        .select_related("unit")
        .first()
    )
    return membership.unit if membership else None


def sees_all_rankings(user: User) -> bool:
    """The secretariat, the chairman and the Council see every bloc's ranking."""
    roles = roles_of(user)
    return bool(roles.roles & {"secretariat", "chairman", "council_member"})


def bloc_list_visible(*, user: User) -> QuerySet[Bloc]:
    if sees_all_rankings(user):
        return Bloc.objects.filter(is_active=True)
    ids = roles_of(user).unit_ids
    if not ids:
        return Bloc.objects.none()
    return Bloc.objects.filter(is_active=True, memberships__unit_id__in=ids).distinct()


def round_list_visible(*, user: User) -> QuerySet[ScoringRound]:
    return ScoringRound.objects.filter(bloc__in=bloc_list_visible(user=user)).select_related(
        "bloc", "table"
    )


def may_see_full_ranking(user: User, scoring_round: ScoringRound) -> bool:
    """Sources, flags, sheets' figures: the secretariat, the Council, the chairman and the
    bloc's head of the year."""
    return sees_all_rankings(user) or is_bloc_head(user, scoring_round.bloc, scoring_round.year)


def may_see_ranking(user: User, scoring_round: ScoringRound) -> bool:
    if may_see_full_ranking(user, scoring_round):
        return True
    return scoring_round.is_closed and (
        own_member_unit(user, scoring_round.bloc, scoring_round.year) is not None
    )


def may_see_sheet(user: User, sheet: Sheet) -> bool:
    """The scorer, the secretariat and the bloc's head; nobody else (not the target)."""
    roles = roles_of(user)
    if "secretariat" in roles.roles:
        return True
    if sheet.scorer_user_id and sheet.scorer_user_id == user.pk:
        return True
    if sheet.scorer_unit_id and sheet.scorer_unit_id in roles.unit_ids:
        return True
    return is_bloc_head(user, sheet.round.bloc, sheet.round.year)


def may_edit_sheet(user: User, sheet: Sheet) -> bool:
    """Only the scorer fills its sheet: a member unit's staff or head, or the user."""
    if sheet.scorer_user_id:
        return sheet.scorer_user_id == user.pk
    return sheet.scorer_unit_id in roles_of(user).unit_ids


def may_manage(user: User, scoring_round: ScoringRound) -> bool:
    """Resolving flags, reopening sheets: the secretariat or the bloc's head."""
    return "secretariat" in roles_of(user).roles or is_bloc_head(
        user, scoring_round.bloc, scoring_round.year
    )


def sheets_to_fill(*, user: User, scoring_round: ScoringRound) -> list[dict]:
    """The sheets the user's side must fill in the round: (role, target, existing sheet)."""
    members = member_units(scoring_round)
    roles = roles_of(user)
    wanted: list[tuple[str, Unit, Unit | None]] = []
    own = own_member_unit(user, scoring_round.bloc, scoring_round.year)
    if own is not None:
        wanted.append((SheetRole.SELF, own, own))
        head = head_unit_id(scoring_round.bloc, scoring_round.year)
        role = SheetRole.HEAD if head == own.pk else SheetRole.PEER
        wanted += [(role, unit, own) for unit in members if unit.pk != own.pk]
    if is_assigned_council(user, scoring_round.bloc, scoring_round.year):
        wanted += [(SheetRole.COUNCIL, unit, None) for unit in members]
    if "secretariat" in roles.roles:
        wanted += [(SheetRole.SECRETARIAT, unit, None) for unit in members]
    existing = Sheet.objects.filter(round=scoring_round).filter(
        Q(scorer_user=user) | Q(scorer_unit=own) if own else Q(scorer_user=user)
    )
    by_key = {(s.role, s.target_id): s for s in existing}
    return [
        {
            "role": role,
            "role_label": SheetRole(role).label,
            "target": target,
            "sheet": by_key.get((role, target.pk)),
        }
        for role, target, _scorer in wanted
    ]


# --- The engine's input --------------------------------------------------------------------


def table_groups(scoring_round: ScoringRound) -> list[ScoringGroup]:
    return list(
        ScoringGroup.objects.filter(table=scoring_round.table)
        .order_by("order", "code")
        .prefetch_related(
            Prefetch("criteria", queryset=ScoringCriterion.objects.order_by("order", "code"))
        )
    )


def engine_input(scoring_round: ScoringRound, groups: list[ScoringGroup] | None = None) -> dict:
    """The round as the engine's input (``SCORING.md``): submitted and locked sheets only.
    Five queries whatever the bloc's size."""
    groups = table_groups(scoring_round) if groups is None else groups
    memberships = list(
        BlocMembership.objects.filter(bloc=scoring_round.bloc, year=scoring_round.year)
        .select_related("unit")
        .order_by("unit__code")
    )
    sheets = (
        Sheet.objects.filter(round=scoring_round, state__in=COUNTED_STATES)
        .select_related("scorer_unit", "target")
        .prefetch_related(Prefetch("lines", queryset=SheetLine.objects.select_related("criterion")))
        .order_by("pk")
    )
    adjustments = Adjustment.objects.filter(round=scoring_round).select_related("unit")
    return {
        "template": scoring_round.table.to_template(groups),
        "units": [{"code": m.unit.code, "women_led": m.women_led} for m in memberships],
        "sheets": [
            {
                "scorer": sheet.scorer_label,
                "target": sheet.target.code,
                "role": sheet.role,
                "lines": {line.criterion.code: float(line.points) for line in sheet.lines.all()},
            }
            for sheet in sheets
        ],
        "adjustments": [
            {"unit": a.unit.code, "kind": a.kind, "points": float(a.points), "reason": a.reason}
            for a in adjustments.order_by("pk")
        ],
    }


# --- The ranking with explained flags ------------------------------------------------------


def fmt(value: Fraction | Decimal | float | int | None, places: int = 2) -> str:
    """A figure as Vietnamese readers write it: 12,4; 80; −3,75."""
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        value = round_to(value, places)
        value = Decimal(value.numerator) / Decimal(value.denominator)
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places)).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    return number_format(number, use_l10n=True)


@dataclass
class ExplainedFlag:
    kind: str
    key: str
    units: tuple[str, ...]
    text: str
    resolution: FlagResolution | None
    names: tuple[str, ...] = ()


def explain(flag, names: dict[str, str], sigma: Fraction) -> str:
    """The flag in words with its numbers."""
    d = flag.details

    def name(code: str) -> str:
        return names.get(code, code)

    if flag.kind == "self_inflation":
        return _(
            "The unit scored itself %(gap)s points higher than the mean of the cross-scoring "
            "(%(self)s against %(mean)s from %(n)s sheets; the threshold is %(threshold)s)."
        ) % {
            "gap": fmt(flag.value),
            "self": fmt(d["self"]),
            "mean": fmt(d["peer_mean"]),
            "n": d["peers"],
            "threshold": fmt(d["threshold"]),
        }
    if flag.kind == "mutual_high":
        a, b = flag.units
        return _(
            "The two units scored each other unusually high: %(a)s gave %(b)s %(forward)s "
            "points above the other members' mean, and %(b)s gave %(a)s %(back)s points above "
            "(the threshold is %(threshold)s)."
        ) % {
            "a": name(a),
            "b": name(b),
            "forward": fmt(d["forward"]),
            "back": fmt(d["back"]),
            "threshold": fmt(d["threshold"]),
        }
    if flag.kind == "low_ball":
        s, u = flag.units
        return _(
            "%(scorer)s scored %(target)s %(gap)s points below the mean of the other members "
            "(the threshold is %(threshold)s)."
        ) % {
            "scorer": name(s),
            "target": name(u),
            "gap": fmt(-d["residual"]),
            "threshold": fmt(-d["threshold"]),
        }
    if flag.kind == "lenient":
        return _(
            "%(scorer)s scores the other units %(gap)s points above the other members "
            "(median over %(n)s sheets; the threshold is %(threshold)s)."
        ) % {
            "scorer": name(flag.units[0]),
            "gap": fmt(flag.value),
            "n": d["residuals"],
            "threshold": fmt(d["threshold"]),
        }
    if flag.kind == "severe":
        return _(
            "%(scorer)s scores the other units %(gap)s points below the other members "
            "(median over %(n)s sheets; the threshold is %(threshold)s)."
        ) % {
            "scorer": name(flag.units[0]),
            "gap": fmt(-flag.value),
            "n": d["residuals"],
            "threshold": fmt(d["threshold"]),
        }
    if flag.kind == "identical_sheets":
        a, b = flag.units
        return _(
            "%(a)s and %(b)s gave line-for-line identical sheets to all %(n)s units they both "
            "scored."
        ) % {"a": name(a), "b": name(b), "n": len(d["targets"])}
    if flag.kind == "missing_sheet":
        return _("%(scorer)s has not scored %(n)s members: %(targets)s.") % {
            "scorer": name(flag.units[0]),
            "n": len(flag.targets),
            "targets": ", ".join(name(c) for c in flag.targets),
        }
    if flag.kind == "tie":
        return _(
            "%(units)s are equal on score (%(score)s) and on every tie-break: they share "
            "rank %(rank)s; the bloc decides by vote."
        ) % {
            "units": ", ".join(name(c) for c in flag.units),
            "score": fmt(d["score"]),
            "rank": d["rank"],
        }
    return flag.kind


@dataclass
class Ranking:
    scoring_round: ScoringRound
    result: BlocResult | None
    rows: list[dict]
    flags: list[ExplainedFlag]
    groups: list[ScoringGroup]
    error: str = ""


def ranking(scoring_round: ScoringRound) -> Ranking:
    """The round ranked by the engine, with names, group scores and explained flags."""
    groups = table_groups(scoring_round)
    units = {
        u.code: u
        for u in Unit.objects.filter(
            bloc_memberships__bloc=scoring_round.bloc, bloc_memberships__year=scoring_round.year
        )
    }
    names = {code: unit.name for code, unit in units.items()}
    # The engine's result is kept per state of the round's data (clusters.stamps): building
    # its input and ranking a bloc took most of the page's time (issue 13's profile).
    stamp = rounds_stamp([scoring_round], scoring_round.year)
    key = f"clusters:ranking:v1:{scoring_round.pk}:{stamp}"
    result = cache_get(key)
    if result is None:
        try:
            result = compute(parse(engine_input(scoring_round, groups)))
        except ValueError as error:  # InputError: stored data the engine refuses
            return Ranking(scoring_round, None, [], [], groups, error=str(error))
        cache_set(key, result, RANKING_CACHE_SECONDS)
    resolutions = {r.key: r for r in FlagResolution.objects.filter(round=scoring_round)}
    rows = []
    for unit in result.ranking:
        rows.append(
            {
                "unit": units.get(unit.unit),
                "code": unit.unit,
                "rank": unit.rank,
                "score": unit.score,
                "score_text": fmt(unit.score),
                "base": fmt(unit.base),
                "bonus": fmt(unit.bonus),
                "deduction": fmt(unit.deduction),
                "source": unit.source,
                "peers": unit.peers,
                "vetoed": unit.vetoed,
                "vetoed_by": unit.vetoed_by,
                "tied": unit.tied,
                "self_total": fmt(unit.self_total),
                "groups": [fmt(unit.groups.get(g.code)) for g in groups],
            }
        )
    flags = [
        ExplainedFlag(
            kind=flag.kind,
            key=flag_key(flag.kind, flag.units),
            units=flag.units,
            text=explain(flag, names, result.sigma),
            resolution=resolutions.get(flag_key(flag.kind, flag.units)),
            names=tuple(names.get(code, code) for code in flag.units),
        )
        for flag in result.flags
    ]
    return Ranking(scoring_round, result, rows, flags, groups)


SOURCE_LABELS = {
    "verified": "Verified by the secretariat",
    "council_mean": "Mean of the Council's sheets",
    "peer_mean": "Mean of the cross-scoring",
    "self_only": "Self-assessment only",
    "none": "No sheet",
}


def chart(rows: list[dict], width: int = 640, bar: int = 22, gap: int = 6) -> dict:
    """A horizontal bar chart of the scores, drawn as SVG by the template."""
    label_width = 220
    scored = [row for row in rows if row["score"] is not None]
    top = max((float(row["score"]) for row in scored), default=0) or 1
    bars = []
    for i, row in enumerate(scored):
        length = (width - label_width - 70) * float(row["score"]) / top
        bars.append(
            {
                "y": i * (bar + gap),
                "text_y": i * (bar + gap) + bar * 0.7,
                "width": round(max(length, 1), 1),
                "label": (row["unit"].name if row["unit"] else row["code"])[:34],
                "value": row["score_text"],
                "value_x": round(label_width + max(length, 1) + 6, 1),
                "vetoed": row["vetoed"],
                "first": row["rank"] == 1,
            }
        )
    return {
        "width": width,
        "height": max(len(bars) * (bar + gap), bar),
        "bar": bar,
        "label_width": label_width,
        "bars": bars,
    }


def bloc_ranks(*, unit_ids, year: int) -> dict[int, int | None]:
    """Each unit's rank in its bloc's closed round of ``year`` (the eligibility input's
    ``bloc_rank``): only a closed round's ranking is final; a unit in no bloc, or whose
    round is not closed, is absent. Queries grow with the number of blocs, not of units."""
    memberships = BlocMembership.objects.filter(unit_id__in=list(unit_ids), year=year)
    rounds = ScoringRound.objects.filter(
        bloc_id__in=memberships.values("bloc_id"), year=year, state="closed"
    ).select_related("bloc", "table")
    codes = dict(Unit.objects.filter(pk__in=list(unit_ids)).values_list("code", "pk"))
    ranks: dict[int, int | None] = {}
    for scoring_round in rounds:
        result = compute(parse(engine_input(scoring_round)))
        for row in result.ranking:
            if row.unit in codes:
                ranks[codes[row.unit]] = row.rank
    return ranks
