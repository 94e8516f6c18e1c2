"""What every step of a council session shares: the session's lock and state check."""

from django.core.exceptions import ValidationError

from ...models import (
    CouncilSession,
)


def _locked(session: CouncilSession) -> CouncilSession:
    return CouncilSession.objects.select_for_update().get(pk=session.pk)


def _require_state(session: CouncilSession, state: str, message: str) -> None:
    if session.state != state:
        raise ValidationError(message)
