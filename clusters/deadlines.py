"""Deadlines of the bloc scoring, fed to the reminder registry (notifications): each open
or prepared round's closing date, due from the member units that have not yet submitted
all of their sheets (self and cross-scoring)."""

from collections.abc import Iterator
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.deadlines import Deadline

from .models import BlocMembership, RoundState, ScoringRound, SheetRole, SheetState


def scoring_deadlines(start: date, end: date) -> Iterator[Deadline]:
    rounds = ScoringRound.objects.filter(
        state__in=(RoundState.DRAFT, RoundState.OPEN), closes_on__range=(start, end)
    ).select_related("bloc")
    for scoring_round in rounds:
        members = list(
            BlocMembership.objects.filter(
                bloc=scoring_round.bloc, year=scoring_round.year
            ).values_list("unit_id", flat=True)
        )
        done = dict(
            scoring_round.sheets.filter(
                role__in=(SheetRole.SELF, SheetRole.PEER, SheetRole.HEAD),
                state__in=(SheetState.SUBMITTED, SheetState.LOCKED),
            )
            .values("scorer_unit_id")
            .annotate(n=Count("pk", filter=Q(pk__isnull=False)))
            .values_list("scorer_unit_id", "n")
        )
        # Each member owes one self sheet and one sheet for every other member.
        laggards = tuple(unit for unit in members if done.get(unit, 0) < len(members))
        yield Deadline(
            key=f"clusters:round:{scoring_round.pk}",
            title=_("Scoring of %(bloc)s for %(year)s closes")
            % {"bloc": scoring_round.bloc.name, "year": scoring_round.year},
            due_on=scoring_round.closes_on,
            unit_ids=laggards or (0,),
            url=reverse("clusters:round_sheets", args=[scoring_round.pk]),
        )
