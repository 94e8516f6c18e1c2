"""Pages for units and people: list, filter, detail, create, edit, deactivate.

Every object comes from a visibility selector, so an object outside the user's scope
answers 404; every action checks its django-rules permission on the object.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services
from ..filters import PersonFilter, UnitFilter
from ..forms.organisation import PersonForm, UnitForm
from ..models import Gender, Person, SecurityEventKind, Unit
from ..pagecache import cached_page
from ..security import log_event
from .helpers import (
    apply_form_errors,
    paginate,
    paginate_search,
    pk_url,
    require_perm,
    results_only,
    searched_text,
)

# --- Units ---------------------------------------------------------------------------------


@login_required
def unit_list(request):
    visible = selectors.unit_list(user=request.user)
    unit_filter = UnitFilter(request.GET or None, queryset=visible)
    units = unit_filter.qs if unit_filter.is_bound else visible
    page = paginate(request, units)
    return render(
        request,
        "units/unit_list.html",
        {
            "filter": unit_filter,
            "page": page,
            "can_add": request.user.has_perm("units.add_unit"),
            "can_import": request.user.has_perm("units.import_unit"),
            "can_export": request.user.has_perm("units.export_unit"),
        },
    )


@login_required
def unit_detail(request, pk: int):
    unit = get_object_or_404(selectors.unit_list_visible(user=request.user), pk=pk)
    require_perm(request, "units.view_unit", unit)
    children = selectors.unit_list(user=request.user).filter(parent=unit)
    people = selectors.person_list_visible(user=request.user).filter(unit=unit)
    ancestors = list(selectors.unit_ancestors(unit=unit))
    # The breadcrumb, the parent and the unit merged into are linked only where this reader
    # may open them (no link to a 404): a commune's staff do not open the province.
    visible = set(
        selectors.unit_list_visible(user=request.user)
        .filter(pk__in=[a.pk for a in ancestors] + [unit.merged_into_id])
        .values_list("pk", flat=True)
    )
    for ancestor in ancestors:
        ancestor.reader_sees = ancestor.pk in visible
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "ancestors": ancestors,
            "parent_linked": unit.parent_id in visible,
            "merged_into_linked": unit.merged_into_id in visible,
            "children": children,
            "people_page": paginate(request, people),
            "can_change": request.user.has_perm("units.change_unit", unit),
            "history": unit.history.select_related("history_user")[:10],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request):
    require_perm(request, "units.add_unit")
    parent_queryset = selectors.unit_list_visible(user=request.user)
    initial = {}
    if parent_id := request.GET.get("parent"):
        initial["parent"] = parent_queryset.filter(pk=parent_id).first()
    form = UnitForm(request.POST or None, initial=initial, parent_queryset=parent_queryset)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The unit “%(name)s” was created.") % {"name": unit})
            return redirect("units:unit_detail", pk=unit.pk)
    return render(request, "units/unit_form.html", {"form": form, "unit": None})


@login_required
@require_http_methods(["GET", "POST"])
def unit_update(request, pk: int):
    unit = get_object_or_404(selectors.unit_list_visible(user=request.user), pk=pk)
    require_perm(request, "units.change_unit", unit)
    form = UnitForm(
        request.POST or None,
        instance=unit,
        parent_queryset=selectors.unit_list_visible(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(unit=unit, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("units:unit_detail", pk=unit.pk)
    return render(request, "units/unit_form.html", {"form": form, "unit": unit})


@login_required
@require_POST
def unit_deactivate(request, pk: int):
    unit = get_object_or_404(selectors.unit_list_visible(user=request.user), pk=pk)
    require_perm(request, "units.change_unit", unit)
    merged_into = None
    if target := request.POST.get("merged_into"):
        merged_into = Unit.objects.filter(pk=target).first() if target.isdigit() else None
        if merged_into is None:
            messages.error(request, _("Choose another, active unit."))
            return redirect("units:unit_detail", pk=unit.pk)
    try:
        services.unit_deactivate(unit=unit, actor=request.user, merged_into=merged_into)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The unit was deactivated. Its records are kept."))
    return redirect("units:unit_detail", pk=unit.pk)


# --- People --------------------------------------------------------------------------------


@login_required
@cached_page
def person_list(request):
    # As the archive: a search sent by the filter form (htmx) gets the results alone,
    # without the page frame and the unit dropdown; anything else gets the whole page.
    partial = results_only(request)
    visible = selectors.person_list_visible(user=request.user)
    person_filter = PersonFilter(
        request.GET or None,
        queryset=visible,
        unit_queryset=selectors.unit_list_visible(user=request.user),
        unit_choices=not partial,
    )
    people = person_filter.qs if person_filter.is_bound else visible
    page = paginate_search(request, people, text=searched_text(person_filter))
    page.object_list = list(page.object_list)
    _attach_display(page.object_list)
    response = render(
        request,
        "units/_person_results.html" if partial else "units/person_list.html",
        {
            "filter": person_filter,
            "page": page,
            "partial": partial,
            "can_add": request.user.has_perm("units.add_person"),
            "can_import": request.user.has_perm("units.import_person"),
            "can_export": request.user.has_perm("units.export_person"),
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _attach_display(people) -> None:
    """Per row: the gender as shown and the link to the person. Worked out once for the
    page: ``get_gender_display`` translates every choice's label for each row, and a
    ``{% url %}`` per row reverses the address each time."""
    genders = {value: str(label) for value, label in Gender.choices}
    detail_url = pk_url("units:person_detail")
    for person in people:
        person.gender_label = genders.get(person.gender, person.gender)
        person.detail_url = detail_url(person.pk)


@login_required
def person_detail(request, pk: int):
    person = get_object_or_404(selectors.person_list_visible(user=request.user), pk=pk)
    require_perm(request, "units.view_person", person)
    return render(
        request,
        "units/person_detail.html",
        {
            "person": person,
            "show_personal_data": request.user.has_perm("units.view_person_personal_data", person),
            "can_change": request.user.has_perm("units.change_person", person),
            "history": person.history.select_related("history_user")[:10],
        },
    )


@login_required
def person_sensitive(request, pk: int):
    """The masked sensitive fields, revealed on request (htmx) and logged."""
    person = get_object_or_404(selectors.person_list_visible(user=request.user), pk=pk)
    require_perm(request, "units.view_person_personal_data", person)
    log_event(SecurityEventKind.SENSITIVE_VIEWED, request=request, person=person.pk)
    return render(request, "units/_person_sensitive.html", {"person": person})


def _person_form(request, instance: Person | None):
    show_personal_data = instance is None or request.user.has_perm(
        "units.view_person_personal_data", instance
    )
    return PersonForm(
        request.POST or None,
        instance=instance,
        unit_queryset=selectors.unit_list_visible(user=request.user),
        show_personal_data=show_personal_data,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    require_perm(request, "units.add_person")
    form = _person_form(request, None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” was added.") % {"name": person})
            return redirect("units:person_detail", pk=person.pk)
    return render(request, "units/person_form.html", {"form": form, "person": None})


@login_required
@require_http_methods(["GET", "POST"])
def person_update(request, pk: int):
    person = get_object_or_404(selectors.person_list_visible(user=request.user), pk=pk)
    require_perm(request, "units.change_person", person)
    form = _person_form(request, person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("units:person_detail", pk=person.pk)
    return render(request, "units/person_form.html", {"form": form, "person": person})
