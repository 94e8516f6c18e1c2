"""The secretariat's draft and its sending: create, change, discard, submit."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Award, CommendationKind
from notifications.models import NotificationKind
from notifications.services import notify
from units.models import Role, User

from ...models import (
    EventAction,
    Nominee,
    NomineeOutcome,
    Proposal,
    ProposalState,
    ProposalTarget,
)
from ...selectors.grassroots import is_grassroots
from ...selectors.proposals import ready_nominees
from .._core import (
    dossier_advance,
    event_record,
    notify_unit,
)
from ._common import (
    _by_dossier,
    _chairmen,
    _lock_nominees,
    _locked,
    _names,
    _proposal_url,
    _require,
    _set_outcome,
)

# --- Create and submit (the secretariat) -------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    award: Award,
    kind: str,
    year: int,
    nominees: Iterable[Nominee | int],
    title: str,
    reason_text: str = "",
    actor: User,
) -> Proposal:
    """Group ready nominees of one award, kind and year into a draft proposal: to the
    chairman when the award is decided in the province, to the central level otherwise.
    Every nominee must be ready and not yet in another proposal."""
    _require(actor, Role.SECRETARIAT)
    if is_grassroots(award):
        raise ValidationError(
            _(
                "“%(award)s” is decided by the head of the proposing unit, through the unit's "
                "own emulation council: it never goes into a proposal to the chairman."
            )
            % {"award": award.name}
        )
    ids = {n if isinstance(n, int) else n.pk for n in nominees}
    if not ids:
        raise ValidationError({"nominees": _("Choose at least one nominee.")})
    if kind not in CommendationKind.values:
        raise ValidationError({"kind": _("Choose a kind of commendation.")})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the proposal a title.")})
    locked = _lock_nominees(ids)
    ready = set(
        ready_nominees()
        .filter(pk__in=ids, award=award, dossier__kind=kind, dossier__year=year)
        .values_list("pk", flat=True)
    )
    not_ready = [n for n in locked if n.pk not in ready]
    if len(locked) != len(ids) or not_ready:
        raise ValidationError(
            {
                "nominees": _(
                    "These nominees are not ready for a proposal of “%(award)s” (%(kind)s, "
                    "%(year)s), or are already in one: %(names)s."
                )
                % {
                    "award": award.name,
                    "kind": CommendationKind(kind).label,
                    "year": year,
                    "names": _names(not_ready) or "—",
                }
            }
        )
    proposal = Proposal(
        target=ProposalTarget.CHAIRMAN if award.within_province else ProposalTarget.CENTRAL,
        award=award,
        kind=kind,
        year=year,
        title=title,
        reason_text=(reason_text or "").strip(),
        created_by=actor,
    )
    proposal._history_user = actor
    proposal.full_clean()
    proposal.save()
    for nominee in locked:
        nominee.proposal = proposal
        nominee._history_user = actor
        nominee.save(update_fields=["proposal"])
    return proposal


@transaction.atomic
def proposal_update(
    *, proposal: Proposal, title: str, reason_text: str, nominees: Iterable[Nominee | int], actor
) -> Proposal:
    """Change a draft's title, wording and list; nominees taken out are free again."""
    _require(actor, Role.SECRETARIAT)
    proposal = _locked(proposal)
    if proposal.state != ProposalState.DRAFT:
        raise ValidationError(_("Only a draft proposal can be changed."))
    ids = {n if isinstance(n, int) else n.pk for n in nominees}
    if not ids:
        raise ValidationError({"nominees": _("Choose at least one nominee.")})
    current = set(proposal.nominees.values_list("pk", flat=True))
    added, removed = ids - current, current - ids
    locked = _lock_nominees(ids | removed)
    allowed = set(
        ready_nominees()
        .filter(
            pk__in=added,
            award=proposal.award,
            dossier__kind=proposal.kind,
            dossier__year=proposal.year,
        )
        .values_list("pk", flat=True)
    )
    refused = [n for n in locked if n.pk in added and n.pk not in allowed]
    if refused or len(allowed) != len(added):
        raise ValidationError(
            {
                "nominees": _("These nominees cannot be added to this proposal: %(names)s.")
                % {"names": _names(refused) or "—"}
            }
        )
    proposal.title = (title or "").strip()
    proposal.reason_text = (reason_text or "").strip()
    proposal._history_user = actor
    proposal.full_clean()
    proposal.save()
    for nominee in locked:
        if nominee.pk in added or nominee.pk in removed:
            nominee.proposal = proposal if nominee.pk in added else None
            nominee._history_user = actor
            nominee.save(update_fields=["proposal"])
    return proposal


