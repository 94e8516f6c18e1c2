"""Every write of the campaigns app: ``<entity>_<action>(*, ...)`` in one transaction.

Guards: a movement is launched only with objectives, targets, criteria and participants
(one Vietnamese message listing what is missing) and closed only after its final review;
a unit registers once a year (a unique constraint: two concurrent posts store one),
within the registration window (TDKT_REGISTRATION_DEADLINE); staff draft, the head
submits, the secretariat or the launching unit returns (every round's reasons kept) or
accepts; a unit reports actuals only for its own targets; exemplars move through their
stages in order and are published only with a recorded consent, which withdrawn hides
them at once.

One module per part; everything is re-exported here (``from campaigns import services``).
"""

from ._common import parse_number, registration_deadline
from .attachments import ATTACHMENT_KINDS, attachment_add, attachment_remove
from .exemplars import (
    EXEMPLAR_FIELDS,
    exemplar_advance,
    exemplar_award_link,
    exemplar_award_unlink,
    exemplar_photo_add,
    exemplar_propose,
    exemplar_publish,
    exemplar_record_consent,
    exemplar_update,
    exemplar_withdraw_consent,
)
from .movements import (
    MOVEMENT_FIELDS,
    launch_missing,
    movement_create,
    movement_launch,
    movement_transition,
    movement_update,
    review_save,
    target_add,
    target_remove,
)
from .plan import (
    PLAN_TYPE,
    movement_plan_issue,
    plan_number_line,
    plan_summary,
    plan_symbol,
)
from .registrations import (
    progress_report,
    registered_target_add,
    registered_target_remove,
    registered_title_add,
    registered_title_remove,
    registration_accept,
    registration_create,
    registration_remind_laggards,
    registration_return,
    registration_set_movements,
    registration_submit,
)

__all__ = [
    "ATTACHMENT_KINDS",
    "attachment_add",
    "attachment_remove",
    "EXEMPLAR_FIELDS",
    "MOVEMENT_FIELDS",
    "PLAN_TYPE",
    "exemplar_advance",
    "exemplar_award_link",
    "exemplar_award_unlink",
    "exemplar_photo_add",
    "exemplar_propose",
    "exemplar_publish",
    "exemplar_record_consent",
    "exemplar_update",
    "exemplar_withdraw_consent",
    "launch_missing",
    "movement_create",
    "movement_launch",
    "movement_plan_issue",
    "movement_transition",
    "movement_update",
    "parse_number",
    "plan_number_line",
    "plan_summary",
    "plan_symbol",
    "progress_report",
    "registered_target_add",
    "registered_target_remove",
    "registered_title_add",
    "registered_title_remove",
    "registration_accept",
    "registration_create",
    "registration_deadline",
    "registration_remind_laggards",
    "registration_return",
    "registration_set_movements",
    "registration_submit",
    "review_save",
    "target_add",
    "target_remove",
]
