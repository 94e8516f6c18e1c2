"""Measure the public gallery over many exemplars and the registration completion page
over every unit of the province.

    manage.py benchmark_campaigns [--exemplars 100000] [--units 300] [--samples 100]
                                  [--seed 7] [--explain]
    manage.py benchmark_campaigns --drop

Fills benchmark communes (``--units``, under one benchmark unit) with synthetic published,
consented exemplars spread over those communes, five benchmark movements, every field and
four years of publication dates, and most communes with a registration; every draw comes
from one generator seeded with ``--seed``, so two runs build the same data and ask the same
requests. The data is kept between runs (``--drop`` removes it).

Then it requests each page ``--samples`` times (at least 100) through the full middleware
stack, anonymously for the gallery and as the secretariat for the completion page. Each
sample draws its own request (a page of the first fifty, a search term, a field, a commune,
a movement), so the figures are not one cached plan replayed. The gallery is measured with
its page cache off (every request reads the database) and on (TDKT_GALLERY_CACHE_SECONDS).
It prints the median (p50) and the 95th percentile of the samples (``units.benchmarking``),
the queries per request (lowest and highest) and, with --explain on PostgreSQL, the plan of
the gallery's queries. Timings belong here, never in tests; the tests assert the queries.
"""

import random
import time
from datetime import date, timedelta

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Exemplar, ExemplarField, Movement, Registration
from campaigns.selectors import gallery_page, public_exemplar_search
from campaigns.views.exemplars import PUBLIC_FIELDS
from units.benchmarking import MIN_SAMPLES, Sample, add_seed_argument, measure, seeded
from units.models import Role, Unit, User
from units.services import role_assign, unit_create

BENCH_UNIT = "benchmark-campaigns"
BENCH_USER = "benchmark-campaigns-secretariat"
BENCH_CREATOR = "benchmark-campaigns-creator"
BATCH = 5_000
MOVEMENTS = 5
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đinh", "Hồ"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Ngọc", "Đức", "Hữu", "Thùy"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Hà", "Hòa", "Lành", "Nga", "Quý", "Trâm", "Xuân"]
SEARCHES = ["dang thuy", "ho xuan", "nguyen van an", "tram", "le minh", "vo ngoc lanh"]


