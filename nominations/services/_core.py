"""What every nominations service shares: the history entry, the state machine, the
eligibility verdict of a nominee and the Council's figures."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.services import eligibility_checks
from campaigns.models import Movement
from notifications.models import NotificationKind
from notifications.services import notify_users
from units.models import Role, User

from ..models import (
    TRANSITIONS,
    Dossier,
    DossierEvent,
    DossierState,
    EligibilityStatus,
    EventAction,
    Nominee,
    NomineeOutcome,
)


def event_record(
    *,
    dossier: Dossier,
    actor: User | None,
    action: str,
    note: str = "",
    data: dict | None = None,
    from_state: str = "",
    to_state: str = "",
) -> DossierEvent:
    """Append one entry to the dossier's history (who, when, what, the figures)."""
    return DossierEvent.objects.create(
        dossier=dossier,
        actor=actor,
        action=action,
        note=note,
        data=data or {},
        from_state=from_state,
        to_state=to_state,
    )


def dossier_transition(
    *,
    dossier: Dossier,
    to: str,
    actor: User | None,
    action: str,
    note: str = "",
    data: dict | None = None,
    fields: dict | None = None,
) -> Dossier:
    """Move a dossier along the state machine and record it; the caller holds the row
    lock (``select_for_update``) and the transaction. A move the machine does not allow
    raises a ValidationError with a Vietnamese message."""
    if not dossier.can_move_to(to):
        raise ValidationError(
            _("A dossier that is “%(state)s” cannot become “%(to)s”.")
            % {"state": dossier.get_state_display(), "to": DossierState(to).label}
        )
    before = dossier.state
    dossier.state = to
    for key, value in (fields or {}).items():
        setattr(dossier, key, value)
    dossier._history_user = actor
    dossier.save()
    event_record(
        dossier=dossier,
        actor=actor,
        action=action,
        note=note,
        data=data,
        from_state=before,
        to_state=to,
    )
    return dossier


def allowed_transitions(state: str) -> tuple[str, ...]:
    return TRANSITIONS.get(state, ())


def nominee_verdict(nominee: Nominee, *, year: int | None = None) -> dict:
    """The engine's verdict on a nominee's records for the dossier's year."""
    return nominee_verdicts([nominee], year=year)[0]


def _dossier_movements(nominees: list[Nominee]) -> list[dict | None]:
    """The engine's ``movement`` object of each nominee's dossier: the thematic movement
    the dossier was linked to (campaigns), read in one query for all of them, or None."""
    ids = {nominee.dossier.campaign_id for nominee in nominees} - {None}
    movements = {m.pk: m.eligibility_movement for m in Movement.objects.filter(pk__in=ids)}
    return [movements.get(nominee.dossier.campaign_id) for nominee in nominees]


def nominee_verdicts(nominees: list[Nominee], *, year: int | None = None) -> list[dict]:
    """The engine's verdicts on nominees' records for their dossier's year, in their order,
    with the records of all of them read in one batch (a constant number of queries).

    Households are not covered by the engine (ELIGIBILITY.md): they get "needs_review"
    with a reason, so a person reviews them.
    """
    engine_nominees = [nominee for nominee in nominees if not nominee.household_id]
    subjects = [
        (nominee.award, year or nominee.dossier.year, nominee.person, nominee.collective)
        for nominee in engine_nominees
    ]
    checked = iter(
        eligibility_checks(
            subjects=subjects,
            movements=_dossier_movements(engine_nominees),
            bloc_ranks=[nominee.bloc_rank for nominee in engine_nominees],
        )
    )
    verdicts = []
    for nominee in nominees:
        if not nominee.household_id:
            verdicts.append(next(checked))
            continue
        verdicts.append(
            {
                "award": nominee.award.code,
                "year": year or nominee.dossier.year,
                "verdict": EligibilityStatus.NEEDS_REVIEW.value,
                "checks": [
                    {
                        "rule": "household_reviewed_by_commune",
                        "passed": True,
                        "detail": _("Households are checked by the commune, not by the engine."),
                        "basis": "",
                    }
                ],
            }
        )
    return verdicts


def store_verdict(nominee: Nominee, *, at_appraisal: bool = False) -> dict:
    """Compute and keep the verdict on the nominee (at submission or at appraisal)."""
    return store_verdicts([nominee], at_appraisal=at_appraisal)[0]


def store_verdicts(nominees: list[Nominee], *, at_appraisal: bool = False) -> list[dict]:
    """Compute and keep the verdicts on nominees, in their order: their records are read
    in one batch (``nominee_verdicts``), then each row is updated."""
    verdicts = nominee_verdicts(nominees)
    now = timezone.now()
    for nominee, verdict in zip(nominees, verdicts, strict=True):
        status = verdict.get("verdict", "")
        if at_appraisal:
            nominee.appraisal_status, nominee.appraisal_result = status, verdict
            nominee.appraisal_checked_at = now
            fields = ["appraisal_status", "appraisal_result", "appraisal_checked_at"]
        else:
            nominee.eligibility_status, nominee.eligibility_result = status, verdict
            nominee.eligibility_checked_at = now
            fields = ["eligibility_status", "eligibility_result", "eligibility_checked_at"]
        Nominee.objects.filter(pk=nominee.pk).update(**{f: getattr(nominee, f) for f in fields})
    return verdicts


