"""The award archive (list, search, filters, XLSX export) and the award history of a
person or a collective.

Rows come from ``selectors.grant_list_visible``; a person or unit comes from the units
visibility selectors, so anything outside the user's scope answers 404. Discipline and
pending cases are sensitive: they appear only to users allowed to see the subject's
personal data, and showing them is logged.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from units.models import SecurityEventKind
from units.pagecache import cached_page
from units.rules import is_secretariat
from units.security import log_event
from units.selectors import person_list_visible, unit_list_visible
from units.spreadsheet import dataset_document
from units.views.helpers import (
    paginate_search,
    pk_url,
    require_perm,
    results_only,
    searched_text,
)

from .. import selectors
from ..filters import GrantFilter
from ..history import sections_for
from ..models import CommendationKind
from ..resources import SHEET, TITLE, GrantExportResource, recipient_unit_label

ARCHIVE_ORDER = ("-year", "recipient_name", "id")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a row of the archive shows and its links' permissions read (the unit's path), and
# nothing more: eight tables joined in full were a third of the page's Python time.
ROW_RELATED = ("award", "decision__issuer", "revoked_by", "unit")
ROW_FIELDS = (
    *("id", "recipient_name", "recipient_unit_name", "year", "kind", "certificate_number"),
    *("person_id", "unit_id", "award__name", "revoked_on", "revoked_by__number"),
    *("decision__number", "decision__issued_on", "decision__issuer__name"),
    *("decision__issuer__full_name", "unit__path", "unit__name", "unit__full_name"),
)
# The recipient's unit, which the permission to open a person's history reads, for a user
# who may not see every person. Who may (the Council, the secretariat: most searches of
# the archive) is spared two tables of the join: PostgreSQL planned eight tables in
# 2.1 ms, six in 0.7 ms.
ROW_PERSON_UNIT = ("person__unit",)
ROW_PERSON_UNIT_FIELDS = ("person__unit__path",)
# Above this many rows the export asks for narrower filters: a web request must stay short
# (SECURITY-TESTS.md F4); bigger extracts belong to the reports app's background jobs.
EXPORT_MAX_ROWS_SETTING = "TDKT_EXPORT_MAX_ROWS"
EXPORT_MAX_ROWS_DEFAULT = 50_000


def _filtered_grants(request, *, unit_choices: bool = True):
    """The archive's filter form and the visible grants it selects, in archive order."""
    user = request.user
    visible = selectors.grant_list_visible(user=user)
    grant_filter = GrantFilter(
        request.GET or None,
        queryset=visible,
        award_queryset=selectors.awards_in_use(),
        unit_queryset=unit_list_visible(user=user),
        unit_choices=unit_choices,
    )
    grants = grant_filter.qs if grant_filter.is_bound else visible
    return grant_filter, grants.order_by(*ARCHIVE_ORDER)


def _rows(user, grants):
    """``grants`` with what their rows show (and, where needed, what their links read)."""
    if user.has_perm("units.view_person"):  # every person, whichever unit (rules)
        return grants.select_related(*ROW_RELATED).only(*ROW_FIELDS)
    return grants.select_related(*ROW_RELATED, *ROW_PERSON_UNIT).only(
        *ROW_FIELDS, *ROW_PERSON_UNIT_FIELDS
    )


def _attach_display(user, grants) -> None:
    """Per row: the recipient's unit as recorded, the kind and the decision's date as
    shown, and a link to the history page when the user may see that person or collective
    (rules on already-joined rows: no queries). Worked out here rather than in the
    template: ``get_kind_display`` translates every kind's label for each row, and the
    ``date`` filter looks its format up each time (a fifth of the results' rendering)."""
    kinds = {value: str(label) for value, label in CommendationKind.choices}
    every_person = user.has_perm("units.view_person")  # no person to read per row
    person_url = pk_url("awards:person_history")
    unit_url = pk_url("awards:unit_history")
    for grant in grants:
        grant.unit_label = recipient_unit_label(grant)
        grant.kind_label = kinds.get(grant.kind, grant.kind)
        grant.decision_date = (
            grant.decision.issued_on.strftime("%d/%m/%Y") if grant.decision_id else ""
        )
        grant.history_url = ""
        if grant.person_id and (every_person or user.has_perm("units.view_person", grant.person)):
            grant.history_url = person_url(grant.person_id)
        elif grant.unit_id and user.has_perm("units.view_unit", grant.unit):
            grant.history_url = unit_url(grant.unit_id)


