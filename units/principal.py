"""The signed-in user and their roles, kept in the shared cache between requests (issue 13).

Before any view runs, every page of a signed-in user read the same rows: the user (for
``auth.get_user``) and their role assignments with their units (``selectors.roles_of``,
which every permission and the header read). Two queries and the ORM's work to build
them: about a fifth of a kept page's time. They are now kept under the user's id, beside
the generations of the user, role and unit tables as they were when the rows were read
(``units.pagecache``), and both come back in one round trip. They are used only while
every one of those generations is unchanged: any write to those tables, however it is
made (a role taken away, an account locked, a password changed, a unit renamed), sends
the next request back to the database. A role's dates are checked on every request, so a
term that ended yesterday no longer counts today.

Kept only where pages are kept (``TDKT_PAGE_CACHE_SECONDS``: the generations live in the
shared cache, and every process moves them on when it writes); a cache that cannot be
reached is a miss, and the rows are read from the database as before. The password hash
is not kept (``_kept_copy``).
"""

from __future__ import annotations

import copy

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from . import pagecache
from .caching import cache_set
from .models import RoleAssignment, User
from .selectors import role_assignments

PREFIX = "principal:v1"
# What the user and their roles are read from, and writes whose table cannot be told.
TABLES = pagecache.BASE_TABLES | {pagecache.ANY_TABLE}


def _kept_copy(user: User) -> User:
    """``user`` as kept in the cache: without the password hash. Django checks each session
    against an HMAC of it (``get_session_auth_hash``, keyed by the secret key), which is
    kept instead; the password itself is read from the database only where it is used
    (a password change), and a copy saved writes only the fields it holds."""
    kept = copy.copy(user)
    kept.__dict__.pop("password", None)
    kept._tdkt_session_hash = user.get_session_auth_hash()
    return kept


def _read(user_id) -> tuple[User, tuple[RoleAssignment, ...]] | None:
    try:
        user = User._default_manager.get(pk=user_id)
    except User.DoesNotExist:
        return None
    return user, tuple(role_assignments(user))


def load(user_id) -> User | None:
    """The user ``user_id`` with their role assignments attached for ``roles_of``, from
    the shared cache while nothing they were read from has changed, else from the
    database (and kept for the next request). None when there is no such user."""
    current = kept = None
    key = f"{PREFIX}:{user_id}"
    if pagecache.enabled():
        current, kept = pagecache.lookup(TABLES, key)
    if current is None:  # not kept here (no shared cache, or it is down)
        found = _read(user_id)
    else:
        built_at = sorted(current.items())
        if kept is not None and kept[0] == built_at:
            found = kept[1]
        else:
            found = _read(user_id)
            if found is not None:
                kept_found = (_kept_copy(found[0]), found[1])
                cache_set(key, (built_at, kept_found), settings.TDKT_PAGE_CACHE_SECONDS)
    if found is None:
        return None
    user, assignments = found
    user._tdkt_assignments = assignments
    return user


class PrincipalBackend(ModelBackend):
    """Django's ``ModelBackend`` (password login, model permissions) whose ``get_user``,
    asked on every request, reads the user and their roles through :func:`load`."""

    def get_user(self, user_id):
        user = load(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
