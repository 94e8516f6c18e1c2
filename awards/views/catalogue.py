"""The award catalogue and the local quotas."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from units.selectors import unit_list_visible
from units.views.helpers import apply_form_errors, paginate, require_perm

from .. import selectors, services
from ..forms import AwardForm, BaseSalaryForm, CashCoefficientForm, LegalBasisForm, QuotaForm
from ..models import Award, BaseSalary, CashCoefficient, LegalBasis


@login_required
def award_list(request):
    require_perm(request, "awards.view_award")
    awards = Award.objects.prefetch_related(
        Prefetch("coefficients", queryset=CashCoefficient.objects.order_by("-valid_from"))
    )
    return render(
        request,
        "awards/catalogue/award_list.html",
        {
            "awards": awards,
            "salary": BaseSalary.objects.first(),
            "can_change": request.user.has_perm("awards.change_award"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def award_update(request, code: str):
    award = get_object_or_404(Award, code=code)
    require_perm(request, "awards.change_award", award)
    form = AwardForm(request.POST or None, instance=award, prefix="award")
    coefficient_form = CashCoefficientForm(prefix="coefficient")
    if request.method == "POST" and "coefficient-coefficient" in request.POST:
        form = AwardForm(instance=award, prefix="award")
        coefficient_form = CashCoefficientForm(request.POST, prefix="coefficient")
        if coefficient_form.is_valid():
            coefficient = coefficient_form.save(commit=False)
            coefficient.award = award
            try:
                services.record_save(instance=coefficient, actor=request.user)
            except ValidationError as error:
                apply_form_errors(coefficient_form, error)
            else:
                messages.success(request, _("The cash coefficient was added."))
                return redirect("awards:award_update", code=award.code)
    elif request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.award_update(award=award, actor=request.user, **data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("awards:award_list")
    return render(
        request,
        "awards/catalogue/award_form.html",
        {
            "award": award,
            "form": form,
            "coefficient_form": coefficient_form,
            "coefficients": award.coefficients.order_by("subject_kind", "-valid_from"),
            "history": award.history.select_related("history_user")[:10],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def base_salary_list(request):
    """The base salary is a dated parameter: a new amount from a date, history kept."""
    require_perm(request, "awards.change_award")
    form = BaseSalaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_save(instance=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The base salary was added."))
            return redirect("awards:base_salary_list")
    return render(
        request,
        "awards/catalogue/base_salary.html",
        {"form": form, "salaries": BaseSalary.objects.all()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def legal_basis_list(request, pk: int | None = None):
    """The legal basis lines documents print: the national ones seeded, the province's
    own regulation and the like added by the secretariat; a line is retired by an end
    date, never deleted, so older documents still read as they were."""
    require_perm(request, "awards.change_award")
    instance = get_object_or_404(LegalBasis, pk=pk) if pk else None
    form = LegalBasisForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_save(instance=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The legal basis was saved."))
            return redirect("awards:legal_basis_list")
    return render(
        request,
        "awards/catalogue/legal_basis.html",
        {"form": form, "editing": instance, "lines": LegalBasis.objects.all()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def quota_list(request):
    require_perm(request, "awards.view_quota")
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else timezone.localdate().year
    can_change = request.user.has_perm("awards.change_quota")
    form = None
    if can_change:
        form = QuotaForm(
            request.POST or None,
            initial={"year": year},
            unit_queryset=unit_list_visible(user=request.user),
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.record_save(instance=form.save(commit=False), actor=request.user)
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("The quota was saved."))
                return redirect(f"{request.path}?year={form.cleaned_data['year']}")
    elif request.method == "POST":
        require_perm(request, "awards.change_quota")
    quotas = selectors.quota_list(user=request.user, year=year)
    return render(
        request,
        "awards/catalogue/quota_list.html",
        {"page": paginate(request, quotas), "year": year, "form": form},
    )


urlpatterns = [
    path("khen-thuong/danh-muc/", award_list, name="award_list"),
    path("khen-thuong/danh-muc/luong-co-so/", base_salary_list, name="base_salary_list"),
    path("khen-thuong/danh-muc/can-cu/", legal_basis_list, name="legal_basis_list"),
    path("khen-thuong/danh-muc/can-cu/<int:pk>/", legal_basis_list, name="legal_basis_update"),
    path("khen-thuong/danh-muc/<slug:code>/", award_update, name="award_update"),
    path("khen-thuong/chi-tieu/", quota_list, name="quota_list"),
]
