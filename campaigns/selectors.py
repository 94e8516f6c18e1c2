"""Every read of the campaigns app that decides who sees what, and the computed figures
of reviews and completion (each in a constant number of queries)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from awards.selectors import archive_search, grant_list_visible
from units.models import Role, Unit, UnitKind, User
from units.search import normalize
from units.selectors import roles_of

from .models import (
    AREA_FLAGS,
    Exemplar,
    Movement,
    MovementState,
    ParticipantsRule,
    Progress,
    RegisteredTarget,
    Registration,
    RegistrationState,
)

# Units that register: not the Council, the People's Committee, sub-units or villages.
REGISTERING_KINDS = [
    k
    for k in UnitKind.values
    if k not in (UnitKind.COUNCIL, UnitKind.PEOPLES_COMMITTEE, UnitKind.SUB_UNIT, UnitKind.VILLAGE)
]


def _unit_scope(user: User, prefix: str = "unit__") -> Q | None:
    """None: the whole province; otherwise the user's units and below."""
    roles = roles_of(user)
    if roles.has(Role.SECRETARIAT, Role.CHAIRMAN, Role.COUNCIL_MEMBER, Role.ADMINISTRATOR):
        return None
    query = Q(pk__in=[])
    for path in roles.unit_paths:
        query |= Q(**{f"{prefix}path__startswith": path})
    return query


# --- Movements -----------------------------------------------------------------------------


def movement_list_visible(*, user: User) -> QuerySet[Movement]:
    """Launched movements for every signed-in user; drafts to their authors' side (the
    secretariat, or the launching unit)."""
    movements = Movement.objects.select_related("launching_unit")
    roles = roles_of(user)
    if roles.has(Role.SECRETARIAT):
        return movements
    query = ~Q(state=MovementState.DRAFT)
    for path in roles.unit_paths:
        query |= Q(launching_unit__path__startswith=path)
    return movements.filter(query)


def movement_search(*, queryset: QuerySet[Movement], text: str) -> QuerySet[Movement]:
    folded = normalize(text)
    if not folded:
        return queryset
    return queryset.filter(Q(search_name__contains=folded) | Q(code__icontains=folded))


def participating_units(*, movement: Movement) -> QuerySet[Unit]:
    """The units the movement asks to take part, by its participants rule."""
    units = Unit.objects.filter(is_active=True, kind__in=REGISTERING_KINDS)
    rule = movement.participants_rule
    if rule == ParticipantsRule.KINDS:
        return units.filter(kind__in=movement.participant_kinds or [])
    if rule == ParticipantsRule.AREA_FLAGS:
        query = Q(pk__in=[])
        for flag in movement.participant_flags or []:
            if flag in AREA_FLAGS:
                query |= Q(**{flag: True})
        return units.filter(query)
    if rule == ParticipantsRule.LIST:
        return Unit.objects.filter(pk__in=movement.participant_units.values("pk"), is_active=True)
    if rule == ParticipantsRule.ALL:
        return units
    return units.none()


def movements_open_for(*, unit: Unit, year: int) -> list[Movement]:
    """Launched movements running in ``year`` that ``unit`` may join."""
    movements = Movement.objects.filter(
        state__in=(
            MovementState.LAUNCHED,
            MovementState.IN_PROGRESS,
            MovementState.MIDTERM_REVIEWED,
        ),
        start_date__year__lte=year,
        end_date__year__gte=year,
    ).prefetch_related("participant_units")
    return [m for m in movements if participating_units(movement=m).filter(pk=unit.pk).exists()]


# --- Registrations -------------------------------------------------------------------------


