"""Every read of the awards app that decides who sees what, and the engine's input."""

import re

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from units.models import Person, Unit, User
from units.search import normalize
from units.selectors import roles_of, unit_list_visible

from .models import (
    Award,
    AwardGrant,
    Discipline,
    Household,
    Initiative,
    MemberStatistics,
    PendingCase,
    Quota,
    TaskRating,
)

HISTORY_YEARS = 6  # the longest window a rule looks back (CSTĐ toàn quốc: Y-5..Y)


def _subtree(paths: tuple[str, ...], field: str) -> Q:
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{field}__path__startswith": path})
    return query


def grant_list_visible(*, user: User) -> QuerySet[AwardGrant]:
    """Awards the user may see: all for the Council and the secretariat, those of the own
    units' subtrees for unit staff and heads."""
    roles = roles_of(user)
    grants = AwardGrant.objects.select_related("award", "decision")
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


# Certificate codes: what new_verification_code makes, with room for longer ones.
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
    "unit__name",
)


def grant_for_code(code: str) -> AwardGrant | None:
    """The grant a certificate code belongs to; None for an unknown or malformed code
    (checked before any query). Public: loads only PUBLIC_FIELDS."""
    if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code):
        return None
    grants = AwardGrant.objects.select_related("award", "decision", "unit").only(*PUBLIC_FIELDS)
    return grants.filter(verification_code=code).first()


def archive_search(*, queryset: QuerySet[AwardGrant], text: str = "") -> QuerySet[AwardGrant]:
    """Accent-insensitive search of the recipient's name (trigram index on PostgreSQL)."""
    needle = normalize(text)
    if not needle:
        return queryset
    return queryset.filter(search_name__contains=needle)


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
    grants = list(grants.select_related("award", "decision").order_by("-year", "award__sort_order"))
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
    code = award.code if isinstance(award, Award) else award
    if (person is None) == (unit is None):
        raise ValueError("Give exactly one of person and unit.")
    subject_filter = {"person": person} if person else {"unit": unit}
    since = year - HISTORY_YEARS
    if person is not None:
        subject = {"kind": "individual", "gender": "F" if person.gender == "female" else "M"}
    else:
        subject = {"kind": "collective"}
    ratings = {
        str(r.year): r.rating
        for r in TaskRating.objects.filter(**subject_filter, year__gte=since, year__lte=year)
    }
    titles = [
        {"code": g.award.code, "year": g.year, "kind": g.kind}
        for g in AwardGrant.objects.filter(**subject_filter, year__lte=year)
        .select_related("award")
        .order_by("year", "id")
    ]
    initiatives = [
        {
            "id": i.code,
            "year": i.year,
            "level": i.level,
            "used_by": i.used_by.award.code if i.used_by_id else None,
        }
        for i in Initiative.objects.filter(**subject_filter, year__lte=year)
        .select_related("used_by__award")
        .order_by("year", "code")
    ]
    discipline = [
        {
            "level": d.level,
            "from": d.starts_on.isoformat(),
            "to": d.ends_on.isoformat() if d.ends_on else None,
        }
        for d in Discipline.objects.filter(**subject_filter).order_by("starts_on")
    ]
    open_cases = set(
        PendingCase.objects.filter(**subject_filter, closed_on__isnull=True).values_list(
            "kind", flat=True
        )
    )
    members = None
    if unit is not None:
        stats = MemberStatistics.objects.filter(unit=unit, year=year).first()
        if stats is not None:
            members = {
                "total": stats.total,
                "ldtt": stats.ldtt,
                "completed_tasks": stats.completed_tasks,
                "cstdcs": stats.cstdcs,
                "disciplined_warning_or_above": stats.disciplined_warning_or_above,
            }
    return {
        "award": code,
        "year": year,
        "subject": subject,
        "ratings": ratings,
        "titles": titles,
        "initiatives": initiatives,
        "discipline": discipline,
        "pending": {
            "investigation": "investigation" in open_cases,
            "complaint": "complaint" in open_cases,
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
        )
        .order_by()
        .values("award")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return quotas.annotate(granted=Coalesce(Subquery(granted), 0)).annotate(
        remaining=F("limit") - F("granted")
    )
