"""The view helpers every app's pages share: the permission check that answers 404, the
page of a list, and a service's ValidationError put on its form.

Where they live (ARCHITECTURE.md, the one direction of imports): units is the first app,
so every later app's views import these from here, ``units.views.helpers``, and never
from another page module (issue 9, point 29). Add a helper here only when pages of more
than one app need it.
"""

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, OrderBy, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property

from ..models import SecurityEventKind
from ..security import log_event
from ..selectors import common_name_count


def require_perm(request, perm: str, obj=None) -> None:
    """Deny with 404 (never 403) so a hidden object or action is not revealed."""
    if not request.user.has_perm(perm, obj):
        log_event(SecurityEventKind.ACCESS_DENIED, request=request, perm=perm)
        raise Http404


class CappedPaginator(Paginator):
    """Counts a queryset only up to ``cap`` rows: ``SELECT COUNT(*) FROM (… LIMIT cap+1)``.

    An exact COUNT(*) over a million archive rows read the whole table on every page view
    (134 ms of a 260 ms page at province scale, issue 13). Past the cap the list says
    "hơn 10.000" and pages on up to the cap; nobody pages 400 pages deep, they filter."""

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.capped = False

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet) or self.cap <= 0:
            return super().count
        found = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)


_PAST_THE_END = 2**62  # an offset past any list: the scan answers with the last page


class SearchPaginator(CappedPaginator):
    """A search's count and its page's rows found in one pass over the matches.

    ``CappedPaginator`` asks twice: the capped count, then the ordered page. For a name
    search both run the same trigram scan (19 ms each for "nguyen van hung" over 1,000,000
    grants), and the ordered page may walk the sort index instead, filtering as it goes:
    "tran thi" read 170,000 index entries for 25 rows (184 ms, issue 13). Here one
    statement keeps at most ``sort_bound + 1`` matches (their keys and sort columns; the
    bound is at least the cap), counts them and, when they are all there, sorts them and
    hands back the page's keys; the count shown stops at the cap, and the rows are then
    read by key. Past the bound (a common surname, the whole archive) the matches are
    dense: the page's keys come from walking the order, then the rows by key. ``counted``
    is the same rows in a form cheaper to count, when there is one.

    PostgreSQL only (a CTE and ``ARRAY(subquery)``); elsewhere, as ``CappedPaginator``.
    """

    def __init__(
        self, object_list, per_page, *, cap: int, sort_bound: int = 0, counted=None, **kwargs
    ):
        super().__init__(object_list, per_page, cap=cap, **kwargs)
        # The same rows in a form cheaper to count (units.selectors.common_name_count);
        # the page itself is still found in ``object_list``.
        self.counted = counted if counted is not None else object_list
        # Up to this many matches are kept and sorted in the statement that counts them,
        # past the displayed cap: "vo thi" has 4,653 grants, all late in the alphabet, and
        # walking the order to its first page read 84,000 rows (14 ms) where sorting the
        # matches took 1.7 ms. Only past it are the matches dense enough for the walk.
        self.sort_bound = max(cap, sort_bound)
        self._keys: dict[int, list] = {}  # page offset -> the page's primary keys, in order
        self._offset = 0  # the page asked for, known before the count is
        self._matches = 0  # how many the scan found, up to ``sort_bound`` + 1

    def _scannable(self) -> bool:
        qs = self.object_list
        return (
            isinstance(qs, QuerySet)
            and self.cap > 0
            and connections[qs.db].vendor == "postgresql"
            and self._ordering is not None
        )

    @cached_property
    def _ordering(self) -> list | None:
        """The queryset's ordering as (expression, descending) pairs; None where it is not
        plain enough to sort the kept matches by (none, random, through a relation, whose
        order would be the related model's, NULLs placed by hand)."""
        query = self.object_list.query
        items = query.order_by or (query.default_ordering and self.object_list.model._meta.ordering)
        if not items:
            return None
        pairs = []
        for item in items:
            if isinstance(item, str):
                name = item.removeprefix("-")
                try:
                    field = self.object_list.model._meta.get_field(name)
                except FieldDoesNotExist:
                    if name != "pk":
                        return None
                else:
                    if field.is_relation:
                        return None
                pairs.append((F(name), item.startswith("-")))
            elif isinstance(item, OrderBy):
                if item.nulls_first or item.nulls_last:
                    return None  # the scan's ORDER BY keeps PostgreSQL's default for NULLs
                pairs.append((item.expression, item.descending))
            else:
                pairs.append((item, False))
        return pairs

    def _scan(self, offset: int) -> None:
        qn = connections[self.object_list.db].ops.quote_name
        keys, order = {}, []
        for index, (expression, descending) in enumerate(self._ordering):
            keys[f"scan_k{index}"] = expression
            order.append(f"{qn(f'scan_k{index}')} {'DESC' if descending else 'ASC'}")
        matches = (
            self.counted.order_by()
            .annotate(scan_pk=F("pk"), **keys)
            .values_list("scan_pk", *keys)[: self.sort_bound + 1]
        )
        try:
            inner, params = matches.query.sql_with_params()
        except EmptyResultSet:
            self._found(0, offset, [])
            return
        # Made only of the ORM's compiled query (its values stay parameters) and quoted
        # aliases chosen here: nothing of the request is spliced in.
        # A page asked for past the end gets the last page's keys, as ``get_page`` will.
        sql = (
            f"WITH m AS MATERIALIZED ({inner}) "  # noqa: S608
            f"SELECT n, CASE WHEN n <= %s THEN ARRAY("
            f"SELECT {qn('scan_pk')} FROM m ORDER BY {', '.join(order)} LIMIT %s "
            f"OFFSET (CASE WHEN %s < LEAST(n, %s) THEN %s "
            f"ELSE GREATEST(LEAST(n, %s) - 1, 0) / %s * %s END)) END "
            f"FROM (SELECT COUNT(*) AS n FROM m) AS found"
        )
        size, cap = self.per_page, self.cap
        with connections[self.object_list.db].cursor() as cursor:
            cursor.execute(
                sql, (*params, self.sort_bound, size, offset, cap, offset, cap, size, size)
            )
            found, keys_found = cursor.fetchone()
        self._found(found, offset, keys_found)

    def _found(self, found: int, offset: int, keys: list | None) -> None:
        self._matches = found
        self.capped = found > self.cap
        self.__dict__["count"] = min(found, self.cap)
        if keys is not None:
            if offset >= self.count:
                offset = max(self.count - 1, 0) // self.per_page * self.per_page
            self._keys[offset] = keys

    @cached_property
    def count(self) -> int:
        if not self._scannable():
            return super().count
        self._scan(self._offset)
        return self.__dict__["count"]

    def get_page(self, number):
        """As ``Paginator.get_page``: not a number, the first page; below 1 or past the end,
        the last page (``_PAST_THE_END`` lets the scan find it in the same statement)."""
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        self._offset = (wanted - 1) * self.per_page if wanted >= 1 else _PAST_THE_END
        return super().get_page(number)

    def page(self, number):
        number = self.validate_number(number)
        if not self._scannable():
            return super().page(number)
        offset = (number - 1) * self.per_page
        size = min(self.per_page, self.count - offset)  # the last page ends at the cap
        if self._matches > self.sort_bound:
            # Dense matches: the page's keys alone, in order, which an index that covers
            # the order and the searched column answers without reading the table.
            ordered = self.object_list.values_list("pk", flat=True)
            keys = list(ordered[offset : offset + size])
        else:
            if offset not in self._keys:  # not the page the count was found with
                self._scan(offset)
            keys = self._keys[offset][:size]
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys).order_by()}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)


