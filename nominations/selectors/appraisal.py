"""Reads of the secretariat's appraisal (thẩm định): the queue of received dossiers with
their age against the time limit, and the conflicts found among a dossier's nominees.

Both answer in a constant number of queries: the queue's working-day figures read the
holiday calendar once for the whole page, and the conflicts read each kind of record once
for all the nominees of the dossier.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import AwardCategory, Discipline, Initiative, PendingCase
from notifications.models import Holiday
from units.search import normalize

from ..models import QUEUE_STATES, Dossier, DossierState, Nominee, NomineeOutcome

# --- The queue ---------------------------------------------------------------------------


def appraisal_queue(*, filters: dict | None = None) -> QuerySet[Dossier]:
    """Dossiers waiting for the secretariat (submitted or in appraisal), with their unit
    and nominee count, the most urgent first (due date, then date received).

    ``filters``: ``kind`` (a CommendationKind), ``unit`` (text in the unit's name or code,
    accent-insensitive), ``state`` (one of the queue states), ``overdue`` (true: only
    those whose time limit has passed), ``today`` (for the overdue filter; default today).
    """
    filters = filters or {}
    # Counted per page row by a correlated subquery, not by a GROUP BY over the queue.
    per_dossier = (
        Nominee.objects.filter(dossier=OuterRef("pk"))
        .order_by()
        .values("dossier")
        .annotate(n=Count("pk"))
        .values("n")
    )
    dossiers = (
        Dossier.objects.filter(state__in=QUEUE_STATES)
        .select_related("unit", "reviewer")
        .annotate(nominee_count=Coalesce(Subquery(per_dossier), 0))
        .order_by(
            F("appraisal_due_on").asc(nulls_last=True),
            F("received_on").asc(nulls_last=True),
            "id",
        )
    )
    if kind := filters.get("kind"):
        dossiers = dossiers.filter(kind=kind)
    if (state := filters.get("state")) and state in QUEUE_STATES:
        dossiers = dossiers.filter(state=state)
    if text := (filters.get("unit") or "").strip():
        folded = normalize(text)
        dossiers = dossiers.filter(
            Q(unit__search_name__contains=folded)
            | Q(unit__code__icontains=folded.replace(" ", "-"))
        )
    if filters.get("overdue"):
        today = filters.get("today") or timezone.localdate()
        dossiers = dossiers.filter(appraisal_due_on__lt=today)
    return dossiers


class WorkingDayCounter:
    """Working days (Monday to Friday, not a holiday) over one range of dates, from a
    single read of the holiday calendar: ``between(a, b)`` counts the working days ``d``
    with ``a < d <= b`` (negative when ``b < a``), as ``notifications.deadlines`` does."""

    def __init__(self, start: date, end: date):
        self.start = start
        holidays = set(
            Holiday.objects.filter(day__range=(start, end)).values_list("day", flat=True)
        )
        # cumulative[i]: working days in (start, start + i]
        self.cumulative = [0]
        for offset in range(1, (end - start).days + 1):
            day = start + timedelta(offset)
            working = day.weekday() < 5 and day not in holidays
            self.cumulative.append(self.cumulative[-1] + int(working))

    def _upto(self, day: date) -> int:
        return self.cumulative[(day - self.start).days]

    def between(self, a: date, b: date) -> int:
        return self._upto(b) - self._upto(a)


def queue_timing(*, dossiers: Iterable[Dossier], today: date | None = None) -> list[Dossier]:
    """Set on each dossier of a page ``age_days`` (working days since it was received),
    ``days_left`` (working days to its appraisal time limit, negative once passed) and
    ``is_overdue`` (today is after the time limit) with ``days_late``. One holiday query for
    the page."""
    today = today or timezone.localdate()
    rows = list(dossiers)
    days = [today]
    for dossier in rows:
        days += [d for d in (dossier.received_on, dossier.appraisal_due_on) if d]
    counter = WorkingDayCounter(min(days), max(days)) if rows else None
    for dossier in rows:
        received, due = dossier.received_on, dossier.appraisal_due_on
        dossier.age_days = counter.between(received, today) if received else None
        dossier.days_left = counter.between(today, due) if due else None
        dossier.is_overdue = bool(due and today > due)
        dossier.days_late = max(-dossier.days_left, 0) if dossier.is_overdue else 0
    return rows


# --- Conflicts -----------------------------------------------------------------------------


class ConflictKind:
    OTHER_UNIT = "other_unit"
    SAME_AWARD_TWICE = "same_award_twice"
    TWO_FORMS = "two_forms"
    INITIATIVE_USED = "initiative_used"
    BLOCKED = "blocked"


# How many years (ending with the award year) each award's rule reads initiatives from
# (awards/eligibility/rules.py); other awards read none, so they look at the award year.
INITIATIVE_YEARS = {"CSTDCS": 1, "CSTD_TINH": 3, "CSTD_TQ": 6, "BK_TINH": 2}

# Dossiers whose nominations still stand: not withdrawn, not rejected, and sent (a draft
# is no nomination yet, and the secretariat does not see drafts).
_DEAD_STATES = (DossierState.DRAFT, DossierState.WITHDRAWN, DossierState.REJECTED)
_DEAD_OUTCOMES = (NomineeOutcome.NOT_APPROVED, NomineeOutcome.FAILED)


@dataclass(frozen=True)
class Conflict:
    """One finding about a nominee: what ``kind`` of conflict, a clerk-readable
    ``message``, and the other nomination (dossier, unit) when there is one."""

    nominee: Nominee
    kind: str
    message: str
    other_dossier: Dossier | None = None
    other_unit_name: str = ""

    @property
    def label(self) -> str:
        return {
            ConflictKind.OTHER_UNIT: _("Nominated by another unit"),
            ConflictKind.SAME_AWARD_TWICE: _("Nominated twice for the same award"),
            ConflictKind.TWO_FORMS: _("Two forms in one year"),
            ConflictKind.INITIATIVE_USED: _("Initiative already used"),
            ConflictKind.BLOCKED: _("Under a block"),
        }[self.kind]


def _subject_key(obj) -> tuple[str, int] | None:
    """("person", id), ("unit", id) or ("household", id) of a nominee, or the subject of
    a record (a discipline, a pending case, an initiative)."""
    if isinstance(obj, Nominee):
        if obj.person_id:
            return ("person", obj.person_id)
        if obj.collective_id:
            return ("unit", obj.collective_id)
        return ("household", obj.household_id) if obj.household_id else None
    return ("person", obj.person_id) if obj.person_id else ("unit", obj.unit_id)


def _subject_filter(nominees: list[Nominee], *, unit_field: str) -> Q:
    people = [n.person_id for n in nominees if n.person_id]
    units = [n.collective_id for n in nominees if n.collective_id]
    query = Q(pk__in=[])
    if people:
        query |= Q(person_id__in=people)
    if units:
        query |= Q(**{f"{unit_field}_id__in": units})
    return query


def nominee_blocks(*, nominees: list[Nominee], today: date | None = None) -> dict[int, list[str]]:
    """What blocks each nominee now: a running discipline (no end, or ending today or
    later) or an open investigation or complaint. ``{nominee id: [descriptions]}``, only
    for blocked nominees; two queries whatever the number of nominees."""
    today = today or timezone.localdate()
    records = [n for n in nominees if n.person_id or n.collective_id]
    if not records:
        return {}
    by_subject: dict[tuple, list[Nominee]] = {}
    for nominee in records:
        by_subject.setdefault(_subject_key(nominee), []).append(nominee)
    subjects = _subject_filter(records, unit_field="unit")
    found: dict[int, list[str]] = {}
    disciplines = Discipline.objects.filter(subjects, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    for record in disciplines.order_by("starts_on", "id"):
        if record.ends_on:
            text = _("discipline (%(level)s) from %(start)s to %(end)s") % {
                "level": record.get_level_display().lower(),
                "start": f"{record.starts_on:%d/%m/%Y}",
                "end": f"{record.ends_on:%d/%m/%Y}",
            }
        else:
            text = _("discipline (%(level)s) from %(start)s, still running") % {
                "level": record.get_level_display().lower(),
                "start": f"{record.starts_on:%d/%m/%Y}",
            }
        for nominee in by_subject.get(_subject_key(record), []):
            found.setdefault(nominee.pk, []).append(text)
    cases = PendingCase.objects.filter(subjects, closed_on__isnull=True)
    for case in cases.order_by("opened_on", "id"):
        text = _("%(kind)s (since %(date)s)") % {
            "kind": case.get_kind_display().lower(),
            "date": f"{case.opened_on:%d/%m/%Y}",
        }
        for nominee in by_subject.get(_subject_key(case), []):
            found.setdefault(nominee.pk, []).append(text)
    return found


def dossier_nominees(*, dossier: Dossier) -> list[Nominee]:
    """The nominees of a dossier with what the appraisal page and the checks read."""
    return list(
        dossier.nominees.select_related("award", "person", "collective", "household").order_by(
            "sort_order", "id"
        )
    )


def dossier_conflicts(
    *, dossier: Dossier, nominees: list[Nominee] | None = None, today: date | None = None
) -> list[Conflict]:
    """The conflicts found for a dossier's nominees (at most five queries):

    - the same person or collective nominated in the same year by another unit's dossier
      still standing (sent, not withdrawn, not rejected, the nominee not refused);
    - the same subject nominated for the same award and year by the same unit in another
      of its standing dossiers (one dossier cannot hold it twice: a constraint);
    - the same person or collective nominated for two forms of commendation in one year,
      in this or any other standing dossier;
    - an initiative of the nominee, within the years the award's rule reads, already used
      by another award (Official Letter 5007/BNV-TĐKT);
    - a nominee under a block: a running discipline, an open investigation or complaint.
    """
    nominees = dossier_nominees(dossier=dossier) if nominees is None else nominees
    if not nominees:
        return []
    findings: list[Conflict] = []
    keyed = [n for n in nominees if _subject_key(n)]
    by_subject: dict[tuple, list[Nominee]] = {}
    for nominee in keyed:
        by_subject.setdefault(_subject_key(nominee), []).append(nominee)

    # Other nominations of the same subjects in the same year (one query).
    people = [n.person_id for n in keyed if n.person_id]
    units = [n.collective_id for n in keyed if n.collective_id]
    households = [n.household_id for n in keyed if n.household_id]
    same_subject = Q(person_id__in=people) | Q(collective_id__in=units)
    same_subject |= Q(household_id__in=households)
    others = (
        Nominee.objects.filter(same_subject, dossier__year=dossier.year)
        .exclude(pk__in=[n.pk for n in nominees])
        .exclude(Q(dossier__state__in=_DEAD_STATES) | Q(outcome__in=_DEAD_OUTCOMES))
        .select_related("award", "dossier__unit")
        .order_by("dossier_id", "id")
    )
    for other in others:
        for nominee in by_subject.get(_subject_key(other), []):
            other_dossier = other.dossier
            if other_dossier.unit_id != dossier.unit_id:
                findings.append(
                    Conflict(
                        nominee=nominee,
                        kind=ConflictKind.OTHER_UNIT,
                        message=_(
                            "%(name)s is also nominated for %(award)s in %(year)s by"
                            " %(unit)s (dossier “%(title)s”)."
                        )
                        % {
                            "name": nominee.display_name,
                            "award": other.award.name,
                            "year": dossier.year,
                            "unit": other_dossier.unit.label,
                            "title": other_dossier.title,
                        },
                        other_dossier=other_dossier,
                        other_unit_name=other_dossier.unit.label,
                    )
                )
            elif other.award_id == nominee.award_id:
                findings.append(_twice_finding(nominee, other, dossier.year))
            if _two_forms(nominee, other):
                findings.append(_two_forms_finding(nominee, other, dossier.year))
    # Two forms inside this dossier.
    for nominee in keyed:
        for other in by_subject[_subject_key(nominee)]:
            if other.pk != nominee.pk and _two_forms(nominee, other):
                findings.append(_two_forms_finding(nominee, other, dossier.year))

    findings += _initiative_findings(dossier, keyed, by_subject)

    blocks = nominee_blocks(nominees=nominees, today=today)
    for nominee in nominees:
        for text in blocks.get(nominee.pk, []):
            findings.append(
                Conflict(
                    nominee=nominee,
                    kind=ConflictKind.BLOCKED,
                    message=_("%(name)s is under a block: %(block)s.")
                    % {"name": nominee.display_name, "block": text},
                )
            )
    order = {n.pk: i for i, n in enumerate(nominees)}
    kinds = [
        ConflictKind.BLOCKED,
        ConflictKind.SAME_AWARD_TWICE,
        ConflictKind.OTHER_UNIT,
        ConflictKind.TWO_FORMS,
        ConflictKind.INITIATIVE_USED,
    ]
    findings.sort(key=lambda f: (order[f.nominee.pk], kinds.index(f.kind)))
    return findings


def same_award_elsewhere(*, dossier: Dossier, nominees: list[Nominee]) -> list[Nominee]:
    """The standing nominations, in other dossiers of the same unit and year, of the
    same subjects for the same awards as ``nominees``: what submission refuses (one
    dossier cannot hold a subject twice for one award, a database constraint says so).
    One query; each found nominee carries its ``dossier`` and ``award``."""
    keyed = [n for n in nominees if _subject_key(n)]
    if not keyed:
        return []
    wanted = {(_subject_key(n), n.award_id) for n in keyed}
    same_subject = Q(person_id__in=[n.person_id for n in keyed if n.person_id])
    same_subject |= Q(collective_id__in=[n.collective_id for n in keyed if n.collective_id])
    same_subject |= Q(household_id__in=[n.household_id for n in keyed if n.household_id])
    others = (
        Nominee.objects.filter(
            same_subject,
            award_id__in={n.award_id for n in keyed},
            dossier__unit_id=dossier.unit_id,
            dossier__year=dossier.year,
        )
        .exclude(dossier_id=dossier.pk)
        .exclude(Q(dossier__state__in=_DEAD_STATES) | Q(outcome__in=_DEAD_OUTCOMES))
        .select_related("award", "dossier__unit")
        .order_by("dossier_id", "id")
    )
    return [o for o in others if (_subject_key(o), o.award_id) in wanted]


def _twice_finding(nominee: Nominee, other: Nominee, year: int) -> Conflict:
    other_dossier = other.dossier
    return Conflict(
        nominee=nominee,
        kind=ConflictKind.SAME_AWARD_TWICE,
        message=_(
            "%(name)s is also nominated for %(award)s in %(year)s by the same unit, in the"
            " dossier “%(title)s”."
        )
        % {
            "name": nominee.display_name,
            "award": nominee.award.name,
            "year": year,
            "title": other_dossier.title,
        },
        other_dossier=other_dossier,
        other_unit_name=other_dossier.unit.label,
    )


def _two_forms(nominee: Nominee, other: Nominee) -> bool:
    return (
        nominee.award_id != other.award_id
        and nominee.award.category == AwardCategory.FORM
        and other.award.category == AwardCategory.FORM
    )


def _two_forms_finding(nominee: Nominee, other: Nominee, year: int) -> Conflict:
    other_dossier = other.dossier
    return Conflict(
        nominee=nominee,
        kind=ConflictKind.TWO_FORMS,
        message=_(
            "%(name)s is nominated for two forms in %(year)s: %(award)s here and"
            " %(other)s in the dossier “%(title)s” of %(unit)s."
        )
        % {
            "name": nominee.display_name,
            "year": year,
            "award": nominee.award.name,
            "other": other.award.name,
            "title": other_dossier.title,
            "unit": other_dossier.unit.label,
        },
        other_dossier=other_dossier,
        other_unit_name=other_dossier.unit.label,
    )


def _initiative_findings(
    dossier: Dossier, keyed: list[Nominee], by_subject: dict[tuple, list[Nominee]]
) -> list[Conflict]:
    records = [n for n in keyed if n.person_id or n.collective_id]
    if not records:
        return []
    years = [INITIATIVE_YEARS.get(n.award.code, 1) for n in records]
    initiatives = Initiative.objects.filter(
        _subject_filter(records, unit_field="unit"),
        used_by__isnull=False,
        year__gte=dossier.year - max(years) + 1,
        year__lte=dossier.year,
    ).select_related("used_by__award", "used_by__decision")
    findings = []
    for initiative in initiatives.order_by("year", "code"):
        grant = initiative.used_by
        for nominee in by_subject.get(_subject_key(initiative), []):
            window = INITIATIVE_YEARS.get(nominee.award.code, 1)
            if initiative.year <= dossier.year - window:
                continue
            if grant.award_id == nominee.award_id or grant.pk == nominee.grant_id:
                continue  # the same award: a re-evaluation of this very proposal
            findings.append(
                Conflict(
                    nominee=nominee,
                    kind=ConflictKind.INITIATIVE_USED,
                    message=_(
                        "The initiative %(code)s “%(title)s” (%(year)s) of %(name)s was"
                        " already used for %(award)s (%(grant_year)s)."
                    )
                    % {
                        "code": initiative.code,
                        "title": initiative.title,
                        "year": initiative.year,
                        "name": nominee.display_name,
                        "award": grant.award.name,
                        "grant_year": grant.year,
                    },
                    other_unit_name=grant.recipient_unit_name,
                )
            )
    return findings


# --- The review page ------------------------------------------------------------------------


def dossier_for_appraisal(*, pk: int) -> Dossier:
    """A dossier the secretariat may open on the appraisal page (any state past draft)."""
    return (
        Dossier.objects.exclude(state=DossierState.DRAFT)
        .select_related("unit", "reviewer", "submitted_by", "created_by")
        .get(pk=pk)
    )
