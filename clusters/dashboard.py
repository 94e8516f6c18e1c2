"""Dashboard panels of the bloc scoring: the Council member's blocs and their progress,
the secretariat's completion of sheets by bloc, the chairman's leading units by bloc
(each in a constant number of queries)."""

from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from units.dashboard import Panel, PanelLine
from units.models import Role, User
from units.selectors import roles_of

from .models import BlocCouncilMember, RoundState, ScoringRound, SheetState


def _rounds(year: int):
    return (
        ScoringRound.objects.filter(year=year)
        .select_related("bloc")
        .annotate(
            members=Count(
                "bloc__memberships", filter=Q(bloc__memberships__year=year), distinct=True
            ),
            submitted=Count(
                "sheets",
                filter=Q(sheets__state__in=(SheetState.SUBMITTED, SheetState.LOCKED)),
                distinct=True,
            ),
        )
        .order_by("bloc__name")
    )


def cluster_panels(user: User) -> Iterator[Panel]:
    roles = roles_of(user)
    year = timezone.localdate().year
    if roles.has(Role.SECRETARIAT, Role.CHAIRMAN):
        rounds = list(_rounds(year)[:20])
        yield Panel(
            key="clusters",
            title=_("Bloc and cluster scoring"),
            lines=tuple(
                PanelLine(
                    _("%(bloc)s: sheets submitted") % {"bloc": r.bloc.name},
                    r.submitted,
                    reverse("clusters:ranking", args=[r.pk])
                    if r.state != RoundState.DRAFT
                    else reverse("clusters:round_sheets", args=[r.pk]),
                )
                for r in rounds
            ),
        )
    if roles.has(Role.COUNCIL_MEMBER):
        blocs = BlocCouncilMember.objects.filter(user=user, year=year).values("bloc_id")
        rounds = list(_rounds(year).filter(bloc_id__in=blocs))
        yield Panel(
            key="clusters-council",
            title=_("My blocs and clusters"),
            lines=tuple(
                PanelLine(
                    _("%(bloc)s: sheets submitted") % {"bloc": r.bloc.name},
                    r.submitted,
                    reverse("clusters:ranking", args=[r.pk]),
                )
                for r in rounds
            ),
        )
