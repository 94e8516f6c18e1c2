"""Measure the dossier list and the secretariat's appraisal queue with many dossiers.

    manage.py benchmark_nominations --dossiers 20000 [--samples 100] [--seed 2026]
    manage.py benchmark_nominations --drop

Fills a dedicated benchmark unit with synthetic dossiers (kept between runs; removed with
--drop), each with two nominees, spread over every state; then requests the unit's and the
secretariat's dossier list and the appraisal queue through the full middleware stack
``--samples`` times each (at least 100 by default; ``--repeat`` is its former name), each
sample a page drawn among the first twenty from the generator seeded with ``--seed``.
Reports the median and the 95th percentile (``units.benchmarking``), the queries and the
rows found. Timings belong here, never in tests; the tests assert the query counts.
"""

import time
from datetime import date, timedelta

from django.core import mail as mail_module
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import setup_test_environment, teardown_test_environment
from django.urls import reverse

from awards.models import Award, CommendationKind
from nominations.models import Dossier, DossierState, Nominee
from units.benchmarking import (
    MIN_SAMPLES,
    add_samples_argument,
    add_seed_argument,
    measure,
    samples_note,
    seeded,
)
from units.models import Gender, Person, Role, Unit, User
from units.services import person_create, role_assign, unit_create

BENCH_UNIT = "benchmark-nominations"
BENCH_UNIT_NAME = "Đơn vị đo hiệu năng hồ sơ"
BENCH_USERS = {
    "benchmark-nominations-secretariat": (Role.SECRETARIAT, False),
    "benchmark-nominations-staff": (Role.UNIT_STAFF, True),
}
BATCH = 2_000


class Command(BaseCommand):
    help = "Time the dossier list and the appraisal queue with N dossiers."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=20_000)
        add_samples_argument(parser, MIN_SAMPLES)
        add_seed_argument(parser)
        parser.add_argument("--drop", action="store_true", help="remove the benchmark data")

    def handle(self, *args, dossiers: int, samples: int, seed: int, drop: bool, **options):
        if drop:
            self._drop()
            return
        if dossiers < 1:
            raise CommandError("--dossiers must be positive.")
        note = samples_note(samples, MIN_SAMPLES)
        started = time.perf_counter()
        unit, added = self._fill(dossiers, seed)
        if added:
            self.stdout.write(f"added {added:,} dossiers in {time.perf_counter() - started:.1f} s")
        users = {
            name: self._user(name, role, unit if scoped else None)
            for name, (role, scoped) in BENCH_USERS.items()
        }
        owns_environment = not hasattr(mail_module, "outbox")
        if owns_environment:
            setup_test_environment()
        try:
            self.stdout.write(
                f"database: {connection.vendor}; dossiers: {Dossier.objects.count():,}; "
                f"samples: {samples}; seed: {seed}"
            )
            if note:
                self.stdout.write(self.style.WARNING(note))
            rng = seeded(seed)
            scenarios = [
                ("unit list", users["benchmark-nominations-staff"], "nominations:dossier_list", {}),
                (
                    "secr. list",
                    users["benchmark-nominations-secretariat"],
                    "nominations:dossier_list",
                    {},
                ),
                (
                    "queue",
                    users["benchmark-nominations-secretariat"],
                    "nominations:appraisal_queue",
                    {},
                ),
                (
                    "queue late",
                    users["benchmark-nominations-secretariat"],
                    "nominations:appraisal_queue",
                    {"overdue": "on"},
                ),
            ]
            for label, user, name, params in scenarios:
                client = Client(HTTP_HOST="127.0.0.1")
                client.force_login(user)
                sample = self._measure(client, reverse(name), params, samples, rng)
                self.stdout.write(
                    f"{label:11s} {sample.summary()}  queries {sample.queries_text()}  "
                    f"found {sample.last.context['page'].paginator.count:>7,}"
                )
        finally:
            if owns_environment:
                teardown_test_environment()

    def _measure(self, client: Client, url: str, params: dict, samples: int, rng):
        """Each sample a page drawn among the first twenty (the list answers its last page
        for a number beyond it)."""
        try:
            return measure(
                lambda: client.get(url, {**params, "page": rng.randint(1, 20)}),
                samples=samples,
                check=lambda response: response.status_code == 200,
            )
        except ValueError as error:
            raise CommandError(f"{url}: {error}") from error

    def _user(self, username: str, role: str, unit: Unit | None) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, full_name=username)
            role_assign(user=user, role=role, actor=None, unit=unit)
        return user

    def _fill(self, wanted: int, seed: int) -> tuple[Unit, int]:
        with transaction.atomic():
            unit = Unit.objects.filter(code=BENCH_UNIT).first() or unit_create(
                actor=None, name=BENCH_UNIT_NAME, code=BENCH_UNIT, kind="public_service"
            )
            people = list(Person.objects.filter(unit=unit)[:50])
            for i in range(len(people), 50):
                people.append(
                    person_create(
                        actor=None,
                        full_name=f"Người Đo Hiệu Năng {i}",
                        gender=Gender.MALE,
                        unit=unit,
                    )
                )
        have = Dossier.objects.filter(unit=unit).count()
        if have >= wanted:
            return unit, 0
        creator = User.objects.filter(is_superuser=True).first() or self._user(
            "benchmark-nominations-staff", Role.UNIT_STAFF, unit
        )
        award = Award.objects.get(code="BK_TINH")
        rng = seeded(f"{seed}:dossiers:{have}")
        states = [s for s, _label in DossierState.choices]
        today = date.today()
        for start in range(have, wanted, BATCH):
            size = min(BATCH, wanted - start)
            with transaction.atomic():
                rows = []
                for i in range(start, start + size):
                    received = today - timedelta(days=rng.randint(0, 60))
                    rows.append(
                        Dossier(
                            unit=unit,
                            year=2026,
                            kind=CommendationKind.MERIT,
                            title=f"Tờ trình đề nghị khen thưởng số {i + 1}",
                            state=rng.choice(states),
                            created_by=creator,
                            round=1,
                            received_on=received,
                            appraisal_due_on=received + timedelta(days=28),
                        )
                    )
                created = Dossier.objects.bulk_create(rows)
                Nominee.objects.bulk_create(
                    Nominee(
                        dossier=d,
                        person=person,
                        award=award,
                        display_name="Người Đo Hiệu Năng",
                        sort_order=k,
                    )
                    for d in created
                    for k, person in enumerate(rng.sample(people, 2))
                )
        return unit, wanted - have

    def _drop(self) -> None:
        unit = Unit.objects.filter(code=BENCH_UNIT).first()
        if unit is None:
            self.stdout.write("nothing to drop")
            return
        with transaction.atomic():
            deleted, _detail = Dossier.objects.filter(unit=unit).delete()
        self.stdout.write(f"deleted {deleted:,} rows (the benchmark unit and users are kept)")
