"""Measure the people list and its accent-insensitive search on a large registry.

    manage.py benchmark_people --people 100000 [--repeat 20] [--query "nguyen van an"]

Fills a dedicated benchmark unit with synthetic people up to --people (kept between runs,
removed with --drop), then requests the secretariat's person list through the full
middleware stack and reports the median and 95th-percentile time and the number of
queries. On PostgreSQL it also prints the plan of the search query. Timings belong here,
never in tests; the tests assert the query count.
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

from units import selectors
from units.demo import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES
from units.models import Gender, Person, Role, Unit, User
from units.services import role_assign, unit_create

BENCH_UNIT = "benchmark-people"
BENCH_USER = "benchmark-secretariat"


class Command(BaseCommand):
    help = "Time the person list and its search on a registry of N people."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--query", default="nguyen van an")
        parser.add_argument("--drop", action="store_true", help="remove the benchmark data")

    def handle(self, *args, people: int, repeat: int, query: str, drop: bool, **options):
        if people < 1 or repeat < 1:
            raise CommandError("--people and --repeat must be positive.")
        if drop:
            self._drop()
            return
        unit = self._fill(people)
        user = self._user()
        # Record response.context as the test runner does (already on under pytest).
        owns_environment = not hasattr(mail_module, "outbox")
        if owns_environment:
            setup_test_environment()
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        total = Person.objects.count()
        self.stdout.write(f"database: {connection.vendor}; people in registry: {total:,}")
        for label, params in [("list", {}), ("search", {"q": query})]:
            times, queries, shown = self._measure(client, params, repeat)
            self.stdout.write(
                f"{label:7s} median {statistics.median(times):7.1f} ms  "
                f"p95 {sorted(times)[int(0.95 * (len(times) - 1))]:7.1f} ms  "
                f"queries {queries}  rows on page {shown}"
            )
        if connection.vendor == "postgresql":
            plan = selectors.person_search(queryset=Person.objects.all(), text=query).explain(
                analyze=True
            )
            self.stdout.write("plan of the search query:\n" + plan)
        self.stdout.write(f"benchmark unit: {unit.code}")
        if owns_environment:
            teardown_test_environment()

    def _measure(self, client, params, repeat):
        url = reverse("units:person_list")
        client.get(url, params)  # warm up
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as context:
                start = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise CommandError(f"The list answered {response.status_code}.")
        return times, len(context.captured_queries), len(response.context["page"].object_list)

    @transaction.atomic
    def _fill(self, people: int) -> Unit:
        unit = Unit.objects.filter(code=BENCH_UNIT).first() or unit_create(
            actor=None, name="Đơn vị đo hiệu năng", code=BENCH_UNIT, kind="public_service"
        )
        have = Person.objects.filter(unit=unit).count()
        rng = random.Random(people)
        batch = []
        for _ in range(have, people):
            gender = rng.choice([Gender.MALE, Gender.FEMALE])
            name = " ".join(
                [
                    rng.choice(FAMILY_NAMES),
                    rng.choice(MIDDLE_NAMES[gender]),
                    rng.choice(GIVEN_NAMES[gender]),
                ]
            )
            batch.append(
                Person(
                    full_name=name,
                    gender=gender,
                    birth_year=rng.randint(1960, 2002),
                    unit=unit,
                    position="Chuyên viên",
                )
            )
            if len(batch) == 5000:
                Person.objects.bulk_create(batch)
                batch = []
        Person.objects.bulk_create(batch)
        return unit

    def _user(self) -> User:
        user = User.objects.filter(username=BENCH_USER).first()
        if user is None:
            user = User.objects.create(username=BENCH_USER, full_name="Đo hiệu năng")
            role_assign(user=user, role=Role.SECRETARIAT, actor=None)
        return user

    @transaction.atomic
    def _drop(self) -> None:
        Person.objects.filter(unit__code=BENCH_UNIT).delete()
        User.objects.filter(username=BENCH_USER).delete()
        Unit.objects.filter(code=BENCH_UNIT).delete()
        self.stdout.write("benchmark data removed")
