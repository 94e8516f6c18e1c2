"""``make bench``: the key pages under load, as their users see them, against this
machine's own ceiling.

    manage.py bench [--port 8765] [--workers 3] [--users 8] [--duration 20] [--rounds 3]
                    [--seed 2026] [--codes 500]
                    [--pages healthz,dossiers,...]
                    [--bursts deadline,vote,consultation|all] [--burst-units 100]
                    [--burst-members 20] [--burst-opinions 1000] [--burst-seconds 120]

Serves the portal with gunicorn under the production settings (debug off, HTTPS behind one
trusted proxy, sessions in the database, cache in Redis) on 127.0.0.1 only, then drives
each page with Locust (``bench/locustfile.py``) for ``--duration`` seconds with ``--users``
concurrent users that never pause, one page at a time. The pages are taken in turn
``--rounds`` times, each round a share of the duration, so that the ceiling and every page
are measured across the same stretch of time: a shared machine's speed drifts by a fifth
within minutes, and a page measured in a slow minute against a ceiling measured in a fast
one says nothing about the page. ``/healthz/`` (one indexed query)
is the ceiling: every page is reported as requests per second and p50/p99 latency, and as
its ratio to the ceiling's, beside the issue's targets (key pages ≥ 40% of the ceiling's
throughput and p99 ≤ 3× its p99; public pages ≥ 70%). The archive search's median is also
compared with the time of its own SQL run directly (target ≤ 1.3×). The p50 and p99 are
true percentiles of every request's latency (``bench/latencies.py``).

Bursts (``--bursts``, after the pages; ``--pages ""`` for the bursts alone): the moments
when everyone acts at once, bounded by ``--burst-seconds`` each: every unit submitting
before the annual deadline, every Council member voting in the same second, a thousand
opinions on a public consultation (``reports/bench_bursts.py``). Afterwards the rows are
counted in the database; the command fails when a row is lost or any answer is a 5xx.

Logins: the bench opens the users' sessions itself (a unit's staff, the secretariat, the
chairman), so the second factor is off in this run (TDKT_OTP_REQUIRED=false); everything
else is the production configuration. PostgreSQL only, with the province-scale data
(``manage.py seed_province``).
"""

from __future__ import annotations

import csv
import json
import os
import platform
import random
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.staticfiles.finders import get_finders
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count, Max, Min
from django.test import override_settings
from django.urls import reverse

from awards.models import AwardGrant
from clusters.models import BlocMembership, ScoringRound
from nominations.models import Dossier
from reports import bench_bursts, bench_bursts_report
from reports.bench_archive import archive_medians
from reports.bench_rounds import combined, throughput
from units.demo import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES
from units.models import Gender, Role, RoleAssignment, User

ROOT = Path(settings.BASE_DIR)
LOCUSTFILE = ROOT / "bench" / "locustfile.py"
BURSTS_LOCUSTFILE = ROOT / "bench" / "bursts_locustfile.py"
PUBLIC = {"gallery", "verify", "consultation"}
SEARCHES = 5000  # more than a run sends: a kept search page must not flatter the figure
CODES = 500  # the verification page's codes; ``--codes 20000``: each visitor a new code
PAGES = ("healthz", "dossiers", "appraisal", "archive", "people", "ranking", "gallery")
PAGES += ("chairman", "verify", "consultation")


