"""The view helpers every app's pages share: the permission check that answers 404, the
page of a list, and a service's ValidationError put on its form.

Where they live (ARCHITECTURE.md, the one direction of imports): units is the first app,
so every later app's views import these from here, ``units.views.helpers``, and never
from another page module (issue 9, point 29). Add a helper here only when pages of more
than one app need it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import cached_property

from ..models import SecurityEventKind
from ..security import log_event


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


def paginate(request, queryset):
    """The requested page of ``queryset``, ``TDKT_PAGE_SIZE`` rows a page, counted up to
    ``TDKT_LIST_COUNT_CAP`` rows."""
    paginator = CappedPaginator(queryset, settings.TDKT_PAGE_SIZE, cap=settings.TDKT_LIST_COUNT_CAP)
    return paginator.get_page(request.GET.get("page"))


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
