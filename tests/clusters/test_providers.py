"""The round's closing date in the reminder registry, and the dashboard panels."""

from datetime import date

import pytest

from clusters.models import SheetRole
from notifications.deadlines import deadlines_between
from tests.clusters.conftest import fill
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
