"""Who may do what with dossiers, consultations, sessions and proposals: django-rules.

Lists come from the visibility selectors (``nominations.selectors``); these permissions
decide the actions. A refused object answers 404 in the views.
"""

import rules

from units.models import Role
from units.rules import (
    has_unit_role,
    is_chairman,
    is_council_member,
    is_secretariat,
    is_unit_head,
)
from units.selectors import roles_of

from .models import (
    UNIT_EDITABLE_STATES,
    Dossier,
    DossierState,
    ProposalState,
    SessionState,
)

WITHDRAWABLE = (
    DossierState.DRAFT,
    DossierState.UNIT_REVIEW,
    DossierState.SUBMITTED,
    DossierState.RETURNED,
    DossierState.IN_APPRAISAL,
)


def _dossier(obj) -> Dossier | None:
    if obj is None:
        return None
    return obj if isinstance(obj, Dossier) else getattr(obj, "dossier", None)


@rules.predicate
def is_dossier_unit_member(user, obj) -> bool:
    """Staff or head of the proposing unit (or of a unit above it)."""
    dossier = _dossier(obj)
    return dossier is not None and roles_of(user).covers_unit(dossier.unit)


@rules.predicate
def is_dossier_unit_head(user, obj) -> bool:
    dossier = _dossier(obj)
    if dossier is None:
        return False
    return any(
        a.role == Role.UNIT_HEAD and dossier.unit.path.startswith(a.unit.path)
        for a in roles_of(user).assignments
        if a.unit_id
    )


@rules.predicate
def is_past_draft(user, obj) -> bool:
    dossier = _dossier(obj)
    return dossier is not None and dossier.state != DossierState.DRAFT


@rules.predicate
def is_unit_editable(user, obj) -> bool:
    dossier = _dossier(obj)
    return dossier is not None and dossier.state in UNIT_EDITABLE_STATES


@rules.predicate
def is_withdrawable(user, obj) -> bool:
    dossier = _dossier(obj)
    return dossier is not None and dossier.state in WITHDRAWABLE


@rules.predicate
def is_voting_open(user, session) -> bool:
    return session is not None and session.state == SessionState.VOTING


@rules.predicate
def is_awaiting_chairman(user, proposal) -> bool:
    return proposal is not None and proposal.state == ProposalState.SUBMITTED


# Dossiers: the unit works on its own; the secretariat, the chairman see them once sent.
rules.add_perm(
    "nominations.view_dossier",
    (has_unit_role & is_dossier_unit_member) | ((is_secretariat | is_chairman) & is_past_draft),
)
rules.add_perm("nominations.add_dossier", has_unit_role)
rules.add_perm(
    "nominations.change_dossier", has_unit_role & is_dossier_unit_member & is_unit_editable
)
rules.add_perm("nominations.submit_dossier", is_unit_head & is_dossier_unit_head & is_unit_editable)
rules.add_perm(
    "nominations.withdraw_dossier", is_unit_head & is_dossier_unit_head & is_withdrawable
)
rules.add_perm("nominations.view_dossier_list", has_unit_role | is_secretariat | is_chairman)

# Appraisal, consultation, sessions and proposals are the secretariat's work.
rules.add_perm("nominations.appraise_dossier", is_secretariat)
rules.add_perm("nominations.manage_consultation", is_secretariat)
rules.add_perm("nominations.manage_session", is_secretariat)
rules.add_perm("nominations.prepare_proposal", is_secretariat)
rules.add_perm("nominations.handle_complaint", is_secretariat)  # issue 12: complaints

# Council members vote on what is on the agenda of a session with voting open.
rules.add_perm("nominations.view_session", is_council_member | is_secretariat | is_chairman)
rules.add_perm("nominations.vote", is_council_member & is_voting_open)

# The chairman reads proposals and decides them.
rules.add_perm("nominations.view_proposal", is_secretariat | is_chairman)
rules.add_perm("nominations.decide_proposal", is_chairman & is_awaiting_chairman)


# --- consultation ---
@rules.predicate
def is_consultation_open(user, consultation) -> bool:
    from .models import ConsultationState

    return consultation is not None and consultation.state == ConsultationState.OPEN


# The secretariat may close a window before its closing day (the task closes the rest).
rules.add_perm("nominations.close_consultation", is_secretariat & is_consultation_open)

# --- proposals ---


@rules.predicate
def is_draft_proposal(user, proposal) -> bool:
    return proposal is not None and proposal.state == ProposalState.DRAFT


# The secretariat changes, discards and submits its drafts; the chairman decides.
rules.add_perm("nominations.change_proposal", is_secretariat & is_draft_proposal)
rules.add_perm("nominations.submit_proposal", is_secretariat & is_draft_proposal)


@rules.predicate
def is_awaiting_issuing(user, proposal) -> bool:
    """Something of the proposal awaits the clerk: the approved decision, or the tờ
    trình of a sent proposal not yet recorded in its issuer's register."""
    if proposal is None:
        return False
    if proposal.state == ProposalState.APPROVED:
        return True
    sent = proposal.state in (ProposalState.SUBMITTED, ProposalState.SENT)
    return sent and proposal.submission_register_id is None


# The issuing office's clerk records number, date, signer and signed original. The
# portal gives that work to the secretariat (the Council's standing body, which sends the
# tờ trình and takes the signed decision back from the People's Committee's office).
rules.add_perm("nominations.issue_proposal", is_secretariat & is_awaiting_issuing)


# --- grassroots awards (issue 9, point 9) ---


@rules.predicate
def is_deciding_head(user, obj) -> bool:
    """The head of the unit that decides the dossier's grassroots awards."""
    from .selectors.grassroots import is_deciding_head as head_of

    dossier = _dossier(obj)
    return dossier is not None and head_of(user, dossier)


@rules.predicate
def is_deciding_unit_member(user, obj) -> bool:
    from .selectors.grassroots import is_deciding_unit_member as member_of

    dossier = _dossier(obj)
    return dossier is not None and member_of(user, dossier)


@rules.predicate
def is_before_unit_council(user, obj) -> bool:
    dossier = _dossier(obj)
    return dossier is not None and dossier.state == DossierState.UNIT_REVIEW


@rules.predicate
def is_awaiting_unit_issuing(user, obj) -> bool:
    from .models import UnitDecision, UnitDecisionState

    if isinstance(obj, UnitDecision) and obj.state != UnitDecisionState.APPROVED:
        return False
    dossier = _dossier(obj)
    return dossier is not None and dossier.state == DossierState.UNIT_APPROVED


# The unit's staff and head read the grassroots path; the head records the council's
# review and decides; the unit's staff (its clerk) or head issue the decisions.
rules.add_perm("nominations.view_grassroots", has_unit_role & is_dossier_unit_member)
rules.add_perm(
    "nominations.review_unit_dossier", is_unit_head & is_deciding_head & is_before_unit_council
)
rules.add_perm(
    "nominations.issue_unit_decision",
    has_unit_role & is_deciding_unit_member & is_awaiting_unit_issuing,
)
