"""Registration pages: the list (a unit's own; the secretariat's queue), create, the
detail with its parts (movements joined, targets, titles), submit, return, accept, the
actuals entry, and the secretariat's completion page with the "remind laggards" action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from units.models import Person, Unit, UnitKind
from units.selectors import roles_of

from .. import services
from ..forms import (
    RegisteredTargetForm,
    RegisteredTitleForm,
    RegistrationCreateForm,
    RegistrationFilter,
    RegistrationMovementsForm,
    ReturnForm,
)
from ..models import AREA_FLAGS, RegisteredTarget, Registration, RegistrationState
from ..selectors import (
    REGISTERING_KINDS,
    movements_open_for,
    registration_completion,
    registration_detail,
    registration_list_visible,
    registrations_openable,
)
from ._common import apply_form_errors, error_messages, paginate, require_perm


def _registration(request, pk: int, perm: str = "campaigns.view_registration") -> Registration:
    registration = get_object_or_404(registration_list_visible(user=request.user), pk=pk)
    require_perm(request, perm, registration)
    return registration


def _own_units(user):
    return Unit.objects.filter(pk__in=roles_of(user).unit_ids, is_active=True).order_by("path")


@login_required
def registration_list(request):
    require_perm(request, "campaigns.view_registration_list")
    visible = registration_list_visible(user=request.user).order_by("-year", "unit__path")
    registration_filter = RegistrationFilter(request.GET or None, queryset=visible)
    registrations = registration_filter.qs if registration_filter.is_bound else visible
    return render(
        request,
        "campaigns/registration_list.html",
        {
            "filter": registration_filter,
            "page": paginate(request, registrations),
            "can_add": request.user.has_perm("campaigns.add_registration"),
            "deadline": services.registration_deadline(timezone.localdate().year),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_create(request):
    require_perm(request, "campaigns.add_registration")
    units = _own_units(request.user)
    form = RegistrationCreateForm(
        request.POST or None,
        units=units,
        initial={"year": timezone.localdate().year, "unit": units.first()},
    )
    if request.method == "POST" and form.is_valid():
        unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
        try:
            registration = services.registration_create(
                actor=request.user,
                unit=unit,
                year=year,
                movements=movements_open_for(unit=unit, year=year),
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(
                request, _("The registration was created. Now add its targets and titles.")
            )
            return redirect("campaigns:registration_detail", pk=registration.pk)
    return render(
        request,
        "campaigns/registration_create.html",
        {"form": form, "deadline": services.registration_deadline(timezone.localdate().year)},
    )


def _detail_context(request, registration, **forms):
    registration = registration_detail(registration=registration)
    joined = registration.movements.all()
    editable = registration.is_editable and request.user.has_perm(
        "campaigns.change_registration", registration
    )
    people = Person.objects.filter(
        unit__path__startswith=registration.unit.path, is_active=True
    ).order_by("full_name")
    context = {
        "registration": registration,
        "editable": editable,
        "can_submit": registration.is_editable
        and request.user.has_perm("campaigns.submit_registration", registration),
        "can_decide": registration.state == RegistrationState.SUBMITTED
        and request.user.has_perm("campaigns.decide_registration", registration),
        "can_report": registration.state != RegistrationState.DRAFT
        and request.user.has_perm("campaigns.report_progress", registration),
        "movements_form": RegistrationMovementsForm(
            initial={"movements": list(joined)},
            movements=movements_open_for(unit=registration.unit, year=registration.year)
            if editable
            else joined,
        ),
        "target_form": RegisteredTargetForm(movements=joined),
        "title_form": RegisteredTitleForm(people=people),
        "return_form": ReturnForm(),
        "movement_targets": {m.pk: list(m.targets.all()) for m in joined},
    }
    context.update(forms)
    return context


@login_required
def registration_detail_view(request, pk: int):
    registration = _registration(request, pk)
    return render(
        request, "campaigns/registration_detail.html", _detail_context(request, registration)
    )


def _post_part(request, pk, action):
    registration = _registration(request, pk, "campaigns.change_registration")
    if not registration.is_editable:
        raise Http404
    try:
        action(registration)
    except ValidationError as error:
        error_messages(request, error)
        return False, registration
    return True, registration


@login_required
@require_POST
def registration_movements(request, pk: int):
    registration = _registration(request, pk, "campaigns.change_registration")
    if not registration.is_editable:
        raise Http404
    form = RegistrationMovementsForm(
        request.POST, movements=movements_open_for(unit=registration.unit, year=registration.year)
    )
    if form.is_valid():
        services.registration_set_movements(
            registration=registration, actor=request.user, movements=form.cleaned_data["movements"]
        )
        messages.success(request, _("The movements joined were saved."))
    else:
        messages.error(request, _("Choose among the movements open to your unit."))
    return redirect("campaigns:registration_detail", pk=registration.pk)


@login_required
@require_http_methods(["POST"])
def registration_target_add(request, pk: int):
    registration = _registration(request, pk, "campaigns.change_registration")
    if not registration.is_editable:
        raise Http404
    form = RegisteredTargetForm(request.POST, movements=registration.movements.all())
    if form.is_valid():
        data = dict(form.cleaned_data)
        target_pk = request.POST.get("target")
        target = None
        if target_pk and target_pk.isdigit():
            target = data["movement"].targets.filter(pk=target_pk).first()
        try:
            services.registered_target_add(
                registration=registration, actor=request.user, target=target, **data
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The target was registered."))
            return redirect("campaigns:registration_detail", pk=registration.pk)
    return render(
        request,
        "campaigns/registration_detail.html",
        _detail_context(request, registration, target_form=form),
        status=422,
    )


@login_required
@require_POST
def registration_target_remove(request, pk: int, target_pk: int):
    registration = _registration(request, pk, "campaigns.change_registration")
    target = get_object_or_404(RegisteredTarget, pk=target_pk, registration=registration)
    try:
        services.registered_target_remove(target=target, actor=request.user)
    except ValidationError as error:
        error_messages(request, error)
    return redirect("campaigns:registration_detail", pk=registration.pk)


@login_required
@require_POST
def registration_title_add(request, pk: int):
    registration = _registration(request, pk, "campaigns.change_registration")
    if not registration.is_editable:
        raise Http404
    people = Person.objects.filter(unit__path__startswith=registration.unit.path, is_active=True)
    form = RegisteredTitleForm(request.POST, people=people)
    if form.is_valid():
        try:
            services.registered_title_add(
                registration=registration, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The title was registered."))
            return redirect("campaigns:registration_detail", pk=registration.pk)
    return render(
        request,
        "campaigns/registration_detail.html",
        _detail_context(request, registration, title_form=form),
        status=422,
    )


@login_required
@require_POST
def registration_title_remove(request, pk: int, title_pk: int):
    registration = _registration(request, pk, "campaigns.change_registration")
    title = get_object_or_404(registration.titles, pk=title_pk)
    try:
        services.registered_title_remove(title=title, actor=request.user)
    except ValidationError as error:
        error_messages(request, error)
    return redirect("campaigns:registration_detail", pk=registration.pk)


@login_required
@require_POST
def registration_submit(request, pk: int):
    registration = _registration(request, pk, "campaigns.submit_registration")
    try:
        services.registration_submit(registration=registration, actor=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The registration was submitted."))
    return redirect("campaigns:registration_detail", pk=registration.pk)


@login_required
@require_POST
def registration_return(request, pk: int):
    registration = _registration(request, pk, "campaigns.decide_registration")
    form = ReturnForm(request.POST)
    try:
        services.registration_return(
            registration=registration,
            actor=request.user,
            reason=form.data.get("reason", ""),
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The registration was returned to the unit."))
    return redirect("campaigns:registration_detail", pk=registration.pk)


@login_required
@require_POST
def registration_accept(request, pk: int):
    registration = _registration(request, pk, "campaigns.decide_registration")
    try:
        services.registration_accept(registration=registration, actor=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The registration was accepted."))
    return redirect("campaigns:registration_detail", pk=registration.pk)


@login_required
@require_http_methods(["GET", "POST"])
def progress_entry(request, pk: int):
    """The unit reports actuals against its registered targets (one field per target)."""
    registration = _registration(request, pk, "campaigns.report_progress")
    if registration.state == RegistrationState.DRAFT:
        raise Http404
    registration = registration_detail(registration=registration)
    targets = list(registration.targets.all())
    errors: dict[int, str] = {}
    if request.method == "POST":
        saved = 0
        for target in targets:
            value = request.POST.get(f"actual-{target.pk}", "").strip()
            if not value:
                continue
            try:
                services.progress_report(
                    target=target,
                    actor=request.user,
                    actual_value=value,
                    note=request.POST.get(f"note-{target.pk}", "")[:255],
                )
                saved += 1
            except ValidationError as error:
                errors[target.pk] = " ".join(error.messages)
        if not errors:
            messages.success(request, _("%(n)s actuals were saved.") % {"n": saved})
            return redirect("campaigns:registration_detail", pk=registration.pk)
    from django.db.models import OuterRef, Subquery

    from ..models import Progress

    latest = Progress.objects.filter(target=OuterRef("pk")).order_by("-reported_on", "-id")
    current = {
        t.pk: t.actual
        for t in registration.targets.annotate(actual=Subquery(latest.values("actual_value")[:1]))
    }
    rows = [
        {
            "target": t,
            "actual": current.get(t.pk),
            "posted": request.POST.get(f"actual-{t.pk}", ""),
            "error": errors.get(t.pk, ""),
        }
        for t in targets
    ]
    return render(
        request,
        "campaigns/progress_entry.html",
        {"registration": registration, "rows": rows},
        status=422 if errors else 200,
    )


# --- Completion (the secretariat) ----------------------------------------------------------


def _completion_filters(request) -> tuple[int, dict]:
    year = request.GET.get("year") or request.POST.get("year") or ""
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
    source = request.GET if request.method == "GET" else request.POST
    filters = {
        "kind": source.get("kind") if source.get("kind") in REGISTERING_KINDS else "",
        "flag": source.get("flag") if source.get("flag") in AREA_FLAGS else "",
    }
    return year, filters


@login_required
def completion(request):
    require_perm(request, "campaigns.view_completion")
    year, filters = _completion_filters(request)
    result = registration_completion(year=year, filters=filters)
    kinds = [(k, label) for k, label in UnitKind.choices if k in REGISTERING_KINDS]
    return render(
        request,
        "campaigns/completion.html",
        {
            "year": year,
            "filters": filters,
            "completion": result,
            "openable": registrations_openable(user=request.user, completion=result),
            "kinds": kinds,
            "flags": list(AREA_FLAGS.items()),
            "deadline": services.registration_deadline(year),
            "can_remind": request.user.has_perm("campaigns.remind_registration"),
        },
    )


@login_required
@require_POST
def completion_remind(request):
    require_perm(request, "campaigns.remind_registration")
    year, filters = _completion_filters(request)
    laggards = [row.unit for row in registration_completion(year=year, filters=filters).laggards]
    count = services.registration_remind_laggards(actor=request.user, year=year, units=laggards)
    messages.success(
        request,
        _("%(units)s units not registered were reminded (%(users)s people).")
        % {"units": len(laggards), "users": count},
    )
    return redirect(f"{reverse('campaigns:completion')}?year={year}")


urlpatterns = [
    path("dang-ky-thi-dua/", registration_list, name="registration_list"),
    path("dang-ky-thi-dua/them/", registration_create, name="registration_create"),
    path("dang-ky-thi-dua/tien-do/", completion, name="completion"),
    path("dang-ky-thi-dua/tien-do/nhac/", completion_remind, name="completion_remind"),
    path("dang-ky-thi-dua/<int:pk>/", registration_detail_view, name="registration_detail"),
    path(
        "dang-ky-thi-dua/<int:pk>/phong-trao/",
        registration_movements,
        name="registration_movements",
    ),
    path(
        "dang-ky-thi-dua/<int:pk>/chi-tieu/",
        registration_target_add,
        name="registration_target_add",
    ),
    path(
        "dang-ky-thi-dua/<int:pk>/chi-tieu/<int:target_pk>/xoa/",
        registration_target_remove,
        name="registration_target_remove",
    ),
    path(
        "dang-ky-thi-dua/<int:pk>/danh-hieu/", registration_title_add, name="registration_title_add"
    ),
    path(
        "dang-ky-thi-dua/<int:pk>/danh-hieu/<int:title_pk>/xoa/",
        registration_title_remove,
        name="registration_title_remove",
    ),
    path("dang-ky-thi-dua/<int:pk>/gui/", registration_submit, name="registration_submit"),
    path("dang-ky-thi-dua/<int:pk>/tra-lai/", registration_return, name="registration_return"),
    path("dang-ky-thi-dua/<int:pk>/chap-thuan/", registration_accept, name="registration_accept"),
    path("dang-ky-thi-dua/<int:pk>/ket-qua/", progress_entry, name="progress_entry"),
]
