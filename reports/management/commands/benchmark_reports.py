"""Time and memory of the reports' heavy paths (issue 12), on the database configured.

    python manage.py benchmark_reports [--certificates 300] [--samples 1] [--seed 2026]
                                       [--figures-year 2025] [--figures-samples 10]

Certificates: a decision of N recipients (names drawn from the generator seeded with
``--seed``; made inside a transaction that is rolled back, so the database is left as it
was) printed through the report job pipeline exactly as the worker runs it
(``report_run``), ``--samples`` times (``--repeat`` is its former name): seconds, pages,
the process's peak resident memory and the peak of Python allocations (tracemalloc) while
the job ran. The PDF file the job wrote is deleted afterwards.

The annual report's figures: every figure of the annual periodic report for
``--figures-year`` (with the previous year's, as the report freezes them at issue) computed
``--figures-samples`` times over the archive as it is (run it after ``seed_province``):
median and 95th percentile seconds (``units.benchmarking``), queries and the process's
peak memory. Both are heavy (a 300-page PDF; a million grants) and keep few samples by
default: below 20 samples the maximum is printed instead of a 95th percentile, named so.
"""

import datetime
import resource
import time
import tracemalloc
from io import BytesIO

import pikepdf
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from awards.models import Award, AwardGrant, CommendationKind, Decision
from reports.kinds_certificates import CHUNK
from reports.models import CertificatePrint, ReportJob, ReportStatus
from reports.services import report_run
from units.benchmarking import (
    Sample,
    add_samples_argument,
    add_seed_argument,
    measure,
    samples_note,
    seeded,
)
from units.demo import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES
from units.models import Person, Role, RoleAssignment, Unit, UnitKind, User

