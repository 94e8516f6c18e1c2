"""What every step of the proposal step shares: who signs and how, the issuers, the
rows locked in order, the people told."""

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Authority, Award, AwardCategory, CommendationKind
from awards.services import Recipient
from units import issuing
from units.models import Role, Signer, Unit, User
from units.selectors import roles_of

from ...models import (
    DossierState,
    Nominee,
    NomineeOutcome,
    Proposal,
    ProposalTarget,
)

COMMITTEE_BODY = "Ủy ban nhân dân"
CHAIRMAN_HEAD = "Chủ tịch"
DIRECTOR_HEAD = "Giám đốc"


def decided_by_committee(award: Award) -> bool:
    """The People's Committee decides collectively (signed "TM. ỦY BAN NHÂN DÂN"); the
    chairman's awards are signed by him in his own right (or "KT. CHỦ TỊCH")."""
    return award.authority == Authority.PROVINCIAL_COMMITTEE


def decision_issuer() -> Unit | None:
    return issuing.provincial_committee()


def decision_authority_choices(proposal: Proposal) -> list[tuple[str, str]]:
    return issuing.authority_line_choices(
        body=COMMITTEE_BODY, head=CHAIRMAN_HEAD, collective=decided_by_committee(proposal.award)
    )


def submission_issuer(proposal: Proposal) -> Unit | None:
    """Sở Nội vụ issues the tờ trình to the chairman; the People's Committee its own to
    the central level."""
    if proposal.target == ProposalTarget.CENTRAL:
        return issuing.provincial_committee()
    return issuing.home_affairs()


def submission_symbol(proposal: Proposal) -> str:
    if proposal.target == ProposalTarget.CENTRAL:
        return settings.TDKT_DECISION_SYMBOL
    return settings.TDKT_PROPOSAL_SYMBOL


def submission_authority_choices(proposal: Proposal) -> list[tuple[str, str]]:
    if proposal.target == ProposalTarget.CENTRAL:
        return issuing.authority_line_choices(
            body=COMMITTEE_BODY, head=CHAIRMAN_HEAD, collective=True
        )
    return issuing.authority_line_choices(body="Sở Nội vụ", head=DIRECTOR_HEAD, collective=False)


def default_authority_line(signer: Signer | None, choices: list[tuple[str, str]]) -> str:
    """The line a signer usually signs under: the head in his own right (or on behalf of
    the body), a deputy "KT." for the head."""
    values = [value for value, _label in choices]
    if signer is None or not values:
        return values[0] if values else ""
    deputy = signer.position.strip().lower().startswith("phó")
    with_kt = [value for value in values if "KT." in value]
    if deputy and with_kt:
        return with_kt[0]
    return values[0]


def signer_position_full(signer_position: str, issuer: Unit) -> str:
    """ "Phó Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi": the position and the body, as the
    archive and the verification page show it."""
    return f"{signer_position} {issuer.name}".strip()


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


def _recipient(nominee: Nominee) -> Recipient:
    return Recipient(person=nominee.person, unit=nominee.collective, household=nominee.household)


def _awaiting_nominees(proposal: Proposal) -> list[Nominee]:
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
    return nominees
