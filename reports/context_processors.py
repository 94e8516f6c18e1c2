"""Whether the header offers "Reports": only to a user who may ask for a report there.

A unit's staff have no province-wide report to ask for, so the menu does not lead them to
an empty form (issue 9, 17). Computed only when the menu reads it (a callable)."""

from . import kinds


def requestable_kinds(user) -> list:
    """The report kinds ``user`` may ask for from the report page (not per object)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [k for k in kinds.all_kinds() if not k.for_object and user.has_perm(k.permission)]


def report_menu(request) -> dict:
    user = getattr(request, "user", None)
    return {"may_ask_reports": lambda: bool(requestable_kinds(user))}
