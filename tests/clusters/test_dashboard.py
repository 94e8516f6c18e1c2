"""The dashboard panels of the bloc scoring: the Council member's blocs and their progress,
the secretariat's completion of sheets by bloc, the chairman's leading unit of each bloc,
each in a constant number of queries whatever the number of blocs and sheets."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusters import services
from clusters.defaults import table_create_default
from clusters.models import (
    Bloc,
    BlocCouncilMember,
    BlocKind,
    BlocMembership,
    RecheckRequest,
    ScoringRound,
    SheetRole,
)
from tests.clusters.conftest import YEAR, fill
from tests.factories import UnitFactory
from tests.utils.faults import UNREACHABLE_CACHES
from units.dashboard import panels_for

pytestmark = pytest.mark.django_db


def panel(user, key):
    [found] = [p for p in panels_for(user) if p.key == key]
    return found


def other_round(province, users, i, size=3, council=None):
    bloc = Bloc.objects.create(
        name=f"Khối thi đua số {i}", code=f"khoi-{i}", kind=BlocKind.DEPARTMENTS
    )
    units = [
        UnitFactory(name=f"Sở {i}-{k}", code=f"so-{i}-{k}", parent=province["root"])
        for k in range(size)
    ]
    for unit in units:
        BlocMembership.objects.create(bloc=bloc, unit=unit, year=YEAR)
    if council:
        BlocCouncilMember.objects.create(bloc=bloc, user=council, year=YEAR)
    table = table_create_default(bloc_kind=BlocKind.DEPARTMENTS, year=YEAR, version=10 + i)
    r = ScoringRound.objects.create(
        bloc=bloc, year=YEAR, table=table, opens_on=date(2026, 6, 1), closes_on=date(2026, 6, 30)
    )
    services.round_open(scoring_round=r, actor=users["secretariat"])
    r.refresh_from_db()
    for scorer in units:
        for target in units:
            role = SheetRole.SELF if scorer == target else SheetRole.PEER
            fill(r, role, scorer, target, users["secretariat"], total_off=1)
    return r


def cross_fill(cluster, users, total_off):
    """Every member scores every member (itself as self-assessment), each sheet
    ``total_off(target)`` points under the maximum."""
    members = cluster["members"]
    for scorer in members:
        for target in members:
            role = SheetRole.SELF if scorer == target else SheetRole.PEER
            fill(
                cluster["round"],
                role,
                scorer,
                target,
                users["secretariat"],
                total_off=total_off(target),
            )


def test_the_secretariats_completion_by_bloc(cluster, users):
    members = cluster["members"]
    fill(cluster["round"], SheetRole.SELF, members[0], members[0], users["head_a"])
    RecheckRequest.objects.create(round=cluster["round"], reason="x", requested_by=users["council"])
    found = panel(users["secretariat"], "clusters")
    assert found.title == "Tiến độ phiếu chấm theo cụm, khối"
    assert [(line.label, line.count, line.alert) for line in found.lines] == [
        ("Cụm thi đua số 1: 1/36 phiếu (3%)", 1, False),
        ("Đề nghị kiểm tra lại của Hội đồng chờ trả lời", 1, True),
    ]
    assert not [p for p in panels_for(users["staff_b"]) if p.key.startswith("clusters")]


def test_the_council_members_blocs_and_progress(cluster, users):
    members = cluster["members"]
    fill(cluster["round"], SheetRole.SELF, members[0], members[0], users["head_a"])
    fill(
        cluster["round"],
        SheetRole.COUNCIL,
        None,
        members[2],
        users["council"],
        scorer_user=users["council"],
    )
    found = panel(users["council"], "clusters-council")
    assert [(line.label, line.count) for line in found.lines] == [
        ("Cụm thi đua số 1 (Mở): 2/36 phiếu, bạn đã chấm 1/6 phiếu Hội đồng", 2)
    ]
    assert found.note_url == "/cum-khoi/tham-dinh/"


def test_the_chairmans_leading_units(cluster, users):
    members = cluster["members"]
    cross_fill(cluster, users, lambda target: 0 if target == members[3] else 10)
    found = panel(users["chairman"], "clusters-leading")
    assert [(line.label, line.count) for line in found.lines] == [
        ("Cụm, khối đã có đơn vị dẫn đầu theo điểm", 1)
    ]
    assert found.items == (
        f"Cụm thi đua số 1: {members[3].name}, 100 điểm (tạm tính, đợt chấm đang mở)",
    )
    services.round_close(scoring_round=cluster["round"], actor=users["secretariat"])
    assert panel(users["chairman"], "clusters-leading").items == (
        f"Cụm thi đua số 1: {members[3].name}, 100 điểm",
    )


def test_panels_query_counts_are_constant_in_the_number_of_blocs(cluster, users, province):
    def queries(user):
        user._tdkt_roles = None
        with CaptureQueriesContext(connection) as captured:
            panels_for(user)
        return len(captured.queries if hasattr(captured, "queries") else captured.captured_queries)

    members = cluster["members"]
    for scorer in members:
        for target in members:
            role = SheetRole.SELF if scorer == target else SheetRole.PEER
            fill(cluster["round"], role, scorer, target, users["secretariat"], total_off=1)
    small = {name: queries(users[name]) for name in ("secretariat", "council", "chairman")}
    for i in range(1, 4):
        other_round(province, users, i, size=2 + i, council=users["council"])
    large = {name: queries(users[name]) for name in ("secretariat", "council", "chairman")}
    assert large == small
    assert len(panel(users["chairman"], "clusters-leading").items) == 4


def test_the_chairmans_panel_ranks_once_per_state_of_the_data(cluster, users, monkeypatch):
    """The engine over every bloc takes about a second at province scale: the panel keeps
    its result until a sheet, an adjustment, a membership or a round's state changes."""
    import clusters.province as province_module
    from clusters.stamps import rounds_stamp as _rounds_stamp

    members = cluster["members"]
    cross_fill(cluster, users, lambda target: 0 if target == members[3] else 10)
    calls = []
    real = province_module.rank_rounds
    monkeypatch.setattr(
        province_module, "rank_rounds", lambda rounds: calls.append(len(rounds)) or real(rounds)
    )
    first = panel(users["chairman"], "clusters-leading").items
    assert panel(users["chairman"], "clusters-leading").items == first
    assert calls == [1]  # the second dashboard reused the ranking
    # A reopened sheet changes what the ranking rests on.
    rounds = [cluster["round"]]
    before = _rounds_stamp(rounds, YEAR)
    sheet = cluster["round"].sheets.filter(target=members[3]).exclude(role=SheetRole.SELF)[0]
    services.sheet_reopen(sheet=sheet, reason="Kiểm tra lại minh chứng", actor=users["secretariat"])
    assert _rounds_stamp(rounds, YEAR) != before
    panel(users["chairman"], "clusters-leading")
    assert calls == [1, 1]
    # Closing the round ends "provisional" at once.
    services.round_close(scoring_round=cluster["round"], actor=users["secretariat"])
    assert panel(users["chairman"], "clusters-leading").items == (
        f"Cụm thi đua số 1: {members[3].name}, 100 điểm",
    )
    assert calls == [1, 1, 1]


