"""Reads of the grassroots path: which authority decides a dossier's awards, which unit
issues the decision, who may review and decide it, and the unit head's lists.

The catalogue's ``authority`` routes a dossier (issue 9, point 9): the awards the head of
a unit decides (Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Tập thể lao động tiên tiến,
Giấy khen; the commune chairman's village and household titles, Decree 129/2025 Art 59)
are reviewed by the unit's own emulation council and decided by its head; every other
award goes to the secretariat, the provincial Council and the chairman, and those above
the province end in the proposal to the central level.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from awards.models import Authority, Award
from units.models import COMMUNE_LEVEL_KINDS, Role, Unit, UnitKind, User
from units.selectors import roles_of

from ..models import (
    Dossier,
    DossierState,
    Nominee,
    NomineeOutcome,
    UnitCouncilReview,
    UnitDecision,
    UnitDecisionState,
    UnitReviewResult,
)

# The authorities inside the unit: its head, or a commune's chairman.
GRASSROOTS_AUTHORITIES = (Authority.UNIT_HEAD, Authority.COMMUNE_CHAIRMAN)
# Kinds of unit that issue no decision of their own: their parent decides for them.
NON_ISSUING_KINDS = (UnitKind.SUB_UNIT, UnitKind.VILLAGE)
# The states of a dossier on the grassroots path before its decisions are issued.
UNIT_PATH_STATES = (DossierState.UNIT_REVIEW, DossierState.UNIT_APPROVED)
# The prefix a commune-level unit's name carries ("Xã Bình Sơn" is in "Bình Sơn").
PLACE_PREFIXES = ("Xã ", "Phường ", "Đặc khu ", "Thị trấn ")


class Route:
    GRASSROOTS = "grassroots"
    PROVINCE = "province"


def is_grassroots(award: Award) -> bool:
    return award.authority in GRASSROOTS_AUTHORITIES


def deciding_unit(unit: Unit) -> Unit:
    """The unit whose head decides the grassroots awards proposed by ``unit``: the unit
    itself, or for an office or a village the nearest unit above it that issues its own
    decisions (a department, a commune)."""
    if unit.kind not in NON_ISSUING_KINDS:
        return unit
    ids = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    ancestors = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    for pk in reversed(ids):
        candidate = ancestors.get(pk)
        if candidate is not None and candidate.kind not in NON_ISSUING_KINDS:
            return candidate
    return unit


def submission_route(*, dossier: Dossier, nominees: list[Nominee]) -> str:
    """The route of a dossier about to be sent, or a ValidationError in Vietnamese.

    A dossier holding both kinds is refused rather than split: the unit's tờ trình and the
    minutes of its council are addressed to one authority (its own head, or Sở Nội vụ), so
    the unit makes two dossiers, each with its own documents. A commune chairman's award
    (village, household) in a unit that is not a commune is refused too.
    """
    local = [n for n in nominees if is_grassroots(n.award)]
    upward = [n for n in nominees if not is_grassroots(n.award)]
    if local and upward:
        raise ValidationError(
            _(
                "This dossier mixes awards decided by the head of the unit (%(local)s) with "
                "awards decided by the province or the central level (%(upward)s). They "
                "follow different paths: make one dossier for each and submit them "
                "separately."
            )
            % {
                "local": ", ".join(sorted({n.award.name for n in local})),
                "upward": ", ".join(sorted({n.award.name for n in upward})),
            }
        )
    if not local:
        return Route.PROVINCE
    decider = deciding_unit(dossier.unit)
    commune_only = sorted(
        {n.award.name for n in local if n.award.authority == Authority.COMMUNE_CHAIRMAN}
    )
    if commune_only and decider.kind not in COMMUNE_LEVEL_KINDS:
        raise ValidationError(
            _("Only the chairman of a commune decides %(awards)s; %(unit)s is not a commune.")
            % {"awards": ", ".join(commune_only), "unit": decider.name}
        )
    return Route.GRASSROOTS


def dossier_route(*, dossier: Dossier) -> str | None:
    """The route the dossier's nominees take (None when it is empty or mixed)."""
    nominees = list(dossier.nominees.select_related("award"))
    if not nominees:
        return None
    try:
        return submission_route(dossier=dossier, nominees=nominees)
    except ValidationError:
        return None


# --- Who may act ------------------------------------------------------------------------


def _holds(user: User, role: str, unit: Unit) -> bool:
    return any(a.role == role and a.unit_id == unit.pk for a in roles_of(user).assignments)


def is_deciding_head(user: User, dossier: Dossier) -> bool:
    """The head of the unit that decides the dossier's grassroots awards (who chairs its
    council and signs its decisions)."""
    return _holds(user, Role.UNIT_HEAD, deciding_unit(dossier.unit))


def is_deciding_unit_member(user: User, dossier: Dossier) -> bool:
    """Staff or head of the deciding unit: its clerk issues the decisions."""
    unit = deciding_unit(dossier.unit)
    return _holds(user, Role.UNIT_HEAD, unit) or _holds(user, Role.UNIT_STAFF, unit)


