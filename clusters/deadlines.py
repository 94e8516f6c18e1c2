"""Deadlines of the bloc scoring, fed to the reminder registry (notifications): each open
or prepared round's closing date, due from the member units that have not yet submitted
all of their sheets (self and cross-scoring)."""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.deadlines import Deadline

from .models import BlocMembership, RoundState, ScoringRound, Sheet, SheetRole, SheetState
from .selectors import round_list_visible

ROUND_KEY = "clusters:round:"


def scoring_deadlines(start: date, end: date) -> Iterator[Deadline]:
    """One deadline per round closing between ``start`` and ``end``; three queries however
    many rounds (the members and the submitted sheets of every round at once)."""
    rounds = list(
        ScoringRound.objects.filter(
            state__in=(RoundState.DRAFT, RoundState.OPEN), closes_on__range=(start, end)
        ).select_related("bloc")
    )
    if not rounds:
        return
    members: dict[tuple[int, int], list[int]] = defaultdict(list)
    for bloc_id, year, unit_id in (
        BlocMembership.objects.filter(
            bloc_id__in={r.bloc_id for r in rounds}, year__in={r.year for r in rounds}
        )
        .order_by("unit_id")
        .values_list("bloc_id", "year", "unit_id")
    ):
        members[bloc_id, year].append(unit_id)
    done: dict[tuple[int, int], int] = {}
    for round_id, unit_id, n in (
        Sheet.objects.filter(
            round__in=rounds,
            role__in=(SheetRole.SELF, SheetRole.PEER, SheetRole.HEAD),
            state__in=(SheetState.SUBMITTED, SheetState.LOCKED),
        )
        .values("round_id", "scorer_unit_id")
        .annotate(n=Count("pk"))
        .values_list("round_id", "scorer_unit_id", "n")
    ):
        done[round_id, unit_id] = n
    for scoring_round in rounds:
        units = members[scoring_round.bloc_id, scoring_round.year]
        # Each member owes one self sheet and one sheet for every other member.
        laggards = tuple(u for u in units if done.get((scoring_round.pk, u), 0) < len(units))
        yield Deadline(
            key=f"{ROUND_KEY}{scoring_round.pk}",
            title=_("Scoring of %(bloc)s for %(year)s closes")
            % {"bloc": scoring_round.bloc.name, "year": scoring_round.year},
            due_on=scoring_round.closes_on,
            unit_ids=laggards or (0,),
            url=reverse("clusters:round_sheets", args=[scoring_round.pk]),
        )


def hidden_round_links(user, deadlines: list[Deadline]) -> set[str]:
    """The rounds among ``deadlines`` whose page ``user`` cannot open (one query)."""
    ids = {int(d.key.removeprefix(ROUND_KEY)) for d in deadlines if d.key.startswith(ROUND_KEY)}
    if not ids:
        return set()
    visible = set(round_list_visible(user=user).filter(pk__in=ids).values_list("pk", flat=True))
    return {f"{ROUND_KEY}{pk}" for pk in ids - visible}