def votes_needed(award, total_members: int) -> int:
    """Agree votes an award needs, counted against the Council's total membership and
    rounded up; the threshold comes from the catalogue (``Award.council_vote``)."""
    if total_members < 1:
        raise ValueError("total_members must be positive")
    percents = getattr(settings, "TDKT_VOTE_PERCENT", {"eighty": 80, "ninety": 90})
    percent = percents.get(award.council_vote)
    if percent is None:  # "majority" (and "none", when the secretariat asks anyway)
        return total_members // 2 + 1
    return (percent * total_members + 99) // 100


def quorum_needed(total_members: int) -> int:
    """Members who must be present at an award session (a percentage, rounded up)."""
    percent = getattr(settings, "TDKT_COUNCIL_QUORUM_PERCENT", 80)
    return (percent * total_members + 99) // 100


def processing_days(kind: str, *, simplified: bool = False) -> int:
    """The appraisal time limit in working days (a setting per kind)."""
    limits = getattr(settings, "TDKT_APPRAISAL_DAYS", {})
    if simplified:
        return int(limits.get("DOT_XUAT", limits.get("default", 5)))
    return int(limits.get(kind, limits.get("default", 20)))


# Outcomes that end a nominee's path without an award, and those still moving.
NEGATIVE = (NomineeOutcome.NOT_APPROVED, NomineeOutcome.FAILED)
FINAL_POSITIVE = (NomineeOutcome.AWARDED, NomineeOutcome.PROPOSED_UPWARD)


def _state_from_nominees(nominees: list[Nominee]) -> str | None:
    """The stage a dossier has reached once appraised, read from its nominees.

    The furthest-behind live nominee decides: one waiting for its consultation keeps the
    dossier in consultation, one waiting for a vote keeps it before the Council, one
    passed (or needing no vote) but not yet decided keeps it proposed. When every nominee
    is concluded: decided if any was awarded or sent upward, otherwise rejected.
    """
    live = [n for n in nominees if n.outcome not in NEGATIVE]
    if not live:
        return DossierState.REJECTED
    if any(n.outcome == NomineeOutcome.PENDING for n in live):
        return None  # appraisal not finished
    if any(n.outcome == NomineeOutcome.APPROVED and n.awaits_consultation for n in live):
        return DossierState.CONSULTATION
    if any(n.outcome == NomineeOutcome.APPROVED and n.needs_vote for n in live):
        return DossierState.IN_COUNCIL
    if all(n.outcome in FINAL_POSITIVE for n in live):
        return DossierState.DECIDED
    return DossierState.PROPOSED


def dossier_advance(
    *, dossier: Dossier, actor: User | None, note: str = "", data: dict | None = None
) -> Dossier:
    """Move an appraised dossier to the stage its nominees have reached (possibly over
    several steps, each recorded with ``note`` and ``data``). Call it, inside the caller's
    transaction, after any change of a nominee's outcome; it does nothing before appraisal
    ends."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.state in (
        DossierState.DRAFT,
        DossierState.RETURNED,
        DossierState.WITHDRAWN,
        # The grassroots path moves by its own services (services/grassroots.py).
        DossierState.UNIT_REVIEW,
        DossierState.UNIT_APPROVED,
    ):
        return dossier
    nominees = list(dossier.nominees.select_related("award", "dossier"))
    target = _state_from_nominees(nominees)
    order = [
        DossierState.IN_APPRAISAL,
        DossierState.CONSULTATION,
        DossierState.IN_COUNCIL,
        DossierState.PROPOSED,
        DossierState.DECIDED,
    ]
    while target and dossier.state != target:
        if target == DossierState.REJECTED or dossier.can_move_to(target):
            step = target
        else:  # the furthest stage towards the target that the machine allows from here
            ahead = order[: order.index(target)] if target in order else order
            allowed = [s for s in ahead if dossier.can_move_to(s)]
            if not allowed:
                break
            step = allowed[-1]
        action = {
            DossierState.REJECTED: EventAction.REJECTED,
            DossierState.DECIDED: EventAction.DECISION_ISSUED,
        }.get(step, EventAction.ADVANCED)
        dossier = dossier_transition(
            dossier=dossier, to=step, actor=actor, action=action, note=note, data=data
        )
    return dossier


def unit_users(dossier: Dossier) -> list[User]:
    """The current staff and heads of the proposing unit (whom news of it reaches)."""
    today = timezone.localdate()
    return list(
        User.objects.filter(
            is_active=True,
            roles__unit=dossier.unit,
            roles__role__in=(Role.UNIT_STAFF, Role.UNIT_HEAD),
        )
        .filter(Q(roles__term_end__isnull=True) | Q(roles__term_end__gte=today))
        .distinct()
    )


def secretariat_users() -> list[User]:
    return list(User.objects.filter(is_active=True, roles__role=Role.SECRETARIAT).distinct())


def notify_unit(*, dossier: Dossier, title: str, body: str = "", url: str = "") -> int:
    """Tell the unit's staff and head (in-app and e-mail, as each chose)."""
    users = unit_users(dossier)
    notify_users(users=users, kind=NotificationKind.DOSSIER, title=title, body=body, url=url)
    return len(users)


def notify_secretariat(*, title: str, body: str = "", url: str = "") -> int:
    users = secretariat_users()
    notify_users(users=users, kind=NotificationKind.DOSSIER, title=title, body=body, url=url)
    return len(users)
