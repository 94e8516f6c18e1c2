"""Awards: the catalogue, the records each award rests on, decisions and the archive.

The catalogue is data (seeded by migration 0002, edited by the secretariat; codes are
stable). Records (ratings, initiatives, discipline, pending cases, collective statistics)
feed the eligibility engine through ``selectors.eligibility_input``. Decisions grant
awards; every grant carries a random verification code printed on the certificate."""

from .archive import (
    DECISION_KINDS,
    REVOCATION_KIND,
    AwardGrant,
    Decision,
    Quota,
    RecipientClass,
    new_verification_code,
    provincial_decision_issuer,
)  # noqa: F401
from .catalogue import (  # noqa: F401
    PROVINCE_AUTHORITIES,
    Authority,
    Award,
    AwardCategory,
    AwardLevel,
    BaseSalary,
    CashCoefficient,
    CommendationKind,
    LegalBasis,
    LegalBasisRole,
    LegalDocument,
    SubjectKind,
    VoteThreshold,
)
from .records import (  # noqa: F401
    Discipline,
    DisciplineLevel,
    Household,
    Initiative,
    InitiativeLevel,
    MemberStatistics,
    PendingCase,
    PendingKind,
    Rating,
    SubjectRecord,
    TaskRating,
)

__all__ = [
    "Authority",
    "Award",
    "AwardCategory",
    "AwardLevel",
    "BaseSalary",
    "CashCoefficient",
    "CommendationKind",
    "LegalBasis",
    "LegalBasisRole",
    "LegalDocument",
    "PROVINCE_AUTHORITIES",
    "SubjectKind",
    "VoteThreshold",
    "Discipline",
    "DisciplineLevel",
    "Household",
    "Initiative",
    "InitiativeLevel",
    "MemberStatistics",
    "PendingCase",
    "PendingKind",
    "Rating",
    "SubjectRecord",
    "TaskRating",
    "AwardGrant",
    "DECISION_KINDS",
    "REVOCATION_KIND",
    "Decision",
    "Quota",
    "RecipientClass",
    "new_verification_code",
    "provincial_decision_issuer",
]
