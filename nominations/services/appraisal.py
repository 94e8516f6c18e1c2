"""The secretariat's appraisal (thẩm định) of a received dossier: start it, re-run the
eligibility engine, return the dossier to its unit with reasons, or accept it with an
outcome per nominee.

Each service is one transaction holding the dossier's row lock: it validates everything
first and writes only when all of it is right, so nothing is ever half-saved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from units.models import User

from ..models import (
    QUEUE_STATES,
    Dossier,
    DossierState,
    EligibilityStatus,
    EventAction,
    Nominee,
    NomineeOutcome,
    ReturnReason,
)
from ..selectors.appraisal import nominee_blocks
from ..selectors.grassroots import is_grassroots
from ._core import dossier_advance, dossier_transition, event_record, notify_unit, store_verdict


def _locked(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().select_related("unit").get(pk=dossier.pk)


def _locked_nominees(dossier: Dossier) -> list[Nominee]:
    return list(
        Nominee.objects.select_for_update(of=("self",))
        .filter(dossier=dossier)
        .select_related("award", "dossier", "person", "collective", "household")
        .order_by("sort_order", "id")
    )


def _require_queue(dossier: Dossier) -> None:
    if dossier.state not in QUEUE_STATES:
        raise ValidationError(
            _("Only a dossier waiting for appraisal can be appraised; this one is “%(state)s”.")
            % {"state": dossier.get_state_display()}
        )


def _refuse_grassroots(nominees) -> None:
    """The provincial appraisal never takes a grassroots award (the unit head's, issue 9
    point 9): its unit's own emulation council reviews it and its head decides it."""
    local = [n for n in nominees if is_grassroots(n.award)]
    if local:
        raise ValidationError(
            _(
                "%(names)s: “%(award)s” is decided by the head of the proposing unit, after "
                "the unit's own emulation council; the provincial appraisal does not take it."
            )
            % {
                "names": ", ".join(n.display_name for n in local),
                "award": local[0].award.name,
            }
        )


def _dossier_url(dossier: Dossier) -> str:
    return reverse("nominations:dossier_detail", args=[dossier.pk])


def _start(dossier: Dossier, actor: User) -> Dossier:
    """SUBMITTED → IN_APPRAISAL with the actor as reviewer, on a locked dossier."""
    return dossier_transition(
        dossier=dossier,
        to=DossierState.IN_APPRAISAL,
        actor=actor,
        action=EventAction.APPRAISAL_STARTED,
        data={"round": dossier.round, "reviewer": actor.get_full_name() or actor.username},
        fields={"reviewer": actor},
    )


@transaction.atomic
def appraisal_start(*, dossier: Dossier, actor: User) -> Dossier:
    """Take a submitted dossier into appraisal; the actor becomes its reviewer.

    Steps: lock the dossier; check it is submitted; move it to "in appraisal" with the
    reviewer set; record APPRAISAL_STARTED (with the round).
    """
    dossier = _locked(dossier)
    if dossier.state != DossierState.SUBMITTED:
        raise ValidationError(
            _("Only a submitted dossier can be taken into appraisal; this one is “%(state)s”.")
            % {"state": dossier.get_state_display()}
        )
    _refuse_grassroots(dossier.nominees.select_related("award"))
    return _start(dossier, actor)


def _check(nominee: Nominee) -> str:
    """Run the engine on the nominee, keep the verdict as the appraisal's; its status."""
    return store_verdict(nominee, at_appraisal=True)["verdict"]


@transaction.atomic
def appraisal_recheck(*, dossier: Dossier, actor: User) -> dict[int, str]:
    """Run the eligibility engine again for every nominee and keep the verdicts as the
    appraisal's. Returns ``{nominee id: status}``.

    Steps: lock the dossier (and start its appraisal if it was only submitted); store the
    verdict of each nominee at appraisal; record ELIGIBILITY_CHECKED with each nominee's
    status, the one at submission beside it, and the counts.
    """
    dossier = _locked(dossier)
    _require_queue(dossier)
    nominees = _locked_nominees(dossier)
    _refuse_grassroots(nominees)
    if dossier.state == DossierState.SUBMITTED:
        dossier = _start(dossier, actor)
    statuses: dict[int, str] = {}
    rows = []
    counts: dict[str, int] = {}
    for nominee in nominees:
        status = _check(nominee)
        statuses[nominee.pk] = status
        counts[status] = counts.get(status, 0) + 1
        rows.append(
            {
                "id": nominee.pk,
                "name": nominee.display_name,
                "award": nominee.award.code,
                "status": status,
                "at_submission": nominee.eligibility_status,
            }
        )
    event_record(
        dossier=dossier,
        actor=actor,
        action=EventAction.ELIGIBILITY_CHECKED,
        data={"round": dossier.round, "nominees": rows, "counts": counts},
    )
    return statuses


