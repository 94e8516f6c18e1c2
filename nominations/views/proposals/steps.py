"""The steps of a proposal, each a POST: submit or discard a draft, approve or reject it
(the chairman), record the tờ trình and issue the decision (the clerk), and the signed
originals' downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from units.models import SecurityEventKind
from units.security import log_event
from units.views.helpers import apply_form_errors, require_perm

from ...forms.proposals import RejectForm
from ...models import ProposalTarget
from ...services import proposals as services
from ._common import _approve_form, _decision_form, _proposal, _submission_form
from .pages import proposal_detail


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
