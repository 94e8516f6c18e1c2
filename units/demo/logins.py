"""The demo logins (users) and their roles."""

from typing import NamedTuple

from ..models import CouncilPosition, Person, Role, Unit, User
from ..services import clean_name, role_assign
from ._common import EMAIL_DOMAIN, TERM_END, TERM_START


class Login(NamedTuple):
    """A demo login: its roles and the person it is (its full name comes from the person)."""

    username: str
    person: str | None  # key of a FixedPerson, or None
    roles: tuple[tuple[str, str | None, str], ...]  # (role, unit code, council position)
    full_name: str = ""


def _council(position: str) -> tuple[str, None, str]:
    return (Role.COUNCIL_MEMBER, None, position)


SECRETARIAT = (Role.SECRETARIAT, None, "")
LOGINS = (
    Login("admin", None, ((Role.ADMINISTRATOR, None, ""),), "Quản trị hệ thống"),
    Login("chairman", "chairman", ((Role.CHAIRMAN, None, ""), _council(CouncilPosition.CHAIRMAN))),
    Login("council_vice", "council_vice", (_council(CouncilPosition.VICE_CHAIR),)),
    Login(
        "council_standing",
        "council_standing",
        (_council(CouncilPosition.STANDING_VICE_CHAIR), (Role.UNIT_HEAD, "so-noi-vu", "")),
    ),
    Login(
        "council",
        "council",
        (_council(CouncilPosition.MEMBER), (Role.UNIT_HEAD, "so-tai-chinh", "")),
    ),
    Login(
        "council_secretary",
        "council_secretary",
        (_council(CouncilPosition.SECRETARY), SECRETARIAT),
    ),
    Login("secretariat", "secretariat", (SECRETARIAT,)),
    Login("secretariat2", "secretariat2", (SECRETARIAT,)),
    *(
        Login(f"council_0{number}", f"council_0{number}", (_council(CouncilPosition.MEMBER),))
        for number in range(1, 7)
    ),
    Login("unithead", "unithead", ((Role.UNIT_HEAD, "xa-binh-son", ""),)),
    Login("unitstaff", "unitstaff", ((Role.UNIT_STAFF, "xa-binh-son", ""),)),
    Login("unitstaff2", "unitstaff2", ((Role.UNIT_STAFF, "phuong-cam-thanh", ""),)),
    Login("deptstaff", "deptstaff", ((Role.UNIT_STAFF, "so-y-te", ""),)),
)
TERMED_ROLES = (Role.COUNCIL_MEMBER, Role.CHAIRMAN)


def _create_logins(password: str, people: dict[str, Person], units: dict[str, Unit]) -> int:
    # One hash for the shared demo password: PBKDF2 takes ~0.4 s a call, and every demo
    # login has the same documented password anyway.
    encoded = None
    for login in LOGINS:
        person = people[login.person] if login.person else None
        user = User(
            username=login.username,
            full_name=person.full_name if person else clean_name(login.full_name),
            email=f"{login.username}@{EMAIL_DOMAIN}",
            person=person,
            is_staff=login.username == "admin",
            is_superuser=login.username == "admin",
        )
        if encoded is None:
            user.set_password(password)
            encoded = user.password
        else:
            user.password = encoded
        user._history_user = None
        user.save()
        for role, unit_code, position in login.roles:
            termed = role in TERMED_ROLES
            role_assign(
                user=user,
                role=role,
                actor=None,
                unit=units[unit_code] if unit_code else None,
                council_position=position,
                term_start=TERM_START if termed else None,
                term_end=TERM_END if termed else None,
            )
    return len(LOGINS)
