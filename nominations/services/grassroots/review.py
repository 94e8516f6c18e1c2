"""The grassroots path (issue 9, point 9): awards the head of a unit decides.

Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Tập thể lao động tiên tiến and Giấy khen are
decided by the head of the unit (a department's director, a commune's chairman: Law
06/2022/QH15 Art 80, Decree 129/2025/NĐ-CP Art 59), after the unit's own emulation council
(chaired by its head, BN Art 9) has reviewed them. Such a dossier never reaches the
secretariat:

``dossier_submit`` (the unit head, after the same completeness, eligibility and quota
checks as every dossier) sends it to the unit's council (``grassroots_send``) →
``unit_review_record`` (the head records the meeting: date, members present, the votes
and conclusion per nominee, notes) → ``unit_decision_approve`` (the head decides: one
decision per award, the unit as its issuer) or ``unit_dossier_return`` /
``unit_dossier_reject`` → ``unit_decision_issue`` (the unit's clerk records the number
from the unit's own register, the date, the signer and the signed original; the awards
enter the archive with their verification codes, as a provincial decision's do).

Each service runs in one transaction with the dossier row locked, and records the
dossier's history.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import AwardCategory, CommendationKind
from units.models import User

from ...models import (
    Dossier,
    DossierState,
    EventAction,
    Nominee,
    NomineeOutcome,
    ReturnReason,
    UnitCouncilReview,
    UnitDecision,
    UnitReviewResult,
)
from ...selectors.grassroots import (
    current_review,
    deciding_unit,
    is_deciding_head,
)
from .._core import dossier_transition, event_record, notify_unit, votes_needed

DECISION_TYPE = "QĐ"


def _lock(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().select_related("unit").get(pk=dossier.pk)


def _url(dossier: Dossier) -> str:
    return reverse("nominations:grassroots_detail", args=[dossier.pk])


def _require_head(dossier: Dossier, actor: User) -> None:
    if not is_deciding_head(actor, dossier):
        unit = deciding_unit(dossier.unit)
        raise ValidationError(
            _("Only the head of %(unit)s decides this dossier.") % {"unit": unit.name}
        )


def _require_state(dossier: Dossier, state: str) -> None:
    if dossier.state != state:
        raise ValidationError(
            _("The dossier is “%(state)s”: this step is not possible now.")
            % {"state": dossier.get_state_display()}
        )


def _names(nominees) -> str:
    return ", ".join(n.display_name for n in nominees)


def _set_outcome(nominee: Nominee, outcome: str, actor: User, **fields) -> None:
    nominee.outcome = outcome
    for key, value in fields.items():
        setattr(nominee, key, value)
    nominee._history_user = actor
    nominee.save(update_fields=["outcome", *fields])


def unit_decision_summary(*, award, year: int, kind: str) -> str:
    """ "Về việc tặng danh hiệu Lao động tiên tiến năm 2026" (a title), "Về việc tặng
    Giấy khen" (a form, with the year for an annual commendation)."""
    if award.category == AwardCategory.TITLE:
        return f"Về việc tặng danh hiệu {award.name} năm {year}"
    if kind == CommendationKind.MERIT:
        return f"Về việc tặng {award.name} năm {year}"
    return f"Về việc tặng {award.name}"


# --- Sending to the unit's council (from dossier_submit) ---------------------------------


def grassroots_send(
    *, dossier: Dossier, nominees: list[Nominee], actor: User, counts: dict
) -> Dossier:
    """Send a complete grassroots dossier to the unit's own emulation council. Called by
    ``dossier_submit`` inside its transaction, after its checks passed, with the row
    locked: the round counts up, the nominees' outcomes start afresh, nothing goes to the
    secretariat."""
    resubmission = dossier.state == DossierState.RETURNED
    if resubmission:
        Nominee.objects.filter(dossier=dossier).update(
            outcome=NomineeOutcome.PENDING, outcome_reason=""
        )
    unit = deciding_unit(dossier.unit)
    dossier_transition(
        dossier=dossier,
        to=DossierState.UNIT_REVIEW,
        actor=actor,
        action=EventAction.SENT_TO_UNIT_COUNCIL,
        note=_("Sent to the emulation council of %(unit)s.") % {"unit": unit.name},
        data={"round": dossier.round + 1, "nominees": len(nominees), "verdicts": counts},
        fields={
            "round": dossier.round + 1,
            "simplified": False,
            "submitted_at": timezone.now(),
            "submitted_by": actor,
            "received_on": timezone.localdate(),
            "appraisal_due_on": None,
        },
    )
    notify_unit(
        dossier=dossier,
        title=_("Dossier before the unit's emulation council: %(title)s")
        % {"title": dossier.title},
        body=_("%(count)s nominee(s), decided by the head of %(unit)s.")
        % {"count": len(nominees), "unit": unit.name},
        url=_url(dossier),
    )
    return dossier


# --- The unit council's review ------------------------------------------------------------


