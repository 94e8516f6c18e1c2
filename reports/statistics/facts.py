"""The facts each statistics form counts, read in grouped queries.

A source gives ``[(facts, count), …]``: the facts of a group of records (a dict of short
values a definition's ``where`` tests) and how many records share them. Grouping in the
database keeps the forms fast on a million archived awards: the groups are as many as the
distinct combinations, not the records.

- ``award_grants``: the archive's awards of the year — decided in the year (the decision's
  date), or of that year when no decision is recorded (legacy rows) — never a revoked one
  (``awards.revocation``). Facts: ``award_code``, ``award_level``, ``award_category``,
  ``authority``, ``subject`` (individual / collective / household), ``recipient_class``
  (the recorded class, else derived on the fly by ``awards.recipients``, else
  ``unclassified``), ``kind`` (the kind of commendation), ``gender``, ``minority``.
- ``movements``: the movements running in the year (a draft never counts), as the
  campaigns' own form 0601 (``reports.kinds_campaigns``) counts them. Facts:
  ``launch_level``, ``scope``, ``duration``, ``kind``.
- ``units``: the active units. Facts: ``unit_kind``, ``has_staff`` (a unit staff role is
  assigned in the portal).
- ``emulation_staff``: the people holding the emulation work in the portal — the
  secretariat and each unit's staff role — on 31/12 of the year. Facts: ``level``
  (province / department / commune / other), ``gender``, ``age`` (bucket).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, Value, When

from awards.models import AwardGrant, SubjectKind
from awards.recipients import derive_recipient_class
from campaigns.models import Movement, MovementState
from campaigns.models.movements import duration_bucket
from units.models import COMMUNE_LEVEL_KINDS, Role, RoleAssignment, Unit, UnitKind

UNCLASSIFIED = "unclassified"
MAJORITY_ETHNICITY = "kinh"

Facts = list[tuple[dict, int]]


def grants_of_year(year: int):
    """The archive rows a form of ``year`` counts (also the list a figure links to)."""
    return AwardGrant.objects.filter(
        Q(decision__issued_on__year=year) | Q(decision__isnull=True, year=year),
        revoked_on__isnull=True,
    )


SUBJECT = Case(
    When(person__isnull=False, then=Value(SubjectKind.INDIVIDUAL.value)),
    When(unit__isnull=False, then=Value(SubjectKind.COLLECTIVE.value)),
    default=Value(SubjectKind.HOUSEHOLD.value),
    output_field=CharField(),
)


def award_grant_facts(year: int) -> Facts:
    groups = (
        grants_of_year(year)
        .annotate(subject=SUBJECT)
        .values(
            "award__code",
            "award__level",
            "award__category",
            "award__authority",
            "kind",
            "recipient_class",
            "person__position",
            "person__is_direct_worker",
            "person__is_manager",
            "person__gender",
            "person__ethnicity",
            "unit__kind",
            "subject",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    facts: Facts = []
    for row in groups:
        subject = row["subject"]
        recipient_class = row["recipient_class"] or derive_recipient_class(
            subject_kind=subject,
            position=row["person__position"] or "",
            unit_kind=row["unit__kind"] or "",
            is_direct_worker=bool(row["person__is_direct_worker"]),
            is_manager=bool(row["person__is_manager"]),
        )
        ethnicity = (row["person__ethnicity"] or "").strip().casefold()
        facts.append(
            (
                {
                    "award_code": row["award__code"],
                    "award_level": row["award__level"],
                    "award_category": row["award__category"],
                    "authority": row["award__authority"],
                    "kind": row["kind"],
                    "subject": subject,
                    "recipient_class": recipient_class or UNCLASSIFIED,
                    "gender": row["person__gender"] or "",
                    "minority": "yes" if ethnicity and ethnicity != MAJORITY_ETHNICITY else "no",
                },
                row["n"],
            )
        )
    return facts


def movement_facts(year: int) -> Facts:
    movements = (
        Movement.objects.exclude(state=MovementState.DRAFT)
        .filter(start_date__lte=date(year, 12, 31), end_date__gte=date(year, 1, 1))
        .values("launch_level", "scope", "kind", "start_date", "end_date")
    )
    counts: dict[tuple, int] = {}
    for m in movements:
        key = (
            m["launch_level"],
            m["scope"],
            m["kind"],
            duration_bucket(m["start_date"], m["end_date"]),
        )
        counts[key] = counts.get(key, 0) + 1
    return [
        ({"launch_level": a, "scope": b, "kind": c, "duration": d}, n)
        for (a, b, c, d), n in counts.items()
    ]


def unit_facts(year: int) -> Facts:
    staffed = RoleAssignment.objects.filter(role=Role.UNIT_STAFF, unit=OuterRef("pk"))
    groups = (
        Unit.objects.filter(is_active=True)
        .annotate(staffed=Exists(staffed))
        .values("kind", "staffed")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        ({"unit_kind": g["kind"], "has_staff": "yes" if g["staffed"] else "no"}, g["n"])
        for g in groups
    ]


def _level(role: str, unit_kind: str | None) -> str:
    if role == Role.SECRETARIAT:
        return "province"
    if unit_kind in COMMUNE_LEVEL_KINDS or unit_kind == UnitKind.VILLAGE:
        return "commune"
    if unit_kind in (UnitKind.DEPARTMENT, UnitKind.PARTY_MASS, UnitKind.CENTRAL_AGENCY):
        return "department"
    return "other"


def _age_bucket(birth_year: int | None, birth_date: date | None, year: int) -> str:
    born = birth_date.year if birth_date else birth_year
    if not born:
        return "unknown"
    age = year - born
    if age < 30:
        return "lt30"
    if age < 40:
        return "30to39"
    if age < 50:
        return "40to49"
    return "ge50"


def emulation_staff_facts(year: int) -> Facts:
    """One count per person (a person with two roles counts once, at the higher level)."""
    end = date(year, 12, 31)
    roles = (
        RoleAssignment.objects.filter(role__in=(Role.SECRETARIAT, Role.UNIT_STAFF))
        .filter(Q(term_start__isnull=True) | Q(term_start__lte=end))
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=date(year, 1, 1)))
        .filter(user__is_active=True)
        .values(
            "user_id",
            "role",
            "unit__kind",
            "user__person__gender",
            "user__person__birth_year",
            "user__person__birth_date",
        )
        .order_by("user_id", "role")
    )
    order = {"province": 0, "department": 1, "commune": 2, "other": 3}
    people: dict[int, dict] = {}
    for r in roles:
        facts = {
            "level": _level(r["role"], r["unit__kind"]),
            "gender": r["user__person__gender"] or "",
            "age": _age_bucket(r["user__person__birth_year"], r["user__person__birth_date"], year),
        }
        known = people.get(r["user_id"])
        if known is None or order[facts["level"]] < order[known["level"]]:
            people[r["user_id"]] = facts
    counts: dict[tuple, int] = {}
    for facts in people.values():
        key = tuple(sorted(facts.items()))
        counts[key] = counts.get(key, 0) + 1
    return [(dict(key), n) for key, n in counts.items()]


SOURCES = {
    "award_grants": award_grant_facts,
    "movements": movement_facts,
    "units": unit_facts,
    "emulation_staff": emulation_staff_facts,
}