def test_a_blocs_ranking_page_ranks_once_per_state_of_the_data(cluster, client, users, monkeypatch):
    """The ranking page keeps the engine's result under the round's stamp: a second view
    does not rank again, a reopened sheet, a new adjustment or a women-led mark does."""
    from django.urls import reverse

    import clusters.selectors as selectors_module
    from clusters.models import Adjustment

    members = cluster["members"]
    cross_fill(cluster, users, lambda target: 5)
    calls = []
    real = selectors_module.compute
    monkeypatch.setattr(selectors_module, "compute", lambda data: calls.append(1) or real(data))
    client.force_login(users["secretariat"])
    url = reverse("clusters:ranking", args=[cluster["round"].pk])

    def scores():
        return [row["score_text"] for row in client.get(url).context["ranking"].rows]

    first = scores()
    assert scores() == first and len(calls) == 1
    sheet = cluster["round"].sheets.filter(target=members[0]).exclude(role=SheetRole.SELF)[0]
    services.sheet_reopen(sheet=sheet, reason="Kiểm tra lại minh chứng", actor=users["secretariat"])
    scores()
    assert len(calls) == 2
    Adjustment.objects.create(
        round=cluster["round"],
        unit=members[1],
        kind="bonus",
        points=2,
        reason="Sáng kiến",
        recorded_by=users["secretariat"],
    )
    with_bonus = scores()
    assert len(calls) == 3 and with_bonus != first
    BlocMembership.objects.filter(bloc=cluster["round"].bloc, unit=members[2]).update(
        women_led=True
    )
    scores()
    assert len(calls) == 4


def test_the_ranking_and_the_chairmans_panel_answer_while_the_cache_is_down(cluster, client, users):
    """Redis down: the engine runs on every view instead, the pages answer as usual."""
    from django.test import override_settings
    from django.urls import reverse

    cross_fill(cluster, users, lambda target: 5)
    client.force_login(users["secretariat"])
    url = reverse("clusters:ranking", args=[cluster["round"].pk])
    expected = [row["score_text"] for row in client.get(url).context["ranking"].rows]
    leaders = panel(users["chairman"], "clusters-leading").items
    with override_settings(CACHES=UNREACHABLE_CACHES):
        response = client.get(url)
        assert response.status_code == 200
        assert [row["score_text"] for row in response.context["ranking"].rows] == expected
        assert panel(users["chairman"], "clusters-leading").items == leaders
