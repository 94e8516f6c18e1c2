"""The figures of the periodic report to the chairman (issue 12), from the data the portal
holds: movements, blocs and clusters, the award archive, the dossiers.

One selector module, pure reads, each group aggregated in a fixed number of queries
(constant in the size of the data). Every figure has a key; ``figure_records(key, period)``
gives the rows that figure counts, filtered with the very same condition as the count,
so a number on the page links to exactly what it counts.

A revoked award (``AwardGrant.revoked_on``, issue 12 point 6) is counted out as soon as
the archive records revocations; a recipient's class (``AwardGrant.recipient_class``,
point 3) is used when the archive carries it, else the registry's "direct worker" flag.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from statistics import median

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from awards.models import AwardGrant, AwardLevel
from campaigns.models import (
    OPEN_STATES,
    Movement,
    Progress,
    RegisteredTarget,
    Registration,
    RegistrationState,
    Review,
)
from campaigns.selectors import REGISTERING_KINDS
from clusters.models import BlocMembership, FlagResolution, RoundState, ScoringRound
from nominations.models import Dossier, DossierEvent, DossierState, EventAction, Nominee
from nominations.models.consultation import Opinion, OpinionStatus
from units.models import Gender, Unit, UnitKind

from .models import PeriodKind

FLAG_AWARD = "CO_TINH"  # the provincial Emulation Flag goes to a bloc's leading unit
MAJORITY_ETHNICITY = "Kinh"
COMMUNE_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE, UnitKind.VILLAGE)
LEVELS = tuple(AwardLevel.values)
SHARES = ("commune", "direct_worker", "women", "ethnic_minority", "remote_area", "enterprise")
STAGES = ("appraisal", "consultation", "council", "decision")
# Which state of a dossier belongs to which stage of the processing time.
STAGE_OF_STATE = {
    DossierState.SUBMITTED: "appraisal",
    DossierState.IN_APPRAISAL: "appraisal",
    DossierState.CONSULTATION: "consultation",
    DossierState.IN_COUNCIL: "council",
    DossierState.PROPOSED: "decision",
}
YEARS_IN_CHART = 5


@dataclass(frozen=True)
class Period:
    """A reporting period: the first half of ``year`` or the whole year."""

    kind: str
    year: int

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        if self.kind == PeriodKind.HALF_YEAR:
            return datetime.date(self.year, 6, 30)
        return datetime.date(self.year, 12, 31)

    @property
    def previous(self) -> Period:
        return Period(self.kind, self.year - 1)

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.HALF_YEAR:
            return f"6 tháng đầu năm {self.year}"
        return f"năm {self.year}"

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "year": self.year,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "label": self.label,
        }


def has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


# --- Awards -----------------------------------------------------------------------------


def grants_in(period: Period) -> QuerySet[AwardGrant]:
    """The awards of the period: decided within it (a legacy award without its decision
    counts in its year for the annual report); revoked awards are counted out."""
    in_period = Q(decision__issued_on__range=(period.start, period.end))
    if period.kind == PeriodKind.YEAR:
        in_period |= Q(decision__isnull=True, year=period.year)
    grants = AwardGrant.objects.filter(in_period)
    if has_field(AwardGrant, "revoked_on"):
        grants = grants.filter(revoked_on__isnull=True)
    return grants


def _direct_worker() -> Q:
    if has_field(AwardGrant, "recipient_class"):  # a legacy row without its class: the registry
        return Q(recipient_class="direct_worker") | Q(
            recipient_class="", person__is_direct_worker=True
        )
    return Q(person__is_direct_worker=True)


def share_conditions() -> dict[str, tuple[Q, Q]]:
    """Each share as (numerator, denominator) conditions on the period's awards."""
    everyone = Q(pk__isnull=False)
    individuals = Q(person__isnull=False)
    return {
        "commune": (
            Q(unit_scope__kind__in=COMMUNE_KINDS) | Q(unit_scope__parent__kind__in=COMMUNE_KINDS),
            everyone,
        ),
        "direct_worker": (individuals & _direct_worker(), individuals),
        "women": (individuals & Q(person__gender=Gender.FEMALE), individuals),
        "ethnic_minority": (
            individuals & ~Q(person__ethnicity="") & ~Q(person__ethnicity=MAJORITY_ETHNICITY),
            individuals,
        ),
        "remote_area": (
            Q(unit_scope__is_mountainous=True)
            | Q(unit_scope__is_remote=True)
            | Q(unit_scope__is_island=True)
            | Q(unit_scope__parent__is_mountainous=True)
            | Q(unit_scope__parent__is_remote=True)
            | Q(unit_scope__parent__is_island=True),
            everyone,
        ),
        "enterprise": (
            Q(unit_scope__kind=UnitKind.ENTERPRISE)
            | Q(unit_scope__parent__kind=UnitKind.ENTERPRISE),
            everyone,
        ),
    }


