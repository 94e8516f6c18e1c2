"""The demo blocs and clusters: every commune-level unit in one of 10–12 clusters, the
provincial bodies in 12–15 blocs, all marked demo data; the first cluster's round is
open with its sheets, and its colluding pair shows as a flag."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from clusters import selectors
from clusters.demo import seed_demo_clusters
from clusters.models import Bloc, BlocKind, BlocMembership, RoundState, ScoringRound
from units.demo import seed_demo
from units.models import COMMUNE_LEVEL_KINDS, Unit

pytestmark = pytest.mark.django_db


def test_demo_covers_every_commune_and_shows_a_flag():
    seed_demo(password="tdkt-demo-2026", people_per_unit_range=(0, 0))
    counts = seed_demo_clusters(today=timezone.localdate())
    communes = Unit.objects.filter(is_active=True, kind__in=COMMUNE_LEVEL_KINDS)
    year = timezone.localdate().year
    in_clusters = BlocMembership.objects.filter(year=year, bloc__kind=BlocKind.COMMUNES)
    assert set(in_clusters.values_list("unit_id", flat=True)) == set(
        communes.values_list("pk", flat=True)
    )
    assert 10 <= counts["clusters"] <= 12
    assert 12 <= counts["blocs"] <= 15
    assert not Bloc.objects.filter(is_demo=False).exists()
    first = ScoringRound.objects.get(bloc__code="demo-cum-1")
    assert first.state == RoundState.OPEN
    data = selectors.ranking(first)
    members = [m.unit.code for m in first.bloc.memberships.order_by("unit__path")]
    assert len(members) == 8
    assert ("mutual_high", tuple(sorted(members[2:4]))) in [(f.kind, f.units) for f in data.flags]
    # Once only.
    assert seed_demo_clusters(today=timezone.localdate()) is None
    call_command("seed_demo_clusters")
    assert Bloc.objects.count() == counts["clusters"] + counts["blocs"]
