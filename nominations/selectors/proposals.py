"""Reads of the proposal step: which nominees are ready to be proposed, grouped by award,
kind and year; which proposals a user may see; a proposal's list of nominees.

A nominee is *ready* when its dossier has reached the proposal stage, it passed the
Council vote (or needed none: the award asks for no vote, or the dossier took the
simplified procedure), its public consultation is over when it needed one, and no
objection about it is open or upheld. Every read answers in a constant number of queries.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Q, QuerySet, Value, When

from awards.models import Award, CommendationKind
from units.models import Role, User
from units.selectors import roles_of

from ..models import (
    DossierState,
    Nominee,
    NomineeOutcome,
    Proposal,
    ProposalState,
)
from .consultation import blocked_by_objection
from .grassroots import GRASSROOTS_AUTHORITIES


def _ready_q() -> Q:
    """The outcome part of readiness, mirroring ``Nominee.needs_vote``."""
    no_vote_needed = Q(dossier__simplified=True) | Q(award__council_vote="none")
    return Q(outcome=NomineeOutcome.PASSED) | (Q(outcome=NomineeOutcome.APPROVED) & no_vote_needed)


def ready_nominees(*, proposal: Proposal | None = None) -> QuerySet[Nominee]:
    """Nominees that may go into a proposal: not yet in one (or already in ``proposal``,
    to re-check them before it is submitted). Never a grassroots award (the unit head's:
    ``grassroots.GRASSROOTS_AUTHORITIES``): its unit decides it, not the province."""
    in_proposal = Q(proposal__isnull=True) if proposal is None else Q(proposal=proposal)
    return (
        Nominee.objects.filter(in_proposal, _ready_q(), dossier__state=DossierState.PROPOSED)
        .exclude(award__authority__in=GRASSROOTS_AUTHORITIES)
        .exclude(needs_consultation=True, consultation_done=False)
        .exclude(blocked_by_objection())
    )


@dataclass
class CandidateGroup:
    """Ready nominees of one award, kind and year: the content of one proposal."""

    award: Award
    kind: str
    year: int
    nominees: list[Nominee] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return CommendationKind(self.kind).label

    @property
    def key(self) -> str:
        return f"{self.award.pk}-{self.kind}-{self.year}"

    @property
    def collectives(self) -> int:
        return sum(1 for n in self.nominees if n.collective_id)

    @property
    def individuals(self) -> int:
        return sum(1 for n in self.nominees if n.person_id)

    @property
    def households(self) -> int:
        return sum(1 for n in self.nominees if n.household_id)

    @property
    def units(self) -> int:
        return len({n.dossier.unit_id for n in self.nominees})


def proposal_candidates(
    *, award: Award | None = None, kind: str | None = None, year: int | None = None
) -> list[CandidateGroup]:
    """Ready nominees not yet in a proposal, grouped by (award, kind, year), the awards in
    catalogue order and the latest year first; one query whatever their number."""
    nominees = ready_nominees().select_related("award", "dossier__unit")
    if award is not None:
        nominees = nominees.filter(award=award)
    if kind:
        nominees = nominees.filter(dossier__kind=kind)
    if year:
        nominees = nominees.filter(dossier__year=year)
    nominees = nominees.order_by(
        "award__sort_order",
        "award__code",
        "dossier__kind",
        "-dossier__year",
        "dossier__unit__path",
        "dossier_id",
        "sort_order",
        "id",
    )
    groups: dict[tuple, CandidateGroup] = {}
    for nominee in nominees:
        key = (nominee.award_id, nominee.dossier.kind, nominee.dossier.year)
        if key not in groups:
            groups[key] = CandidateGroup(
                award=nominee.award, kind=nominee.dossier.kind, year=nominee.dossier.year
            )
        groups[key].nominees.append(nominee)
    return list(groups.values())


def proposal_list_visible(*, user: User) -> QuerySet[Proposal]:
    """Proposals the user may see, with their award, decision, register entries and
    nominee count: all of them for the secretariat; for the chairman all but the
    secretariat's drafts, those awaiting him first; none for anyone else."""
    roles = roles_of(user)
    proposals = Proposal.objects.select_related(
        "award",
        "decision",
        "created_by",
        "decided_by",
        "approved_signer",
        "submission_register",
        "decision_register",
    ).annotate(nominee_count=Count("nominees"))
    if roles.has(Role.SECRETARIAT):
        return proposals.order_by("-created_at", "-id")
    if roles.has(Role.CHAIRMAN):
        awaiting = Case(When(state=ProposalState.SUBMITTED, then=Value(0)), default=Value(1))
        return (
            proposals.exclude(state=ProposalState.DRAFT)
            .annotate(awaiting_order=awaiting)
            .order_by("awaiting_order", F("sent_on").desc(nulls_last=True), "-id")
        )
    return proposals.none()


def proposal_nominees(*, proposal: Proposal) -> QuerySet[Nominee]:
    """The proposal's nominees in the order of the attached list: collectives, then
    individuals, then households; by proposing unit within each."""
    return (
        proposal.nominees.select_related(
            "dossier__unit",
            "award",
            "person__unit",
            "collective__parent",
            "household__unit",
            "grant",
        )
        .annotate(
            subject_order=Case(
                When(collective__isnull=False, then=Value(0)),
                When(person__isnull=False, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("subject_order", "dossier__unit__path", "dossier_id", "sort_order", "id")
    )


def proposals_awaiting_issuing() -> QuerySet[Proposal]:
    """Proposals whose documents await the clerk: an approved decision, or a sent tờ
    trình not yet in its issuer's register; the oldest first."""
    return (
        Proposal.objects.filter(
            Q(state=ProposalState.APPROVED)
            | (
                Q(state__in=(ProposalState.SUBMITTED, ProposalState.SENT))
                & Q(submission_register__isnull=True)
            )
        )
        .select_related("award", "approved_signer")
        .order_by(F("sent_on").asc(nulls_last=True), "id")
    )
