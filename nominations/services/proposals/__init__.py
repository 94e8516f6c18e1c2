"""The proposal step: the secretariat's tờ trình, the chairman's approval, the clerk's
issuing.

The secretariat groups ready nominees of one award, kind and year into a
:class:`Proposal` (``proposal_create``) and sends it (``proposal_submit``): a tờ trình to
the chairman for the awards decided in the province, or the province's proposal dossier
to the central level for the others. Nothing is numbered by the portal: the tờ trình gets
its number and date when its issuer's clerk records it in the register
(``proposal_submission_issue``, Decree 30/2020), and prints "Số: ..../TTr-SNV" until then.
The chairman approves (``proposal_approve``: who signs, and how) or rejects
(``proposal_reject``). Approval and issuing are two steps: the decision is issued by the
clerk (``proposal_decision_issue``: the number from the register, the date, the signer and
the signed original), and only then is every award written into the archive with its
verification code and are the dossiers decided. Each service runs in one transaction with
the rows locked, records the history of every dossier concerned and tells the people
concerned.
"""

from ._common import (
    CHAIRMAN_HEAD,
    COMMITTEE_BODY,
    DIRECTOR_HEAD,
    decided_by_committee,
    decision_authority_choices,
    decision_issuer,
    decision_summary,
    default_authority_line,
    proposal_title,
    signer_position_full,
    submission_authority_choices,
    submission_issuer,
    submission_symbol,
)
from .deciding import proposal_approve, proposal_reject
from .drafting import proposal_create, proposal_delete, proposal_submit, proposal_update
from .issuing import proposal_decision_issue, proposal_submission_issue

__all__ = [
    "CHAIRMAN_HEAD",
    "COMMITTEE_BODY",
    "DIRECTOR_HEAD",
    "decided_by_committee",
    "decision_authority_choices",
    "decision_issuer",
    "decision_summary",
    "default_authority_line",
    "proposal_approve",
    "proposal_create",
    "proposal_decision_issue",
    "proposal_delete",
    "proposal_reject",
    "proposal_submission_issue",
    "proposal_submit",
    "proposal_title",
    "proposal_update",
    "signer_position_full",
    "submission_authority_choices",
    "submission_issuer",
    "submission_symbol",
]
