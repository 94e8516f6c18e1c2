"""The nominations of a person or a collective, for its award history page (awards)."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from awards.history import HistoryCell, HistorySection
from units.models import Person, Unit, User

from .models import DossierState, Nominee
from .selectors._core import dossier_list_visible


def nomination_history(
    user: User, *, person: Person | None = None, unit: Unit | None = None
) -> Iterator[HistorySection]:
    """Every proposal of the subject that left the unit (drafts stay the unit's), newest
    first, with the dossier's stage and the nominee's outcome; the dossier is a link when
    the user may open it. Two queries, whatever the number of nominations."""
    if person is None and unit is None:
        return
    nominees = (
        Nominee.objects.filter(person=person) if person else Nominee.objects.filter(collective=unit)
    )
    nominees = (
        nominees.exclude(dossier__state=DossierState.DRAFT)
        .select_related("award", "dossier", "dossier__unit")
        .order_by("-dossier__year", "-dossier__submitted_at", "-pk")
    )
    rows = list(nominees)
    visible = set(
        dossier_list_visible(user=user)
        .filter(pk__in={n.dossier_id for n in rows})
        .values_list("pk", flat=True)
    )
    yield HistorySection(
        key="nominations",
        title=_("Nominations"),
        headers=(_("Year"), _("Award"), _("Proposed by"), _("Stage of the dossier"), _("Outcome")),
        rows=tuple(
            (
                HistoryCell(str(n.dossier.year)),
                HistoryCell(n.award.name),
                HistoryCell(
                    n.dossier.unit.label,
                    reverse("nominations:dossier_detail", args=[n.dossier_id])
                    if n.dossier_id in visible
                    else "",
                ),
                HistoryCell(str(n.dossier.get_state_display())),
                HistoryCell(
                    str(n.get_outcome_display())
                    + (f" — {n.outcome_reason}" if n.outcome_reason else "")
                ),
            )
            for n in rows
        ),
        empty=_("No nomination has been sent for this subject yet."),
    )
