"""The proposals' pages: the list (with what waits for the chairman and for issuing),
preparing and editing a draft, and a proposal's page with its forms."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from awards.models import Award, CommendationKind
from units.rules import is_chairman
from units.views.helpers import apply_form_errors, paginate, require_perm

from ...forms.proposals import ProposalForm, RejectForm
from ...models import ProposalState, ProposalTarget
from ...selectors.proposals import (
    proposal_candidates,
    proposal_list_visible,
    proposal_nominees,
    proposals_awaiting_issuing,
)
from ...services import proposals as services
from ._common import (
    AWAITING_SHOWN,
    DOCUMENTS,
    _approve_form,
    _decision_form,
    _dossier_url,
    _group_candidates,
    _proposal,
    _submission_form,
    _year,
)


@login_required
def proposal_list(request):
    require_perm(request, "nominations.view_proposal")
    can_prepare = request.user.has_perm("nominations.prepare_proposal")
    proposals = proposal_list_visible(user=request.user)
    awaiting = list(proposals.filter(state=ProposalState.SUBMITTED)[:AWAITING_SHOWN])
    to_issue = list(proposals_awaiting_issuing()[:AWAITING_SHOWN]) if can_prepare else []
    return render(
        request,
        "nominations/proposals/list.html",
        {
            "candidates": proposal_candidates() if can_prepare else [],
            "can_prepare": can_prepare,
            "awaiting": awaiting,
            "to_issue": to_issue,
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
def proposal_detail(
    request,
    pk: int,
    *,
    approve_form=None,
    reject_form=None,
    submission_form=None,
    decision_form=None,
    status=200,
):
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
    can_issue = user.has_perm("nominations.issue_proposal", proposal)
    issue_submission = can_issue and not proposal.submission_register_id
    issue_decision = (
        can_issue
        and proposal.state == ProposalState.APPROVED
        and bool(proposal.submission_register_id)
    )
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
            "approve_form": approve_form or (_approve_form(proposal) if can_decide else None),
            "reject_form": reject_form or (RejectForm() if can_decide else None),
            "submission_form": submission_form
            or (_submission_form(proposal) if issue_submission else None),
            "decision_form": decision_form
            or (_decision_form(proposal) if issue_decision else None),
            "decision_waits_for_submission": can_issue
            and proposal.state == ProposalState.APPROVED
            and not proposal.submission_register_id,
            "submission_symbol": f"TTr-{services.submission_symbol(proposal)}",
            "decision_symbol": f"QĐ-{settings.TDKT_DECISION_SYMBOL}",
        },
        status=status,
    )
