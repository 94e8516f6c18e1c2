"""What the proposal pages share: fetching a proposal the user may see, the group of
candidates, and the forms of approval and of issuing with their signers and suggested
numbers."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from awards.models import Award
from units import issuing
from units.views.helpers import require_perm

from ...forms.proposals import ApproveForm, IssueForm
from ...models import Nominee, Proposal, ProposalTarget
from ...selectors.proposals import proposal_list_visible, ready_nominees
from ...services import proposals as services

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
