"""Models of the clusters app: emulation blocs (khối) and clusters (cụm), their yearly
members, head and deputy, the Council members who follow them, their operating rules, the
yearly covenant (giao ước thi đua) and its signatures, the scoring tables, the scoring
rounds with their sheets, and the resolutions of the flags the engine raises.

The engine itself (``clusters.engine``) is pure; ``ScoringRound`` and ``ScoringTable``
turn the stored rows into its input (``SCORING.md``)."""

from .blocs import (  # noqa: F401
    Bloc,
    BlocCouncilMember,
    BlocKind,
    BlocLeadership,
    BlocMembership,
    BlocRulesDocument,
    Covenant,
    CovenantSignature,
    CovenantState,
    bloc_upload_to,
)
from .meetings import (  # noqa: F401
    BallotState,
    BlocMeeting,
    LeadingBy,
    MeetingAttendance,
    MeetingBallot,
    MeetingBallotPaper,
    MeetingBallotReceipt,
    MeetingProposal,
    MeetingState,
)
from .review import CouncilComment, RecheckRequest, RecheckState  # noqa: F401
from .rounds import (  # noqa: F401
    UNIT_SHEET_ROLES,
    USER_SHEET_ROLES,
    Adjustment,
    FlagOutcome,
    FlagResolution,
    RoundState,
    ScoringRound,
    Sheet,
    SheetEvidence,
    SheetLine,
    SheetReopening,
    SheetRole,
    SheetState,
    flag_key,
)
from .tables import (  # noqa: F401
    TIE_BREAK_CHOICES,
    AdjustmentKind,
    AdjustmentRule,
    ScoringCriterion,
    ScoringGroup,
    ScoringTable,
    TableState,
)

__all__ = [
    "Bloc",
    "BlocCouncilMember",
    "BlocKind",
    "BlocLeadership",
    "BlocMembership",
    "BlocRulesDocument",
    "Covenant",
    "CovenantSignature",
    "CovenantState",
    "bloc_upload_to",
    "AdjustmentKind",
    "AdjustmentRule",
    "ScoringCriterion",
    "ScoringGroup",
    "ScoringTable",
    "TIE_BREAK_CHOICES",
    "TableState",
    "Adjustment",
    "FlagOutcome",
    "FlagResolution",
    "RoundState",
    "ScoringRound",
    "Sheet",
    "SheetEvidence",
    "SheetLine",
    "SheetReopening",
    "SheetRole",
    "SheetState",
    "UNIT_SHEET_ROLES",
    "USER_SHEET_ROLES",
    "flag_key",
    "CouncilComment",
    "RecheckRequest",
    "RecheckState",
    "BallotState",
    "BlocMeeting",
    "LeadingBy",
    "MeetingAttendance",
    "MeetingBallot",
    "MeetingBallotPaper",
    "MeetingBallotReceipt",
    "MeetingProposal",
    "MeetingState",
]
