"""Measure the bloc scoring: the engine on a bloc of 100 units with full cross-scoring
(9,900 sheets), the ranking page of a 15-unit bloc, and scoring every bloc of the province
in one pass.

    manage.py benchmark_clusters [--units 100] [--engine-samples 10] [--page-units 15]
        [--samples 100] [--province-samples 30] [--seed 2026]

The engine runs on an input built in memory, its points drawn from the generator seeded
with ``--seed``. The page and the province pass run inside a transaction that is rolled
back at the end: a synthetic 15-unit bloc with its round and sheets is added, the ranking
page is requested as the secretariat through the full middleware stack ``--samples``
times (at least 100 by default; ``--repeat`` is its former name), then a province the
size of Quảng Ngãi (25 blocs and clusters, 206 units, every self and cross-scoring sheet)
is built and every bloc ranked in one pass. Reports the median and the 95th percentile
(``units.benchmarking``); the engine over 9,900 sheets is heavy and keeps 10 samples by
default, too few for a 95th percentile: its maximum is printed, named as such. Timings
belong here, never in tests (the tests assert the query counts).
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client
from django.test.utils import setup_test_environment, teardown_test_environment
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
from units.benchmarking import (
    MIN_SAMPLES,
    Sample,
    add_samples_argument,
    add_seed_argument,
    measure,
    samples_note,
    seeded,
)
from units.models import Role, User
from units.services import role_assign, unit_create


class Rollback(Exception):
    pass


ENGINE_SAMPLES = 10  # 9,900 sheets a run: too heavy for a hundred
PROVINCE_SAMPLES = 30


def _summary(sample: Sample) -> str:
    """Median and 95th percentile in seconds, or the maximum named as such."""
    median = f"trung vị {sample.p50 / 1000:.3f} s"
    if sample.p95 is None:
        return f"{median}, lớn nhất {sample.max / 1000:.3f} s ({sample.n} lần đo, quá ít cho p95)"
    return f"{median}, p95 {sample.p95 / 1000:.3f} s ({sample.n} lần đo)"


def engine_input(n: int, rng: random.Random | None = None) -> dict:
    """A bloc of ``n`` units, every one scoring every other; the points drawn from
    ``rng`` (a fixed seed when none is given)."""
    rng = rng or seeded(0)
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
            off = rng.randint(0, 12)
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
        add_samples_argument(
            parser, ENGINE_SAMPLES, option="--engine-samples", alias=None, description="engine runs"
        )
        parser.add_argument("--page-units", type=int, default=15)
        add_samples_argument(parser, MIN_SAMPLES, description="requests of the ranking page")
        add_samples_argument(
            parser,
            PROVINCE_SAMPLES,
            option="--province-samples",
            alias="--province-repeat",
            description="runs of the province pass",
        )
        add_seed_argument(parser)

    def handle(
        self, *args, units, engine_samples, page_units, samples, province_samples, seed, **options
    ):
        notes = [
            samples_note(engine_samples, ENGINE_SAMPLES, "--engine-samples"),
            samples_note(samples, MIN_SAMPLES),
            samples_note(province_samples, PROVINCE_SAMPLES, "--province-samples"),
        ]
        for note in filter(None, notes):
            self.stdout.write(self.style.WARNING(note))
        rng = seeded(seed)
        data = engine_input(units, rng)
        sample = measure(lambda: score(data), samples=engine_samples, warmup=0, count_queries=False)
        self.stdout.write(
            f"Bộ máy chấm điểm, {units} đơn vị, {len(data['sheets'])} phiếu chấm chéo "
            f"(hạt giống {seed}): {_summary(sample)}; {len(sample.last['flags'])} cảnh báo"
        )
        try:
            with transaction.atomic():
                self._database(page_units, samples, province_samples, rng)
                raise Rollback
        except Rollback:
            pass

    def _database(self, n: int, samples: int, province_samples: int, rng) -> None:
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
                points=c.max_points - Decimal(rng.randint(0, 2)),
            )
            for sheet in sheets
            for c in criteria
        )
        setup_test_environment()
        try:
            client = Client()
            client.force_login(user)
            url = reverse("clusters:ranking", args=[scoring_round.pk])
            sample = measure(lambda: client.get(url), samples=samples)
            self.stdout.write(
                f"Trang xếp hạng, cụm {n} đơn vị ({len(sheets)} phiếu): {_summary(sample)}; "
                f"{sample.queries_text()} truy vấn; mã {sample.last.status_code}"
            )
        finally:
            teardown_test_environment()
        self._province(user, table, today, province_samples)

    def _province(self, user, table, today, samples: int) -> None:
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
        sample = measure(lambda: rank_rounds(rounds), samples=samples, warmup=0)
        leading = sum(1 for r in sample.last if r.result and r.result.leading)
        self.stdout.write(
            f"Chấm điểm mọi cụm, khối của tỉnh trong một lượt ({len(rounds)} cụm, khối; "
            f"{members} đơn vị; {len(sheets)} phiếu): {_summary(sample)}; "
            f"{sample.queries_text()} truy vấn; {leading} đơn vị dẫn đầu"
        )
        sample = measure(
            lambda: [selectors.ranking(r) for r in rounds],
            samples=max(3, samples // 4),
            warmup=0,
        )
        self.stdout.write(
            f"  như trang xếp hạng, từng cụm, khối một: {_summary(sample)}; "
            f"{sample.queries_text()} truy vấn"
        )