# A key no page ever has, to find where the key goes in a reversed address.
_KEY_MARK = 2**53 - 1


def pk_url(name: str):
    """``reverse(name, args=[pk])`` as a function of ``pk``, for a page of links: one
    ``reverse`` however many rows (each cost 25 µs, a twentieth of the archive's page)."""
    head, _mark, tail = reverse(name, args=[_KEY_MARK]).rpartition(str(_KEY_MARK))
    return lambda pk: f"{head}{int(pk)}{tail}"


def paginate(request, queryset):
    """The requested page of ``queryset``, ``TDKT_PAGE_SIZE`` rows a page, counted up to
    ``TDKT_LIST_COUNT_CAP`` rows."""
    paginator = CappedPaginator(queryset, settings.TDKT_PAGE_SIZE, cap=settings.TDKT_LIST_COUNT_CAP)
    return paginator.get_page(request.GET.get("page"))


# A search sorts up to this many matches itself (``SearchPaginator.sort_bound``). Measured
# at province scale: reading 10,001 matches of the name index costs 4 ms at most; more
# matches than that are dense enough that walking the list's order finds a page sooner.
SEARCH_SORT_BOUND = 10_000


def paginate_search(request, queryset, *, text: str = ""):
    """A search page's requested page (``SearchPaginator``). With a name typed in
    (``text``), the matches are counted up to ``TDKT_SEARCH_COUNT_CAP``; with filters alone
    (a year, an award: figures the secretariat reads), up to ``TDKT_LIST_COUNT_CAP``."""
    cap = settings.TDKT_LIST_COUNT_CAP
    if text.strip() and settings.TDKT_SEARCH_COUNT_CAP > 0:
        cap = settings.TDKT_SEARCH_COUNT_CAP
    # A needle most names contain ("nguyen") has dense matches: counted to the cap through
    # the name dictionary, then the page found by walking the order filtered by LIKE. A
    # list without a name has no covering index to sort its matches from: to the cap too.
    counted = common_name_count(queryset)
    bound = SEARCH_SORT_BOUND if text.strip() and counted is None else cap
    paginator = SearchPaginator(
        queryset, settings.TDKT_PAGE_SIZE, cap=cap, sort_bound=bound, counted=counted
    )
    return paginator.get_page(request.GET.get("page"))


def searched_text(filterset) -> str:
    """The name typed into a list's filter form (its ``q``), once the form is valid."""
    return str(getattr(filterset.form, "cleaned_data", {}).get("q") or "")


def apply_form_errors(form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form, field by field where it can."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def results_only(request) -> bool:
    """A search sent by a list's filter form (htmx, ``_filter.html`` with ``filter_target``)
    is answered with the results alone; a link, a reload, a boosted link or no JavaScript
    gets the whole page."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-Boosted")
