"""Issuing a decision of a unit's head (issue 9, point 9): the unit's clerk records the
number its own register gave the signed decision, the date, the signer and the signed
original (``units.issuing.document_issue``); then the awards enter the archive."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from awards.recipients import nominee_recipient_class
from awards.services import Recipient, decision_create, grant_create
from units.issuing import document_issue
from units.models import Signer, User

from ...models import DossierState, EventAction, NomineeOutcome, UnitDecision, UnitDecisionState
from ...selectors.grassroots import decision_nominees, is_deciding_unit_member
from .._core import dossier_transition, event_record, notify_unit
from .review import (
    DECISION_TYPE,
    _lock,
    _names,
    _require_state,
    _set_outcome,
    unit_decision_summary,
)

# --- Issuing (the unit's clerk) ------------------------------------------------------------


@transaction.atomic
def unit_decision_issue(
    *,
    unit_decision: UnitDecision,
    actor: User,
    number: int,
    issued_on: datetime.date,
    signer: Signer | None,
    authority_line: str,
    issuer_symbol: str,
    signed_file,
) -> UnitDecision:
    """The unit's clerk issues an approved decision: the number the unit's register gave
    it (unique per issuer, type and year), the date, who signed and how, and the signed
    original (a PDF). Then the decision is recorded and each award enters the archive
    with its verification code; the dossier is decided once all its decisions are
    issued. Any refusal saves nothing (the stored signed file is removed again)."""
    unit_decision = (
        UnitDecision.objects.select_for_update()
        .select_related("award", "issuer", "dossier")
        .get(pk=unit_decision.pk)
    )
    dossier = _lock(unit_decision.dossier)
    if unit_decision.state != UnitDecisionState.APPROVED:
        raise ValidationError(_("This decision has already been issued."))
    _require_state(dossier, DossierState.UNIT_APPROVED)
    if not is_deciding_unit_member(actor, dossier):
        raise ValidationError(
            _("Only the staff of %(unit)s issue its decisions.")
            % {"unit": unit_decision.issuer.name}
        )
    issuer_symbol = (issuer_symbol or "").strip().upper()
    if not issuer_symbol:
        raise ValidationError({"issuer_symbol": [_("Enter the issuer's symbol, e.g. UBND.")]})
    year = issued_on.year if isinstance(issued_on, datetime.date) else 0
    sent_on = timezone.localtime(dossier.submitted_at).date() if dossier.submitted_at else None
    if isinstance(issued_on, datetime.date) and sent_on and issued_on < sent_on:
        raise ValidationError(
            {"issued_on": [_("The decision cannot be dated before the dossier was sent.")]}
        )
    award = unit_decision.award
    register = document_issue(
        user=actor,
        issuer=unit_decision.issuer,
        doc_type=DECISION_TYPE,
        issuer_symbol=issuer_symbol,
        year=year,
        number=number,
        issued_on=issued_on,
        signer=signer,
        authority_line=authority_line,
        signed_file=signed_file,
        summary=unit_decision_summary(award=award, year=dossier.year, kind=dossier.kind),
    )
    try:
        decision = decision_create(
            actor=actor,
            number=register.number_text,
            issued_on=issued_on,
            issuer=register.issuer,
            signer_name=register.signer_name,
            signer_position=register.signer_position,
            authority=award.authority,
            kind=dossier.kind,
            summary=unit_decision_summary(award=award, year=dossier.year, kind=dossier.kind),
        )
        nominees = decision_nominees(unit_decision=unit_decision)
        for nominee in nominees:
            try:
                grant = grant_create(
                    award=award,
                    recipient=Recipient(
                        person=nominee.person, unit=nominee.collective, household=nominee.household
                    ),
                    year=dossier.year,
                    kind=dossier.kind,
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
    except BaseException:
        register.signed_file.storage.delete(register.signed_file.name)
        raise
    unit_decision.state = UnitDecisionState.ISSUED
    unit_decision.register = register
    unit_decision.decision = decision
    unit_decision._history_user = actor
    unit_decision.save()
    data = {
        "number": register.number_text,
        "date": issued_on.isoformat(),
        "award": award.name,
        "nominees": [n.display_name for n in nominees],
    }
    note = _("Decision %(number)s of %(date)s issued by %(unit)s.") % {
        "number": register.number_text,
        "date": issued_on.strftime("%d/%m/%Y"),
        "unit": unit_decision.issuer.name,
    }
    pending = UnitDecision.objects.filter(dossier=dossier, state=UnitDecisionState.APPROVED)
    if pending.exists():
        event_record(
            dossier=dossier, actor=actor, action=EventAction.DECISION_ISSUED, note=note, data=data
        )
    else:
        dossier_transition(
            dossier=dossier,
            to=DossierState.DECIDED,
            actor=actor,
            action=EventAction.DECISION_ISSUED,
            note=note,
            data=data,
        )
    notify_unit(
        dossier=dossier,
        title=_("Decision %(number)s: %(award)s")
        % {"number": register.number_text, "award": award.name},
        body=_("Awarded: %(names)s.") % {"names": _names(nominees)},
        url=reverse("awards:archive") + "?" + urlencode({"decision": register.number_text}),
    )
    return unit_decision
