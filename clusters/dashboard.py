"""Dashboard panels of the bloc scoring (issue 11, point 9), each in a constant number of
queries whatever the number of blocs, members and sheets:

- the Council member: the blocs assigned to them and their progress (sheets submitted of
  those expected, their own Council sheets);
- the secretariat: the completion of sheets by bloc, least complete first, and the
  re-check requests waiting for an answer;
- the chairman: the leading unit of each bloc (final once the round closed,
  provisional while it is open).
"""

from collections.abc import Iterator
from typing import NamedTuple

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from units.caching import cache_get, cache_set
from units.dashboard import Panel, PanelLine
from units.models import Role, Unit, User
from units.selectors import roles_of

from .models import (
    BlocCouncilMember,
    RecheckRequest,
    RecheckState,
    RoundState,
    ScoringRound,
    SheetRole,
    SheetState,
)
from .selectors import fmt
from .stamps import RANKING_CACHE_SECONDS, rounds_stamp

COUNTED = (SheetState.SUBMITTED, SheetState.LOCKED)
MAX_LINES = 20


class RoundLeading(NamedTuple):
    scoring_round: ScoringRound
    unit: str | None  # the leading unit's code; None when no unit leads by score yet
    score: object  # its score (a Fraction), None with no leading unit


def rounds_progress(year: int, user: User | None = None):
    """The year's opened rounds with their members, the sheets submitted, and the
    Council sheets ``user`` submitted: one query."""
    annotations = {
        "members": Count(
            "bloc__memberships", filter=Q(bloc__memberships__year=year), distinct=True
        ),
        "submitted": Count("sheets", filter=Q(sheets__state__in=COUNTED), distinct=True),
    }
    if user is not None:
        annotations["mine"] = Count(
            "sheets",
            filter=Q(
                sheets__state__in=COUNTED,
                sheets__role=SheetRole.COUNCIL,
                sheets__scorer_user=user,
            ),
            distinct=True,
        )
    return (
        ScoringRound.objects.filter(year=year)
        .select_related("bloc")
        .annotate(**annotations)
        .order_by("bloc__kind", "bloc__name")
    )


def expected_sheets(members: int) -> int:
    """Self and cross-scoring: each member scores itself and every other (n²)."""
    return members * members


def percent(done: int, expected: int) -> int:
    return round(100 * done / expected) if expected else 0


def _secretariat_panel(year: int) -> Panel:
    rounds = [r for r in rounds_progress(year) if r.state != RoundState.DRAFT]
    for r in rounds:
        r.expected = expected_sheets(r.members)
        r.percent = percent(r.submitted, r.expected)
    rounds.sort(key=lambda r: (r.percent, r.bloc.name))
    waiting = RecheckRequest.objects.filter(state=RecheckState.OPEN).count()
    return Panel(
        key="clusters",
        title=_("Completion of the scoring sheets by bloc"),
        lines=tuple(
            PanelLine(
                _("%(bloc)s: %(done)s of %(expected)s sheets (%(percent)s%%)")
                % {
                    "bloc": r.bloc.name,
                    "done": r.submitted,
                    "expected": r.expected,
                    "percent": r.percent,
                },
                r.submitted,
                reverse("clusters:round_sheets", args=[r.pk]),
                alert=r.state == RoundState.OPEN
                and r.percent < 100
                and r.closes_on < timezone.localdate(),
            )
            for r in rounds[:MAX_LINES]
        )
        + (
            PanelLine(
                _("Re-check requests of the Council awaiting an answer"),
                waiting,
                reverse("clusters:review_home"),
                alert=waiting > 0,
            ),
        ),
    )


def _council_panel(user: User, year: int) -> Panel:
    mine = BlocCouncilMember.objects.filter(user=user, year=year).values("bloc_id")
    rounds = list(rounds_progress(year, user).filter(bloc_id__in=mine))
    return Panel(
        key="clusters-council",
        title=_("My blocs and clusters"),
        lines=tuple(
            PanelLine(
                _(
                    "%(bloc)s (%(state)s): %(done)s of %(expected)s sheets, "
                    "%(mine)s of %(members)s Council sheets by you"
                )
                % {
                    "bloc": r.bloc.name,
                    "state": r.get_state_display(),
                    "done": r.submitted,
                    "expected": expected_sheets(r.members),
                    "mine": r.mine,
                    "members": r.members,
                },
                r.submitted,
                reverse("clusters:review_round", args=[r.pk]),
            )
            for r in rounds
        ),
        note=_("Every ranking, with its flags"),
        note_url=reverse("clusters:review_home"),
    )


def _leading(rounds: list[ScoringRound], year: int) -> list[RoundLeading]:
    """Each round's leading unit and its score, ranked once per state of the data (the
    engine over every bloc of the province takes about a second). Only the leader is
    kept: the whole results of every bloc took 75 ms to read back from the cache."""
    from .province import rank_rounds

    key = f"clusters:leading:v2:{year}:{rounds_stamp(rounds, year)}"
    results = cache_get(key)
    if results is None:
        results = []
        for item in rank_rounds(rounds):
            result = item.result
            row = (
                next((u for u in result.ranking if u.unit == result.leading), None)
                if result and result.leading
                else None
            )
            results.append(
                (item.scoring_round.pk, row.unit if row else None, row.score if row else None)
            )
        cache_set(key, results, RANKING_CACHE_SECONDS)
    by_pk = {r.pk: r for r in rounds}
    return [RoundLeading(by_pk[pk], code, score) for pk, code, score in results if pk in by_pk]


def _chairman_panel(year: int) -> Panel:
    rounds = list(
        ScoringRound.objects.filter(year=year, state__in=(RoundState.OPEN, RoundState.CLOSED))
        .select_related("bloc", "table")
        .order_by("bloc__kind", "bloc__name")
    )
    results = _leading(rounds, year)
    names = dict(
        Unit.objects.filter(code__in={r.unit for r in results if r.unit}).values_list(
            "code", "name"
        )
    )
    items = []
    for item in results:
        r = item.scoring_round
        if item.unit is None:
            text = _("%(bloc)s: no leading unit by score yet") % {"bloc": r.bloc.name}
        else:
            text = _("%(bloc)s: %(unit)s, %(score)s points%(provisional)s") % {
                "bloc": r.bloc.name,
                "unit": names.get(item.unit, item.unit),
                "score": fmt(item.score),
                "provisional": "" if r.is_closed else _(" (provisional, the round is open)"),
            }
        items.append(text)
    return Panel(
        key="clusters-leading",
        title=_("Leading units by bloc"),
        lines=(
            PanelLine(
                _("Blocs and clusters with a leading unit by score"),
                sum(1 for item in results if item.unit),
                reverse("clusters:review_home"),
            ),
        ),
        items=tuple(items[: MAX_LINES * 2]),
        note=_("Every ranking, with its flags"),
        note_url=reverse("clusters:review_home"),
    )


def cluster_panels(user: User) -> Iterator[Panel]:
    roles = roles_of(user)
    year = timezone.localdate().year
    if roles.has(Role.SECRETARIAT):
        yield _secretariat_panel(year)
    if roles.has(Role.COUNCIL_MEMBER):
        yield _council_panel(user, year)
    if roles.has(Role.CHAIRMAN):
        yield _chairman_panel(year)