@transaction.atomic
def proposal_delete(*, proposal: Proposal, actor: User) -> None:
    """Discard a draft; its nominees are free to go into another proposal."""
    _require(actor, Role.SECRETARIAT)
    proposal = _locked(proposal)
    if proposal.state != ProposalState.DRAFT:
        raise ValidationError(_("Only a draft proposal can be discarded."))
    ids = list(proposal.nominees.values_list("pk", flat=True))
    for nominee in _lock_nominees(ids):
        nominee.proposal = None
        nominee._history_user = actor
        nominee.save(update_fields=["proposal"])
    proposal._history_user = actor
    proposal.delete()


@transaction.atomic
def proposal_submit(*, proposal: Proposal, actor: User) -> Proposal:
    """Number and date the tờ trình and send it: to the chairman (state SUBMITTED, the
    nominees PROPOSED) or, for an award above the province, to the central level (state
    SENT, the nominees PROPOSED_UPWARD: the proposal dossier is produced instead of a
    decision). Every dossier concerned records it and moves to the stage its nominees
    have reached."""
    _require(actor, Role.SECRETARIAT)
    proposal = _locked(proposal)
    if proposal.state != ProposalState.DRAFT:
        raise ValidationError(_("This proposal has already been submitted."))
    ids = list(proposal.nominees.values_list("pk", flat=True))
    if not ids:
        raise ValidationError(_("The proposal has no nominee."))
    nominees = _lock_nominees(ids)
    still_ready = set(
        ready_nominees(proposal=proposal).filter(pk__in=ids).values_list("pk", flat=True)
    )
    stale = [n for n in nominees if n.pk not in still_ready]
    if stale:
        raise ValidationError(
            _(
                "These nominees are no longer ready (an objection, a change of outcome): "
                "%(names)s. Take them out of the proposal first."
            )
            % {"names": _names(stale)}
        )
    today = timezone.localdate()
    central = proposal.target == ProposalTarget.CENTRAL
    # No number yet: the tờ trình is numbered when its issuer's clerk records it
    # (``proposal_submission_issue``).
    proposal.sent_on = today
    proposal.state = ProposalState.SENT if central else ProposalState.SUBMITTED
    proposal._history_user = actor
    proposal.save()
    outcome = NomineeOutcome.PROPOSED_UPWARD if central else NomineeOutcome.PROPOSED
    for nominee in nominees:
        _set_outcome(nominee, outcome, actor)
    data = {
        "proposal": proposal.pk,
        "date": today.isoformat(),
        "target": proposal.target,
        "award": proposal.award.code,
    }
    note = (
        _("Proposed to the central level in the tờ trình “%(title)s”.")
        if central
        else _("Proposed to the chairman in the tờ trình “%(title)s”.")
    ) % {"title": proposal.title}
    for group in _by_dossier(nominees).values():
        dossier = group[0].dossier
        event_record(
            dossier=dossier,
            actor=actor,
            action=EventAction.PROPOSED,
            note=note,
            data={**data, "nominees": [n.display_name for n in group]},
        )
        dossier = dossier_advance(dossier=dossier, actor=actor, note=note)
        if central:
            notify_unit(
                dossier=dossier,
                title=_("Your nominees were proposed to the central level"),
                body=_("%(names)s: %(award)s.")
                % {"names": _names(group), "award": proposal.award.name},
            )
    if not central:
        for chairman in _chairmen():
            notify(
                user=chairman,
                kind=NotificationKind.DECISION,
                title=_("A tờ trình awaits your decision: %(title)s") % {"title": proposal.title},
                body=proposal.title,
                url=_proposal_url(proposal),
            )
    return proposal