FIGURES_SAMPLES = 10  # each computes the figures over the whole archive


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure the 300-page certificate PDF (seconds, memory peak) through a report job."

    def add_arguments(self, parser):
        parser.add_argument("--certificates", type=int, default=300)
        add_samples_argument(parser, 1, description="runs of the certificate job")
        parser.add_argument(
            "--figures-year", type=int, default=0, help="time the annual report's figures"
        )
        add_samples_argument(
            parser,
            FIGURES_SAMPLES,
            option="--figures-samples",
            alias=None,
            description="computations of the figures",
        )
        add_seed_argument(parser)
        parser.add_argument(
            "--trace-python",
            action="store_true",
            help="also measure the peak of Python allocations (tracemalloc slows the run)",
        )

    def handle(self, *args, **options):
        n = options["certificates"]
        if not 1 <= n <= 5000:
            raise CommandError("--certificates must be between 1 and 5000.")
        samples = options["samples"]
        samples_note(samples, 1)
        if options["figures_year"]:
            figures_samples = options["figures_samples"]
            note = samples_note(figures_samples, FIGURES_SAMPLES, "--figures-samples")
            if note:
                self.stdout.write(self.style.WARNING(note))
            self._figures(options["figures_year"], figures_samples)
        rng = seeded(options["seed"])
        seconds = Sample()
        for run in range(1, samples + 1):
            result = self._certificates(n, rng, trace=options["trace_python"])
            seconds.times_ms.append(result["seconds"] * 1000)
            self.stdout.write(
                f"certificates run {run}: {result['pages']} pages in {result['seconds']:.1f} s "
                f"({result['pages'] / result['seconds']:.1f} pages/s); peak RSS "
                f"{result['rss_peak']:.0f} MB (+{result['rss_growth']:.0f} MB during the job); "
                + (
                    f"Python allocations peak {result['py_peak']:.0f} MB; "
                    if result["py_peak"] is not None
                    else ""
                )
                + f"PDF {result['bytes'] / 1e6:.1f} MB; progress steps {result['steps']}"
            )
        if samples > 1:
            self.stdout.write(
                f"certificates over {samples} runs (seed {options['seed']}): "
                f"{seconds.summary('s', 1)}"
            )

    def _figures(self, year: int, samples: int) -> None:

        from reports.models import PeriodKind
        from reports.periodic_figures import Period, report_figures

        period = Period(PeriodKind.YEAR, year)
        sample = measure(lambda: report_figures(period), samples=samples, warmup=0)
        grants = AwardGrant.objects.count()
        self.stdout.write(
            f"annual report figures {year} over {grants:,} grants: {sample.summary('s', 2)}; "
            f"{sample.queries_text()} queries; peak RSS {_rss_mb():.0f} MB"
        )

    def _certificates(self, n: int, rng, *, trace: bool = False) -> dict:
        result: dict = {}
        try:
            with transaction.atomic():
                job = self._job(n, rng)
                rss_before = _rss_mb()
                if trace:
                    tracemalloc.start()
                started = time.perf_counter()
                done = report_run(job_id=job.pk)
                seconds = time.perf_counter() - started
                py_peak = None
                if trace:
                    py_peak = tracemalloc.get_traced_memory()[1] / 1e6
                    tracemalloc.stop()
                if done.status != ReportStatus.DONE:
                    raise CommandError(f"The job failed: {done.error}")
                data = done.file.read()
                done.file.delete(save=False)
                with pikepdf.open(BytesIO(data)) as pdf:
                    pages = len(pdf.pages)
                result = {
                    "pages": pages,
                    "seconds": seconds,
                    "rss_peak": _rss_mb(),
                    "rss_growth": _rss_mb() - rss_before,
                    "py_peak": py_peak,
                    "bytes": len(data),
                    "steps": -(-n // CHUNK) + 1,
                }
                raise _Rollback
        except _Rollback:
            pass
        return result

    def _job(self, n: int, rng) -> ReportJob:
        """A decision of ``n`` recipients, its printing and the queued job (rolled back);
        the recipients' names drawn from ``rng`` (their lengths shape the pages)."""
        root = Unit.objects.filter(kind=UnitKind.PEOPLES_COMMITTEE).order_by("depth").first()
        unit = root or Unit.objects.order_by("depth", "pk").first()
        if unit is None:  # an empty database: a province of one unit (rolled back)
            from units.services import unit_create

            unit = unit_create(
                actor=None,
                name="Ủy ban nhân dân tỉnh Quảng Ngãi",
                code="benchmark-ubnd",
                kind=UnitKind.PEOPLES_COMMITTEE,
            )
        user = User.objects.create(username="benchmark-certificates", full_name="Benchmark")
        RoleAssignment.objects.create(user=user, role=Role.SECRETARIAT)
        decision = Decision.objects.create(
            number="9999/QĐ-UBND",
            issued_on=datetime.date(2026, 5, 20),
            issuer=unit,
            signer_name="Nguyễn Hoàng Nam",
            signer_position=f"Chủ tịch {unit.name}",
            authority="provincial_chairman",
            kind=CommendationKind.MERIT,
        )
        award = Award.objects.get(code="BK_TINH")
        people = Person.objects.bulk_create(
            [
                Person(
                    full_name=" ".join(
                        [
                            rng.choice(FAMILY_NAMES),
                            rng.choice(MIDDLE_NAMES[gender]),
                            rng.choice(GIVEN_NAMES[gender]),
                        ]
                    ),
                    gender=gender,
                    birth_year=rng.randint(1965, 2000),
                    unit=unit,
                )
                for gender in (rng.choice(["male", "female"]) for _ in range(n))
            ]
        )
        AwardGrant.objects.bulk_create(
            [
                AwardGrant(
                    award=award,
                    person=p,
                    recipient_name=p.full_name,
                    recipient_unit_name=unit.name,
                    unit_scope=unit,
                    year=2025,
                    kind=CommendationKind.MERIT,
                    decision=decision,
                )
                for p in people
            ]
        )
        printing = CertificatePrint.objects.create(decision=decision, printed_by=user)
        printing.grants.set(decision.grants.all())
        job = ReportJob.objects.create(
            kind="certificates", format="pdf", params={"object": printing.pk}, requested_by=user
        )
        printing.job = job
        printing.save(update_fields=["job"])
        return job
