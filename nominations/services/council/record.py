"""The record of the meeting (minutes)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from units.models import User

from ...models import (
    Attendance,
    CouncilSession,
    SessionState,
)
from ._common import _locked

# --- The record of the meeting (minutes) ------------------------------------------------


@transaction.atomic
def session_record_update(
    *,
    session: CouncilSession,
    secretary: User | None,
    counting_committee: Iterable[User],
    started_at=None,
    ended_at=None,
    actor: User,
) -> CouncilSession:
    """Record who keeps the minutes at the session (the Council's secretary, or an acting
    secretary among the members present when the secretary is absent), the counting
    committee (members present) and the hours. Once voting has opened."""
    session = _locked(session)
    if session.state == SessionState.SCHEDULED:
        raise ValidationError(
            _("The record of the meeting is kept once voting has opened (attendance fixed).")
        )
    present = set(
        Attendance.objects.filter(session=session, present=True).values_list("member_id", flat=True)
    )
    errors: dict[str, list[str]] = {}
    if secretary is None:
        errors["secretary"] = [_("Choose who keeps the minutes at this session.")]
    elif secretary.pk not in present:
        errors["secretary"] = [
            _("The secretary at the session must be a member present: %(name)s is not.")
            % {"name": secretary.get_full_name()}
        ]
    committee = list(dict.fromkeys(counting_committee))
    strangers = [u.get_full_name() for u in committee if u.pk not in present]
    if strangers:
        errors["counting_committee"] = [
            _("The counting committee is made of members present: %(names)s is not.")
            % {"names": ", ".join(strangers)}
        ]
    if started_at and ended_at and ended_at < started_at:
        errors["ended_at"] = [_("The session cannot end before it starts.")]
    if errors:
        raise ValidationError(errors)
    session.secretary = secretary
    session.started_at = started_at
    session.ended_at = ended_at
    session._history_user = actor
    session.save()
    session.counting_committee.set(committee)
    return session