def award_figures(period: Period) -> dict:
    """Totals by level, individual/collective, each share (numerator, denominator) in one
    query; the count of each award (form or title) in a second."""
    counts = {"total": Count("pk"), "individual": Count("pk", filter=Q(person__isnull=False))}
    counts["collective"] = Count("pk", filter=Q(unit__isnull=False))
    counts["household"] = Count("pk", filter=Q(household__isnull=False))
    for level in LEVELS:
        counts[f"level_{level}"] = Count("pk", filter=Q(award__level=level))
    for key, (numerator, denominator) in share_conditions().items():
        counts[f"{key}_num"] = Count("pk", filter=numerator & denominator)
        counts[f"{key}_den"] = Count("pk", filter=denominator)
    row = grants_in(period).aggregate(**counts)
    by_award = (
        grants_in(period)
        .values("award__code", "award__name", "award__category", "award__level")
        .annotate(n=Count("pk"))
        .order_by("award__level", "award__code")
    )
    return {
        "total": row["total"],
        "individual": row["individual"],
        "collective": row["collective"],
        "household": row["household"],
        "by_level": {level: row[f"level_{level}"] for level in LEVELS},
        "by_award": [
            {
                "code": r["award__code"],
                "name": r["award__name"],
                "category": r["award__category"],
                "level": r["award__level"],
                "n": r["n"],
            }
            for r in by_award
        ],
        "shares": {key: {"num": row[f"{key}_num"], "den": row[f"{key}_den"]} for key in SHARES},
    }


def awards_by_year(last_year: int, *, years: int = YEARS_IN_CHART) -> dict[str, dict[str, int]]:
    """Awards by level for each of the last ``years`` years (the decision's year; a legacy
    award's own year), revoked ones counted out: one query."""
    first = last_year - years + 1
    grants = AwardGrant.objects.annotate(
        y=Coalesce(ExtractYear("decision__issued_on"), F("year"), output_field=IntegerField())
    ).filter(y__gte=first, y__lte=last_year)
    if has_field(AwardGrant, "revoked_on"):
        grants = grants.filter(revoked_on__isnull=True)
    table = {str(y): dict.fromkeys(LEVELS, 0) for y in range(first, last_year + 1)}
    for row in grants.values("y", "award__level").annotate(n=Count("pk")).order_by():
        table[str(row["y"])][row["award__level"]] = row["n"]
    return table


# --- Dossiers ---------------------------------------------------------------------------


def _events_in(period: Period) -> QuerySet[DossierEvent]:
    return DossierEvent.objects.filter(at__date__range=(period.start, period.end))


DOSSIER_EVENT_FIGURES = {
    "received": Q(action=EventAction.SUBMITTED),
    "returned": Q(action=EventAction.RETURNED),
    "approved": Q(to_state=DossierState.DECIDED),
    "rejected": Q(to_state=DossierState.REJECTED),
}


def _overdue(period: Period) -> Q:
    """Appraisal due within the period (up to today) and finished late or not yet."""
    last = min(period.end, timezone.localdate())
    late = Q(appraised_at__isnull=False, appraised_at__date__gt=F("appraisal_due_on"))
    waiting = Q(
        appraised_at__isnull=True,
        state__in=(DossierState.SUBMITTED, DossierState.IN_APPRAISAL),
        appraisal_due_on__lt=last,
    )
    return Q(appraisal_due_on__range=(period.start, last)) & (late | waiting)


