"""A cluster of communes for the clusters tests: six communes (the province fixture's two
among them) with a head, an assigned Council member and an open round on the default
table."""

from datetime import date

import pytest

from clusters import services
from clusters.defaults import table_create_default
from clusters.models import (
    Bloc,
    BlocCouncilMember,
    BlocKind,
    BlocLeadership,
    BlocMembership,
    ScoringRound,
)
from tests.factories import UnitFactory, user_with_role
from units.models import Role

YEAR = 2026


@pytest.fixture
def cluster(province, users):
    root = province["root"]
    members = [province["unit_a"], province["unit_b"]] + [
        UnitFactory(name=f"Xã Cụm {i}", code=f"xa-cum-{i}", parent=root) for i in range(3, 7)
    ]
    bloc = Bloc.objects.create(name="Cụm thi đua số 1", code="cum-1", kind=BlocKind.COMMUNES)
    for unit in members:
        BlocMembership.objects.create(bloc=bloc, unit=unit, year=YEAR)
    # unit_a heads the cluster this year; the Council member follows it.
    BlocLeadership.objects.create(bloc=bloc, year=YEAR, head=members[0], deputy=members[1])
    BlocCouncilMember.objects.create(bloc=bloc, user=users["council"], year=YEAR)
    table = table_create_default(bloc_kind=BlocKind.COMMUNES, year=YEAR)
    scoring_round = ScoringRound.objects.create(
        bloc=bloc, year=YEAR, table=table, opens_on=date(2026, 6, 1), closes_on=date(2026, 6, 30)
    )
    services.round_open(scoring_round=scoring_round, actor=users["secretariat"])
    scoring_round.refresh_from_db()
    staff = {
        unit.code: user_with_role(Role.UNIT_STAFF, unit, username=f"staff-{unit.code}")
        for unit in members[2:]
    }
    outsider_unit = UnitFactory(name="Xã Ngoài Cụm", code="xa-ngoai", parent=root)
    outsider = user_with_role(Role.UNIT_STAFF, outsider_unit, username="outsider")
    return {
        "bloc": bloc,
        "members": members,
        "round": scoring_round,
        "table": table,
        "staff": staff,
        "outsider": outsider,
    }


# The default table's criteria and maxima.
MAXIMA = {"A1": 35, "A2": 20, "B1": 8, "B2": 6, "B3": 6, "C1": 5, "C2": 12, "D1": 8}


def points(total_off: float = 0, **over) -> dict:
    """A full sheet: every criterion at its maximum less ``total_off`` on A1, with overrides."""
    data = dict(MAXIMA)
    data["A1"] = MAXIMA["A1"] - total_off
    data.update(over)
    return data


def fill(scoring_round, role, scorer_unit, target, actor, submit=True, scorer_user=None, **kw):
    sheet = services.sheet_start(
        scoring_round=scoring_round,
        role=role,
        target=target,
        actor=scorer_user or actor,
        scorer_unit=scorer_unit,
    )
    return services.sheet_save(sheet=sheet, points=points(**kw), actor=actor, submit=submit)
