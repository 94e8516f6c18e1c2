"""Reads of the public consultation: what the public may see (open windows only, and of
each nominee only the fields meant to be public), the secretariat's lists, and which
nominees an objection keeps off the Council's agenda."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from ..models import (
    Consultation,
    ConsultationState,
    DossierState,
    Nominee,
    NomineeOutcome,
    Opinion,
    OpinionStatus,
)

# The only facts of a nominee the public page shows (issue 5 §3; SECURITY.md).
PUBLIC_NOMINEE_FIELDS = (
    "pk",
    "display_name",
    "position",
    "unit_name",
    "award__name",
    "achievement_summary",
)
BLOCKING = Q(is_objection=True, status__in=(OpinionStatus.NEW, OpinionStatus.UPHELD))


def _open_on(today: date) -> Q:
    return Q(state=ConsultationState.OPEN, opens_on__lte=today, closes_on__gte=today)


def consultation_public_list(*, today: date | None = None) -> QuerySet[Consultation]:
    """Consultations open to the public today, with how many nominees each has."""
    today = today or timezone.localdate()
    return (
        Consultation.objects.filter(_open_on(today))
        .annotate(nominee_count=Count("nominees", distinct=True))
        .only("pk", "title", "opens_on", "closes_on", "state")
        .order_by("closes_on", "pk")
    )


def consultation_public_get(*, pk: int, today: date | None = None) -> Consultation | None:
    """The consultation if it is open to the public today, else None."""
    today = today or timezone.localdate()
    return Consultation.objects.filter(_open_on(today), pk=pk).first()


def consultation_public_nominees(*, consultation: Consultation) -> list[dict]:
    """The nominees of a consultation as the public sees them: name, position, unit,
    award and the short achievement summary, nothing else."""
    rows = consultation.nominees.order_by("display_name", "pk").values(*PUBLIC_NOMINEE_FIELDS)
    return [
        {
            "pk": row["pk"],
            "name": row["display_name"],
            "position": row["position"],
            "unit": row["unit_name"],
            "award": row["award__name"],
            "summary": row["achievement_summary"],
        }
        for row in rows
    ]


def consultation_list() -> QuerySet[Consultation]:
    """Every consultation, for the secretariat, with its counts in the same query."""
    return (
        Consultation.objects.select_related("created_by")
        .annotate(
            nominee_count=Count("nominees", distinct=True),
            opinion_count=Count("opinions", distinct=True),
            objection_count=Count("opinions", filter=Q(opinions__is_objection=True), distinct=True),
            open_objection_count=Count(
                "opinions",
                filter=Q(opinions__is_objection=True, opinions__status=OpinionStatus.NEW),
                distinct=True,
            ),
        )
        .order_by("-opens_on", "-pk")
    )


def consultation_get(*, pk: int) -> Consultation | None:
    return consultation_list().filter(pk=pk).first()


def consultation_nominees(*, consultation: Consultation) -> QuerySet[Nominee]:
    """The nominees of a consultation with their dossier, unit and award, and how many
    opinions and open objections each has."""
    return (
        consultation.nominees.select_related("dossier", "dossier__unit", "award")
        .annotate(
            opinion_count=Count(
                "opinions", filter=Q(opinions__consultation=consultation), distinct=True
            ),
            open_objection_count=Count(
                "opinions",
                filter=Q(
                    opinions__consultation=consultation,
                    opinions__is_objection=True,
                    opinions__status=OpinionStatus.NEW,
                ),
                distinct=True,
            ),
        )
        .order_by("display_name", "pk")
    )


def consultation_opinions(*, consultation: Consultation, status: str = "") -> QuerySet[Opinion]:
    """The opinions of a consultation, the newest first, optionally of one status
    (``open`` means the objections not yet handled)."""
    opinions = consultation.opinions.select_related("nominee", "moderated_by")
    if status == "open":
        opinions = opinions.filter(is_objection=True, status=OpinionStatus.NEW)
    elif status in OpinionStatus.values:
        opinions = opinions.filter(status=status)
    return opinions.order_by("-received_at", "-pk")


def opinion_get(*, pk: int) -> Opinion | None:
    return Opinion.objects.select_related("consultation", "nominee").filter(pk=pk).first()


def nominees_for_consultation() -> QuerySet[Nominee]:
    """Nominees waiting for a consultation window: approved at appraisal, for an award
    that needs consultation, not yet consulted, their dossier at the consultation stage,
    and in no open consultation."""
    in_open = Consultation.nominees.through.objects.filter(
        nominee_id=OuterRef("pk"), consultation__state=ConsultationState.OPEN
    )
    return (
        Nominee.objects.filter(
            outcome=NomineeOutcome.APPROVED,
            needs_consultation=True,
            consultation_done=False,
            dossier__state=DossierState.CONSULTATION,
        )
        .exclude(Exists(in_open))
        .select_related("dossier", "dossier__unit", "award")
        .order_by("award__name", "dossier__unit__name", "display_name", "pk")
    )


def blocked_by_objection() -> Exists:
    """For a queryset of nominees: true when an objection keeps the nominee off the
    agenda and out of a proposal (not yet handled, or upheld: ``Opinion.blocks``)."""
    return Exists(Opinion.objects.filter(BLOCKING, nominee=OuterRef("pk")))


def nominees_blocked_by_objection(nominee_ids: Iterable[int]) -> set[int]:
    """Of these nominees, those an objection keeps off the Council's agenda: one not yet
    handled, or upheld (``Opinion.blocks``). One query."""
    ids = list(nominee_ids)
    if not ids:
        return set()
    return set(
        Opinion.objects.filter(BLOCKING, nominee_id__in=ids)
        .values_list("nominee_id", flat=True)
        .distinct()
    )