def _clean_result(nominee: Nominee, raw: dict, total: int) -> tuple[dict, list[str]]:
    """The stored figures of one nominee's result, and the messages of what is wrong."""
    errors: list[str] = []
    agree, disagree = raw.get("agree"), raw.get("disagree")
    note = (raw.get("note") or "").strip()
    vote = nominee.award.council_vote != "none"
    needed = votes_needed(nominee.award, total) if vote and total > 0 else 0
    for value in (agree, disagree):
        if value is not None and (not isinstance(value, int) or value < 0):
            errors.append(
                _("%(name)s: the votes are whole numbers from 0.") % {"name": nominee.display_name}
            )
            return {}, errors
    if vote and agree is None:
        errors.append(
            _("%(name)s: “%(award)s” needs the council's vote; enter the agree votes.")
            % {"name": nominee.display_name, "award": nominee.award.name}
        )
        return {}, errors
    if (agree or 0) + (disagree or 0) > total:
        errors.append(
            _("%(name)s: %(votes)s votes from a council of %(total)s members.")
            % {
                "name": nominee.display_name,
                "votes": (agree or 0) + (disagree or 0),
                "total": total,
            }
        )
    approved = agree >= needed if vote else bool(raw.get("approved"))
    return (
        {
            "agree": agree,
            "disagree": disagree,
            "votes_needed": needed,
            "approved": approved,
            "note": note,
        },
        errors,
    )


@transaction.atomic
def unit_review_record(
    *,
    dossier: Dossier,
    actor: User,
    held_on: datetime.date,
    members_total: int,
    present_names: str,
    results: dict[int, dict],
    notes: str = "",
) -> UnitCouncilReview:
    """Record the unit council's meeting on the dossier's current round (a second record
    of the same round replaces the first while the head has not decided yet).

    ``results`` maps each nominee's id to ``agree``/``disagree`` (votes; required when the
    award asks for a vote, counted against the council's whole membership, rounded up,
    as the provincial Council's are) or ``approved`` (the council's agreement when no
    vote is needed), and ``note``. The nominees' outcomes follow the council: passed or
    failed a vote, agreed or not.
    """
    dossier = _lock(dossier)
    _require_state(dossier, DossierState.UNIT_REVIEW)
    _require_head(dossier, actor)
    errors: dict[str, list[str]] = {}
    if not isinstance(held_on, datetime.date):
        errors["held_on"] = [_("Enter the date of the meeting.")]
    elif held_on > timezone.localdate():
        errors["held_on"] = [_("The meeting cannot be in the future.")]
    names = [line.strip() for line in (present_names or "").splitlines() if line.strip()]
    if not isinstance(members_total, int) or members_total < 1:
        errors["members_total"] = [_("Enter the number of members of the unit's council.")]
    elif not names:
        errors["present_names"] = [_("Name the members present, one per line.")]
    elif len(names) > members_total:
        errors["present_names"] = [
            _("%(present)s members named present, but the council has %(total)s.")
            % {"present": len(names), "total": members_total}
        ]
    if errors:
        raise ValidationError(errors)
    nominees = list(dossier.nominees.select_related("award").order_by("sort_order", "pk"))
    cleaned: dict[int, dict] = {}
    problems: list[str] = []
    for nominee in nominees:
        if nominee.pk not in results:
            problems.append(
                _("%(name)s: give the council's result.") % {"name": nominee.display_name}
            )
            continue
        figures, wrong = _clean_result(nominee, results[nominee.pk], members_total)
        problems.extend(wrong)
        cleaned[nominee.pk] = figures
    if problems:
        raise ValidationError(problems)
    UnitCouncilReview.objects.filter(dossier=dossier, round=dossier.round).delete()
    review = UnitCouncilReview(
        dossier=dossier,
        round=dossier.round,
        held_on=held_on,
        members_total=members_total,
        members_present=len(names),
        present_names="\n".join(names),
        notes=(notes or "").strip(),
        recorded_by=actor,
    )
    review._history_user = actor
    review.full_clean(exclude=["dossier", "recorded_by"])
    review.save()
    agreed, refused = [], []
    for nominee in nominees:
        figures = cleaned[nominee.pk]
        UnitReviewResult.objects.create(review=review, nominee=nominee, **figures)
        vote = nominee.award.council_vote != "none"
        if figures["approved"]:
            outcome = NomineeOutcome.PASSED if vote else NomineeOutcome.APPROVED
            reason = ""
            agreed.append(nominee)
        else:
            outcome = NomineeOutcome.FAILED if vote else NomineeOutcome.NOT_APPROVED
            reason = figures["note"] or (
                _("%(agree)s of %(total)s members agreed; %(needed)s needed.")
                % {
                    "agree": figures["agree"],
                    "total": members_total,
                    "needed": figures["votes_needed"],
                }
                if vote
                else _("Not agreed by the unit's emulation council.")
            )
            refused.append(nominee)
        _set_outcome(nominee, outcome, actor, outcome_reason=reason)
    event_record(
        dossier=dossier,
        actor=actor,
        action=EventAction.UNIT_REVIEWED,
        note=_("Meeting of %(date)s: %(present)s of %(total)s members present.")
        % {"date": held_on.strftime("%d/%m/%Y"), "present": len(names), "total": members_total},
        data={
            "held_on": held_on.isoformat(),
            "member_total": members_total,
            "present": len(names),
            "approved": [n.display_name for n in agreed],
            "not_approved": [n.display_name for n in refused],
        },
    )
    return review