def registration_list_visible(*, user: User) -> QuerySet[Registration]:
    """The own units' registrations for staff and heads; every one past draft for the
    secretariat; those joining a unit's own movement for that launching unit."""
    registrations = Registration.objects.select_related("unit")
    roles = roles_of(user)
    query = Q(pk__in=[])
    if roles.has(Role.SECRETARIAT, Role.CHAIRMAN):
        query |= ~Q(state=RegistrationState.DRAFT)
    for path in roles.unit_paths:
        query |= Q(unit__path__startswith=path)
        query |= Q(movements__launching_unit__path__startswith=path) & ~Q(
            state=RegistrationState.DRAFT
        )
    return registrations.filter(pk__in=Registration.objects.filter(query).values("pk"))


def registration_detail(*, registration: Registration) -> Registration:
    return (
        Registration.objects.select_related("unit")
        .prefetch_related(
            "movements",
            Prefetch(
                "targets",
                queryset=RegisteredTarget.objects.select_related("movement", "target").order_by(
                    "movement__name", "id"
                ),
            ),
            "titles__award",
            "titles__person",
            "returns__created_by",
        )
        .get(pk=registration.pk)
    )


@dataclass
class CompletionRow:
    unit: Unit
    state: str = ""
    label: str = ""
    registration_id: int | None = None


@dataclass
class Completion:
    rows: list[CompletionRow]
    by_kind: list[tuple[str, int, int]] = field(default_factory=list)
    by_flag: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(
            1
            for r in self.rows
            if r.state in (RegistrationState.SUBMITTED, RegistrationState.ACCEPTED)
        )

    @property
    def laggards(self) -> list[CompletionRow]:
        return [r for r in self.rows if r.state in ("", RegistrationState.DRAFT)]


def registration_completion(*, year: int, filters: dict | None = None) -> Completion:
    """Every registering unit with the state of its registration for ``year``, and the
    counts by kind and area flag: one query whatever the number of units."""
    filters = filters or {}
    units = Unit.objects.filter(is_active=True, kind__in=REGISTERING_KINDS)
    if filters.get("kind"):
        units = units.filter(kind=filters["kind"])
    if filters.get("flag") in AREA_FLAGS:
        units = units.filter(**{filters["flag"]: True})
    registration = Registration.objects.filter(unit=OuterRef("pk"), year=year)
    units = units.annotate(
        reg_state=Subquery(registration.values("state")[:1]),
        reg_id=Subquery(registration.values("pk")[:1]),
    ).order_by("kind", "path")
    labels = dict(RegistrationState.choices)
    rows = [
        CompletionRow(
            unit=u,
            state=u.reg_state or "",
            label=str(labels.get(u.reg_state, "")),
            registration_id=u.reg_id,
        )
        for u in units
    ]
    kinds = dict(UnitKind.choices)
    by_kind: dict[str, list[int]] = {}
    by_flag: dict[str, list[int]] = {}
    for row in rows:
        done = row.state in (RegistrationState.SUBMITTED, RegistrationState.ACCEPTED)
        entry = by_kind.setdefault(str(kinds[row.unit.kind]), [0, 0])
        entry[0] += 1
        entry[1] += done
        for flag, label in AREA_FLAGS.items():
            if getattr(row.unit, flag):
                entry = by_flag.setdefault(str(label), [0, 0])
                entry[0] += 1
                entry[1] += done
    return Completion(
        rows=rows,
        by_kind=[(k, v[0], v[1]) for k, v in by_kind.items()],
        by_flag=[(k, v[0], v[1]) for k, v in by_flag.items()],
    )


# --- Figures of a review -------------------------------------------------------------------


@dataclass
class TargetFigure:
    content: str
    measure: str
    plan: Decimal
    actual: Decimal | None

    @property
    def percent(self) -> Decimal | None:
        if self.actual is None or not self.plan:
            return None
        return (self.actual * 100 / self.plan).quantize(Decimal("0.1"))

    @property
    def achieved(self) -> bool:
        return self.actual is not None and self.actual >= self.plan


