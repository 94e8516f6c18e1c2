"""Entering the records an award rests on, for one person or one collective:
yearly ratings, initiatives, discipline, pending cases, member statistics, and the awards
already granted. The secretariat enters them for anyone, unit staff for their own units."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from units.selectors import person_list_visible, unit_list_visible
from units.services import clean_name
from units.views.helpers import apply_form_errors, paginate, require_perm

from .. import selectors, services
from ..forms import RECORD_FORMS, DecisionForm, GrantForm, HouseholdForm
from ..models import Decision, Household, SubjectKind

TITLES = {
    "rating": gettext_lazy("Yearly task rating"),
    "initiative": gettext_lazy("Initiative or science work"),
    "discipline": gettext_lazy("Discipline"),
    "pending": gettext_lazy("Investigation or complaint"),
    "stats": gettext_lazy("Member statistics"),
    "grant": gettext_lazy("Award granted"),
}


def _subject(request, subject: str, pk: int):
    """The person or collective of the page, from the visibility selectors (else 404)."""
    if subject == "ca-nhan":
        person = get_object_or_404(person_list_visible(user=request.user), pk=pk)
        return {"person": person}, person, SubjectKind.INDIVIDUAL
    if subject == "don-vi":
        unit = get_object_or_404(unit_list_visible(user=request.user), pk=pk)
        return {"unit": unit}, unit, SubjectKind.COLLECTIVE
    if subject == "ho-gia-dinh":
        household = get_object_or_404(selectors.household_list_visible(user=request.user), pk=pk)
        return {"household": household}, household, SubjectKind.HOUSEHOLD
    raise Http404


def _history_url(subject: str, pk: int) -> str:
    if subject == "ca-nhan":
        return reverse("awards:person_history", args=[pk])
    if subject == "ho-gia-dinh":
        village = Household.objects.values_list("unit_id", flat=True).get(pk=pk)
        return reverse("awards:unit_history", args=[village]) + "#ho-gia-dinh"
    return reverse("awards:unit_history", args=[pk])


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request, subject: str, pk: int, kind: str):
    owner, obj, subject_kind = _subject(request, subject, pk)
    if (
        kind not in RECORD_FORMS
        or subject_kind == SubjectKind.HOUSEHOLD
        or (kind == "stats" and subject_kind != SubjectKind.COLLECTIVE)
    ):
        raise Http404
    form_class = RECORD_FORMS[kind]
    instance = form_class._meta.model(**owner)
    require_perm(request, "awards.change_record", instance)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_save(instance=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The record was saved."))
            return redirect(_history_url(subject, pk))
    return render(
        request,
        "awards/records/record_form.html",
        {"form": form, "subject": obj, "title": TITLES[kind], "back": _history_url(subject, pk)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_create(request, subject: str, pk: int):
    owner, obj, subject_kind = _subject(request, subject, pk)
    probe = services.Recipient(**owner)
    require_perm(request, "awards.change_record", probe.scope_unit)
    form = GrantForm(request.POST or None, subject_kind=subject_kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.grant_create(
                award=data["award"],
                recipient=probe,
                year=data["year"],
                kind=data["kind"],
                decision=data["decision"],
                certificate_number=data["certificate_number"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The award was recorded."))
            return redirect(_history_url(subject, pk))
    return render(
        request,
        "awards/records/record_form.html",
        {"form": form, "subject": obj, "title": TITLES["grant"], "back": _history_url(subject, pk)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_create(request, pk: int):
    """Register a household of a village (thôn, tổ dân phố) so it can be recognised."""
    village = get_object_or_404(unit_list_visible(user=request.user), pk=pk)
    require_perm(request, "awards.change_record", village)
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        household = form.save(commit=False)
        household.unit = village
        household.head_name = clean_name(household.head_name)
        try:
            services.record_save(instance=household, actor=request.user)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The household was added."))
            return redirect(_history_url("ho-gia-dinh", household.pk))
    return render(
        request,
        "awards/records/record_form.html",
        {
            "form": form,
            "subject": village,
            "title": _("Add a household"),
            "back": reverse("awards:unit_history", args=[village.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request):
    require_perm(request, "awards.add_decision")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("“%(decision)s” was recorded.") % {"decision": decision})
            return redirect("awards:decision_list")
    return render(
        request,
        "awards/records/record_form.html",
        {
            "form": form,
            "subject": None,
            "title": _("Record a decision"),
            "back": reverse("awards:decision_list"),
        },
    )


@login_required
def decision_list(request):
    require_perm(request, "awards.add_decision")
    decisions = Decision.objects.order_by("-issued_on", "number")
    return render(
        request, "awards/records/decision_list.html", {"page": paginate(request, decisions)}
    )


urlpatterns = [
    path("khen-thuong/quyet-dinh/", decision_list, name="decision_list"),
    path("khen-thuong/quyet-dinh/them/", decision_create, name="decision_create"),
    path(
        "khen-thuong/<str:subject>/<int:pk>/ghi-nhan/<slug:kind>/",
        record_create,
        name="record_create",
    ),
    path("khen-thuong/<str:subject>/<int:pk>/khen-thuong/", grant_create, name="grant_create"),
    path(
        "khen-thuong/don-vi/<int:pk>/ho-gia-dinh/them/", household_create, name="household_create"
    ),
]