def _objections(period: Period) -> QuerySet[Opinion]:
    return Opinion.objects.filter(
        is_objection=True, received_at__date__range=(period.start, period.end)
    ).exclude(status=OpinionStatus.SPAM)


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (the value below which ``share`` of the values lie)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def stage_durations(period: Period) -> dict[str, list[float]]:
    """Days each dossier spent in each stage, for the stays that ended within the period
    (from its state changes in the dossier's history): one query."""
    dossier_ids = _events_in(period).exclude(to_state="").values("dossier_id")
    rows = (
        DossierEvent.objects.filter(dossier_id__in=dossier_ids)
        .exclude(to_state="")
        .order_by("dossier_id", "at", "pk")
        .values_list("dossier_id", "to_state", "at")
    )
    durations: dict[str, list[float]] = {stage: [] for stage in STAGES}
    current: dict[int, tuple[str, datetime.datetime]] = {}
    for dossier_id, state, at in rows:
        stage = STAGE_OF_STATE.get(state)
        open_stay = current.get(dossier_id)
        if open_stay and open_stay[0] == stage:
            continue  # submitted → in appraisal: the same stage goes on
        if open_stay:
            ended = timezone.localtime(at).date()
            if period.start <= ended <= period.end:
                days = (at - open_stay[1]).total_seconds() / 86400
                durations[open_stay[0]].append(round(days, 1))
            del current[dossier_id]
        if stage:
            current[dossier_id] = (stage, at)
    return durations


def dossier_figures(period: Period) -> dict:
    events = _events_in(period).aggregate(
        **{
            key: Count("dossier", filter=condition, distinct=True)
            for key, condition in DOSSIER_EVENT_FIGURES.items()
        }
    )
    overdue = Dossier.objects.filter(_overdue(period)).count()
    objections = _objections(period).aggregate(
        total=Count("pk"), upheld=Count("pk", filter=Q(status=OpinionStatus.UPHELD))
    )
    stages = {}
    for stage, values in stage_durations(period).items():
        stages[stage] = {
            "n": len(values),
            "median": round(median(values), 1) if values else None,
            "p90": percentile(values, 0.9),
        }
    return {
        **events,
        "overdue": overdue,
        "objections": objections["total"],
        "objections_upheld": objections["upheld"],
        "stages": stages,
    }


# --- Movements --------------------------------------------------------------------------


def _movements_launched(period: Period) -> Q:
    return Q(launched_on__range=(period.start, period.end))


def _movements_in_progress(period: Period) -> Q:
    return Q(state__in=OPEN_STATES, launched_on__lte=period.end)


def _movements_reviewed(period: Period) -> Q:
    return Q(
        pk__in=Review.objects.filter(held_on__range=(period.start, period.end)).values(
            "movement_id"
        )
    )


REGISTERED_STATES = (RegistrationState.SUBMITTED, RegistrationState.ACCEPTED)


def _registering_units() -> QuerySet[Unit]:
    return Unit.objects.filter(is_active=True, kind__in=REGISTERING_KINDS)


def _targets(period: Period) -> QuerySet[RegisteredTarget]:
    latest = (
        Progress.objects.filter(target=OuterRef("pk"))
        .order_by("-reported_on", "-created_at", "-pk")
        .values("actual_value")[:1]
    )
    return RegisteredTarget.objects.filter(
        registration__year=period.year, registration__state__in=REGISTERED_STATES
    ).annotate(latest=Subquery(latest))


def movement_figures(period: Period) -> dict:
    row = Movement.objects.aggregate(
        launched=Count("pk", filter=_movements_launched(period)),
        in_progress=Count("pk", filter=_movements_in_progress(period)),
        reviewed=Count("pk", filter=_movements_reviewed(period)),
    )
    registered = Registration.objects.filter(
        year=period.year, state__in=REGISTERED_STATES, unit__kind__in=REGISTERING_KINDS
    ).aggregate(n=Count("unit", distinct=True))["n"]
    targets = _targets(period).aggregate(
        total=Count("pk"), met=Count("pk", filter=Q(latest__gte=F("plan_value")))
    )
    return {
        **row,
        "registration": {"num": registered, "den": _registering_units().count()},
        "targets_met": {"num": targets["met"], "den": targets["total"]},
    }


# --- Blocs and clusters -----------------------------------------------------------------


def _flag_grants(period: Period) -> QuerySet[AwardGrant]:
    return grants_in(period).filter(award__code=FLAG_AWARD, unit__isnull=False)


