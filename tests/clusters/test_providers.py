"""The round's closing date in the reminder registry (its queries, and its link only for
readers who may open the round), and the dashboard panels."""

from datetime import date

import pytest
from django.urls import reverse

from clusters.deadlines import scoring_deadlines
from clusters.models import Bloc, BlocMembership, ScoringRound, SheetRole
from notifications.deadlines import deadlines_between
from tests.clusters.conftest import fill
from tests.factories import UnitFactory
from tests.utils.clients import login_as_superuser
from tests.utils.links import dead_links
from units.dashboard import panels_for

pytestmark = pytest.mark.django_db


def test_the_closing_date_is_due_from_the_members_that_have_not_scored(cluster, users):
    members = cluster["members"]
    unit_a = members[0]
    # unit_a submits its self sheet and a head sheet for each of the five others.
    fill(cluster["round"], SheetRole.SELF, unit_a, unit_a, users["head_a"])
    for target in members[1:]:
        fill(cluster["round"], SheetRole.HEAD, unit_a, target, users["head_a"])
    # unit_b submits only its self sheet: still due.
    fill(cluster["round"], SheetRole.SELF, members[1], members[1], users["staff_b"])
    [deadline] = [
        d
        for d in deadlines_between(date(2026, 6, 1), date(2026, 7, 31))
        if d.key.startswith("clusters:")
    ]
    assert (deadline.key, deadline.due_on) == (
        f"clusters:round:{cluster['round'].pk}",
        date(2026, 6, 30),
    )
    assert deadline.title == "Hạn chấm điểm Cụm thi đua số 1 năm 2026"
    assert set(deadline.unit_ids) == {m.pk for m in members[1:]}
    assert deadline.url == f"/cum-khoi/dot-cham/{cluster['round'].pk}/"
    assert [
        d for d in deadlines_between(date(2026, 7, 1), date(2026, 7, 31)) if "clusters" in d.key
    ] == []


def test_panels_for_the_secretariat_and_the_assigned_council_member(cluster, users):
    unit_a = cluster["members"][0]
    fill(cluster["round"], SheetRole.SELF, unit_a, unit_a, users["head_a"])
    [panel] = [p for p in panels_for(users["secretariat"]) if p.key == "clusters"]
    # The panels' wording: tests/clusters/test_dashboard.py.
    assert [(line.label, line.count) for line in panel.lines][0] == (
        "Cụm thi đua số 1: 1/36 phiếu (3%)",
        1,
    )
    [mine] = [p for p in panels_for(users["council"]) if p.key == "clusters-council"]
    assert [line.count for line in mine.lines] == [1]
    assert not [p for p in panels_for(users["staff_b"]) if p.key.startswith("clusters")]


def test_the_deadline_list_links_a_round_only_for_readers_who_may_open_it(client, cluster, users):
    """The province's administrator (a superuser: every permission, but no bloc to see)
    reads the round's deadline without a link to a page that would answer 404."""
    url = reverse("notifications:deadline_list")
    sheets = reverse("clusters:round_sheets", args=[cluster["round"].pk])
    title = "Hạn chấm điểm Cụm thi đua số 1 năm 2026"
    client.force_login(users["secretariat"])
    body = client.get(url).content.decode()
    assert f'<a href="{sheets}">{title}</a>' in body
    assert dead_links(client, body) == []

    login_as_superuser(client, users["admin"])
    body = client.get(url).content.decode()
    assert f"<td>{title}</td>" in body
    assert sheets not in body
    assert client.get(sheets).status_code == 404  # why it is not linked
    assert dead_links(client, body) == []


def test_the_rounds_deadlines_take_three_queries_however_many_rounds(
    cluster, users, django_assert_num_queries
):
    def closing() -> list:
        return list(scoring_deadlines(date(2026, 6, 1), date(2026, 7, 31)))

    with django_assert_num_queries(3):
        assert len(closing()) == 1
    for n in range(2, 5):
        bloc = Bloc.objects.create(name=f"Cụm thi đua số {n}", code=f"cum-{n}")
        for i in range(n):
            unit = UnitFactory(name=f"Xã {n}-{i}", code=f"xa-{n}-{i}")
            BlocMembership.objects.create(bloc=bloc, unit=unit, year=2026)
        ScoringRound.objects.create(
            bloc=bloc,
            year=2026,
            table=cluster["table"],
            opens_on=date(2026, 6, 1),
            closes_on=date(2026, 7, n),
        )
    fill(
        cluster["round"],
        SheetRole.SELF,
        cluster["members"][1],
        cluster["members"][1],
        users["staff_b"],
    )
    with django_assert_num_queries(3):
        found = closing()
    # Every member of a new round still owes its sheets; in the first, unit_b owes 5 more.
    assert [len(d.unit_ids) for d in found] == [6, 2, 3, 4]
    assert [d.due_on for d in found] == [
        date(2026, 6, 30),
        date(2026, 7, 2),
        date(2026, 7, 3),
        date(2026, 7, 4),
    ]
