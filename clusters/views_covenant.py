"""The covenant pages (issue 11, point 2): the head of the year drafts the targets, opens
the covenant for signature, each member's head signs it in the portal; the document comes
from the report pipeline (``reports/kinds_covenant.py``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from units.models import Unit
from units.views.helpers import apply_form_errors, require_perm

from . import services
from .forms import CovenantForm
from .models import Bloc, BlocMembership, Covenant, CovenantState
from .rules import head_unit_ids
from .views_admin import _year


def _page(bloc: Bloc, year: int) -> str:
    return f"{reverse('clusters:covenant', args=[bloc.pk])}?year={year}"


@login_required
@require_http_methods(["GET", "POST"])
def covenant_page(request, pk: int):
    bloc = get_object_or_404(Bloc, pk=pk)
    year = _year(request)
    require_perm(request, "clusters.view_covenant", bloc)
    covenant = Covenant.objects.filter(bloc=bloc, year=year).select_related("drafted_by").first()
    may_draft = request.user.has_perm("clusters.draft_covenant", bloc) and (
        covenant is None or covenant.state == CovenantState.DRAFT
    )
    form = CovenantForm(
        request.POST or None, initial={"targets": covenant.targets} if covenant else None
    )
    if request.method == "POST":
        if not may_draft:
            require_perm(request, "clusters.draft_covenant", covenant)
            messages.error(request, _("The covenant is no longer a draft."))
            return redirect(_page(bloc, year))
        if form.is_valid():
            try:
                services.covenant_draft(
                    bloc=bloc, year=year, targets=form.cleaned_data["targets"], actor=request.user
                )
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, _("The covenant's draft was saved."))
                return redirect(_page(bloc, year))
    members = list(
        BlocMembership.objects.filter(bloc=bloc, year=year)
        .select_related("unit")
        .order_by("unit__name")
    )
    signatures = (
        {s.unit_id: s for s in covenant.signatures.select_related("signed_by")} if covenant else {}
    )
    heads = head_unit_ids(request.user)
    rows = [
        {
            "unit": m.unit,
            "signature": signatures.get(m.unit_id),
            "may_sign": covenant is not None
            and covenant.state == CovenantState.SIGNING
            and m.unit_id in heads
            and m.unit_id not in signatures,
        }
        for m in members
    ]
    return render(
        request,
        "clusters/covenant.html",
        {
            "bloc": bloc,
            "year": year,
            "covenant": covenant,
            "form": form if may_draft else None,
            "may_open": covenant is not None
            and covenant.state == CovenantState.DRAFT
            and request.user.has_perm("clusters.draft_covenant", bloc),
            "rows": rows,
            "signed": len(signatures),
        },
    )


@login_required
@require_POST
def covenant_open(request, pk: int):
    covenant = get_object_or_404(Covenant.objects.select_related("bloc"), pk=pk)
    require_perm(request, "clusters.draft_covenant", covenant)
    try:
        services.covenant_open_for_signature(covenant=covenant, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The covenant is open for signature."))
    return redirect(_page(covenant.bloc, covenant.year))


@login_required
@require_POST
def covenant_sign(request, pk: int):
    covenant = get_object_or_404(Covenant.objects.select_related("bloc"), pk=pk)
    require_perm(request, "clusters.sign_covenant", covenant)
    raw = request.POST.get("unit", "")
    if not raw.isdigit():
        raise Http404
    unit = get_object_or_404(Unit, pk=int(raw), pk__in=list(head_unit_ids(request.user)))
    try:
        services.covenant_sign(covenant=covenant, unit=unit, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(unit)s signed the covenant.") % {"unit": unit.name})
    return redirect(_page(covenant.bloc, covenant.year))


urlpatterns = [
    path("cum-khoi/<int:pk>/giao-uoc/", covenant_page, name="covenant"),
    path("cum-khoi/giao-uoc/<int:pk>/mo-ky/", covenant_open, name="covenant_open"),
    path("cum-khoi/giao-uoc/<int:pk>/ky/", covenant_sign, name="covenant_sign"),
]