@dataclass
class UnitFigures:
    unit: Unit
    registration_id: int
    targets: list[TargetFigure]

    @property
    def achieved(self) -> int:
        return sum(1 for t in self.targets if t.achieved)

    @property
    def percent(self) -> Decimal | None:
        """The mean of the targets' percentages (capped at none: over-achievement shows)."""
        values = [t.percent for t in self.targets if t.percent is not None]
        if not values:
            return None
        return (sum(values) / len(values)).quantize(Decimal("0.1"))


@dataclass
class MovementFigures:
    units: list[UnitFigures]
    by_target: list[TargetFigure]

    @property
    def target_count(self) -> int:
        return sum(len(u.targets) for u in self.units)

    @property
    def achieved_count(self) -> int:
        return sum(u.achieved for u in self.units)


def movement_figures(
    *, movement: Movement, unit_paths: tuple[str, ...] | None = None, year: int | None = None
):
    """Plan, actual and % done per registered target and unit, and summed per movement
    target (targets of the same content and measure), from the latest actual of each
    registered target, over the registrations of ``year`` (every year when None). Two
    queries whatever the number of units."""
    latest = Progress.objects.filter(target=OuterRef("pk")).order_by("-reported_on", "-id")
    targets = (
        RegisteredTarget.objects.filter(movement=movement)
        .exclude(registration__state=RegistrationState.DRAFT)
        .select_related("registration__unit", "target")
        .annotate(actual=Subquery(latest.values("actual_value")[:1]))
        .order_by("registration__unit__path", "id")
    )
    if year is not None:
        targets = targets.filter(registration__year=year)
    if unit_paths is not None:
        query = Q(pk__in=[])
        for path in unit_paths:
            query |= Q(registration__unit__path__startswith=path)
        targets = targets.filter(query)
    units: dict[int, UnitFigures] = {}
    sums: dict[tuple[str, str], TargetFigure] = {}
    for target in targets:
        figure = TargetFigure(target.content, target.measure, target.plan_value, target.actual)
        unit = target.registration.unit
        units.setdefault(
            unit.pk, UnitFigures(unit=unit, registration_id=target.registration_id, targets=[])
        ).targets.append(figure)
        key = (
            target.target.content if target.target_id else target.content,
            target.measure,
        )
        total = sums.setdefault(key, TargetFigure(key[0], key[1], Decimal(0), None))
        total.plan += target.plan_value
        if target.actual is not None:
            total.actual = (total.actual or Decimal(0)) + target.actual
    return MovementFigures(units=list(units.values()), by_target=list(sums.values()))


# --- Exemplars -----------------------------------------------------------------------------


def exemplar_list_visible(*, user: User) -> QuerySet[Exemplar]:
    exemplars = Exemplar.objects.select_related("unit", "commune", "movement")
    scope = _unit_scope(user)
    if scope is None:
        return exemplars if roles_of(user).has(Role.SECRETARIAT) else exemplars.none()
    return exemplars.filter(scope)


def public_exemplars() -> QuerySet[Exemplar]:
    """Published exemplars whose consent stands: the only ones the public ever sees."""
    return (
        Exemplar.objects.filter(
            is_published=True, consent_given=True, consent_withdrawn_at__isnull=True
        )
        .select_related("commune", "movement")
        .order_by("-published_at", "-id")
    )


def public_exemplar_search(*, filters: dict) -> QuerySet[Exemplar]:
    exemplars = public_exemplars()
    if filters.get("movement"):
        exemplars = exemplars.filter(movement_id=filters["movement"])
    if filters.get("commune"):
        exemplars = exemplars.filter(commune_id=filters["commune"])
    if filters.get("field"):
        exemplars = exemplars.filter(field=filters["field"])
    if folded := normalize(filters.get("q", "")):
        exemplars = exemplars.filter(search_name__contains=folded)
    return exemplars


def exemplar_award_list(*, exemplar: Exemplar) -> QuerySet:
    """The awards linked to the exemplar, newest first, with their decisions."""
    return exemplar.awards.select_related("award", "decision", "unit").order_by(
        "-year", "award__sort_order", "pk"
    )


