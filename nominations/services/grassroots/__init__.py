"""The grassroots path (issue 9, point 9): awards the head of a unit decides, reviewed by
the unit's own emulation council and issued through the unit's own register.

``review`` holds the steps up to the head's decision (sending to the unit's council, the
council's review, approval, return, refusal); ``issuing`` the clerk's issuing of each
decision, after which the awards are in the archive.
"""

from .issuing import unit_decision_issue
from .review import (
    DECISION_TYPE,
    grassroots_send,
    unit_decision_approve,
    unit_decision_summary,
    unit_dossier_reject,
    unit_dossier_return,
    unit_review_record,
)

__all__ = [
    "DECISION_TYPE",
    "grassroots_send",
    "unit_decision_approve",
    "unit_decision_issue",
    "unit_decision_summary",
    "unit_dossier_reject",
    "unit_dossier_return",
    "unit_review_record",
]
