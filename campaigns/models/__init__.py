"""Models of the campaigns app: emulation movements (phong trào thi đua), their targets
and offered awards, the units' yearly registrations (đăng ký thi đua) with their rounds,
the actuals reported against the registered targets, the mid-term and final reviews
(sơ kết, tổng kết) and the exemplars (điển hình tiên tiến) the movements raise.

One module per part; everything is re-exported here (``from campaigns.models import …``).
"""

from .exemplars import (
    STAGE_ORDER,
    Exemplar,
    ExemplarField,
    ExemplarPhoto,
    ExemplarStage,
    ExemplarStageEntry,
    ExemplarSubject,
)
from .movements import (
    AREA_FLAGS,
    MOVEMENT_TRANSITIONS,
    OPEN_STATES,
    DurationBucket,
    LaunchLevel,
    Movement,
    MovementAttachment,
    MovementKind,
    MovementScope,
    MovementState,
    OfferedAward,
    ParticipantsRule,
    Target,
    duration_bucket,
)
from .registrations import (
    REGISTRATION_EDITABLE,
    RegisteredTarget,
    RegisteredTitle,
    Registration,
    RegistrationReturn,
    RegistrationState,
)
from .reviews import Progress, Review, ReviewStage

__all__ = [
    "AREA_FLAGS",
    "MOVEMENT_TRANSITIONS",
    "OPEN_STATES",
    "REGISTRATION_EDITABLE",
    "STAGE_ORDER",
    "DurationBucket",
    "Exemplar",
    "ExemplarField",
    "ExemplarPhoto",
    "ExemplarStage",
    "ExemplarStageEntry",
    "ExemplarSubject",
    "LaunchLevel",
    "Movement",
    "MovementAttachment",
    "MovementKind",
    "MovementScope",
    "MovementState",
    "OfferedAward",
    "ParticipantsRule",
    "Progress",
    "RegisteredTarget",
    "RegisteredTitle",
    "Registration",
    "RegistrationReturn",
    "RegistrationState",
    "Review",
    "ReviewStage",
    "Target",
    "duration_bucket",
]
