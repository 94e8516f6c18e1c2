"""The issuing office's clerk records the signed tờ trình and issues the approved
decision in the register (``units.issuing``); only then do the awards enter the archive."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from awards.recipients import nominee_recipient_class
from awards.services import decision_create, grant_create
from units import issuing
from units.models import IssuedDocument, Role, Signer, Unit, User

from ...models import (
    Dossier,
    NomineeOutcome,
    Proposal,
    ProposalState,
)
from .._core import (
    dossier_advance,
    notify_secretariat,
    notify_unit,
)
from ._common import (
    _awaiting_nominees,
    _by_dossier,
    _locked,
    _names,
    _proposal_url,
    _recipient,
    _require,
    _set_outcome,
    decision_authority_choices,
    decision_issuer,
    decision_summary,
    signer_position_full,
    submission_authority_choices,
    submission_issuer,
    submission_symbol,
)

# --- Issuing the tờ trình (the issuer's clerk) ------------------------------------------


def _issue_in_register(
    *,
    actor: User,
    issuer: Unit | None,
    doc_type: str,
    symbol: str,
    number,
    issued_on,
    signer: Signer | None,
    authority_line: str,
    choices: list[tuple[str, str]],
    signed_file,
    summary: str,
) -> IssuedDocument:
    if issuer is None:
        raise ValidationError(
            _(
                "The issuing body is not in the unit tree (People's Committee of the province, "
                "or Sở Nội vụ with code “%(code)s”)."
            )
            % {"code": settings.TDKT_HOME_AFFAIRS_UNIT_CODE}
        )
    if authority_line not in {value for value, _label in choices}:
        raise ValidationError({"authority_line": _("Choose an authority line from the list.")})
    year = issued_on.year if hasattr(issued_on, "year") else timezone.localdate().year
    return issuing.document_issue(
        user=actor,
        issuer=issuer,
        doc_type=doc_type,
        issuer_symbol=symbol,
        year=year,
        number=number,
        issued_on=issued_on,
        signer=signer,
        authority_line=authority_line,
        signed_file=signed_file,
        summary=summary,
    )


@transaction.atomic
def proposal_submission_issue(
    *,
    proposal: Proposal,
    actor: User,
    number: int,
    issued_on,
    signer: Signer | None,
    authority_line: str,
    signed_file,
) -> Proposal:
    """Record the sent tờ trình in its issuer's register (Sở Nội vụ's "05/TTr-SNV", or the
    People's Committee's own to the central level): its number, date, signer and signed
    original. From then on every document cites it with that number and date."""
    _require(actor, Role.SECRETARIAT)
    proposal = _locked(proposal)
    if proposal.state not in (ProposalState.SUBMITTED, ProposalState.APPROVED, ProposalState.SENT):
        raise ValidationError(_("Only a tờ trình that was sent can be recorded in the register."))
    if proposal.submission_register_id:
        raise ValidationError(_("This tờ trình is already in the register."))
    register = _issue_in_register(
        actor=actor,
        issuer=submission_issuer(proposal),
        doc_type="TTr",
        symbol=submission_symbol(proposal),
        number=number,
        issued_on=issued_on,
        signer=signer,
        authority_line=authority_line,
        choices=submission_authority_choices(proposal),
        signed_file=signed_file,
        summary=f"Về việc đề nghị tặng {proposal.award.name}",
    )
    if proposal.decision_register_id and register.issued_on > proposal.decision_register.issued_on:
        raise ValidationError(
            {"issued_on": _("The tờ trình cannot be dated after the decision it asked for.")}
        )
    proposal.submission_register = register
    proposal.number = register.number_text
    proposal.submitted_on = register.issued_on
    proposal._history_user = actor
    proposal.save()
    return proposal


# --- Issuing the decision (the clerk) ------------------------------------------------------


@transaction.atomic
def proposal_decision_issue(
    *,
    proposal: Proposal,
    actor: User,
    number: int,
    issued_on,
    signer: Signer | None,
    authority_line: str,
    signed_file,
) -> Proposal:
    """The clerk issues the approved decision: the number from the register (checked
    unique), the date, the signer and the signed original. Only now is the decision
    recorded, each nominee's award written into the archive (with its verification
    code), the nominees AWARDED, the dossiers decided and the units told. A quota breach
    or any other refusal rolls everything back, the register entry included."""
    _require(actor, Role.SECRETARIAT)
    proposal = _locked(proposal)
    if proposal.state != ProposalState.APPROVED:
        raise ValidationError(_("This proposal has no approved decision awaiting issuing."))
    if not proposal.submission_register_id:
        raise ValidationError(
            _("Record the tờ trình's number and date first: the decision cites them.")
        )
    nominees = _awaiting_nominees(proposal)
    award = proposal.award
    if hasattr(issued_on, "year") and issued_on < proposal.submitted_on:
        raise ValidationError(
            {
                "issued_on": _("The decision cannot be dated before its tờ trình (%(date)s).")
                % {"date": proposal.submitted_on.strftime("%d/%m/%Y")}
            }
        )
    issuer = decision_issuer()
    register = _issue_in_register(
        actor=actor,
        issuer=issuer,
        doc_type="QĐ",
        symbol=settings.TDKT_DECISION_SYMBOL,
        number=number,
        issued_on=issued_on,
        signer=signer,
        authority_line=authority_line,
        choices=decision_authority_choices(proposal),
        signed_file=signed_file,
        summary=decision_summary(award),
    )
    decision = decision_create(
        actor=actor,
        number=register.number_text,
        issued_on=register.issued_on,
        issuer=register.issuer,
        signer_name=register.signer_name,
        signer_position=signer_position_full(register.signer_position, issuer),
        authority=award.authority,
        kind=proposal.kind,
        summary=decision_summary(award),
    )
    for nominee in nominees:
        try:
            grant = grant_create(
                award=award,
                recipient=_recipient(nominee),
                year=proposal.year,
                kind=proposal.kind,
                actor=actor,
                decision=decision,
                recipient_class=nominee_recipient_class(nominee),
            )
        except ValidationError as error:
            raise ValidationError(
                _("%(name)s cannot be awarded: %(reason)s")
                % {"name": nominee.display_name, "reason": " ".join(error.messages)}
            ) from error
        _set_outcome(nominee, NomineeOutcome.AWARDED, actor, grant=grant)
    proposal.state = ProposalState.ISSUED
    proposal.decision = decision
    proposal.decision_register = register
    proposal._history_user = actor
    proposal.save()
    data = {
        "proposal": proposal.pk,
        "decision": decision.number,
        "date": register.issued_on.isoformat(),
        "award": award.code,
        "register": register.pk,
    }
    note = _("Decision %(number)s of %(date)s.") % {
        "number": decision.number,
        "date": register.issued_on.strftime("%d/%m/%Y"),
    }
    archive_url = reverse("awards:archive") + "?" + urlencode({"decision": decision.number})
    for group in _by_dossier(nominees).values():
        dossier = Dossier.objects.select_for_update().get(pk=group[0].dossier_id)
        dossier = dossier_advance(dossier=dossier, actor=actor, note=note, data=data)
        notify_unit(
            dossier=dossier,
            title=_("Decision %(number)s: %(award)s")
            % {"number": decision.number, "award": award.name},
            body=_("Awarded: %(names)s.") % {"names": _names(group)},
            url=archive_url,
        )
    notify_secretariat(
        title=_("Decision %(number)s was issued") % {"number": decision.number},
        body=proposal.title,
        url=_proposal_url(proposal),
    )
    return proposal
