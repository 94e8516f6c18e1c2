"""The proposal step: the secretariat's tờ trình and the chairman's decision.

The secretariat groups ready nominees of one award, kind and year into a
:class:`Proposal` (``proposal_create``) and submits it (``proposal_submit``): a tờ trình
to the chairman for the awards decided in the province, or the province's proposal
dossier to the central level for the others. The chairman approves it
(``proposal_approve``: the decision is issued with its number and date and every award is
written into the archive with its verification code) or rejects it
(``proposal_reject``). Each service runs in one transaction with the rows locked, records
the history of every dossier concerned and tells the people concerned.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from awards.models import Award, AwardCategory, CommendationKind
from awards.services import Recipient, decision_create, grant_create
from notifications.models import NotificationKind
from notifications.services import notify
from units.models import Role, User
from units.selectors import roles_of

from .. import hooks
from ..models import (
    Dossier,
    DossierState,
    EventAction,
    Nominee,
    NomineeOutcome,
    Proposal,
    ProposalState,
    ProposalTarget,
)
from ..selectors.proposals import ready_nominees
from ._core import (
    dossier_advance,
    event_record,
    notify_secretariat,
    notify_unit,
)

PROPOSAL_ISSUER_CODE = "so-noi-vu"
DECISION_ISSUER_CODE = "ubnd-tinh"
DEFAULT_SIGNER_POSITION = "Chủ tịch Ủy ban nhân dân tỉnh"


def signer_position() -> str:
    return getattr(settings, "TDKT_DECISION_SIGNER_POSITION", DEFAULT_SIGNER_POSITION)


def decision_summary(award: Award) -> str:
    """The decision's summary line: "Về việc tặng Bằng khen …" (a form) or "Về việc
    tặng danh hiệu “…”" (an emulation title)."""
    if award.category == AwardCategory.TITLE:
        return f"Về việc tặng danh hiệu “{award.name}”"
    return f"Về việc tặng {award.name}"


def proposal_title(*, award: Award, kind: str, year: int) -> str:
    """A default title for a new proposal, in the documents' language."""
    return f"Đề nghị tặng {award.name} ({CommendationKind(kind).label.lower()}, năm {year})"


def _require(actor: User, role: str) -> None:
    if not roles_of(actor).has(role):
        raise PermissionDenied


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("award").get(pk=proposal.pk)


