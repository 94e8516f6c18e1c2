"""What every step of a public consultation shares: its limits, its closing day and the
checks of a nominee."""

from datetime import date

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from notifications.deadlines import add_working_days, is_working_day

from ...models import (
    Dossier,
    DossierState,
    Nominee,
    NomineeOutcome,
    OpinionStatus,
)

MAX_DAYS = 60
TITLE_MAX = 300
BODY_MAX = 4000
SENDER_MAX = 150
TEXT_MAX = 4000
# What the secretariat may decide about an opinion.
HANDLED_STATUSES = (
    OpinionStatus.NOTED,
    OpinionStatus.RESOLVED,
    OpinionStatus.UPHELD,
    OpinionStatus.SPAM,
)
NEEDS_RESOLUTION = (OpinionStatus.RESOLVED, OpinionStatus.UPHELD)
OBJECTION_ONLY = (OpinionStatus.RESOLVED, OpinionStatus.UPHELD)
# Outcomes after which an objection can no longer take the nominee off the path.
TOO_LATE = (
    NomineeOutcome.PROPOSED,
    NomineeOutcome.PROPOSED_UPWARD,
    NomineeOutcome.AWARDED,
)


# The longest reason for closing a consultation early that is kept.
REASON_MAX = 1000


def default_days() -> int:
    return int(getattr(settings, "TDKT_CONSULTATION_DAYS", 10))


def consultation_closing_day(opens_on: date, days: int) -> date:
    """The day on which ``days`` working days have passed, counting ``opens_on`` as the
    first when it is a working day (a window opened on a Saturday starts on Monday).
    Weekends and the holiday calendar are skipped."""
    if days < 1:
        raise ValueError("days must be positive")
    if is_working_day(opens_on):
        return add_working_days(opens_on, days - 1)
    return add_working_days(opens_on, days)


def _plain(text: str) -> str:
    """Plain text only: no markup, no control characters, trimmed."""
    text = strip_tags(text or "")
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    return text.strip()


def _dossier_url(dossier: Dossier) -> str:
    try:
        return reverse("nominations:dossier_detail", args=[dossier.pk])
    except NoReverseMatch:  # the dossier pages are not installed
        return ""


def _nominee_problem(nominee: Nominee, busy: set[int]) -> str | None:
    if nominee.outcome != NomineeOutcome.APPROVED:
        return _("“%(name)s” has not been approved at appraisal.")
    if not nominee.needs_consultation:
        return _("“%(name)s” is proposed for an award that needs no public consultation.")
    if nominee.consultation_done:
        return _("The public consultation on “%(name)s” is already over.")
    if nominee.dossier.state != DossierState.CONSULTATION:
        return _("The dossier of “%(name)s” is not at the public consultation stage.")
    if nominee.pk in busy:
        return _("“%(name)s” is already in another open public consultation.")
    return None