@login_required
@cached_page
def archive(request):
    # A search sent by the filter form (htmx) is answered with the results alone: no page
    # frame, no filter form and its 1,500 units drawn again (issue 13: the search's time
    # beside its own SQL). A link, a reload or no JavaScript gets the whole page.
    partial = results_only(request)
    grant_filter, grants = _filtered_grants(request, unit_choices=not partial)
    page = paginate_search(
        request,
        _rows(request.user, grants),
        text=searched_text(grant_filter),
    )
    page.object_list = list(page.object_list)
    _attach_display(request.user, page.object_list)
    response = render(
        request,
        "awards/archive/_results.html" if partial else "awards/archive/list.html",
        {
            "filter": grant_filter,
            "page": page,
            "partial": partial,
            "can_export": request.user.has_perm("awards.export_awardgrant"),
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def archive_export(request):
    require_perm(request, "awards.export_awardgrant")
    _filter, grants = _filtered_grants(request)
    limit = getattr(settings, EXPORT_MAX_ROWS_SETTING, EXPORT_MAX_ROWS_DEFAULT)
    count = grants.count()
    if count > limit:
        messages.error(
            request,
            _("The export is limited to %(limit)s rows; %(count)s match. Narrow the filters.")
            % {
                "limit": number_format(limit, force_grouping=True),
                "count": number_format(count, force_grouping=True),
            },
        )
        query = request.GET.urlencode()
        return redirect(reverse("awards:archive") + (f"?{query}" if query else ""))
    log_event(
        SecurityEventKind.PERSONAL_DATA_EXPORTED,
        request=request,
        filters=request.GET.dict(),
        export="award_grants",
        rows=count,
    )
    dataset = GrantExportResource().export(
        queryset=grants.select_related("unit", "decision__issuer")
    )
    subtitle = _("Exported on %(day)s; %(count)s row(s).") % {
        "day": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        "count": number_format(count, force_grouping=True),
    }
    content = dataset_document(dataset, sheet=SHEET, title=TITLE, subtitle=subtitle)
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="luu-tru-khen-thuong-{stamp}.xlsx"'
    return response


def _render_history(request, *, template: str, context: dict, show_sensitive: bool, **subject):
    history = context["history"]
    if show_sensitive:
        if history["disciplines"] or history["pending"]:
            log_event(
                SecurityEventKind.SENSITIVE_VIEWED,
                request=request,
                records="discipline_pending",
                **subject,
            )
    else:
        # Not even in the context: a template change cannot leak what is not there.
        history = {k: v for k, v in history.items() if k not in ("disciplines", "pending")}
    context.update({"history": history, "show_sensitive": show_sensitive})
    return render(request, template, context)


def _actions(request, slug: str, subject) -> dict:
    """What the record-keeping buttons of a history page need, by permission."""
    return {
        "subject_slug": slug,
        "subject_param": "person" if slug == "ca-nhan" else "unit",
        "subject_pk": subject.pk,
        "can_record": request.user.has_perm("awards.change_record", subject),
        "can_check": request.user.has_perm("awards.check_eligibility"),
    }


@login_required
def person_history(request, pk: int):
    person = get_object_or_404(person_list_visible(user=request.user), pk=pk)
    require_perm(request, "units.view_person", person)
    return _render_history(
        request,
        template="awards/archive/person_history.html",
        context={
            "person": person,
            "history": selectors.person_history(person=person),
            "sections": sections_for(request.user, person=person),
            **_actions(request, "ca-nhan", person),
        },
        show_sensitive=request.user.has_perm("units.view_person_personal_data", person),
        person=person.pk,
    )


@login_required
def unit_history(request, pk: int):
    unit = get_object_or_404(unit_list_visible(user=request.user), pk=pk)
    require_perm(request, "units.view_unit", unit)
    return _render_history(
        request,
        template="awards/archive/unit_history.html",
        context={
            "unit": unit,
            "history": selectors.unit_history(unit=unit),
            "sections": sections_for(request.user, unit=unit),
            **_actions(request, "don-vi", unit),
        },
        show_sensitive=is_secretariat.test(request.user),
        unit=unit.pk,
    )


urlpatterns = [
    path("khen-thuong/luu-tru/", archive, name="archive"),
    path("khen-thuong/luu-tru/xuat-excel/", archive_export, name="archive_export"),
    path("khen-thuong/ca-nhan/<int:pk>/", person_history, name="person_history"),
    path("khen-thuong/don-vi/<int:pk>/", unit_history, name="unit_history"),
]
