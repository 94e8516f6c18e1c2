"""The chairman's decision on a tờ trình: approve (choosing who signs and how) or reject."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from units.models import Role, Signer, User

from ...models import (
    EventAction,
    NomineeOutcome,
    Proposal,
    ProposalState,
)
from .._core import (
    dossier_advance,
    event_record,
    notify_secretariat,
    notify_unit,
)
from ._common import (
    _awaiting_nominees,
    _by_dossier,
    _lock_nominees,
    _locked,
    _names,
    _proposal_url,
    _require,
    _set_outcome,
    decision_authority_choices,
    decision_issuer,
)

# --- Decide (the chairman) ---------------------------------------------------------------


@transaction.atomic
def proposal_approve(
    *, proposal: Proposal, actor: User, signer: Signer | None, authority_line: str
) -> Proposal:
    """The chairman approves the tờ trình and its draft decision, and says who will sign
    it and how: himself, or a vice-chairman "KT. CHỦ TỊCH". Nothing is numbered and
    nothing enters the archive yet: the decision awaits its issuing by the clerk
    (``proposal_decision_issue``). Approving twice at once approves once: the second
    waits for the lock, then finds the proposal approved."""
    _require(actor, Role.CHAIRMAN)
    proposal = _locked(proposal)
    if proposal.state != ProposalState.SUBMITTED:
        raise ValidationError(_("This proposal is not awaiting the chairman's decision."))
    nominees = _awaiting_nominees(proposal)
    issuer = decision_issuer()
    if signer is None or issuer is None or signer.unit_id != issuer.pk or not signer.is_active:
        raise ValidationError({"signer": _("Choose who will sign the decision.")})
    if authority_line not in {value for value, _label in decision_authority_choices(proposal)}:
        raise ValidationError({"authority_line": _("Choose an authority line from the list.")})
    proposal.state = ProposalState.APPROVED
    proposal.approved_signer = signer
    proposal.approved_authority_line = authority_line
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal._history_user = actor
    proposal.save()
    how = authority_line.replace("\n", " / ") or _("in own right")
    note = _("Approved by the chairman; to be signed by %(signer)s (%(how)s).") % {
        "signer": f"{signer.position} {signer.full_name}",
        "how": how,
    }
    data = {"proposal": proposal.pk, "award": proposal.award.code, "signer": signer.pk}
    for group in _by_dossier(nominees).values():
        event_record(
            dossier=group[0].dossier,
            actor=actor,
            action=EventAction.DECISION_APPROVED,
            note=note,
            data={**data, "nominees": [n.display_name for n in group]},
        )
    notify_secretariat(
        title=_("Approved, to be issued: %(title)s") % {"title": proposal.title},
        body=note,
        url=_proposal_url(proposal),
    )
    return proposal


@transaction.atomic
def proposal_reject(*, proposal: Proposal, reason: str, actor: User) -> Proposal:
    """The chairman does not approve: every nominee is NOT_APPROVED with the reason, the
    dossiers move on (rejected when nothing else is left in them), the units and the
    secretariat are told."""
    _require(actor, Role.CHAIRMAN)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for not approving.")})
    proposal = _locked(proposal)
    if proposal.state != ProposalState.SUBMITTED:
        raise ValidationError(_("This proposal is not awaiting the chairman's decision."))
    nominees = _lock_nominees(proposal.nominees.values_list("pk", flat=True))
    for nominee in nominees:
        _set_outcome(nominee, NomineeOutcome.NOT_APPROVED, actor, outcome_reason=reason)
    proposal.state = ProposalState.REJECTED
    proposal.rejection_reason = reason
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal._history_user = actor
    proposal.save()
    note = _("Tờ trình %(number)s was not approved: %(reason)s") % {
        "number": proposal.number,
        "reason": reason,
    }
    for group in _by_dossier(nominees).values():
        dossier = group[0].dossier
        event_record(
            dossier=dossier,
            actor=actor,
            action=EventAction.PROPOSAL_REJECTED,
            note=note,
            data={
                "proposal": proposal.pk,
                "number": proposal.number,
                "reason": reason,
                "nominees": [n.display_name for n in group],
            },
        )
        dossier = dossier_advance(dossier=dossier, actor=actor, note=note)
        notify_unit(
            dossier=dossier,
            title=_("Proposal not approved: %(award)s") % {"award": proposal.award.name},
            body=_("%(names)s: %(reason)s") % {"names": _names(group), "reason": reason},
        )
    notify_secretariat(title=note, body=proposal.title, url=_proposal_url(proposal))
    return proposal