def _lock_nominees(ids: Iterable[int]) -> list[Nominee]:
    """Lock the nominee rows (only them: no outer join is locked), in id order so two
    transactions never wait on each other crosswise."""
    ids = sorted(set(ids))
    list(Nominee.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
    return list(
        Nominee.objects.filter(pk__in=ids)
        .select_related("dossier__unit", "award", "person__unit", "collective", "household__unit")
        .order_by("pk")
    )


def _by_dossier(nominees: list[Nominee]) -> dict[int, list[Nominee]]:
    grouped: dict[int, list[Nominee]] = defaultdict(list)
    for nominee in nominees:
        grouped[nominee.dossier_id].append(nominee)
    return grouped


def _names(nominees: Iterable[Nominee]) -> str:
    return ", ".join(n.display_name for n in nominees)


def _set_outcome(nominee: Nominee, outcome: str, actor: User, **fields) -> None:
    nominee.outcome = outcome
    for key, value in fields.items():
        setattr(nominee, key, value)
    nominee._history_user = actor
    nominee.save(update_fields=["outcome", *fields])


def _proposal_url(proposal: Proposal) -> str:
    return reverse("nominations:proposal_detail", args=[proposal.pk])


def _chairmen() -> list[User]:
    """The users who hold the chairman's role today."""
    today = timezone.localdate()
    return list(
        User.objects.filter(
            Q(roles__term_end__isnull=True) | Q(roles__term_end__gte=today),
            Q(roles__term_start__isnull=True) | Q(roles__term_start__lte=today),
            is_active=True,
            roles__role=Role.CHAIRMAN,
        ).distinct()
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
    # The Sở Nội vụ's tờ trình to the chairman ("05/TTr-SNV"); to the central level the
    # tờ trình is the province's own, numbered in the People's Committee's series.
    proposal.number = hooks.document_number_next(
        issuer_code=DECISION_ISSUER_CODE if central else PROPOSAL_ISSUER_CODE,
        issuer_symbol=settings.TDKT_DECISION_SYMBOL if central else settings.TDKT_PROPOSAL_SYMBOL,
        doc_type="TTr",
        year=today.year,
    )
    proposal.submitted_on = today
    proposal.state = ProposalState.SENT if central else ProposalState.SUBMITTED
    proposal._history_user = actor
    proposal.save()
    outcome = NomineeOutcome.PROPOSED_UPWARD if central else NomineeOutcome.PROPOSED
    for nominee in nominees:
        _set_outcome(nominee, outcome, actor)
    data = {
        "proposal": proposal.pk,
        "number": proposal.number,
        "date": today.isoformat(),
        "target": proposal.target,
        "award": proposal.award.code,
    }
    note = (
        _("Proposed to the central level in tờ trình %(number)s.")
        if central
        else _("Proposed to the chairman in tờ trình %(number)s.")
    ) % {"number": proposal.number}
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
                body=_("%(names)s: %(award)s, tờ trình %(number)s.")
                % {
                    "names": _names(group),
                    "award": proposal.award.name,
                    "number": proposal.number,
                },
            )
    if not central:
        for chairman in _chairmen():
            notify(
                user=chairman,
                kind=NotificationKind.DECISION,
                title=_("Tờ trình %(number)s awaits your decision") % {"number": proposal.number},
                body=proposal.title,
                url=_proposal_url(proposal),
            )
    return proposal


# --- Decide (the chairman) ---------------------------------------------------------------


def _recipient(nominee: Nominee) -> Recipient:
    return Recipient(person=nominee.person, unit=nominee.collective, household=nominee.household)


@transaction.atomic
def proposal_approve(*, proposal: Proposal, actor: User) -> Proposal:
    """The chairman approves: the decision is numbered, dated and recorded, each nominee's
    award is written into the archive (with its verification code), the nominees are
    AWARDED, the dossiers move on and the units are told. A quota breach or any other
    refusal rolls everything back. Approving twice at once issues one decision: the
    second waits for the lock, then finds the proposal issued."""
    _require(actor, Role.CHAIRMAN)
    proposal = _locked(proposal)
    if proposal.state != ProposalState.SUBMITTED:
        raise ValidationError(_("This proposal is not awaiting the chairman's decision."))
    nominees = _lock_nominees(proposal.nominees.values_list("pk", flat=True))
    if not nominees:
        raise ValidationError(_("The proposal has no nominee."))
    off_path = [
        n
        for n in nominees
        if n.dossier.state != DossierState.PROPOSED or n.outcome != NomineeOutcome.PROPOSED
    ]
    if off_path:
        raise ValidationError(
            _("These nominees are no longer awaiting a decision: %(names)s.")
            % {"names": _names(off_path)}
        )
    today = timezone.localdate()
    award = proposal.award
    number = hooks.document_number_next(
        issuer_code=DECISION_ISSUER_CODE,
        issuer_symbol=settings.TDKT_DECISION_SYMBOL,
        doc_type="QĐ",
        year=today.year,
    )
    decision = decision_create(
        actor=actor,
        number=number,
        issued_on=today,
        signer_name=actor.get_full_name() or actor.get_username(),
        signer_position=signer_position(),
        authority=award.authority,
        kind=proposal.kind,
        summary=decision_summary(award),
    )
    for nominee in nominees:
        try:
            grant = grant_create(
                award=award,
                recipient=_recipient(nominee),
                year=proposal.year,
                kind=proposal.kind,
                actor=actor,
                decision=decision,
            )
        except ValidationError as error:
            raise ValidationError(
                _("%(name)s cannot be awarded: %(reason)s")
                % {"name": nominee.display_name, "reason": " ".join(error.messages)}
            ) from error
        _set_outcome(nominee, NomineeOutcome.AWARDED, actor, grant=grant)
    proposal.state = ProposalState.ISSUED
    proposal.decision = decision
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal._history_user = actor
    proposal.save()
    data = {
        "proposal": proposal.pk,
        "decision": decision.number,
        "date": today.isoformat(),
        "award": award.code,
    }
    note = _("Decision %(number)s of %(date)s.") % {
        "number": decision.number,
        "date": today.strftime("%d/%m/%Y"),
    }
    archive_url = reverse("awards:archive") + "?" + urlencode({"decision": decision.number})
    for group in _by_dossier(nominees).values():
        dossier = Dossier.objects.select_for_update().get(pk=group[0].dossier_id)
        event_record(
            dossier=dossier,
            actor=actor,
            action=EventAction.DECISION_APPROVED,
            note=note,
            data={**data, "nominees": [n.display_name for n in group]},
        )
        dossier = dossier_advance(dossier=dossier, actor=actor, note=note, data=data)
        notify_unit(
            dossier=dossier,
            title=_("Decision %(number)s: %(award)s")
            % {"number": decision.number, "award": award.name},
            body=_("Awarded: %(names)s.") % {"names": _names(group)},
            url=archive_url,
        )
    notify_secretariat(
        title=_("Decision %(number)s was issued") % {"number": decision.number},
        body=proposal.title,
        url=_proposal_url(proposal),
    )
    return proposal


@transaction.atomic
def proposal_reject(*, proposal: Proposal, reason: str, actor: User) -> Proposal:
    """The chairman does not approve: every nominee is NOT_APPROVED with the reason, the
    dossiers move on (rejected when nothing else is left in them), the units and the
    secretariat are told."""
    _require(actor, Role.CHAIRMAN)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for not approving.")})
    proposal = _locked(proposal)
    if proposal.state != ProposalState.SUBMITTED:
        raise ValidationError(_("This proposal is not awaiting the chairman's decision."))
    nominees = _lock_nominees(proposal.nominees.values_list("pk", flat=True))
    for nominee in nominees:
        _set_outcome(nominee, NomineeOutcome.NOT_APPROVED, actor, outcome_reason=reason)
    proposal.state = ProposalState.REJECTED
    proposal.rejection_reason = reason
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal._history_user = actor
    proposal.save()
    note = _("Tờ trình %(number)s was not approved: %(reason)s") % {
        "number": proposal.number,
        "reason": reason,
    }
    for group in _by_dossier(nominees).values():
        dossier = group[0].dossier
        event_record(
            dossier=dossier,
            actor=actor,
            action=EventAction.PROPOSAL_REJECTED,
            note=note,
            data={
                "proposal": proposal.pk,
                "number": proposal.number,
                "reason": reason,
                "nominees": [n.display_name for n in group],
            },
        )
        dossier = dossier_advance(dossier=dossier, actor=actor, note=note)
        notify_unit(
            dossier=dossier,
            title=_("Proposal not approved: %(award)s") % {"award": proposal.award.name},
            body=_("%(names)s: %(reason)s") % {"names": _names(group), "reason": reason},
        )
    notify_secretariat(title=note, body=proposal.title, url=_proposal_url(proposal))
    return proposal