def exemplar_award_candidates(*, exemplar: Exemplar, user: User, text: str = "") -> QuerySet:
    """Awards of the archive the user may see that the exemplar may have received, not
    linked yet: with a search text, those whose recipient's name matches (accents
    ignored); otherwise those of the registry person or the collective named, or of the
    same recipient name. At most 50, newest first."""
    grants = grant_list_visible(user=user).exclude(pk__in=exemplar.awards.values("pk"))
    if normalize(text):
        grants = archive_search(queryset=grants, text=text)
    else:
        query = Q(search_name=normalize(exemplar.name))
        if exemplar.person_id:
            query |= Q(person_id=exemplar.person_id)
        if exemplar.subject_kind == "collective":
            query |= Q(unit_id=exemplar.unit_id)
        grants = grants.filter(query)
    return grants.select_related("award", "decision", "unit").order_by("-year", "pk")[:50]


@dataclass
class GalleryPage:
    """A page of the gallery without counting every match (no COUNT over 100,000 rows):
    one row more than the page is read to know whether a next page exists."""

    items: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def gallery_page(*, filters: dict, number: int, size: int, fields: tuple[str, ...]) -> GalleryPage:
    """The ``number``-th page of the public exemplars matching ``filters``: one query,
    read along the gallery's partial indexes (newest first)."""
    number = max(number, 1)
    start = (number - 1) * size
    rows = list(public_exemplar_search(filters=filters).only(*fields)[start : start + size + 1])
    return GalleryPage(items=rows[:size], number=number, has_next=len(rows) > size)


def gallery_movements() -> QuerySet[Movement]:
    return Movement.objects.filter(
        Exists(public_exemplars().filter(movement=OuterRef("pk")))
    ).order_by("name")


def gallery_communes() -> QuerySet[Unit]:
    return Unit.objects.filter(Exists(public_exemplars().filter(commune=OuterRef("pk")))).order_by(
        "name"
    )


# --- Registration and nomination ---------------------------------------------------------


def unregistered_titles(*, year: int, nominees) -> list:
    """The nominees (people and collectives) proposed for an emulation title that was not
    registered for them in a (submitted or later) registration of ``year``. Works on any
    objects with ``award`` (its ``category``), ``award_id``, ``person_id`` and
    ``collective_id``: nominations' nominees, without this app importing nominations.
    One query."""
    from awards.models import AwardCategory

    from .models import RegisteredTitle

    candidates = [
        n
        for n in nominees
        if n.award.category == AwardCategory.TITLE and (n.person_id or n.collective_id)
    ]
    if not candidates:
        return []
    person_ids = {n.person_id for n in candidates if n.person_id}
    unit_ids = {n.collective_id for n in candidates if n.collective_id}
    registered = set()
    for award_id, person_id, unit_id in (
        RegisteredTitle.objects.filter(registration__year=year)
        .exclude(registration__state=RegistrationState.DRAFT)
        .filter(
            Q(person_id__in=person_ids) | Q(person__isnull=True, registration__unit_id__in=unit_ids)
        )
        .values_list("award_id", "person_id", "registration__unit_id")
    ):
        registered.add((award_id, "p", person_id) if person_id else (award_id, "u", unit_id))
    return [
        n
        for n in candidates
        if ((n.award_id, "p", n.person_id) if n.person_id else (n.award_id, "u", n.collective_id))
        not in registered
    ]


def registrations_openable(*, user: User, completion: Completion) -> set[int]:
    """The registrations of ``completion`` that ``user`` may open: a unit's name links to
    its registration only then (the secretariat does not open a draft, a Council member
    only their own units'). Two queries however many units."""
    ids = [row.registration_id for row in completion.rows if row.registration_id]
    return {
        registration.pk
        for registration in registration_list_visible(user=user)
        .filter(pk__in=ids)
        .prefetch_related("movements__launching_unit")  # the launching unit's rule, per row
        if user.has_perm("campaigns.view_registration", registration)
    }
