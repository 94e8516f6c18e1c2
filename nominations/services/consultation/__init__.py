"""Public consultation (lấy ý kiến nhân dân): the secretariat opens a window on approved
nominees, anyone sends opinions, the secretariat handles each one, and the window closes
by itself (the ``nominations.close_consultations`` task) with its result joined to every
dossier concerned.

An objection not yet handled, or upheld, keeps its nominee off the Council's agenda
(``selectors.consultation.nominees_blocked_by_objection``); an upheld objection makes the
nominee not approved at once.
"""

from ._common import (
    BODY_MAX,
    HANDLED_STATUSES,
    MAX_DAYS,
    NEEDS_RESOLUTION,
    OBJECTION_ONLY,
    REASON_MAX,
    SENDER_MAX,
    TEXT_MAX,
    TITLE_MAX,
    TOO_LATE,
    consultation_closing_day,
    default_days,
)
from .closing import consultation_close, consultations_close_due, opinion_contacts_erase
from .opening import consultation_open
from .opinions import opinion_handle, opinion_submit

__all__ = [
    "BODY_MAX",
    "HANDLED_STATUSES",
    "MAX_DAYS",
    "NEEDS_RESOLUTION",
    "OBJECTION_ONLY",
    "REASON_MAX",
    "SENDER_MAX",
    "TEXT_MAX",
    "TITLE_MAX",
    "TOO_LATE",
    "consultation_close",
    "consultation_closing_day",
    "consultation_open",
    "consultations_close_due",
    "default_days",
    "opinion_contacts_erase",
    "opinion_handle",
    "opinion_submit",
]