# --- Wording of the unit as issuer ------------------------------------------------------


@dataclass(frozen=True)
class IssuerWording:
    """How a unit appears on its own decision (Decree 30/2020, Appendix I)."""

    parent: str  # the governing body above the issuer, "" for a commune
    issuer: str  # "ỦY BAN NHÂN DÂN XÃ BÌNH SƠN", "SỞ NỘI VỤ"
    head_title: str  # "Chủ tịch", "Giám đốc"
    authority_body: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH SƠN"
    place: str  # "Bình Sơn", "Quảng Ngãi"
    default_symbol: str  # "UBND" for a commune, "" when the clerk must give it
    body: str  # "ỦY BAN NHÂN DÂN" / "SỞ NỘI VỤ": the collective line ("TM. …")


def head_title(unit: Unit) -> str:
    """The title of the head who decides for ``unit``."""
    if unit.kind in COMMUNE_LEVEL_KINDS:
        return "Chủ tịch"
    name = unit.name.strip()
    if name.startswith("Sở "):
        return "Giám đốc"
    if name.startswith("Ban "):
        return "Trưởng ban"
    if unit.kind == UnitKind.ENTERPRISE:
        return "Giám đốc"
    return "Thủ trưởng"


def issuer_wording(unit: Unit, *, province_body: str, province_place: str) -> IssuerWording:
    title = head_title(unit)
    if unit.kind in COMMUNE_LEVEL_KINDS:
        issuer = f"ỦY BAN NHÂN DÂN {unit.name.upper()}"
        place = unit.name
        for prefix in PLACE_PREFIXES:
            if place.startswith(prefix):
                place = place[len(prefix) :]
                break
        return IssuerWording(
            parent="",
            issuer=issuer,
            head_title=title,
            authority_body=f"{title.upper()} {issuer}",
            place=place,
            default_symbol="UBND",
            body="ỦY BAN NHÂN DÂN",
        )
    parent = province_body if unit.kind == UnitKind.DEPARTMENT else ""
    if not parent and unit.parent_id and unit.parent.kind not in (UnitKind.COUNCIL,):
        parent = unit.parent.name.upper()
    return IssuerWording(
        parent=parent,
        issuer=unit.name.upper(),
        head_title=title,
        authority_body=f"{title.upper()} {unit.name.upper()}",
        place=province_place,
        default_symbol="",
        body=unit.name.upper(),
    )


# --- Lists and details -------------------------------------------------------------------


def unit_path_dossiers(*, user: User) -> QuerySet[Dossier]:
    """Grassroots dossiers waiting for the review or the issuing of a unit the user is
    staff or head of (or of a unit below it), oldest first."""
    paths = roles_of(user).unit_paths
    if not paths:
        return Dossier.objects.none()
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(unit__path__startswith=path)
    return (
        Dossier.objects.filter(scope, state__in=UNIT_PATH_STATES)
        .select_related("unit")
        .order_by("submitted_at", "id")
    )


def current_review(*, dossier: Dossier) -> UnitCouncilReview | None:
    """The unit council's review of the dossier's current round, with its results."""
    return (
        UnitCouncilReview.objects.filter(dossier=dossier, round=dossier.round)
        .prefetch_related(
            Prefetch(
                "results",
                queryset=UnitReviewResult.objects.select_related("nominee__award"),
            )
        )
        .first()
    )


def unit_decisions(*, dossier: Dossier) -> list[UnitDecision]:
    return list(
        UnitDecision.objects.filter(dossier=dossier)
        .select_related("award", "issuer", "register", "decision", "approved_by")
        .order_by("award__sort_order", "pk")
    )


def decision_nominees(*, unit_decision: UnitDecision) -> list[Nominee]:
    """The nominees a decision of the unit head awards, in the dossier's order."""
    outcomes = (
        (NomineeOutcome.AWARDED,)
        if unit_decision.state == UnitDecisionState.ISSUED
        else (NomineeOutcome.PROPOSED, NomineeOutcome.AWARDED)
    )
    return list(
        Nominee.objects.filter(
            dossier=unit_decision.dossier_id, award=unit_decision.award_id, outcome__in=outcomes
        )
        .select_related(
            "award",
            "person__unit",
            "collective__parent",
            "household__unit",
            "grant",
            "dossier__unit",
        )
        .order_by("sort_order", "pk")
    )


def unit_decision_visible(*, user: User) -> QuerySet[UnitDecision]:
    """Decisions of unit heads the user may see: those of the user's own units (and below),
    every one for the secretariat and the chairman."""
    roles = roles_of(user)
    decisions = UnitDecision.objects.select_related("dossier__unit", "award", "issuer")
    if roles.has(Role.SECRETARIAT, Role.CHAIRMAN):
        return decisions
    if not roles.unit_paths:
        return decisions.none()
    scope = Q(pk__in=[])
    for path in roles.unit_paths:
        scope |= Q(dossier__unit__path__startswith=path) | Q(issuer__path__startswith=path)
    return decisions.filter(scope)