def cluster_figures(period: Period) -> dict:
    blocs = BlocMembership.objects.filter(year=period.year).aggregate(
        blocs=Count("bloc", distinct=True), members=Count("pk")
    )
    rounds_closed = ScoringRound.objects.filter(year=period.year, state=RoundState.CLOSED).count()
    resolutions = FlagResolution.objects.filter(
        resolved_at__date__range=(period.start, period.end)
    ).aggregate(total=Count("pk"), sent_back=Count("pk", filter=Q(outcome="sent_back")))
    proposed = Nominee.objects.filter(
        award__code=FLAG_AWARD,
        dossier__pk__in=_events_in(period)
        .filter(DOSSIER_EVENT_FIGURES["received"])
        .values("dossier_id"),
    ).count()
    flags = list(
        _flag_grants(period).order_by("recipient_name").values("unit_id", "recipient_name")
    )
    bloc_of = dict(
        BlocMembership.objects.filter(
            year=period.year, unit_id__in=[f["unit_id"] for f in flags]
        ).values_list("unit_id", "bloc__name")
    )
    return {
        "blocs": blocs["blocs"],
        "members": blocs["members"],
        "rounds_closed": rounds_closed,
        "flags_proposed": proposed,
        "flags_awarded": len(flags),
        "checks_resolved": resolutions["total"],
        "checks_sent_back": resolutions["sent_back"],
        "leading_units": [
            {"unit": f["recipient_name"], "bloc": bloc_of.get(f["unit_id"], "")} for f in flags
        ],
    }


# --- The whole report -------------------------------------------------------------------


def period_figures(period: Period) -> dict:
    return {
        "period": period.to_json(),
        "movements": movement_figures(period),
        "clusters": cluster_figures(period),
        "awards": award_figures(period),
        "dossiers": dossier_figures(period),
    }


def report_figures(period: Period) -> dict:
    """The figures of a report: the period's, the same period of the previous year's, and
    the awards by level over five years for the chart."""
    return {
        "current": period_figures(period),
        "previous": period_figures(period.previous),
        "five_years": awards_by_year(period.year),
        "computed_at": timezone.now().isoformat(),
    }


# --- Drill-down: the rows a figure counts ------------------------------------------------

FIGURE_MODELS = {"awards": "grant", "dossiers": "dossier", "movements": "movement"}


def figure_records(key: str, period: Period) -> tuple[str, QuerySet] | None:
    """The rows a figure counts, as (kind of row, queryset), or None for an unknown key.

    Keys: ``awards.total``, ``awards.individual``, ``awards.collective``,
    ``awards.level.<level>``, ``awards.award.<code>``, ``awards.share.<share>`` (the
    numerator) and ``awards.share.<share>.den``; ``dossiers.<received|returned|approved|
    rejected|overdue>``, ``dossiers.objections``; ``movements.<launched|in_progress|
    reviewed>``, ``clusters.flags_awarded``."""
    parts = key.split(".")
    group = parts[0]
    if group == "awards":
        grants = grants_in(period).select_related("award", "decision", "unit_scope")
        if parts[1:] == ["total"]:
            return "grant", grants
        if parts[1:] == ["individual"]:
            return "grant", grants.filter(person__isnull=False)
        if parts[1:] == ["collective"]:
            return "grant", grants.filter(unit__isnull=False)
        if len(parts) == 3 and parts[1] == "level" and parts[2] in LEVELS:
            return "grant", grants.filter(award__level=parts[2])
        if len(parts) == 3 and parts[1] == "award":
            return "grant", grants.filter(award__code=parts[2])
        if len(parts) in (3, 4) and parts[1] == "share" and parts[2] in SHARES:
            numerator, denominator = share_conditions()[parts[2]]
            if len(parts) == 4:
                return ("grant", grants.filter(denominator)) if parts[3] == "den" else None
            return "grant", grants.filter(numerator & denominator)
        return None
    if group == "clusters" and parts[1:] == ["flags_awarded"]:
        return "grant", _flag_grants(period).select_related("award", "decision", "unit_scope")
    if group == "dossiers" and len(parts) == 2:
        dossiers = Dossier.objects.select_related("unit")
        if parts[1] in DOSSIER_EVENT_FIGURES:
            ids = _events_in(period).filter(DOSSIER_EVENT_FIGURES[parts[1]]).values("dossier_id")
            return "dossier", dossiers.filter(pk__in=ids)
        if parts[1] == "overdue":
            return "dossier", dossiers.filter(_overdue(period))
        if parts[1] == "objections":
            return "opinion", _objections(period).select_related("nominee")
        return None
    if group == "movements" and len(parts) == 2:
        conditions = {
            "launched": _movements_launched,
            "in_progress": _movements_in_progress,
            "reviewed": _movements_reviewed,
        }
        if parts[1] in conditions:
            return "movement", Movement.objects.filter(conditions[parts[1]](period))
    return None
