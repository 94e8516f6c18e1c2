"""The bloc's page and the secretariat's bloc admin (issue 11, point 1): members, the head
and deputy of each year with their history, the Council members assigned, the operating
rules documents. Permissions are django-rules (``clusters/rules.py``); a missing one
answers 404. On an error the page is shown again with the input kept."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from units.models import Unit
from units.views.helpers import apply_form_errors, require_perm

from . import services_admin
from .forms import BlocForm, CouncilAssignForm, LeadershipForm, MemberForm, RulesDocumentForm
from .models import (
    Bloc,
    BlocCouncilMember,
    BlocLeadership,
    BlocMembership,
    BlocRulesDocument,
    Covenant,
    ScoringRound,
)


def _year(request) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    try:
        year = int(raw)
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _bloc(request, pk: int, perm: str = "clusters.view_bloc") -> Bloc:
    bloc = get_object_or_404(Bloc, pk=pk)
    require_perm(request, perm, bloc)
    return bloc


def bloc_context(request, bloc: Bloc, year: int, **forms) -> dict:
    """Everything the bloc page shows, in a constant number of queries."""
    members = list(
        BlocMembership.objects.filter(bloc=bloc, year=year)
        .select_related("unit")
        .order_by("unit__name")
    )
    member_units = Unit.objects.filter(bloc_memberships__bloc=bloc, bloc_memberships__year=year)
    leaderships = list(
        BlocLeadership.objects.filter(bloc=bloc).select_related("head", "deputy").order_by("-year")
    )
    changes = list(
        BlocLeadership.history.filter(bloc_id=bloc.pk)
        .select_related("head", "deputy", "history_user")
        .order_by("-history_date")[:20]
    )
    manage = request.user.has_perm("clusters.manage_blocs")
    current = next((lead for lead in leaderships if lead.year == year), None)
    return {
        "bloc": bloc,
        "year": year,
        "members": members,
        "leaderships": leaderships,
        "leadership": current,
        "changes": changes,
        "council": list(
            BlocCouncilMember.objects.filter(bloc=bloc, year=year)
            .select_related("user")
            .order_by("user__last_name", "user__username")
        ),
        "documents": list(
            BlocRulesDocument.objects.filter(bloc=bloc).order_by("-year", "-uploaded_at")
        ),
        "rounds": list(ScoringRound.objects.filter(bloc=bloc).order_by("-year")),
        "covenant": Covenant.objects.filter(bloc=bloc, year=year).first(),
        "manage": manage,
        "may_upload": request.user.has_perm("clusters.add_rules_document", bloc),
        "member_form": forms.get("member_form") or (MemberForm(bloc=bloc) if manage else None),
        "leadership_form": forms.get("leadership_form")
        or (
            LeadershipForm(
                members=member_units,
                initial={"head": current.head_id, "deputy": current.deputy_id} if current else None,
            )
            if manage
            else None
        ),
        "council_form": forms.get("council_form") or (CouncilAssignForm() if manage else None),
        "document_form": forms.get("document_form") or RulesDocumentForm(),
    }


@login_required
def bloc_detail(request, pk: int):
    bloc = _bloc(request, pk)
    return render(request, "clusters/bloc_detail.html", bloc_context(request, bloc, _year(request)))


@login_required
@require_http_methods(["GET", "POST"])
def bloc_create(request):
    require_perm(request, "clusters.manage_blocs")
    form = BlocForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bloc = services_admin.bloc_create(**form.cleaned_data, actor=request.user)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The bloc was created."))
            return redirect("clusters:bloc_detail", bloc.pk)
    return render(request, "clusters/bloc_form.html", {"form": form})


def _again(request, bloc, year, **forms):
    return render(request, "clusters/bloc_detail.html", bloc_context(request, bloc, year, **forms))


def _done(bloc: Bloc, year: int):
    return redirect(f"{bloc_url(bloc)}?year={year}")


def bloc_url(bloc: Bloc) -> str:
    return reverse("clusters:bloc_detail", args=[bloc.pk])


@login_required
@require_POST
def member_add(request, pk: int):
    bloc = _bloc(request, pk, "clusters.manage_blocs")
    year = _year(request)
    form = MemberForm(request.POST, bloc=bloc)
    if form.is_valid():
        try:
            services_admin.membership_add(
                bloc=bloc, year=year, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The member was added."))
            return _done(bloc, year)
    return _again(request, bloc, year, member_form=form)


@login_required
@require_POST
def member_remove(request, pk: int):
    membership = get_object_or_404(BlocMembership.objects.select_related("bloc", "unit"), pk=pk)
    require_perm(request, "clusters.manage_blocs")
    try:
        services_admin.membership_remove(membership=membership, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("%(unit)s was removed from the bloc.") % {"unit": membership.unit.name}
        )
    return _done(membership.bloc, membership.year)


@login_required
@require_POST
def leadership_set(request, pk: int):
    bloc = _bloc(request, pk, "clusters.manage_blocs")
    year = _year(request)
    members = Unit.objects.filter(bloc_memberships__bloc=bloc, bloc_memberships__year=year)
    form = LeadershipForm(request.POST, members=members)
    if form.is_valid():
        try:
            services_admin.leadership_set(
                bloc=bloc, year=year, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The head and deputy of the year were saved."))
            return _done(bloc, year)
    return _again(request, bloc, year, leadership_form=form)


@login_required
@require_POST
def council_assign(request, pk: int):
    bloc = _bloc(request, pk, "clusters.manage_blocs")
    year = _year(request)
    form = CouncilAssignForm(request.POST)
    if form.is_valid():
        try:
            services_admin.council_assign(
                bloc=bloc, year=year, user=form.cleaned_data["user"], actor=request.user
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The Council member was assigned."))
            return _done(bloc, year)
    return _again(request, bloc, year, council_form=form)


@login_required
@require_POST
def council_unassign(request, pk: int):
    assignment = get_object_or_404(BlocCouncilMember.objects.select_related("bloc"), pk=pk)
    require_perm(request, "clusters.manage_blocs")
    services_admin.council_unassign(assignment=assignment, actor=request.user)
    messages.success(request, _("The Council member is no longer assigned."))
    return _done(assignment.bloc, assignment.year)


@login_required
@require_POST
def document_add(request, pk: int):
    bloc = _bloc(request, pk, "clusters.add_rules_document")
    year = _year(request)
    form = RulesDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services_admin.rules_document_add(
                bloc=bloc,
                year=year,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The document was uploaded."))
            return _done(bloc, year)
    return _again(request, bloc, year, document_form=form)


@login_required
def document_download(request, pk: int):
    document = get_object_or_404(BlocRulesDocument.objects.select_related("bloc"), pk=pk)
    require_perm(request, "clusters.view_bloc", document.bloc)
    if not document.file:
        raise Http404
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name or "quy-che"
    )


urlpatterns = [
    path("cum-khoi/moi/", bloc_create, name="bloc_create"),
    path("cum-khoi/<int:pk>/", bloc_detail, name="bloc_detail"),
    path("cum-khoi/<int:pk>/thanh-vien/", member_add, name="member_add"),
    path("cum-khoi/thanh-vien/<int:pk>/xoa/", member_remove, name="member_remove"),
    path("cum-khoi/<int:pk>/truong-pho/", leadership_set, name="leadership_set"),
    path("cum-khoi/<int:pk>/hoi-dong/", council_assign, name="council_assign"),
    path("cum-khoi/phan-cong/<int:pk>/xoa/", council_unassign, name="council_unassign"),
    path("cum-khoi/<int:pk>/quy-che/", document_add, name="document_add"),
    path("cum-khoi/quy-che/<int:pk>/", document_download, name="document_download"),
]
