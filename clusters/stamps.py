"""What a ranking rests on, as one short string: the cache key of the engine's result.

The engine over a bloc reads the round's locked table, the members of the year (and which
are women-led), the submitted and locked sheets with their lines, and the adjustments. A
table is locked when its round opens and never edited again; a counted sheet is never
edited in place (it is reopened with a reason, then saved and submitted again). So the
stamp below changes whenever the engine's input can: any sheet saved, submitted, reopened
or locked, any adjustment added, changed or removed, any change of membership, of a
member's women-led mark or of a round's state. Two queries whatever the bloc's size.
"""

from __future__ import annotations

import hashlib

from django.db.models import Count, Max, Q, Sum

from .models import Adjustment, BlocMembership, ScoringRound, SheetState

# Results are recomputed whenever the stamp changes; the time only bounds how long an
# entry nobody asks for again stays in the cache.
RANKING_CACHE_SECONDS = 24 * 3600


def rounds_stamp(rounds: list[ScoringRound], year: int) -> str:
    ids = [r.pk for r in rounds]
    agg = ScoringRound.objects.filter(pk__in=ids).aggregate(
        n_sheets=Count("sheets", distinct=True),
        n_submitted=Count("sheets", filter=Q(sheets__state=SheetState.SUBMITTED), distinct=True),
        n_locked=Count("sheets", filter=Q(sheets__state=SheetState.LOCKED), distinct=True),
        n_reopened=Count("sheets__reopenings", distinct=True),
        last_update=Max("sheets__updated_at"),
        last_submit=Max("sheets__submitted_at"),
        last_lock=Max("sheets__locked_at"),
    )
    adjustments = Adjustment.objects.filter(round_id__in=ids).aggregate(
        n=Count("pk"), last=Max("pk"), total=Sum("points")
    )
    members = BlocMembership.objects.filter(
        year=year, bloc_id__in=[r.bloc_id for r in rounds]
    ).aggregate(n=Count("pk"), last=Max("pk"), women=Count("pk", filter=Q(women_led=True)))
    state = [(r.pk, r.state, r.table_id, r.opened_at, r.closed_at) for r in rounds]
    raw = repr((state, sorted(agg.items()), sorted(adjustments.items()), sorted(members.items())))
    return hashlib.sha256(raw.encode()).hexdigest()[:32]