# --- The head's decision -------------------------------------------------------------------


@transaction.atomic
def unit_decision_approve(*, dossier: Dossier, actor: User) -> list[UnitDecision]:
    """The head decides after the council's review: one decision per award for the
    nominees the council agreed, with the head's unit as the issuer, waiting for the
    clerk to issue them. When the council agreed none, the dossier is not approved."""
    dossier = _lock(dossier)
    _require_state(dossier, DossierState.UNIT_REVIEW)
    _require_head(dossier, actor)
    review = current_review(dossier=dossier)
    nominees = list(dossier.nominees.select_related("award").order_by("sort_order", "pk"))
    reviewed = {r.nominee_id for r in review.results.all()} if review else set()
    if review is None or any(n.pk not in reviewed for n in nominees):
        raise ValidationError(
            _("Record the unit council's review of every nominee before deciding.")
        )
    agreed = [n for n in nominees if n.outcome in (NomineeOutcome.PASSED, NomineeOutcome.APPROVED)]
    if not agreed:
        dossier_transition(
            dossier=dossier,
            to=DossierState.REJECTED,
            actor=actor,
            action=EventAction.REJECTED,
            note=_("The unit's emulation council agreed to none of the nominees."),
        )
        notify_unit(
            dossier=dossier,
            title=_("Dossier not approved: %(title)s") % {"title": dossier.title},
            url=_url(dossier),
        )
        return []
    issuer = deciding_unit(dossier.unit)
    decisions = []
    awards = []
    for nominee in agreed:
        _set_outcome(nominee, NomineeOutcome.PROPOSED, actor)
        if nominee.award not in awards:
            awards.append(nominee.award)
    for award in awards:
        decision = UnitDecision(dossier=dossier, award=award, issuer=issuer, approved_by=actor)
        decision._history_user = actor
        decision.save()
        decisions.append(decision)
    dossier_transition(
        dossier=dossier,
        to=DossierState.UNIT_APPROVED,
        actor=actor,
        action=EventAction.UNIT_APPROVED,
        note=_("Approved by the head of %(unit)s: %(names)s.")
        % {"unit": issuer.name, "names": _names(agreed)},
        data={
            "approved": [n.display_name for n in agreed],
            "award": ", ".join(a.name for a in awards),
        },
    )
    notify_unit(
        dossier=dossier,
        title=_("Decision(s) to issue: %(title)s") % {"title": dossier.title},
        body=_(
            "The head of %(unit)s approved %(count)s nominee(s); record the number, date "
            "and signed original of each decision."
        )
        % {"unit": issuer.name, "count": len(agreed)},
        url=_url(dossier),
    )
    return decisions


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason.")]})
    return reason


@transaction.atomic
def unit_dossier_return(*, dossier: Dossier, actor: User, reason: str) -> Dossier:
    """The head sends the dossier back to the staff for correction, with a reason."""
    reason = _reason(reason)
    dossier = _lock(dossier)
    _require_state(dossier, DossierState.UNIT_REVIEW)
    _require_head(dossier, actor)
    ReturnReason.objects.create(
        dossier=dossier, round=dossier.round, reason=reason, created_by=actor
    )
    dossier_transition(
        dossier=dossier,
        to=DossierState.RETURNED,
        actor=actor,
        action=EventAction.RETURNED,
        note=reason,
        data={"reason": reason},
    )
    notify_unit(
        dossier=dossier,
        title=_("Dossier returned for correction: %(title)s") % {"title": dossier.title},
        body=reason,
        url=reverse("nominations:dossier_detail", args=[dossier.pk]),
    )
    return dossier


@transaction.atomic
def unit_dossier_reject(*, dossier: Dossier, actor: User, reason: str) -> Dossier:
    """The head does not approve the dossier: every nominee is not approved, with the
    reason."""
    reason = _reason(reason)
    dossier = _lock(dossier)
    _require_state(dossier, DossierState.UNIT_REVIEW)
    _require_head(dossier, actor)
    for nominee in dossier.nominees.all():
        _set_outcome(nominee, NomineeOutcome.NOT_APPROVED, actor, outcome_reason=reason)
    dossier_transition(
        dossier=dossier,
        to=DossierState.REJECTED,
        actor=actor,
        action=EventAction.REJECTED,
        note=reason,
        data={"reason": reason},
    )
    notify_unit(
        dossier=dossier,
        title=_("Dossier not approved: %(title)s") % {"title": dossier.title},
        body=reason,
        url=_url(dossier),
    )
    return dossier
