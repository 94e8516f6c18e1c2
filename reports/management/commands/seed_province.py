"""Build a province-scale data set on top of the demo, for benchmarks and drills.

    manage.py seed_province [--seed 2026] [--people 200000] [--grants 1000000]
                            [--dossiers 20000] [--archive-years 10]

PostgreSQL only. Deterministic: each step draws from its own ``random.Random`` seeded from
``--seed`` and the step's name, so the same seed gives the same province, and a run that
stopped half-way resumes where the data ends (each step tops its table up to its target).
Prints each step's time and, at the end, the total time and the peak memory of the process.
"""

from __future__ import annotations

import random
import resource
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from tqdm import tqdm

from awards.scale import add_archive
from campaigns.scale import add_registrations
from clusters.scale import fill_rounds, join_clusters
from nominations.scale import add_dossiers
from units.models import Role, User
from units.scale import add_people, ensure_commune_units, require_postgresql

# The steps that stream rows with PostgreSQL's COPY; the others run anywhere (``make run``
# adds every commune-level unit to the SQLite demo with ``--steps units``).
COPY_STEPS = ("people", "archive", "dossiers")
STEPS = ("demo", "units", "people", "archive", "dossiers", "registrations", "clusters")
DEMO_COMMANDS = (
    ("seed_demo", ["--if-empty"]),
    ("seed_demo_campaigns", []),
    ("seed_demo_nominations", []),
    ("seed_demo_clusters", []),
)


class Command(BaseCommand):
    help = "Build a province-scale data set (PostgreSQL) for benchmarks and drills."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--people", type=int, default=200_000)
        parser.add_argument("--grants", type=int, default=1_000_000)
        parser.add_argument("--dossiers", type=int, default=20_000)
        parser.add_argument("--archive-years", type=int, default=10)
        parser.add_argument("--no-progress", action="store_true", help="no progress bars")
        parser.add_argument(
            "--steps",
            default=",".join(STEPS),
            help=f"comma-separated steps to run, in this order: {','.join(STEPS)}",
        )

    def handle(self, *args, **options):
        # Invented people and units: their notifications stay in memory, never in a mailbox.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._handle(**options)

    def _handle(self, **options):
        steps = [s.strip() for s in options["steps"].split(",") if s.strip()]
        unknown = sorted(set(steps) - set(STEPS))
        if unknown:
            raise CommandError(
                f"Bước không có: {', '.join(unknown)}. Các bước: {', '.join(STEPS)}."
            )
        if set(steps) & set(COPY_STEPS):  # the bulk steps stream rows with COPY
            try:
                require_postgresql()
            except RuntimeError as error:
                raise CommandError(str(error)) from error
        if min(options["people"], options["grants"], options["dossiers"]) < 0:
            raise CommandError("Các số lượng phải không âm.")
        self.quiet = options["no_progress"]
        self.seed = options["seed"]
        started = time.perf_counter()
        this_year = timezone.localdate().year
        for name, arguments in DEMO_COMMANDS if "demo" in steps else ():
            self._step(f"demo: {name}", lambda n=name, a=arguments: call_command(n, *a))
        secretariat = User.objects.filter(roles__role=Role.SECRETARIAT).order_by("pk").first()
        if secretariat is None:
            raise CommandError("Không có tài khoản Văn phòng Hội đồng trong dữ liệu demo.")
        people, grants, dossiers = options["people"], options["grants"], options["dossiers"]
        plan = {
            "units": (
                "units: every commune-level unit, its offices and villages",
                lambda: len(ensure_commune_units(self._rng("units"))),
            ),
            "people": (
                "people",
                lambda: self._counted(
                    lambda bar: add_people(self._rng("people"), people, progress=bar)
                ),
            ),
            "archive": (
                "archive: decisions and grants",
                lambda: self._counted(
                    lambda bar: add_archive(
                        self._rng("archive"),
                        total=grants,
                        last_year=this_year - 1,
                        years=options["archive_years"],
                        progress=bar,
                    )
                ),
            ),
            "dossiers": (
                "dossiers, nominees and their events",
                lambda: self._counted(
                    lambda bar: add_dossiers(
                        self._rng("dossiers"), total=dossiers, last_year=this_year, progress=bar
                    )
                ),
            ),
            "registrations": (
                "registrations for the year's movements",
                lambda: add_registrations(
                    self._rng("registrations"), year=this_year, secretariat=secretariat
                ),
            ),
            "clusters": (
                "clusters: every commune in one, every sheet of every bloc",
                lambda: {
                    "joined": join_clusters(year=this_year),
                    **fill_rounds(self._rng("rounds"), year=this_year, actor=secretariat),
                },
            ),
        }
        for key, (label, work) in plan.items():
            if key in steps:
                self._step(label, work)
        self._step("ANALYZE", self._analyze)
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            self.style.SUCCESS(
                f"Xong / done in {time.perf_counter() - started:.1f} s; "
                f"peak memory of this process {peak_mib:.0f} MiB"
            )
        )

    # --- helpers ---------------------------------------------------------------------------

    def _rng(self, step: str) -> random.Random:
        return random.Random(f"{self.seed}-{step}")

    def _step(self, label: str, work):
        self.stdout.write(f"==> {label}")
        started = time.perf_counter()
        with transaction.atomic():  # a step that fails leaves nothing half-made
            result = work()
        done = "xong / done" if result is None else repr(result)
        self.stdout.write(f"    {done} in {time.perf_counter() - started:.1f} s")
        return result

    def _counted(self, work):
        with tqdm(disable=self.quiet, unit="row", file=sys.stderr) as bar:
            last = [0]

            def progress(done: int, of: int) -> None:
                bar.total = of
                bar.update(max(0, done - last[0]))
                last[0] = done

            return work(progress)

    @staticmethod
    def _analyze() -> str:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return "ok"
