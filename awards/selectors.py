"""Every read of the awards app that decides who sees what, and the engine's input."""

import re
from collections.abc import Iterable

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from units.models import Person, Unit, User
from units.search import normalize
from units.selectors import name_search, roles_of, unit_list_visible

from .codes import normalize as normalize_code
from .models import (
    Award,
    AwardGrant,
    Discipline,
    Household,
    Initiative,
    LegalBasis,
    MemberStatistics,
    PendingCase,
    Quota,
    TaskRating,
)

HISTORY_YEARS = 6  # the longest window a rule looks back (CSTĐ toàn quốc: Y-5..Y)


def legal_bases_in_force(*, document: str, on, role: str | None = None) -> list[LegalBasis]:
    """The lines of a document's legal basis in force on a date, in order."""
    lines = LegalBasis.objects.filter(applies_to=document, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    if role:
        lines = lines.filter(role=role)
    return list(lines.order_by("role", "order", "id"))


def _subtree(paths: tuple[str, ...], field: str) -> Q:
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{field}__path__startswith": path})
    return query


def grant_list_visible(*, user: User) -> QuerySet[AwardGrant]:
    """Awards the user may see: all for the Council and the secretariat, those of the own
    units' subtrees for unit staff and heads."""
    roles = roles_of(user)
    grants = AwardGrant.objects.select_related("award", "decision", "revoked_by")
    if roles.sees_whole_province:
        return grants
    if roles.unit_paths:
        return grants.filter(_subtree(roles.unit_paths, "unit_scope"))
    return grants.none()


def household_list_visible(*, user: User) -> QuerySet[Household]:
    """Households of the villages the user may see."""
    roles = roles_of(user)
    households = Household.objects.select_related("unit")
    if roles.sees_whole_province:
        return households
    if roles.unit_paths:
        return households.filter(_subtree(roles.unit_paths, "unit"))
    return households.none()


# The characters a certificate code may hold (awards/codes.py: the short grouped codes and
# the older URL-safe ones); ``normalize_code`` decides, before any query, what is a code.
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{10,64}$")
# The only columns the public verification page reads: nothing else is even loaded.
PUBLIC_FIELDS = (
    "year",
    "recipient_name",
    "recipient_unit_name",
    "award__name",
    "decision__number",
    "decision__issued_on",
    "decision__signer_position",
    "revoked_on",
    "revocation_reason",
    "revoked_by__number",
    "revoked_by__issued_on",
    "unit__name",
    "unit__full_name",
)


def grant_for_code(code: str) -> AwardGrant | None:
    """The grant a certificate code belongs to, the code typed in any case with any
    spacing and dashes; None for an unknown or malformed code (checked before any query).
    Public: loads only PUBLIC_FIELDS."""
    code = normalize_code(code)
    if code is None:
        return None
    grants = AwardGrant.objects.select_related("award", "decision", "unit", "revoked_by").only(
        *PUBLIC_FIELDS
    )
    # The code is unique: no ORDER BY (the model's three-key ordering doubled PostgreSQL's
    # planning of this five-table join, 0.4 → 0.7 ms, and the ORM's work: 1.3 → 2.4 ms).
    return next(iter(grants.filter(verification_code=code).order_by()[:1]), None)


def archive_search(*, queryset: QuerySet[AwardGrant], text: str = "") -> QuerySet[AwardGrant]:
    """Accent-insensitive search of the recipient's name (the name dictionary on
    PostgreSQL: ``units.selectors.name_search``)."""
    needle = normalize(text)
    if not needle:
        return queryset
    return name_search(queryset, needle)


def awards_in_use() -> QuerySet[Award]:
    return Award.objects.filter(is_active=True)


def person_history(*, person: Person) -> dict:
    """Everything on record for a person, by year (newest first)."""
    return _history(
        grants=AwardGrant.objects.filter(person=person),
        ratings=TaskRating.objects.filter(person=person),
        initiatives=Initiative.objects.filter(person=person),
        disciplines=Discipline.objects.filter(person=person),
        pending=PendingCase.objects.filter(person=person),
    )


def unit_history(*, unit: Unit) -> dict:
    history = _history(
        grants=AwardGrant.objects.filter(unit=unit),
        ratings=TaskRating.objects.filter(unit=unit),
        initiatives=Initiative.objects.filter(unit=unit),
        disciplines=Discipline.objects.filter(unit=unit),
        pending=PendingCase.objects.filter(unit=unit),
    )
    history["member_stats"] = list(MemberStatistics.objects.filter(unit=unit))
    history["households"] = list(
        Household.objects.filter(unit=unit).prefetch_related(
            Prefetch("grants", queryset=AwardGrant.objects.select_related("award", "decision"))
        )
    )
    return history


def _history(*, grants, ratings, initiatives, disciplines, pending) -> dict:
    grants = list(
        grants.select_related("award", "decision", "revoked_by").order_by(
            "-year", "award__sort_order"
        )
    )
    ratings = list(ratings)
    years = sorted({g.year for g in grants} | {r.year for r in ratings}, reverse=True)
    by_year = [
        {
            "year": year,
            "grants": [g for g in grants if g.year == year],
            "rating": next((r for r in ratings if r.year == year), None),
        }
        for year in years
    ]
    return {
        "years": by_year,
        "grants": grants,
        "initiatives": list(initiatives.select_related("used_by__award")),
        "disciplines": list(disciplines),
        "pending": list(pending),
    }


def eligibility_input(
    *, award: Award | str, year: int, person: Person | None = None, unit: Unit | None = None
) -> dict:
    """The engine's input object (ELIGIBILITY.md) built from the records of one subject."""
    return eligibility_inputs(subjects=[(award, year, person, unit)])[0]


def eligibility_inputs(
    *,
    subjects: Iterable[tuple[Award | str, int, Person | None, Unit | None]],
    movements: Iterable[dict | None] | None = None,
    bloc_ranks: Iterable[int | None] | None = None,
) -> list[dict]:
    """The engine's input objects of many subjects ``(award, year, person, unit)``, in
    their order: one query per kind of record (six at most), whatever their number, so a
    page listing nominees does not read the records nominee by nominee.

    ``movements``, when given, holds one entry per subject: the engine's ``movement``
    object (``{"name": str, "years": int}``, ELIGIBILITY.md) of the thematic movement the
    nomination comes from, or None. The caller that knows the movement (a dossier's
    linked campaign, in nominations) supplies it: this app does not read movements.

    ``bloc_ranks``, when given, holds one entry per subject: the unit's rank in its
    emulation bloc or cluster (a nominee's ``bloc_rank``), or None. A collective without
    one gets the rank the registered provider knows (``bloc_rank_provider``: the clusters
    app's closed rounds), so a unit's page shows it too."""
    subjects = list(subjects)
    movements = list(movements) if movements is not None else [None] * len(subjects)
    if len(movements) != len(subjects):
        raise ValueError("Give one movement (or None) per subject.")
    for _award, _year, person, unit in subjects:
        if (person is None) == (unit is None):
            raise ValueError("Give exactly one of person and unit.")
    if not subjects:
        return []
    person_ids = {p.pk for _a, _y, p, _u in subjects if p is not None}
    unit_ids = {u.pk for _a, _y, _p, u in subjects if u is not None}
    latest = max(year for _a, year, _p, _u in subjects)
    earliest = min(year for _a, year, _p, _u in subjects) - HISTORY_YEARS
    whose = Q(person_id__in=person_ids) | Q(unit_id__in=unit_ids)

    def by_subject(rows) -> dict[tuple[str, int], list]:
        grouped: dict[tuple[str, int], list] = {}
        for row in rows:
            key = ("person", row.person_id) if row.person_id else ("unit", row.unit_id)
            grouped.setdefault(key, []).append(row)
        return grouped

    ratings = by_subject(
        TaskRating.objects.filter(whose, year__gte=earliest, year__lte=latest).order_by(
            "-year", "id"
        )
    )
    grants = by_subject(
        AwardGrant.objects.filter(whose, year__lte=latest, revoked_on__isnull=True)
        .select_related("award")
        .order_by("year", "id")
    )
    initiatives = by_subject(
        Initiative.objects.filter(whose, year__lte=latest)
        .select_related("used_by__award")
        .order_by("year", "code")
    )
    disciplines = by_subject(Discipline.objects.filter(whose).order_by("starts_on", "id"))
    open_cases = by_subject(PendingCase.objects.filter(whose, closed_on__isnull=True))
    stats: dict[tuple[int, int], MemberStatistics] = {}
    if unit_ids:
        years = {year for _a, year, _p, unit in subjects if unit is not None}
        for row in MemberStatistics.objects.filter(unit_id__in=unit_ids, year__in=years):
            stats.setdefault((row.unit_id, row.year), row)
    inputs = [
        _input(
            award=award,
            year=year,
            person=person,
            unit=unit,
            key=("person", person.pk) if person is not None else ("unit", unit.pk),
            ratings=ratings,
            grants=grants,
            initiatives=initiatives,
            disciplines=disciplines,
            open_cases=open_cases,
            stats=stats,
        )
        for award, year, person, unit in subjects
    ]
    for data, movement in zip(inputs, movements, strict=True):
        if movement is not None:
            data["movement"] = {"name": movement["name"], "years": movement["years"]}
    ranks = list(bloc_ranks) if bloc_ranks is not None else [None] * len(subjects)
    if len(ranks) != len(subjects):
        raise ValueError("Give one bloc rank (or None) per subject.")
    unranked = [
        (unit.pk, year)
        for (award, year, _p, unit), rank in zip(subjects, ranks, strict=True)
        if unit is not None and rank is None and _code(award) in BLOC_RANK_AWARDS
    ]
    known = _provided_bloc_ranks(unranked) if unranked and _bloc_rank_providers else {}
    for data, rank, (_a, year, _p, unit) in zip(inputs, ranks, subjects, strict=True):
        if rank is None and unit is not None:
            rank = known.get((unit.pk, year))
        data["bloc_rank"] = rank
    return inputs


# The awards whose rules read the rank in the bloc (the provincial flag goes to the leading
# unit of a bloc, Law Art 26(1)): only their subjects ask the provider.
BLOC_RANK_AWARDS = frozenset({"CO_TINH"})


def _code(award) -> str:
    return award.code if isinstance(award, Award) else award


# A later app (clusters) tells each unit's rank in its bloc of a year: ``provider(
# unit_ids=..., year=...) -> {unit_id: rank}``, registered in its ``AppConfig.ready()``.
_bloc_rank_providers: list = []


def bloc_rank_provider(provider):
    if provider not in _bloc_rank_providers:
        _bloc_rank_providers.append(provider)
    return provider


def _provided_bloc_ranks(pairs: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    by_year: dict[int, set[int]] = {}
    for unit_id, year in pairs:
        by_year.setdefault(year, set()).add(unit_id)
    known: dict[tuple[int, int], int] = {}
    for year, unit_ids in by_year.items():
        for provider in _bloc_rank_providers:
            for unit_id, rank in provider(unit_ids=unit_ids, year=year).items():
                if rank is not None:
                    known.setdefault((unit_id, year), rank)
    return known


def _input(
    *, award, year, person, unit, key, ratings, grants, initiatives, disciplines, open_cases, stats
) -> dict:
    """One subject's input object from the records read for the whole batch."""
    code = award.code if isinstance(award, Award) else award
    since = year - HISTORY_YEARS
    if person is not None:
        subject = {"kind": "individual", "gender": "F" if person.gender == "female" else "M"}
    else:
        subject = {"kind": "collective"}
    cases = {c.kind for c in open_cases.get(key, [])}
    members = None
    if unit is not None:
        row = stats.get((unit.pk, year))
        if row is not None:
            members = {
                "total": row.total,
                "ldtt": row.ldtt,
                "completed_tasks": row.completed_tasks,
                "cstdcs": row.cstdcs,
                "disciplined_warning_or_above": row.disciplined_warning_or_above,
            }
    return {
        "award": code,
        "year": year,
        "subject": subject,
        "ratings": {str(r.year): r.rating for r in ratings.get(key, []) if since <= r.year <= year},
        "titles": [
            {"code": g.award.code, "year": g.year, "kind": g.kind}
            for g in grants.get(key, [])
            if g.year <= year
        ],
        "initiatives": [
            {
                "id": i.code,
                "year": i.year,
                "level": i.level,
                "used_by": i.used_by.award.code if i.used_by_id else None,
            }
            for i in initiatives.get(key, [])
            if i.year <= year
        ],
        "discipline": [
            {
                "level": d.level,
                "from": d.starts_on.isoformat(),
                "to": d.ends_on.isoformat() if d.ends_on else None,
            }
            for d in disciplines.get(key, [])
        ],
        "pending": {
            "investigation": "investigation" in cases,
            "complaint": "complaint" in cases,
        },
        "members": members,
        "bloc_rank": None,
    }


def quota_list(*, user: User, year: int | None = None) -> QuerySet[Quota]:
    """Quotas with a live count of the awards granted under each (the unit and its
    sub-units, that award, that year), within what the user may see. Proposals in
    dossiers join the count when the nominations app exists."""
    visible_units = unit_list_visible(user=user).values("pk")
    quotas = Quota.objects.filter(unit__in=visible_units).select_related("unit", "award")
    if year:
        quotas = quotas.filter(year=year)
    granted = (
        AwardGrant.objects.filter(
            award=OuterRef("award"),
            year=OuterRef("year"),
            unit_scope__path__startswith=OuterRef("unit__path"),
            revoked_on__isnull=True,  # a revoked award frees its place (awards.revocation)
        )
        .order_by()
        .values("award")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return quotas.annotate(granted=Coalesce(Subquery(granted), 0)).annotate(
        remaining=F("limit") - F("granted")
    )
