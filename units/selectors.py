"""Every read that decides who sees what in the organisation.

Lists always come from a visibility selector here; a view never filters by role itself.
"""

from dataclasses import dataclass, field

from django.db import connections
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Lookup,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Collate, Concat
from django.db.models.lookups import Contains
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Person, Role, RoleAssignment, SearchName, Unit, UnitKind, User
from .search import VI_COLLATION, normalize

WIDE_VIEW_ROLES = frozenset(
    {Role.SECRETARIAT, Role.CHAIRMAN, Role.ADMINISTRATOR, Role.COUNCIL_MEMBER}
)


@dataclass(frozen=True)
class UserRoles:
    """The current role assignments of one user, read once per request."""

    roles: frozenset[str] = frozenset()
    unit_paths: tuple[str, ...] = ()
    unit_ids: frozenset[int] = frozenset()
    assignments: tuple[RoleAssignment, ...] = field(default=(), compare=False)

    def has(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def sees_whole_province(self) -> bool:
        return bool(self.roles & WIDE_VIEW_ROLES)

    def covers_unit(self, unit: Unit) -> bool:
        """True when ``unit`` is one of the user's units or below one of them."""
        return any(unit.path.startswith(path) for path in self.unit_paths)


def role_assignments(user: User) -> QuerySet[RoleAssignment]:
    """The user's role assignments with their units, in the order they were given: the
    header lists them so (the table's own order is whatever PostgreSQL finds first, which
    changes as rows come and go)."""
    return RoleAssignment.objects.filter(user=user).select_related("unit").order_by("pk")


def roles_of(user: User) -> UserRoles:
    """The user's current roles, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return UserRoles()
    cached = getattr(user, "_tdkt_roles", None)
    if cached is not None:
        return cached
    today = timezone.localdate()
    # Read with the user at sign-in of this request (units.principal), or read now.
    given = getattr(user, "_tdkt_assignments", None)
    if given is None:
        given = role_assignments(user)
    assignments = tuple(a for a in given if a.is_current(today))
    unit_assignments = [a for a in assignments if a.unit_id]
    result = UserRoles(
        roles=frozenset(a.role for a in assignments),
        unit_paths=tuple(a.unit.path for a in unit_assignments),
        unit_ids=frozenset(a.unit_id for a in unit_assignments),
        assignments=assignments,
    )
    user._tdkt_roles = result
    return result


def _subtree_q(paths: tuple[str, ...], prefix: str = "") -> Q:
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{prefix}path__startswith": path})
    return query


def unit_list_visible(*, user: User) -> QuerySet[Unit]:
    """Units the user may see: the whole province for the Council and the secretariat,
    the own units and everything below them for unit staff and heads, nothing otherwise."""
    roles = roles_of(user)
    units = Unit.objects.select_related("parent")
    if roles.sees_whole_province:
        return units
    if roles.unit_paths:
        return units.filter(_subtree_q(roles.unit_paths))
    return units.none()


def unit_list(*, user: User, filters: dict | None = None) -> QuerySet[Unit]:
    """The visible units, annotated with their number of people, filtered by ``filters``."""
    units = (
        unit_list_visible(user=user)
        .annotate(people_count=Count("people", filter=Q(people__is_active=True), distinct=True))
        .order_by("path")
    )
    filters = filters or {}
    if query := normalize(filters.get("q", "")):
        units = units.filter(Q(code__icontains=query) | Q(name__icontains=filters["q"]))
    return units


def person_list_visible(*, user: User) -> QuerySet[Person]:
    """People the user may see, by the same scope as :func:`unit_list_visible`."""
    roles = roles_of(user)
    people = Person.objects.select_related("unit")
    if roles.sees_whole_province:
        return people
    if roles.unit_paths:
        return people.filter(_subtree_q(roles.unit_paths, prefix="unit__"))
    return people.none()


class AnyOf(Lookup):
    """``column = ANY(%s::text[])``: one array parameter for a list of names, however long
    (``__in`` would send one parameter per name). Used as an expression in ``filter()``."""

    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs}::text[])", [*lhs_params, *rhs_params]


class CommonName(Contains):
    """``column LIKE %needle%`` for a needle most names contain ("nguyen", "pham"): the
    matches are dense, and walking a list's order filtered by LIKE finds a page soonest.
    Counting them is another matter: see :func:`common_name_count`."""


class InDictionary(Lookup):
    """``column IN (the dictionary's names containing needle)``: a common name's matches
    found name by name through the name index. Counting 1,001 matches of "dang" this way
    took 1-2 ms where the LIKE read them from the table in 10-15 ms (trigrams cannot help
    a two-letter needle such as "to" at all)."""

    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        table = connection.ops.quote_name(SearchName._meta.db_table)
        column = connection.ops.quote_name(SearchName._meta.get_field("name").column)
        pattern = f"%{connection.ops.prep_for_like_query(self.rhs)}%"
        sql = f"{lhs} IN (SELECT {column} FROM {table} WHERE {column} LIKE %s)"  # noqa: S608
        return sql, [*lhs_params, pattern]


def common_name_count(queryset: QuerySet) -> QuerySet | None:
    """The same rows as ``queryset``, its common-name conditions matched through the name
    dictionary: the form a paginator counts them in. None when there is none (a name
    search whose names were listed, or no search)."""
    counted = queryset.all()
    return counted if _through_dictionary(counted.query.where) else None


def _through_dictionary(node) -> bool:
    swapped = False
    for index, child in enumerate(node.children):
        if isinstance(child, CommonName):
            node.children[index] = InDictionary(child.lhs, child.rhs)
            swapped = True
        elif hasattr(child, "children"):
            swapped |= _through_dictionary(child)
    return swapped


# Past this many names containing the text ("nguyen", "pham"), the matches are dense and a
# walk of the list's order filtered by LIKE finds a page sooner than the names would: the
# planner's estimate of a long ANY(array) alone took 10 ms for 1,800 names. Measured at
# province scale over 300 seeded searches: p99 of the SQL 32 ms at 2,000, 29 ms at 200-600.
NAMES_LISTED = 500


def name_search(queryset: QuerySet, needle: str) -> QuerySet:
    """``queryset`` narrowed to rows whose ``search_name`` contains ``needle`` (folded).

    On PostgreSQL the names come first, from the name dictionary (``SearchName``, 26,000
    names for 1,000,000 grants at province scale), and the rows then by exact lookup of
    those names (one array parameter): 0.6 ms where the trigram scan of the grants took
    15 ms (issue 13). A needle most names contain keeps LIKE; so does SQLite.
    """
    if connections[queryset.db].vendor != "postgresql":
        return queryset.filter(search_name__contains=needle)
    names = list(
        SearchName.objects.using(queryset.db)
        .filter(name__contains=needle)
        .values_list("name", flat=True)[: NAMES_LISTED + 1]
    )
    if len(names) > NAMES_LISTED:
        return queryset.filter(CommonName(F("search_name"), needle))
    return queryset.filter(AnyOf(F("search_name"), names))


def person_search(*, queryset: QuerySet[Person], text: str) -> QuerySet[Person]:
    """Accent-insensitive name search: "nguyen van an" finds "Nguyễn Văn An".

    Matches the generated ``search_name`` column through :func:`name_search`.
    """
    needle = normalize(text)
    if not needle:
        return queryset
    # The same alphabetical order, written so that PostgreSQL cannot walk the name index
    # and filter as it goes: for a name late in the alphabet ("tran thi") that read 170,000
    # rows for 25 (233 ms at province scale); finding the matches first and sorting them
    # took 19 ms (issue 13's profile).
    return name_search(queryset, needle).order_by(
        Collate(Concat(F("full_name"), Value("")), VI_COLLATION), "id"
    )


def dashboard_figures(*, user: User) -> dict[str, int]:
    """Counts for the dashboard, within what the user may see."""
    units = unit_list_visible(user=user)
    people = person_list_visible(user=user)
    figures = {
        "units": units.filter(is_active=True).count(),
        "people": people.filter(is_active=True).count(),
    }
    roles = roles_of(user)
    if roles.sees_whole_province:
        figures["users"] = User.objects.filter(is_active=True).count()
        figures["commune_level"] = units.filter(
            is_active=True, kind__in=["commune", "ward", "special_zone"]
        ).count()
        figures["council_members"] = (
            RoleAssignment.objects.filter(role=Role.COUNCIL_MEMBER, user__is_active=True)
            .values("user")
            .distinct()
            .count()
        )
    else:
        figures["users"] = (
            User.objects.filter(is_active=True, roles__unit__in=roles.unit_ids).distinct().count()
        )
    return figures


def council_roster() -> QuerySet[RoleAssignment]:
    """The Council's current members, chairman first."""
    order = ["chairman", "standing_vice_chair", "vice_chair", "member", "secretary"]
    return (
        RoleAssignment.objects.filter(role=Role.COUNCIL_MEMBER, user__is_active=True)
        .select_related("user", "user__person", "user__person__unit")
        .annotate(
            rank=Case(
                *[When(council_position=p, then=Value(i)) for i, p in enumerate(order)],
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "user__full_name")
    )


def unit_ancestors(*, unit: Unit) -> list[Unit]:
    """The unit's ancestors from the root down, in one query."""
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1] if part]
    by_id = Unit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def health_check() -> None:
    """Raise if the database does not answer."""
    Unit.objects.exists()


def unit_breakdown(*, user: User) -> dict[str, list[tuple[str, int]]]:
    """Active units by kind and by area flag, within what the user may see: the figures
    the seed plan asks reports to count (mountainous, remote, island, ethnic-minority)."""
    units = unit_list_visible(user=user).filter(is_active=True).select_related(None)
    by_kind = dict(units.order_by().values_list("kind").annotate(n=Count("id")))
    kinds = [(str(label), by_kind[value]) for value, label in UnitKind.choices if value in by_kind]
    areas = units.aggregate(
        mountainous=Count("id", filter=Q(is_mountainous=True)),
        remote=Count("id", filter=Q(is_remote=True)),
        island=Count("id", filter=Q(is_island=True)),
        ethnic=Count("id", filter=Q(is_ethnic_minority_area=True)),
    )
    labels = {
        "mountainous": _("Mountainous area"),
        "remote": _("Remote area"),
        "island": _("Island"),
        "ethnic": _("Ethnic-minority area"),
    }
    return {
        "kinds": kinds,
        "areas": [(str(labels[key]), areas[key]) for key in labels],
    }


def own_units(*, user: User) -> QuerySet[Unit]:
    """The units a user is staff or head of, each with the active people of its whole
    subtree counted (what the unit keeps), in one query."""
    people = (
        Person.objects.filter(unit__path__startswith=OuterRef("path"), is_active=True)
        .order_by()
        .values(marker=Value(1))
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Unit.objects.filter(pk__in=roles_of(user).unit_ids)
        .annotate(people_in_subtree=Coalesce(Subquery(people), 0))
        .order_by("path")
    )
