"""Demo data: the province of Quảng Ngãi after the 2025 reform (DOMAIN.md §7).

Plain data first, then :func:`seed_demo`, which builds the unit tree, a registry of a few
hundred invented people and the demo logins in one transaction. The result depends only on
``seed``: one ``random.Random`` drives every choice and every date is fixed, so two runs
give the same data. Names of people and enterprises are invented.
"""

from ._common import EMAIL_DOMAIN, ROOT_CODE, TERM_END, TERM_START, slug
from .bodies import (
    CENTRAL_AGENCIES,
    COUNCIL_CODE,
    COUNCIL_NAME,
    DEPARTMENTS,
    ENTERPRISES,
    OFFICE_STAFF,
    PARTY_MASS,
    PROVINCE,
    PROVINCIAL_GROUPS,
    PUBLIC_SERVICE,
    Body,
)
from .communes import (
    COMMUNES,
    DEPUTIES,
    EXTRA_PEOPLE,
    FORMER_KON_TUM,
    LEVEL_NAMES,
    LEVELS,
    MINORITIES,
    MOUNTAIN_ETHNICITY,
    REMOTE,
    SPECIAL_ZONES,
    WARDS,
    Level,
)
from .logins import LOGINS, SECRETARIAT, TERMED_ROLES, Login
from .names import (
    FAMILY_NAMES,
    FAMILY_WEIGHTS,
    GIA_RAI_CLANS,
    GIVEN_NAMES,
    MIDDLE_NAMES,
    MINORITY_FAMILY_NAMES,
    MINORITY_GIVEN_NAMES,
    MINORITY_PREFIX,
    SECOND_MIDDLE_NAMES,
)
from .people import FIXED_PEOPLE, FixedPerson
from .seed import seed_demo
from .signers import SIGNERS

__all__ = [
    "Body",
    "CENTRAL_AGENCIES",
    "COMMUNES",
    "COUNCIL_CODE",
    "COUNCIL_NAME",
    "DEPARTMENTS",
    "DEPUTIES",
    "EMAIL_DOMAIN",
    "ENTERPRISES",
    "EXTRA_PEOPLE",
    "FAMILY_NAMES",
    "FAMILY_WEIGHTS",
    "FIXED_PEOPLE",
    "FORMER_KON_TUM",
    "FixedPerson",
    "GIA_RAI_CLANS",
    "GIVEN_NAMES",
    "LEVELS",
    "LEVEL_NAMES",
    "LOGINS",
    "Level",
    "Login",
    "MIDDLE_NAMES",
    "MINORITIES",
    "MINORITY_FAMILY_NAMES",
    "MINORITY_GIVEN_NAMES",
    "MINORITY_PREFIX",
    "MOUNTAIN_ETHNICITY",
    "OFFICE_STAFF",
    "PARTY_MASS",
    "PROVINCE",
    "PROVINCIAL_GROUPS",
    "PUBLIC_SERVICE",
    "REMOTE",
    "ROOT_CODE",
    "SECOND_MIDDLE_NAMES",
    "SECRETARIAT",
    "SIGNERS",
    "SPECIAL_ZONES",
    "TERMED_ROLES",
    "TERM_END",
    "TERM_START",
    "WARDS",
    "seed_demo",
    "slug",
]
