"""Pages of the proposal step (/to-trinh/): the secretariat prepares and sends the tờ
trình with its draft decision and records the tờ trình's number once issued; the chairman
approves (choosing who signs, and how) or rejects it; the clerk (the secretariat) issues
the approved decision with the number from the register, the date, the signer and the
signed original; then the decision's number and date and each award's verification and
archive links.

Only the secretariat and the chairman see these pages; anyone else gets 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.models import Award, CommendationKind
from units import issuing
from units.models import SecurityEventKind
from units.rules import is_chairman
from units.security import log_event
from units.views.helpers import apply_form_errors, paginate, require_perm

from ..forms.proposals import ApproveForm, IssueForm, ProposalForm, RejectForm
from ..models import Nominee, Proposal, ProposalState, ProposalTarget
from ..selectors.proposals import (
    proposal_candidates,
    proposal_list_visible,
    proposal_nominees,
    proposals_awaiting_issuing,
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


def _approve_form(proposal: Proposal, data=None) -> ApproveForm:
    choices = services.decision_authority_choices(proposal)
    signers = issuing.active_signers(services.decision_issuer())
    first = signers.first()
    return ApproveForm(
        data,
        signers=signers,
        authority_choices=choices,
        initial={
            "signer": first,
            "authority_line": services.default_authority_line(first, choices),
        },
    )


def _submission_form(proposal: Proposal, data=None, files=None) -> IssueForm:
    issuer = services.submission_issuer(proposal)
    symbol = f"TTr-{services.submission_symbol(proposal)}"
    choices = services.submission_authority_choices(proposal)
    signers = issuing.active_signers(issuer)
    first = signers.first()
    return IssueForm(
        data,
        files,
        signers=signers,
        authority_choices=choices,
        symbol=symbol,
        suggested=issuing.suggested_number(
            issuer=issuer, doc_type="TTr", year=timezone.localdate().year
        )
        if issuer
        else None,
        initial={
            "signer": first,
            "authority_line": services.default_authority_line(first, choices),
        },
    )


def _decision_form(proposal: Proposal, data=None, files=None) -> IssueForm:
    issuer = services.decision_issuer()
    symbol = f"QĐ-{settings.TDKT_DECISION_SYMBOL}"
    return IssueForm(
        data,
        files,
        signers=issuing.active_signers(issuer),
        authority_choices=services.decision_authority_choices(proposal),
        symbol=symbol,
        suggested=issuing.suggested_number(
            issuer=issuer, doc_type="QĐ", year=timezone.localdate().year
        )
        if issuer
        else None,
        initial={
            "signer": proposal.approved_signer,
            "authority_line": proposal.approved_authority_line,
        },
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
    form = _approve_form(proposal, request.POST)
    if not form.is_valid():
        return proposal_detail(request, pk, approve_form=form, status=400)
    try:
        services.proposal_approve(
            proposal=proposal,
            actor=request.user,
            signer=form.cleaned_data["signer"],
            authority_line=form.cleaned_data["authority_line"],
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        apply_form_errors(form, error)
        return proposal_detail(request, pk, approve_form=form, status=400)
    messages.success(
        request, _("The decision was approved; the clerk will issue it with its number.")
    )
    return redirect("nominations:proposal_detail", pk=proposal.pk)


def _issue(request, pk: int, *, which: str):
    proposal = _proposal(request, pk)
    require_perm(request, "nominations.issue_proposal", proposal)
    build = _submission_form if which == "submission" else _decision_form
    action = (
        services.proposal_submission_issue
        if which == "submission"
        else services.proposal_decision_issue
    )
    form = build(proposal, request.POST, request.FILES)
    if form.is_valid():
        try:
            action(
                proposal=proposal,
                actor=request.user,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
                signer=form.cleaned_data["signer"],
                authority_line=form.cleaned_data["authority_line"],
                signed_file=form.cleaned_data["signed_file"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(
                request,
                _("The tờ trình was recorded in the register.")
                if which == "submission"
                else _("The decision was issued; the awards are in the archive."),
            )
            return redirect("nominations:proposal_detail", pk=proposal.pk)
    if form.errors and "signed_file" not in form.errors and request.FILES.get("signed_file"):
        form.add_error(
            "signed_file",
            _("The file was not kept because of the other errors: choose it again."),
        )
    key = "submission_form" if which == "submission" else "decision_form"
    return proposal_detail(request, pk, status=400, **{key: form})


@login_required
@require_POST
def proposal_submission_issue(request, pk: int):
    return _issue(request, pk, which="submission")


@login_required
@require_POST
def proposal_decision_issue(request, pk: int):
    return _issue(request, pk, which="decision")


@login_required
def proposal_signed_file(request, pk: int, which: str):
    """The signed original of the tờ trình or of the decision, as the clerk recorded it;
    each download is a security event."""
    proposal = _proposal(request, pk)
    if which not in ("to-trinh", "quyet-dinh"):
        raise Http404
    register = proposal.submission_register if which == "to-trinh" else proposal.decision_register
    if register is None or not register.signed_file:
        raise Http404
    log_event(
        SecurityEventKind.PERSONAL_DATA_EXPORTED,
        request=request,
        proposal=proposal.pk,
        register=register.pk,
    )
    return FileResponse(
        register.signed_file.open("rb"),
        as_attachment=True,
        filename=register.signed_file_name or f"{register.number_text.replace('/', '-')}.pdf",
        content_type="application/pdf",
    )


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
    path(
        "to-trinh/<int:pk>/vao-so-to-trinh/",
        proposal_submission_issue,
        name="proposal_submission_issue",
    ),
    path(
        "to-trinh/<int:pk>/ban-hanh-quyet-dinh/",
        proposal_decision_issue,
        name="proposal_decision_issue",
    ),
    path(
        "to-trinh/<int:pk>/ban-goc/<str:which>/",
        proposal_signed_file,
        name="proposal_signed_file",
    ),
]
