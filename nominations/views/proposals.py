"""Pages of the proposal step (/to-trinh/): the secretariat prepares and submits the
tờ trình with its draft decision; the chairman approves or rejects it; once issued, the
decision's number and date and each award's verification and archive links.

Only the secretariat and the chairman see these pages; anyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.models import Award, CommendationKind
from units.rules import is_chairman
from units.views.organisation import apply_form_errors, paginate, require_perm

from ..forms.proposals import ApproveForm, ProposalForm, RejectForm
from ..models import Nominee, Proposal, ProposalState, ProposalTarget
from ..selectors.proposals import (
    proposal_candidates,
    proposal_list_visible,
    proposal_nominees,
    ready_nominees,
)
from ..services import proposals as services

AWAITING_SHOWN = 20

# The documents of a proposal, by target: (report kind, label).
DOCUMENTS = {
    ProposalTarget.CHAIRMAN: (
        ("proposal_submission", "Tờ trình"),
        ("proposal_decision", "Quyết định"),
    ),
    ProposalTarget.CENTRAL: (("proposal_central", "Tờ trình"),),
}


def _proposal(request, pk: int) -> Proposal:
    proposal = get_object_or_404(proposal_list_visible(user=request.user), pk=pk)
    require_perm(request, "nominations.view_proposal", proposal)
    return proposal


def _dossier_url(dossier_id: int) -> str:
    try:
        return reverse("nominations:dossier_detail", args=[dossier_id])
    except NoReverseMatch:  # pragma: no cover - the dossier pages are another module's
        return ""


def _group_candidates(award: Award, kind: str, year: int, proposal: Proposal | None = None):
    """The nominees a proposal of (award, kind, year) may hold: the ready ones not in a
    proposal, plus, when editing, those already in this one."""
    free = ready_nominees().filter(award=award, dossier__kind=kind, dossier__year=year)
    if proposal is not None:
        free = free | Nominee.objects.filter(proposal=proposal)
    return Nominee.objects.filter(pk__in=free.values("pk")).select_related("dossier__unit")


def _year(value) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


@login_required
def proposal_list(request):
    require_perm(request, "nominations.view_proposal")
    can_prepare = request.user.has_perm("nominations.prepare_proposal")
    proposals = proposal_list_visible(user=request.user)
    awaiting = list(proposals.filter(state=ProposalState.SUBMITTED)[:AWAITING_SHOWN])
    return render(
        request,
        "nominations/proposals/list.html",
        {
            "candidates": proposal_candidates() if can_prepare else [],
            "can_prepare": can_prepare,
            "awaiting": awaiting,
            "page": paginate(request, proposals),
            "is_chairman": is_chairman.test(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    require_perm(request, "nominations.prepare_proposal")
    params = request.POST if request.method == "POST" else request.GET
    award = Award.objects.filter(pk=params.get("award") or None).first()
    kind = params.get("kind")
    year = _year(params.get("year"))
    if award is None or kind not in CommendationKind.values or year is None:
        messages.error(request, _("Choose a group of nominees to propose."))
        return redirect("nominations:proposal_list")
    candidates = _group_candidates(award, kind, year)
    if not candidates.exists():
        messages.info(request, _("No nominee of this group is waiting for a proposal."))
        return redirect("nominations:proposal_list")
    form = ProposalForm(
        request.POST or None,
        candidates=candidates,
        initial={
            "title": services.proposal_title(award=award, kind=kind, year=year),
            "nominees": list(candidates),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                award=award,
                kind=kind,
                year=year,
                nominees=form.cleaned_data["nominees"],
                title=form.cleaned_data["title"],
                reason_text=form.cleaned_data["reason_text"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The draft proposal was prepared."))
            return redirect("nominations:proposal_detail", pk=proposal.pk)
    return render(
        request,
        "nominations/proposals/form.html",
        {
            "form": form,
            "award": award,
            "kind": kind,
            "kind_label": CommendationKind(kind).label,
            "year": year,
            "proposal": None,
            "target_central": not award.within_province,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_update(request, pk: int):
    proposal = _proposal(request, pk)
    require_perm(request, "nominations.change_proposal", proposal)
    candidates = _group_candidates(proposal.award, proposal.kind, proposal.year, proposal)
    form = ProposalForm(
        request.POST or None,
        instance=proposal,
        candidates=candidates,
        initial={"nominees": list(proposal.nominees.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(
                proposal=proposal,
                title=form.cleaned_data["title"],
                reason_text=form.cleaned_data["reason_text"],
                nominees=form.cleaned_data["nominees"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The draft proposal was saved."))
            return redirect("nominations:proposal_detail", pk=proposal.pk)
    return render(
        request,
        "nominations/proposals/form.html",
        {
            "form": form,
            "award": proposal.award,
            "kind": proposal.kind,
            "kind_label": proposal.get_kind_display(),
            "year": proposal.year,
            "proposal": proposal,
            "target_central": proposal.target == ProposalTarget.CENTRAL,
        },
    )


@login_required
def proposal_detail(request, pk: int, *, approve_form=None, reject_form=None, status=200):
    proposal = _proposal(request, pk)
    nominees = list(proposal_nominees(proposal=proposal))
    for nominee in nominees:
        nominee.dossier_url = _dossier_url(nominee.dossier_id)
        nominee.archive_url = ""
        if nominee.grant_id:
            if nominee.person_id:
                nominee.archive_url = reverse("awards:person_history", args=[nominee.person_id])
            elif nominee.collective_id:
                nominee.archive_url = reverse("awards:unit_history", args=[nominee.collective_id])
            else:
                query = urlencode({"decision": proposal.decision.number})
                nominee.archive_url = f"{reverse('awards:archive')}?{query}"
    user = request.user
    can_decide = user.has_perm("nominations.decide_proposal", proposal)
    return render(
        request,
        "nominations/proposals/detail.html",
        {
            "proposal": proposal,
            "nominees": nominees,
            "collectives": sum(1 for n in nominees if n.collective_id),
            "individuals": sum(1 for n in nominees if n.person_id),
            "households": sum(1 for n in nominees if n.household_id),
            "documents": DOCUMENTS[proposal.target],
            "can_change": user.has_perm("nominations.change_proposal", proposal),
            "can_submit": user.has_perm("nominations.submit_proposal", proposal),
            "can_decide": can_decide,
            "approve_form": approve_form or (ApproveForm() if can_decide else None),
            "reject_form": reject_form or (RejectForm() if can_decide else None),
        },
        status=status,
    )


def _run(request, proposal, action, success: str, **kwargs) -> bool:
    """Run a service; its refusal becomes a message on the proposal's page."""
    try:
        action(proposal=proposal, actor=request.user, **kwargs)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