@transaction.atomic
def dossier_return(
    *,
    dossier: Dossier,
    general_reason: str,
    nominee_reasons: dict[int, str],
    actor: User,
) -> Dossier:
    """Return the dossier to its unit for correction, with the reasons.

    Steps: lock the dossier and check it is waiting for appraisal; check there is at least
    one reason and that each nominee named belongs to it; keep one ReturnReason per reason
    (the general one without a nominee) for the dossier's current round, so every round
    stays on record; move the dossier to "returned" recording RETURNED with the reasons;
    tell the unit's staff and head.
    """
    dossier = _locked(dossier)
    _require_queue(dossier)
    nominees = {n.pk: n for n in _locked_nominees(dossier)}
    general_reason = (general_reason or "").strip()
    reasons = {int(pk): (text or "").strip() for pk, text in (nominee_reasons or {}).items()}
    reasons = {pk: text for pk, text in reasons.items() if text}
    if set(reasons) - set(nominees):
        raise ValidationError(_("A reason names a nominee that is not in this dossier."))
    if not general_reason and not reasons:
        raise ValidationError(
            _("Give at least one reason: for the whole dossier or for a nominee."),
            code="no_reason",
        )
    rows = []
    if general_reason:
        rows.append(ReturnReason(nominee=None, nominee_name="", reason=general_reason))
    for nominee in nominees.values():  # in the dossier's order
        if nominee.pk in reasons:
            rows.append(
                ReturnReason(
                    nominee=nominee, nominee_name=nominee.display_name, reason=reasons[nominee.pk]
                )
            )
    for row in rows:
        row.dossier, row.round, row.created_by = dossier, dossier.round, actor
    ReturnReason.objects.bulk_create(rows)
    dossier = dossier_transition(
        dossier=dossier,
        to=DossierState.RETURNED,
        actor=actor,
        action=EventAction.RETURNED,
        note=general_reason,
        data={
            "round": dossier.round,
            "general": general_reason,
            "nominees": [
                {"id": r.nominee_id, "name": r.nominee_name, "reason": r.reason}
                for r in rows
                if r.nominee_id
            ],
        },
        fields={"reviewer": dossier.reviewer or actor},
    )
    lines = ([general_reason] if general_reason else []) + [
        f"{r.nominee_name}: {r.reason}" for r in rows if r.nominee_id
    ]
    notify_unit(
        dossier=dossier,
        title=_("The dossier “%(title)s” was returned for correction") % {"title": dossier.title},
        body="\n".join(lines),
        url=_dossier_url(dossier),
    )
    return dossier


# decisions: nominee id → (approved, reason, put to public consultation)
Decisions = dict[int, tuple[bool, str, bool]]


def _accept_errors(
    nominees: dict[int, Nominee], decisions: Decisions, blocks: dict[int, list[str]]
) -> list[str]:
    errors = []
    if set(decisions) - set(nominees):
        errors.append(_("A decision names a nominee that is not in this dossier."))
    missing = [n.display_name for pk, n in nominees.items() if pk not in decisions]
    if missing:
        errors.append(
            _("Decide on every nominee; no decision for: %(names)s.")
            % {"names": ", ".join(missing)}
        )
    for pk, nominee in nominees.items():
        if pk not in decisions:
            continue
        approved, reason, _consult = decisions[pk]
        name = nominee.display_name
        if not approved and not (reason or "").strip():
            errors.append(_("Give the reason why “%(name)s” is not approved.") % {"name": name})
        if approved and pk in blocks:  # said first: the engine's "ineligible" follows it
            errors.append(
                _("“%(name)s” cannot be approved while under a block: %(blocks)s.")
                % {"name": name, "blocks": "; ".join(blocks[pk])}
            )
        elif approved and _verdict(nominee) == EligibilityStatus.INELIGIBLE:
            errors.append(
                _(
                    "“%(name)s” cannot be approved: the eligibility check found the nominee"
                    " not eligible for %(award)s."
                )
                % {"name": name, "award": nominee.award.name}
            )
    return errors


