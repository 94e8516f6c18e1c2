"""Measure the public gallery's search over many exemplars and the registration
completion page over every unit of the province.

    manage.py benchmark_campaigns --exemplars 100000 [--units 0] [--repeat 10] [--seed 7]
    manage.py benchmark_campaigns --drop

Fills a dedicated benchmark unit with synthetic published, consented exemplars (kept
between runs; removed with --drop; names drawn with a seeded random generator), and, with
--units N, N benchmark communes (most with a registration); then requests the gallery
(plain, accent-insensitive search, filter by field) anonymously and the completion page as
the secretariat, through the full middleware stack, and reports the median and the 95th
percentile, the queries per page and the rows found. Timings belong here, never in tests;
the tests assert the query counts.
"""

import random
import statistics
import time

from django.core import mail as mail_module
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Exemplar, ExemplarField, Registration
from units.models import Role, Unit, User
from units.services import role_assign, unit_create

BENCH_UNIT = "benchmark-campaigns"
BENCH_USER = "benchmark-campaigns-secretariat"
BATCH = 5_000
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đinh", "Hồ"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Ngọc", "Đức", "Hữu", "Thùy"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Hà", "Hòa", "Lành", "Nga", "Quý", "Trâm", "Xuân"]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[int(fraction * (len(ordered) - 1))]


class Command(BaseCommand):
    help = "Time the public exemplar gallery and the registration completion page."

    def add_arguments(self, parser):
        parser.add_argument("--exemplars", type=int, default=100_000)
        parser.add_argument("--units", type=int, default=0, help="extra benchmark communes")
        parser.add_argument("--repeat", type=int, default=10)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--drop", action="store_true", help="remove the benchmark data")

    def handle(self, *args, exemplars, units, repeat, seed, drop, **options):
        if drop:
            self._drop()
            return
        if exemplars < 0 or units < 0 or repeat < 1:
            raise CommandError("--exemplars, --units and --repeat must be positive.")
        rng = random.Random(seed)
        started = time.perf_counter()
        root = self._fill(exemplars, units, rng)
        self.stdout.write(f"filled in {time.perf_counter() - started:.1f} s")
        user = User.objects.filter(username=BENCH_USER).first()
        if user is None:
            user = User.objects.create(username=BENCH_USER)
            role_assign(user=user, role=Role.SECRETARIAT, actor=None)
        owns_environment = not hasattr(mail_module, "outbox")
        if owns_environment:
            setup_test_environment()
        try:
            self.stdout.write(
                f"database: {connection.vendor}; exemplars: {Exemplar.objects.count():,}; "
                f"units: {Unit.objects.filter(is_active=True).count():,}; "
                f"registrations: {Registration.objects.count():,}"
            )
            anonymous = Client(HTTP_HOST="127.0.0.1")
            secretariat = Client(HTTP_HOST="127.0.0.1")
            secretariat.force_login(user)
            gallery = reverse("campaigns:gallery")
            scenarios = [
                ("gallery", anonymous, gallery, {}),
                ("search", anonymous, gallery, {"q": "dang thuy"}),
                ("search rare", anonymous, gallery, {"q": "ho xuan"}),
                ("field", anonymous, gallery, {"field": "health"}),
                ("completion", secretariat, reverse("campaigns:completion"), {}),
            ]
            for label, client, url, params in scenarios:
                times, queries = self._measure(client, url, params, repeat)
                self.stdout.write(
                    f"{label:11s} median {statistics.median(times):7.1f} ms  "
                    f"p95 {_percentile(times, 0.95):7.1f} ms  queries {queries:2d}"
                )
        finally:
            if owns_environment:
                teardown_test_environment()
        del root

    def _measure(self, client, url, params, repeat):
        client.get(url, params)
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as context:
                start = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}.")
        return times, len(context.captured_queries)

    def _fill(self, exemplars: int, units: int, rng: random.Random) -> Unit:
        root = Unit.objects.filter(code=BENCH_UNIT).first()
        if root is None:
            root = unit_create(actor=None, name="Xã đo hiệu năng", code=BENCH_UNIT, kind="commune")
        creator = User.objects.order_by("pk").first() or User.objects.create(username=BENCH_USER)
        have = Exemplar.objects.filter(unit=root).count()
        fields = list(ExemplarField.values)
        now = timezone.now()
        while have < exemplars:
            batch = []
            for _ in range(min(BATCH, exemplars - have)):
                name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                batch.append(
                    Exemplar(
                        subject_kind="person",
                        name=name,
                        unit=root,
                        commune=root,
                        field=rng.choice(fields),
                        summary=f"{name} là tấm gương điển hình trong lao động, sản xuất.",
                        consent_given=True,
                        consent_on=now.date(),
                        consent_notice_version="bench",
                        stage="spread",
                        is_published=True,
                        published_at=now,
                        created_by=creator,
                    )
                )
            with transaction.atomic():
                Exemplar.objects.bulk_create(batch)
            have += len(batch)
        made = Unit.objects.filter(code__startswith=f"{BENCH_UNIT}-u").count()
        year = timezone.localdate().year
        for i in range(made, units):
            unit = unit_create(
                actor=None,
                name=f"Xã đo hiệu năng {i}",
                code=f"{BENCH_UNIT}-u{i}",
                kind="commune",
                parent=root,
                is_mountainous=rng.random() < 0.3,
            )
            if rng.random() < 0.7:
                Registration.objects.create(
                    unit=unit,
                    year=year,
                    created_by=creator,
                    state=rng.choice(["draft", "submitted", "accepted", "returned"]),
                )
        return root

    def _drop(self) -> None:
        root = Unit.objects.filter(code=BENCH_UNIT).first()
        with transaction.atomic():
            Exemplar.objects.filter(unit__code__startswith=BENCH_UNIT).delete()
            Registration.objects.filter(unit__code__startswith=BENCH_UNIT).delete()
            Exemplar.history.filter(
                unit_id__in=Unit.objects.filter(code__startswith=BENCH_UNIT).values("pk")
            ).delete()
            User.objects.filter(username=BENCH_USER).delete()
        self.stdout.write(f"dropped the benchmark data (units kept: {root is not None})")
