"""Submission (the unit head) and withdrawal."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import CommendationKind
from campaigns.selectors import unregistered_titles
from notifications.deadlines import add_working_days
from units.models import User

from ...models import (
    UNIT_EDITABLE_STATES,
    Dossier,
    DossierState,
    EligibilityStatus,
    EventAction,
    Nominee,
    NomineeOutcome,
)
from ...selectors.appraisal import same_award_elsewhere
from ...selectors.dossiers import (
    dossier_attachments,
    dossier_checklist,
    dossier_nominees,
    verdict_reasons,
    verdict_status,
)
from ...selectors.grassroots import Route, dossier_route, submission_route
from .._core import (
    dossier_transition,
    notify_secretariat,
    processing_days,
    store_verdict,
)
from ..grassroots import grassroots_send
from ._common import _detail_url, _lock
from .quotas import _quota_problems

# --- Submission and withdrawal -------------------------------------------------------------


def _missing_message(missing: list[str]) -> str:
    return _("The dossier cannot be submitted yet. Missing: %(items)s.") % {
        "items": "; ".join(missing)
    }


@transaction.atomic
def dossier_submit(*, dossier: Dossier, actor: User) -> Dossier:
    """The unit head sends a complete dossier to the secretariat.

    Refused, with one message listing every missing item, when a nominee lacks a report
    or a summary or a document of the award's checklist is missing; refused when the
    engine finds a nominee not eligible (its reasons quoted); refused when a local quota
    of the dossier's unit or a unit above it would be exceeded (the quota rows stay
    locked until the submission commits). On success the verdicts
    are stored, the round counts up, the time limit of the appraisal is set in working
    days, and the secretariat is told. Nothing is saved when anything fails.
    """
    dossier = _lock(dossier)
    if dossier.state not in UNIT_EDITABLE_STATES:
        raise ValidationError(
            _("The dossier is “%(state)s” and cannot be submitted again.")
            % {"state": dossier.get_state_display()}
        )
    if not actor.has_perm("nominations.submit_dossier", dossier):
        raise ValidationError(_("Only the head of the proposing unit may submit the dossier."))
    nominees = dossier_nominees(dossier=dossier)
    if not nominees:
        raise ValidationError(_("Add at least one nominee before submitting the dossier."))
    # Routed by the catalogue's authority (issue 9, point 9): the unit head's own awards
    # go to the unit's emulation council; a dossier mixing levels is refused.
    route = submission_route(dossier=dossier, nominees=nominees)
    checklist = dossier_checklist(
        dossier=dossier, nominees=nominees, attachments=dossier_attachments(dossier=dossier)
    )
    problems = [_missing_message(checklist.missing)] if checklist.missing else []
    if settings.TDKT_UNREGISTERED_TITLE_RULE == "block":
        for nominee in unregistered_titles(year=dossier.year, nominees=nominees):
            problems.append(
                _("“%(award)s” was not registered for %(name)s at the start of the year.")
                % {"award": nominee.award.name, "name": nominee.display_name}
            )
    for other in same_award_elsewhere(dossier=dossier, nominees=nominees):
        problems.append(
            _(
                "%(name)s is already proposed for “%(award)s” in %(year)s in the dossier"
                " “%(title)s” of this unit."
            )
            % {
                "name": other.display_name,
                "award": other.award.name,
                "year": dossier.year,
                "title": other.dossier.title,
            }
        )
    counts: dict[str, int] = {}
    for nominee in nominees:
        nominee.dossier = dossier
        verdict = store_verdict(nominee)
        status = verdict_status(verdict)
        counts[status] = counts.get(status, 0) + 1
        if status == EligibilityStatus.INELIGIBLE:
            problems.append(
                _("%(name)s is not eligible for “%(award)s”: %(reasons)s.")
                % {
                    "name": nominee.display_name,
                    "award": nominee.award.name,
                    "reasons": "; ".join(verdict_reasons(verdict)),
                }
            )
    if not problems:
        problems.extend(_quota_problems(dossier, nominees))
    if problems:
        raise ValidationError(problems)
    if route == Route.GRASSROOTS:
        return grassroots_send(dossier=dossier, nominees=nominees, actor=actor, counts=counts)
    simplified = dossier.kind == CommendationKind.AD_HOC and all(
        n.award.simplified_procedure for n in nominees
    )
    resubmission = dossier.state == DossierState.RETURNED
    today = timezone.localdate()
    due = add_working_days(today, processing_days(dossier.kind, simplified=simplified))
    if resubmission:
        Nominee.objects.filter(dossier=dossier).update(
            outcome=NomineeOutcome.PENDING, outcome_reason=""
        )
    dossier_transition(
        dossier=dossier,
        to=DossierState.SUBMITTED,
        actor=actor,
        action=EventAction.SUBMITTED,
        data={
            "round": dossier.round + 1,
            "nominees": len(nominees),
            "simplified": simplified,
            "appraisal_due_on": due.isoformat(),
            "verdicts": counts,
        },
        fields={
            "round": dossier.round + 1,
            "simplified": simplified,
            "submitted_at": timezone.now(),
            "submitted_by": actor,
            "received_on": today,
            "appraisal_due_on": due,
        },
    )
    notify_secretariat(
        title=(
            _("Dossier resubmitted: %(title)s")
            if resubmission
            else _("Dossier received: %(title)s")
        )
        % {"title": dossier.title},
        body=_("%(unit)s, round %(round)s, %(count)s nominee(s); appraisal due %(due)s.")
        % {
            "unit": dossier.unit.label,
            "round": dossier.round,
            "count": len(nominees),
            "due": due.strftime("%d/%m/%Y"),
        },
        url=_detail_url(dossier, "nominations:appraisal_detail"),
    )
    return dossier


@transaction.atomic
def dossier_withdraw(*, dossier: Dossier, reason: str, actor: User) -> Dossier:
    """The unit head takes the dossier back, with a reason, before appraisal ends."""
    dossier = _lock(dossier)
    if not actor.has_perm("nominations.withdraw_dossier", dossier):
        raise ValidationError(_("Only the head of the proposing unit may withdraw the dossier."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for withdrawing the dossier.")]})
    # A grassroots dossier never went to the secretariat (issue 9, point 9).
    was_sent = dossier.state != DossierState.DRAFT and (
        dossier_route(dossier=dossier) != Route.GRASSROOTS
    )
    dossier_transition(
        dossier=dossier,
        to=DossierState.WITHDRAWN,
        actor=actor,
        action=EventAction.WITHDRAWN,
        note=reason,
        data={"reason": reason},
    )
    if was_sent:
        notify_secretariat(
            title=_("Dossier withdrawn: %(title)s") % {"title": dossier.title},
            body=reason,
            url=_detail_url(dossier),
        )
    return dossier