class Command(BaseCommand):
    help = "Load-test the key pages under gunicorn against the machine's ceiling (/healthz/)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument("--users", type=int, default=8)
        parser.add_argument("--duration", type=int, default=20, help="seconds per page")
        parser.add_argument(
            "--rounds", type=int, default=3, help="the pages taken in turn, this many times"
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--codes", type=int, default=CODES, help="codes of the public page")
        parser.add_argument("--pages", default=",".join(PAGES), help='"" for none')
        parser.add_argument("--bursts", default="", help=f"{','.join(bench_bursts.BURSTS)}|all")
        parser.add_argument("--burst-units", type=int, default=100)
        parser.add_argument("--burst-members", type=int, default=20)
        parser.add_argument("--burst-opinions", type=int, default=1000)
        parser.add_argument("--burst-seconds", type=int, default=120, help="bound of each burst")

    def handle(self, *args, port, workers, users, duration, rounds, seed, pages, bursts, **options):
        if options["codes"] < 1:
            raise CommandError("Cần --codes ≥ 1 (số mã xác minh của trang công khai).")
        if connection.vendor != "postgresql":
            raise CommandError("Đo tải cần PostgreSQL có dữ liệu quy mô tỉnh (seed_province).")
        wanted = [p for p in pages.split(",") if p]
        unknown = sorted(set(wanted) - set(PAGES))
        if unknown:
            raise CommandError(
                f"Trang không có: {', '.join(unknown)}. Các trang: {', '.join(PAGES)}."
            )
        if wanted and "healthz" not in wanted:
            wanted.insert(0, "healthz")
        if rounds < 1 or duration < rounds:
            raise CommandError("Cần --rounds ≥ 1 và --duration ≥ --rounds (giây mỗi lượt ≥ 1).")
        bursts = [b for b in bursts.split(",") if b]
        bursts = list(bench_bursts.BURSTS) if bursts == ["all"] else bursts
        unknown = sorted(set(bursts) - set(bench_bursts.BURSTS))
        if unknown or not (wanted or bursts):
            raise CommandError(
                f"Đợt dồn dập không có: {', '.join(unknown) or '(không trang, không đợt nào)'}. "
                f"Các đợt: {', '.join(bench_bursts.BURSTS)}, all."
            )
        secret = secrets.token_urlsafe(50)
        rng = random.Random(seed)
        plan = {"seed": seed, "pages": self._pages(rng, secret, options["codes"]) if wanted else {}}
        raw_ms = archive_medians(plan["pages"]["archive"]["variants"]) if wanted else None
        workdir = Path(tempfile.mkdtemp(prefix="tdkt-bench-"))
        plan_file = workdir / "plan.json"
        plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        started = time.perf_counter()
        server = self._serve(port, workers, secret, workdir)
        self.stderr.write(f"  gunicorn up in {time.perf_counter() - started:.0f} s")
        rows = []
        try:
            # The pages in turn, ``rounds`` times, each for its share of ``duration``: a
            # shared machine speeds up and slows down over minutes, and every page (the
            # ceiling too) is then measured across the same stretch of time.
            runs = {page: [] for page in wanted}
            for turn in range(rounds):
                for page in wanted:
                    seconds = duration // rounds + (1 if turn < duration % rounds else 0)
                    runs[page].append(
                        self._load(page, port, users, seconds, plan_file, workdir, turn)
                    )
            results = {page: combined(page_runs) for page, page_runs in runs.items()}
            for page, r in results.items():
                self.stderr.write(
                    f"  {page}: {r['rps']:.0f} req/s, {r['requests']} requests, "
                    f"{r['failures']} failures"
                )
            if bursts:
                rows = self._bursts(bursts, port, secret, rng, workdir, options)
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        if results:
            self._table(results, raw_ms, users, duration, workers, rounds)
        if bursts:
            self._bursts_table(rows, bursts, workers)

    # --- the bursts --------------------------------------------------------------------------

    def _bursts(self, bursts, port, secret, rng, workdir, options) -> list[dict]:
        sizes = {
            "units": options["burst_units"],
            "members": options["burst_members"],
            "opinions": options["burst_opinions"],
        }
        self.slots, rows = {}, []
        bench_bursts.cleanup()  # what the last run made
        try:
            for burst in bursts:
                started = time.perf_counter()
                plan = bench_bursts.prepare(
                    burst, cookie=lambda user: self._cookie(user, secret), rng=rng, **sizes
                )
                self.slots[burst] = len(plan["users"])
                plan_file = workdir / f"burst-{burst}.json"
                plan_file.write_text(
                    json.dumps({"bursts": {burst: plan}}, ensure_ascii=False), encoding="utf-8"
                )
                latencies = workdir / f"burst-{burst}.jsonl"
                prepared = time.perf_counter()
                self._locust(
                    BURSTS_LOCUSTFILE,
                    {"BENCH_PLAN": str(plan_file), "BENCH_BURST": burst},
                    latencies,
                    len(plan["users"]),
                    options["burst_seconds"],
                    port,
                    workdir / f"burst-{burst}",
                )
                sent = time.perf_counter()
                records = bench_bursts_report.read_records(latencies)
                rows.extend(bench_bursts_report.check(burst, plan, records))
                self.stderr.write(
                    f"  {burst}: prepared in {prepared - started:.0f} s, {len(records)} requests"
                    f" in {sent - prepared:.0f} s, checked in {time.perf_counter() - sent:.0f} s"
                )
        finally:
            bench_bursts.release_members()
        return rows

    def _bursts_table(self, rows: list[dict], bursts: list[str], workers: int) -> None:
        out = self.stdout.write
        out("")
        out(
            f"Bursts: {', '.join(f'{b} ({self.slots.get(b, 0)} users)' for b in bursts)}; "
            f"gunicorn {workers} workers; load {os.getloadavg()[0]:.2f}"
        )
        out("")
        for line in bench_bursts_report.table(rows):
            out(line)
        problems = bench_bursts_report.failures(rows, self.slots)
        if problems:
            raise CommandError("Đợt dồn dập không đạt: " + "; ".join(problems))
        out("")
        out("Đợt dồn dập: mất 0 dòng, 0 lỗi 5xx.")

    # --- the plan --------------------------------------------------------------------------

    def _pages(self, rng: random.Random, secret: str, n_codes: int = CODES) -> dict:
        staff_unit = (
            Dossier.objects.values("unit_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "unit_id")
            .first()
        )
        if staff_unit is None:
            raise CommandError("Chưa có hồ sơ: chạy manage.py seed_province trước.")
        staff = (
            User.objects.filter(
                roles__role=Role.UNIT_STAFF, roles__unit_id=staff_unit["unit_id"], is_active=True
            )
            .order_by("pk")
            .first()
        )
        secretariat = User.objects.filter(roles__role=Role.SECRETARIAT).order_by("pk").first()
        chairman = User.objects.filter(roles__role=Role.CHAIRMAN).order_by("pk").first()
        if not (staff and secretariat and chairman):
            raise CommandError("Thiếu tài khoản demo (cán bộ đơn vị, Văn phòng, Chủ tịch).")
        names = [self._name(rng) for _ in range(SEARCHES)]
        codes = self._codes(rng, n_codes)
        ranking_round = (
            ScoringRound.objects.annotate(n=Count("bloc__memberships", distinct=True))
            .order_by("-n", "pk")
            .first()
        )
        archive = reverse("awards:archive")
        people = reverse("units:person_list")
        pages = {
            "healthz": {"url": reverse("units:healthz")},
            "dossiers": {
                "url": reverse("nominations:dossier_list"),
                "cookie": self._cookie(staff, secret),
            },
            "appraisal": {
                "url": reverse("nominations:appraisal_queue"),
                "cookie": self._cookie(secretariat, secret),
            },
            "archive": {
                "url": archive,
                "variants": [f"{archive}?q={urllib.request.quote(n)}" for n in names],
                "cookie": self._cookie(secretariat, secret),
                "headers": {"HX-Request": "true"},  # as the filter form sends it
            },
            "people": {
                "url": people,
                "variants": [f"{people}?q={urllib.request.quote(n)}" for n in names],
                "cookie": self._cookie(secretariat, secret),
                "headers": {"HX-Request": "true"},  # as the filter form sends it
            },
            "gallery": {"url": reverse("campaigns:gallery")},
            "consultation": {"url": reverse("nominations:consultation_public_list")},
            "chairman": {
                "url": reverse("units:dashboard"),
                "cookie": self._cookie(chairman, secret),
            },
            "verify": {
                "url": reverse("awards:verify", args=[codes[0]]),
                "variants": [reverse("awards:verify", args=[c]) for c in codes],
            },
        }
        if ranking_round is not None:
            members = BlocMembership.objects.filter(
                bloc=ranking_round.bloc, year=ranking_round.year
            ).count()
            pages["ranking"] = {
                "url": reverse("clusters:ranking", args=[ranking_round.pk]),
                "cookie": self._cookie(secretariat, secret),
                "note": f"{members} units",
            }
        return pages

    @staticmethod
    def _codes(rng: random.Random, n: int = CODES) -> list[str]:
        """``n`` verification codes drawn with ``rng``: the same data and seed give the same
        codes (``ORDER BY random()`` gave others at each run)."""
        bounds = AwardGrant.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
        if bounds["lo"] is None:
            raise CommandError("Chưa có khen thưởng: chạy manage.py seed_province trước.")
        span = range(bounds["lo"], bounds["hi"] + 1)
        picked = rng.sample(span, min(len(span), 2 * n))
        found = dict(
            AwardGrant.objects.filter(pk__in=picked).values_list("pk", "verification_code")
        )
        return [found[pk] for pk in picked if pk in found][:n]

    @staticmethod
    def _name(rng: random.Random) -> str:
        gender = rng.choice([Gender.MALE, Gender.FEMALE])
        words = [
            rng.choice(FAMILY_NAMES),
            rng.choice(MIDDLE_NAMES[gender]),
            rng.choice(GIVEN_NAMES[gender]),
        ]
        return " ".join(words[: rng.choice([1, 2, 3, 3])] if rng.random() < 0.3 else words)

    @staticmethod
    def _cookie(user: User, secret: str) -> str:
        """A session of ``user`` as the production server will read it (same secret key)."""
        with override_settings(SECRET_KEY=secret):
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
        roles = RoleAssignment.objects.filter(user=user).count()
        if not roles:
            raise CommandError(f"{user.username} không có vai trò nào.")
        return f"__Host-sessionid={store.session_key}"

    # --- serving and loading ---------------------------------------------------------------

    def _serve(self, port: int, workers: int, secret: str, workdir: Path) -> subprocess.Popen:
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="config.settings.production",
            DJANGO_SECRET_KEY=secret,
            DJANGO_DEBUG="false",
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            AXES_PROXY_COUNT="1",
            TDKT_OTP_REQUIRED="false",
        )
        # The production static storage serves hashed names from a manifest (collected
        # again only when a static file is newer than it: a minute of compression).
        if not self._static_current():
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
        log = open(workdir / "gunicorn.log", "wb")  # noqa: SIM115 - closed with the process
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/healthz/", headers={"X-Forwarded-Proto": "https"}
                )
                with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return server
            except OSError:
                time.sleep(0.5)
            if server.poll() is not None:
                break
        server.kill()
        raise CommandError(f"gunicorn không khởi động được; xem {workdir / 'gunicorn.log'}")

    @staticmethod
    def _static_current() -> bool:
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        if not manifest.exists():
            return False
        stamp = manifest.stat().st_mtime
        return all(
            os.path.getmtime(storage.path(path)) <= stamp
            for finder in get_finders()
            for path, storage in finder.list(["CVS", ".*", "*~"])
        )

    def _load(self, page, port, users, duration, plan_file, workdir, turn=0) -> dict:
        prefix = workdir / f"{page}-{turn}"
        latencies = workdir / f"{page}-{turn}_latencies.jsonl"
        env = {"BENCH_PLAN": str(plan_file), "BENCH_PAGE": page, "BENCH_ROUND": str(turn)}
        self._locust(LOCUSTFILE, env, latencies, users, duration, port, prefix)
        failures = workdir / f"{page}-{turn}_failures.csv"
        if failures.exists():
            with open(failures, encoding="utf-8") as handle:
                for error in csv.DictReader(handle):
                    self.stderr.write(f"  {page}: {error['Occurrences']} × {error['Error']}")
        # True percentiles of every request, not Locust's rounded buckets.
        records = bench_bursts_report.read_records(latencies)
        return {
            "rps": throughput(records),
            "requests": len(records),
            "failures": sum(1 for r in records if r["outcome"] != "accepted"),
            "records": records,
        }

    def _locust(self, locustfile, env, latencies, users, seconds, port, prefix) -> None:
        """Run Locust headless: ``users`` users started at once, for at most ``seconds``;
        every request's latency goes to ``latencies``."""
        env = dict(
            os.environ,
            **env,
            BENCH_LATENCIES=str(latencies),
            BENCH_LOGIN_PATH=reverse(settings.LOGIN_URL),
        )
        subprocess.run(
            [
                str(Path(sys.executable).with_name("locust")),
                "-f",
                str(locustfile),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            cwd=ROOT,
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    # --- the table ----------------------------------------------------------------------------

    def _table(
        self, results: dict, raw_ms: float, users: int, duration: int, workers: int, rounds: int
    ):
        ceiling = results["healthz"]
        out = self.stdout.write
        out(
            f"Machine: {platform.node()} — {os.cpu_count()} CPU, {platform.platform()}; "
            f"PostgreSQL {connection.pg_version // 10000}; gunicorn {workers} workers; "
            f"Locust {users} users × {duration} s per page in {rounds} rounds; "
            f"{AwardGrant.objects.count():,} grants, {Dossier.objects.count():,} dossiers"
        )
        out("")
        out(
            "| Page | req/s | p50 ms | p99 ms | requests | failures | kept copies "
            "| × ceiling req/s | × ceiling p99 | target |"
        )
        out("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for page, r in results.items():
            throughput = r["rps"] / ceiling["rps"] if ceiling["rps"] else 0
            latency = r["p99"] / ceiling["p99"] if ceiling["p99"] else 0
            if page == "healthz":
                target = "ceiling"
            else:
                floor = 0.7 if page in PUBLIC else 0.4
                met = throughput >= floor and (page in PUBLIC or latency <= 3)
                rule = f"≥ {floor:.0%}" + ("" if page in PUBLIC else ", p99 ≤ 3×")
                target = f"{rule}: {'đạt' if met else 'chưa đạt'}"
            out(
                f"| {page} | {r['rps']:.0f} | {r['p50']:.0f} | {r['p99']:.0f} "
                f"| {r['requests']:,} | {r['failures']:,} | {r['kept']:.0%} "
                f"| {throughput:.2f} | {latency:.2f} "
                f"| {target} |"
            )
        page_ms, plain_ms, own_ms = raw_ms
        if plain_ms and own_ms:
            out("")
            out(
                f"Archive search without load, median of 100 searches: the page {page_ms:.1f} ms; "
                f"the search in plain SQL {plain_ms:.1f} ms: {page_ms / plain_ms:.2f}× "
                f"(target ≤ 1.3×); the page's own SQL {own_ms:.1f} ms: {page_ms / own_ms:.2f}×"
            )
