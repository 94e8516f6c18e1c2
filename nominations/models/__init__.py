"""Nomination dossiers from a unit to the chairman's decision.

A :class:`Dossier` (tờ trình đề nghị khen thưởng) of a unit holds :class:`Nominee` rows,
each with its award, its achievement report and its eligibility verdicts, and the
:class:`Attachment` files the award's checklist asks for. The secretariat appraises it
(returns are kept as :class:`ReturnReason` rows per round), puts nominees to
:class:`Consultation` when the award needs it, then to a :class:`CouncilSession` whose
members vote by secret ballot: :class:`BallotReceipt` records *who* voted on an agenda
item, :class:`Ballot` records *what* was chosen, and nothing links the two. A
:class:`Proposal` groups the nominees that passed into the tờ trình to the chairman (and
his decision) or into the province's proposal to the central level. Every state change is
a :class:`DossierEvent`, with who and when.
"""

from .attachments import Attachment, attachment_upload_to
from .complaints import (
    OPEN_COMPLAINT_STATES,
    Complaint,
    ComplaintKind,
    ComplaintOutcome,
    ComplaintState,
)
from .consultation import (
    OPEN_OBJECTION_STATES,
    Consultation,
    ConsultationState,
    Opinion,
    OpinionStatus,
)
from .council import (
    AgendaItem,
    Attendance,
    Ballot,
    BallotReceipt,
    Choice,
    CouncilSession,
    SessionState,
    WrittenChoice,
    WrittenOpinion,
    WrittenOpinionSheet,
    opinion_paper_upload_to,
)
from .dossiers import QUEUE_STATES, TRANSITIONS, UNIT_EDITABLE_STATES, Dossier, DossierState
from .events import DossierEvent, EventAction, ReturnReason
from .grassroots import UnitCouncilReview, UnitDecision, UnitDecisionState, UnitReviewResult
from .nominees import EligibilityStatus, Nominee, NomineeOutcome, report_upload_to
from .proposals import Proposal, ProposalState, ProposalTarget

__all__ = [
    "AgendaItem",
    "Attachment",
    "Complaint",
    "ComplaintKind",
    "ComplaintOutcome",
    "ComplaintState",
    "OPEN_COMPLAINT_STATES",
    "Attendance",
    "Ballot",
    "BallotReceipt",
    "Choice",
    "Consultation",
    "ConsultationState",
    "CouncilSession",
    "Dossier",
    "DossierEvent",
    "DossierState",
    "EligibilityStatus",
    "EventAction",
    "Nominee",
    "NomineeOutcome",
    "OPEN_OBJECTION_STATES",
    "Opinion",
    "OpinionStatus",
    "Proposal",
    "ProposalState",
    "ProposalTarget",
    "QUEUE_STATES",
    "ReturnReason",
    "SessionState",
    "TRANSITIONS",
    "UNIT_EDITABLE_STATES",
    "UnitCouncilReview",
    "UnitDecision",
    "UnitDecisionState",
    "UnitReviewResult",
    "WrittenChoice",
    "WrittenOpinion",
    "WrittenOpinionSheet",
    "attachment_upload_to",
    "opinion_paper_upload_to",
    "report_upload_to",
]