class Command(BaseCommand):
    help = "Time the public exemplar gallery and the registration completion page."

    def add_arguments(self, parser):
        parser.add_argument("--exemplars", type=int, default=100_000)
        parser.add_argument("--units", type=int, default=300, help="benchmark communes")
        parser.add_argument("--samples", type=int, default=MIN_SAMPLES)
        add_seed_argument(parser, 7)
        parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE (PostgreSQL)")
        parser.add_argument("--drop", action="store_true", help="remove the benchmark data")

    def handle(self, *args, exemplars, units, samples, seed, explain, drop, **options):
        if drop:
            self._drop()
            return
        if exemplars < 0 or units < 1:
            raise CommandError("--exemplars must be positive and --units at least 1.")
        if samples < MIN_SAMPLES:
            raise CommandError(f"--samples must be at least {MIN_SAMPLES}.")
        rng = seeded(seed)
        started = time.perf_counter()
        communes, movements = self._fill(exemplars, units, rng)
        self.stdout.write(f"filled in {time.perf_counter() - started:.1f} s")
        user, _created = User.objects.get_or_create(username=BENCH_USER)
        if not user.roles.filter(role=Role.SECRETARIAT).exists():
            role_assign(user=user, role=Role.SECRETARIAT, actor=None)
        # No setup_test_environment(): it would time Django's template instrumentation
        # (every template rendered is recorded for the test client) instead of the page.
        try:
            self.stdout.write(
                f"database: {connection.vendor}; exemplars: {Exemplar.objects.count():,} "
                f"(public over {len(communes)} benchmark communes, {len(movements)} movements); "
                f"units: {Unit.objects.filter(is_active=True).count():,}; "
                f"registrations: {Registration.objects.count():,}; samples per page: {samples}; "
                f"seed: {seed}"
            )
            if explain:
                self._explain(communes, movements)
            self._run(user, communes, movements, samples, rng)
        finally:
            cache.clear()

    # --- Measuring --------------------------------------------------------------------

    def _scenarios(self, communes, movements, rng):
        fields = list(ExemplarField.values)
        return [
            ("gallery", lambda: {"page": str(rng.randint(1, 50))}),
            ("search", lambda: {"q": rng.choice(SEARCHES)}),
            ("field", lambda: {"field": rng.choice(fields)}),
            ("commune", lambda: {"commune": str(rng.choice(communes))}),
            ("movement", lambda: {"movement": str(rng.choice(movements))}),
        ]

    def _run(self, user, communes, movements, samples, rng):
        anonymous = Client(HTTP_HOST="127.0.0.1")
        secretariat = Client(HTTP_HOST="127.0.0.1")
        secretariat.force_login(user)
        gallery = reverse("campaigns:gallery")
        self.stdout.write(Sample.header(22))
        for seconds, label in ((0, "no cache"), (300, "cached")):
            with override_settings(TDKT_GALLERY_CACHE_SECONDS=seconds):
                cache.clear()
                for name, params in self._scenarios(communes, movements, rng):
                    self._report(f"{name} ({label})", anonymous, gallery, params, samples)
        self._report(
            "completion",
            secretariat,
            reverse("campaigns:completion"),
            lambda: {},
            samples,
        )

    def _report(self, label, client, url, params, samples):
        client.get(url, params())  # warm up the connection and the templates
        try:
            sample = measure(
                lambda: client.get(url, params()),
                samples=samples,
                warmup=0,
                check=lambda response: response.status_code == 200,
            )
        except ValueError as error:
            raise CommandError(f"{url}: {error}") from error
        self.stdout.write(sample.row(label, 22))

    def _explain(self, communes, movements):
        if connection.vendor != "postgresql":
            self.stdout.write("EXPLAIN needs PostgreSQL.")
            return
        cases = [
            ("gallery page 1", {}),
            ("field", {"field": "health"}),
            ("commune", {"commune": communes[0]}),
            ("movement", {"movement": movements[0]}),
            ("search", {"q": "dang thuy"}),
        ]
        for label, filters in cases:
            page = public_exemplar_search(filters=filters).only(*PUBLIC_FIELDS)[:26]
            sql, sql_params = page.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS OFF) {sql}", sql_params)
                plan = [row[0] for row in cursor.fetchall()]
            self.stdout.write(f"--- {label}")
            for line in plan:
                self.stdout.write(f"    {line}")
        gallery_page(filters={}, number=1, size=25, fields=PUBLIC_FIELDS)

    # --- The data --------------------------------------------------------------------

    def _fill(self, exemplars: int, units: int, rng: random.Random):
        root = Unit.objects.filter(code=BENCH_UNIT).first()
        if root is None:
            root = unit_create(actor=None, name="Cụm đo hiệu năng", code=BENCH_UNIT, kind="commune")
        creator = User.objects.order_by("pk").first() or User.objects.create(username=BENCH_CREATOR)
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
        communes = list(
            Unit.objects.filter(code__startswith=f"{BENCH_UNIT}-u")
            .order_by("code")
            .values_list("pk", flat=True)[:units]
        )
        movements = []
        for i in range(MOVEMENTS):
            movement, _created = Movement.objects.get_or_create(
                code=f"{BENCH_UNIT}-m{i}",
                defaults={
                    "name": f"Phong trào đo hiệu năng {i}",
                    "kind": "thematic",
                    "scope": "province",
                    "launch_level": "council",
                    "launching_unit": root,
                    "start_date": date(year - 2, 1, 1),
                    "end_date": date(year + 2, 12, 31),
                    "state": "in_progress",
                    "created_by": creator,
                },
            )
            movements.append(movement.pk)
        have = Exemplar.objects.filter(unit__code__startswith=BENCH_UNIT).count()
        fields = list(ExemplarField.values)
        now = timezone.now()
        while have < exemplars:
            batch = []
            for _ in range(min(BATCH, exemplars - have)):
                name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                commune = rng.choice(communes)
                batch.append(
                    Exemplar(
                        subject_kind="person",
                        name=name,
                        unit_id=commune,
                        commune_id=commune,
                        movement_id=rng.choice(movements),
                        field=rng.choice(fields),
                        summary=f"{name} là tấm gương điển hình trong lao động, sản xuất.",
                        consent_given=True,
                        consent_on=now.date(),
                        consent_notice_version="bench",
                        stage="spread",
                        is_published=True,
                        published_at=now - timedelta(seconds=rng.randint(0, 4 * 365 * 86400)),
                        created_by=creator,
                    )
                )
            with transaction.atomic():
                Exemplar.objects.bulk_create(batch)
            have += len(batch)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE campaigns_exemplar")
        return communes, movements

    def _drop(self) -> None:
        bench = Unit.objects.filter(code__startswith=BENCH_UNIT).values("pk")
        with transaction.atomic():
            Exemplar.objects.filter(unit__in=bench).delete()
            Exemplar.history.filter(unit_id__in=bench).delete()
            Registration.objects.filter(unit__in=bench).delete()
            Movement.objects.filter(code__startswith=BENCH_UNIT).delete()
            User.objects.filter(username=BENCH_USER).delete()
        self.stdout.write("dropped the benchmark data (the benchmark units are kept)")