def _verdict(nominee: Nominee) -> str:
    """The verdict that counts: the appraisal's, or the submission's if not re-checked."""
    return nominee.appraisal_status or nominee.eligibility_status


@transaction.atomic
def dossier_accept(*, dossier: Dossier, decisions: Decisions, actor: User) -> Dossier:
    """Accept the dossier after appraisal with an outcome for each nominee.

    ``decisions`` maps every nominee's id to ``(approved, reason, consultation)``: a
    nominee not approved needs a reason; one found ineligible, or under a block (a running
    discipline, an open investigation or complaint), cannot be approved. An approved
    nominee goes to public consultation when the award requires it or the reviewer ticks
    it (public disclosure, Law 06/2022 Art 84(5)).

    Steps: lock the dossier and its nominees; run the engine for any nominee not yet
    re-checked at appraisal; validate every decision, refusing all of them with every message if any
    is wrong; write each outcome, reason and consultation flag; stamp the dossier as
    appraised by the actor; record ACCEPTED with the outcomes; move the dossier to the
    stage its nominees reached (consultation, before the Council, proposed, or not
    approved when none was approved); tell the unit.
    """
    dossier = _locked(dossier)
    _require_queue(dossier)
    nominees = {n.pk: n for n in _locked_nominees(dossier)}
    if not nominees:
        raise ValidationError(_("The dossier has no nominee to decide on."))
    _refuse_grassroots(nominees.values())
    for nominee in nominees.values():
        if not nominee.appraisal_status:  # never re-checked: the engine answers now
            _check(nominee)
    decisions = {int(pk): value for pk, value in (decisions or {}).items()}
    errors = _accept_errors(nominees, decisions, nominee_blocks(nominees=list(nominees.values())))
    if errors:
        raise ValidationError(errors)

    if dossier.state == DossierState.SUBMITTED:
        dossier = _start(dossier, actor)
    rows = []
    for nominee in nominees.values():
        approved, reason, consult = decisions[nominee.pk]
        nominee.outcome = NomineeOutcome.APPROVED if approved else NomineeOutcome.NOT_APPROVED
        nominee.outcome_reason = (reason or "").strip()
        nominee.needs_consultation = bool(
            approved and (nominee.award.needs_consultation or consult)
        )
        nominee._history_user = actor
        nominee.save(update_fields=["outcome", "outcome_reason", "needs_consultation"])
        rows.append(
            {
                "id": nominee.pk,
                "name": nominee.display_name,
                "award": nominee.award.code,
                "outcome": nominee.outcome,
                "reason": nominee.outcome_reason,
                "consultation": nominee.needs_consultation,
                "verdict": _verdict(nominee),
            }
        )
    dossier.appraised_at = timezone.now()
    dossier.reviewer = actor
    dossier._history_user = actor
    dossier.save(update_fields=["appraised_at", "reviewer", "updated_at"])
    approved_count = sum(1 for r in rows if r["outcome"] == NomineeOutcome.APPROVED)
    event_record(
        dossier=dossier,
        actor=actor,
        action=EventAction.ACCEPTED,
        data={
            "round": dossier.round,
            "approved": approved_count,
            "not_approved": len(rows) - approved_count,
            "nominees": rows,
        },
    )
    dossier = dossier_advance(dossier=dossier, actor=actor)
    notify_unit(
        dossier=dossier,
        title=_("The dossier “%(title)s” was appraised: %(approved)s of %(total)s approved")
        % {"title": dossier.title, "approved": approved_count, "total": len(rows)},
        body="\n".join(
            f"{r['name']}: "
            + (_("approved") if r["outcome"] == NomineeOutcome.APPROVED else _("not approved"))
            + (f" ({r['reason']})" if r["reason"] else "")
            for r in rows
        ),
        url=_dossier_url(dossier),
    )
    return dossier
