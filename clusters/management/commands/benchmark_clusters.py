"""Measure the bloc scoring: the engine on a bloc of 100 units with full cross-scoring
(9,900 sheets), the ranking page of a 15-unit bloc, and scoring every bloc of the province
in one pass.

    manage.py benchmark_clusters [--units 100] [--page-units 15] [--repeat 10]
        [--province-repeat 30]

The engine runs on an input built in memory. The page and the province pass run inside a
transaction that is rolled back at the end: a synthetic 15-unit bloc with its round and
sheets is added, the ranking page is requested as the secretariat through the full
middleware stack, then a province the size of Quảng Ngãi (25 blocs and clusters, 206
units, every self and cross-scoring sheet) is built and every bloc ranked in one pass.
Reports the median and the 95th percentile; timings belong here, never in tests (the
tests assert the query counts).
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse
from django.utils import timezone

from clusters import selectors, services
from clusters.defaults import table_create_default
from clusters.engine import score
from clusters.models import (
    Bloc,
    BlocKind,
    BlocMembership,
    ScoringCriterion,
    ScoringRound,
    Sheet,
    SheetLine,
    SheetRole,
    SheetState,
)
from clusters.province import rank_rounds
from units.models import Role, User
from units.services import role_assign, unit_create


class Rollback(Exception):
    pass


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[int(fraction * (len(ordered) - 1))]


def _summary(values: list[float]) -> str:
    return f"trung vị {statistics.median(values):.3f} s, p95 {_percentile(values, 0.95):.3f} s"


def engine_input(n: int) -> dict:
    criteria = [("A1", 35), ("A2", 20), ("B1", 8), ("B2", 6), ("B3", 6), ("C1", 5), ("C2", 12)]
    template = {
        "groups": [
            {"code": "A", "max": 55, "criteria": [{"code": c, "max": m} for c, m in criteria[:2]]},
            {"code": "B", "max": 20, "criteria": [{"code": c, "max": m} for c, m in criteria[2:5]]},
            {
                "code": "C",
                "max": 17,
                "criteria": [{"code": "C1", "max": 5, "veto": True}, {"code": "C2", "max": 12}],
            },
        ],
        "bonus_cap": 5,
        "deduction_cap": 10,
        "tie_break": ["group:A", "deductions", "women_led"],
        "peer_scoring": "all",
    }
    units = [f"U{i:03d}" for i in range(n)]
    sheets = []
    for k, scorer in enumerate(units):
        for t, target in enumerate(units):
            if scorer == target:
                continue
            off = (t * 7 + k * 3) % 13
            sheets.append(
                {
                    "scorer": scorer,
                    "target": target,
                    "role": "peer",
                    "lines": {
                        "A1": 35 - off * 0.5,
                        "A2": 20 - (k % 5),
                        "B1": 8,
                        "B2": 6 - (t % 3),
                        "B3": 6,
                        "C1": 5,
                        "C2": 12 - (t % 4) * 0.5,
                    },
                }
            )
    return {
        "template": template,
        "units": [{"code": u, "women_led": i % 4 == 0} for i, u in enumerate(units)],
        "sheets": sheets,
    }


class Command(BaseCommand):
    help = "Time the bloc scoring engine, the ranking page and scoring every bloc."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=100)
        parser.add_argument("--page-units", type=int, default=15)
        parser.add_argument("--repeat", type=int, default=10)
        parser.add_argument("--province-repeat", type=int, default=30)

    def handle(self, *args, units, page_units, repeat, province_repeat, **options):
        data = engine_input(units)
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            output = score(data)
            timings.append(time.perf_counter() - start)
        self.stdout.write(
            f"Bộ máy chấm điểm, {units} đơn vị, {len(data['sheets'])} phiếu chấm chéo: "
            f"{_summary(timings)}; {len(output['flags'])} cảnh báo"
        )
        try:
            with transaction.atomic():
                self._database(page_units, repeat, province_repeat)
                raise Rollback
        except Rollback:
            pass

    def _database(self, n: int, repeat: int, province_repeat: int) -> None:
        today = timezone.localdate()
        user = User.objects.create(username="benchmark-clusters-secretariat")
        role_assign(user=user, role=Role.SECRETARIAT, actor=None)
        members = [
            unit_create(
                actor=None, name=f"Xã Đo Tải {i}", code=f"benchmark-cum-{i}", kind="commune"
            )
            for i in range(n)
        ]
        bloc = Bloc.objects.create(name="Cụm đo tải", code="benchmark-cum", kind=BlocKind.COMMUNES)
        BlocMembership.objects.bulk_create(
            BlocMembership(bloc=bloc, unit=u, year=today.year) for u in members
        )
        table = table_create_default(bloc_kind=BlocKind.COMMUNES, year=today.year, version=99)
        scoring_round = ScoringRound.objects.create(
            bloc=bloc,
            year=today.year,
            table=table,
            opens_on=today,
            closes_on=today + timedelta(days=7),
        )
        services.round_open(scoring_round=scoring_round, actor=user)
        criteria = list(ScoringCriterion.objects.filter(group__table=table))
        sheets = Sheet.objects.bulk_create(
            Sheet(
                round=scoring_round,
                role=SheetRole.PEER,
                scorer_unit=s,
                target=t,
                state=SheetState.SUBMITTED,
                created_by=user,
            )
            for s in members
            for t in members
            if s != t
        )
        SheetLine.objects.bulk_create(
            SheetLine(
                sheet=sheet,
                criterion=c,
                points=c.max_points - Decimal((sheet.scorer_unit_id + sheet.target_id) % 3),
            )
            for sheet in sheets
            for c in criteria
        )
        setup_test_environment()
        try:
            client = Client()
            client.force_login(user)
            url = reverse("clusters:ranking", args=[scoring_round.pk])
            client.get(url)
            timings = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url)
                    timings.append(time.perf_counter() - start)
            self.stdout.write(
                f"Trang xếp hạng, cụm {n} đơn vị ({len(sheets)} phiếu): {_summary(timings)}; "
                f"{len(queries.captured_queries)} truy vấn; mã {response.status_code}"
            )
        finally:
            teardown_test_environment()
        self._province(user, table, today, province_repeat)

    def _province(self, user, table, today, repeat: int) -> None:
        """Every bloc of a province the size of Quảng Ngãi after the 2025 merge (96
        communes, wards and the special zone in 11 clusters of 8–9; 110 departments and
        other bodies in 14 blocs of 7–9), each round with every self and cross-scoring
        sheet submitted, ranked in one pass: ``province.rank_rounds`` (six queries for
        all the rounds), then round by round as the ranking page does."""
        sizes = [9] * 8 + [8] * 3 + [8] * 12 + [7] * 2
        new_rounds = []
        for b, size in enumerate(sizes):
            cluster = b < 11
            units = [
                unit_create(
                    actor=None,
                    name=f"{'Xã' if cluster else 'Sở'} Đo Tải {b}-{i}",
                    code=f"benchmark-p{b}-{i}",
                    kind="commune" if cluster else "department",
                )
                for i in range(size)
            ]
            bloc = Bloc.objects.create(
                name=f"{'Cụm' if cluster else 'Khối'} đo tải {b}",
                code=f"benchmark-p{b}",
                kind=BlocKind.COMMUNES if cluster else BlocKind.DEPARTMENTS,
            )
            BlocMembership.objects.bulk_create(
                BlocMembership(bloc=bloc, unit=u, year=today.year, women_led=i % 4 == 0)
                for i, u in enumerate(units)
            )
            new_rounds.append(
                (
                    ScoringRound.objects.create(
                        bloc=bloc,
                        year=today.year,
                        table=table,
                        opens_on=today,
                        closes_on=today + timedelta(days=7),
                        state="open",
                    ),
                    units,
                )
            )
        criteria = list(ScoringCriterion.objects.filter(group__table=table))
        sheets = Sheet.objects.bulk_create(
            Sheet(
                round=r,
                role=SheetRole.SELF if s == t else SheetRole.PEER,
                scorer_unit=s,
                target=t,
                state=SheetState.SUBMITTED,
                created_by=user,
            )
            for r, units in new_rounds
            for s in units
            for t in units
        )
        SheetLine.objects.bulk_create(
            SheetLine(
                sheet=sheet,
                criterion=c,
                # The target's merit (distinct in a bloc: 5t mod 11 for consecutive ids) and
                # each scorer's own leaning, so every bloc has one leading unit.
                points=c.max_points
                - Decimal(
                    (sheet.target_id * 5) % 11 + sheet.scorer_unit_id % 2
                    if c.code == "A1"
                    else (sheet.scorer_unit_id + sheet.target_id) % 2
                ),
            )
            for sheet in sheets
            for c in criteria
        )
        rounds = [r for r, _units in new_rounds]
        rounds = list(
            ScoringRound.objects.filter(pk__in=[r.pk for r in rounds]).select_related(
                "bloc", "table"
            )
        )
        members = sum(len(units) for _r, units in new_rounds)
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                results = rank_rounds(rounds)
                timings.append(time.perf_counter() - start)
        leading = sum(1 for r in results if r.result and r.result.leading)
        self.stdout.write(
            f"Chấm điểm mọi cụm, khối của tỉnh trong một lượt ({len(rounds)} cụm, khối; "
            f"{members} đơn vị; {len(sheets)} phiếu; {repeat} lần đo): {_summary(timings)}; "
            f"{len(queries.captured_queries)} truy vấn; {leading} đơn vị dẫn đầu"
        )
        timings = []
        for _ in range(max(3, repeat // 4)):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                for r in rounds:
                    selectors.ranking(r)
                timings.append(time.perf_counter() - start)
        self.stdout.write(
            f"  như trang xếp hạng, từng cụm, khối một ({max(3, repeat // 4)} lần đo): "
            f"{_summary(timings)}; {len(queries.captured_queries)} truy vấn"
        )