@login_required
@require_POST
def proposal_submit(request, pk: int):
    proposal = _proposal(request, pk)
    require_perm(request, "nominations.submit_proposal", proposal)
    central = proposal.target == ProposalTarget.CENTRAL
    _run(
        request,
        proposal,
        services.proposal_submit,
        _("The proposal was sent to the central level.")
        if central
        else _("The tờ trình was submitted to the chairman."),
    )
    return redirect("nominations:proposal_detail", pk=proposal.pk)


@login_required
@require_POST
def proposal_delete(request, pk: int):
    proposal = _proposal(request, pk)
    require_perm(request, "nominations.change_proposal", proposal)
    if _run(request, proposal, services.proposal_delete, _("The draft proposal was discarded.")):
        return redirect("nominations:proposal_list")
    return redirect("nominations:proposal_detail", pk=proposal.pk)


@login_required
@require_POST
def proposal_approve(request, pk: int):
    proposal = _proposal(request, pk)
    require_perm(request, "nominations.decide_proposal", proposal)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return proposal_detail(request, pk, approve_form=form, status=400)
    if _run(request, proposal, services.proposal_approve, _("The decision was issued.")):
        return redirect("nominations:proposal_detail", pk=proposal.pk)
    return redirect("nominations:proposal_detail", pk=proposal.pk)


@login_required
@require_POST
def proposal_reject(request, pk: int):
    proposal = _proposal(request, pk)
    require_perm(request, "nominations.decide_proposal", proposal)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return proposal_detail(request, pk, reject_form=form, status=400)
    _run(
        request,
        proposal,
        services.proposal_reject,
        _("The proposal was not approved; the units were told."),
        reason=form.cleaned_data["reason"],
    )
    return redirect("nominations:proposal_detail", pk=proposal.pk)


urlpatterns = [
    path("to-trinh/", proposal_list, name="proposal_list"),
    path("to-trinh/lap/", proposal_create, name="proposal_create"),
    path("to-trinh/<int:pk>/", proposal_detail, name="proposal_detail"),
    path("to-trinh/<int:pk>/sua/", proposal_update, name="proposal_update"),
    path("to-trinh/<int:pk>/huy/", proposal_delete, name="proposal_delete"),
    path("to-trinh/<int:pk>/trinh/", proposal_submit, name="proposal_submit"),
    path("to-trinh/<int:pk>/phe-duyet/", proposal_approve, name="proposal_approve"),
    path("to-trinh/<int:pk>/khong-phe-duyet/", proposal_reject, name="proposal_reject"),
]
