"""Measure the people list and its accent-insensitive search on a large registry.

    manage.py benchmark_people --people 100000 [--samples 100] [--seed 2026]
                               [--query "nguyen van an"]

Fills a dedicated benchmark unit with synthetic people up to --people (kept between runs,
removed with --drop), then requests the secretariat's person list through the full
middleware stack ``--samples`` times (at least 100 by default; ``--repeat`` is its former
name). Each sample draws its own request from the generator seeded with ``--seed``: a page
of the list among the first twenty, a search term among common names (or ``--query`` for
every search). Reports the median and the 95th percentile (``units.benchmarking``) and the
queries per request. On PostgreSQL it also prints the plan of a search query. Timings
belong here, never in tests; the tests assert the query count.
"""

from django.core import mail as mail_module
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import setup_test_environment, teardown_test_environment
from django.urls import reverse

from units import selectors
from units.benchmarking import (
    MIN_SAMPLES,
    add_samples_argument,
    add_seed_argument,
    measure,
    samples_note,
    seeded,
)
from units.demo import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES
from units.models import Gender, Person, Role, Unit, User
from units.search import normalize
from units.services import role_assign, unit_create

BENCH_UNIT = "benchmark-people"
BENCH_USER = "benchmark-secretariat"


class Command(BaseCommand):
    help = "Time the person list and its search on a registry of N people."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        add_samples_argument(parser, MIN_SAMPLES)
        add_seed_argument(parser)
        parser.add_argument("--query", default="", help="one search term for every sample")
        parser.add_argument("--drop", action="store_true", help="remove the benchmark data")

    def handle(
        self, *args, people: int, samples: int, seed: int, query: str, drop: bool, **options
    ):
        if drop:
            self._drop()
            return
        if people < 1:
            raise CommandError("--people must be positive.")
        note = samples_note(samples, MIN_SAMPLES)
        unit = self._fill(people, seed)
        user = self._user()
        # Record response.context as the test runner does (already on under pytest).
        owns_environment = not hasattr(mail_module, "outbox")
        if owns_environment:
            setup_test_environment()
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        total = Person.objects.count()
        self.stdout.write(f"database: {connection.vendor}; people in registry: {total:,}")
        self.stdout.write(f"samples: {samples}; seed: {seed}")
        if note:
            self.stdout.write(self.style.WARNING(note))
        rng = seeded(seed)
        terms = [query] if query else self._terms(rng)
        scenarios = [
            ("list", {}, lambda: {"page": rng.randint(1, 20)}),
            ("search", {"q": terms[0]}, lambda: {"q": rng.choice(terms)}),
        ]
        try:
            for label, first, params in scenarios:
                sample, shown = self._measure(client, first, params, samples)
                self.stdout.write(
                    f"{label:7s} {sample.summary()}  queries {sample.queries_text()}  "
                    f"rows on page {shown}"
                )
        finally:
            if owns_environment:
                teardown_test_environment()
        if connection.vendor == "postgresql":
            plan = selectors.person_search(queryset=Person.objects.all(), text=terms[0]).explain(
                analyze=True
            )
            self.stdout.write(f"plan of the search query ({terms[0]!r}):\n" + plan)
        self.stdout.write(f"benchmark unit: {unit.code}")

    @staticmethod
    def _terms(rng) -> list[str]:
        """Twelve names as people type them: without accents, full or in part."""
        terms = []
        for _ in range(12):
            gender = rng.choice([Gender.MALE, Gender.FEMALE])
            parts = [
                rng.choice(FAMILY_NAMES),
                rng.choice(MIDDLE_NAMES[gender]),
                rng.choice(GIVEN_NAMES[gender]),
            ]
            terms.append(normalize(" ".join(parts[rng.randint(0, 2) :])))
        return terms

    def _measure(self, client, first, params, samples):
        """The sample of the list's requests and the most rows a page showed (the first
        page, requested unmeasured with ``first`` to warm up, among them)."""
        url = reverse("units:person_list")
        shown = []

        def ok(response) -> bool:
            if response.status_code != 200:
                return False
            shown.append(len(response.context["page"].object_list))
            return True

        try:
            if not ok(client.get(url, first)):
                raise ValueError("the first page did not answer 200")
            sample = measure(lambda: client.get(url, params()), samples=samples, warmup=0, check=ok)
        except ValueError as error:
            raise CommandError(f"The list failed: {error}") from error
        return sample, max(shown)

    @transaction.atomic
    def _fill(self, people: int, seed: int) -> Unit:
        unit = Unit.objects.filter(code=BENCH_UNIT).first() or unit_create(
            actor=None, name="Đơn vị đo hiệu năng", code=BENCH_UNIT, kind="public_service"
        )
        have = Person.objects.filter(unit=unit).count()
        rng = seeded(f"{seed}:people:{have}")
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
