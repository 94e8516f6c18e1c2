"""The page table of ``manage.py bench`` (issue 13, points 2 and 3), small, through the real
gunicorn under the production settings and Locust: every page asked for is measured
against ``/healthz/``, with its requests per second, true p50/p99, the share of kept pages
and both ratios to the ceiling, and the archive search's time beside its own SQL.

PostgreSQL only, on the real clock, with committed data (``transaction=True``) so that
gunicorn sees it. With ``REDIS_URL`` the server keeps pages (units.pagecache), without it
it builds every one.
"""

import os
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from nominations.services import dossiers as services
from tests.factories.awards import grant
from tests.utils.net import free_port

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.real_clock,
    pytest.mark.django_db(transaction=True),
]
PAGES = ["healthz", "dossiers", "verify", "chairman"]
NUMBER = r"\d[\d,]*"


def test_the_page_table_measures_every_page_against_the_ceiling(live_env, province, users):
    services.dossier_create(
        unit=province["unit_a"], year=2026, kind="DOT_XUAT", title="Hồ sơ đo tải",
        actor=users["staff_a"],
    )  # fmt: skip
    grant("CSTDCS", 2023, person=province["person_a"])
    out = StringIO()
    call_command(
        "bench",
        *("--port", str(free_port()), "--workers", "2", "--users", "2", "--duration", "6"),
        *("--rounds", "2"),  # 3 s each: a one-second round is mostly Locust starting
        *("--pages", ",".join(PAGES[1:])),  # the ceiling is always measured, first
        stdout=out,
        stderr=StringIO(),
    )
    text = out.getvalue()
    # The pages were taken in turn, two rounds of three seconds each.
    assert "Locust 2 users × 6 s per page in 2 rounds;" in text
    header = "| Page | req/s | p50 ms | p99 ms | requests | failures | kept copies "
    assert header + "| × ceiling req/s | × ceiling p99 | target |" in text
    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| ") and cells[0] in PAGES:
            rows[cells[0]] = cells
    assert list(rows) == PAGES
    for page, (_, rps, p50, p99, requests, failures, kept, x_rps, x_p99, target) in rows.items():
        assert float(rps) > 0, page
        assert re.fullmatch(NUMBER, requests) and int(requests.replace(",", "")) > 10, page
        assert failures == "0", page
        assert float(p50) <= float(p99), page
        assert re.fullmatch(r"\d+\.\d\d", x_rps) and re.fullmatch(r"\d+\.\d\d", x_p99)
        if page == "healthz":
            assert (x_rps, x_p99, target, kept) == ("1.00", "1.00", "ceiling", "0%")
        else:
            assert target.endswith((": đạt", ": chưa đạt")), target
    # Each ratio is the page's figure over the ceiling's, as printed (rounding aside).
    ceiling = float(rows["healthz"][1])
    for page in PAGES[1:]:
        assert abs(float(rows[page][7]) - float(rows[page][1]) / ceiling) <= 0.02, rows[page]
    kept = int(rows["dossiers"][6].rstrip("%"))
    assert kept > 50 if os.environ.get("REDIS_URL") else kept == 0
    assert re.search(
        r"Archive search without load, median of 100 searches: the page [\d.]+ ms; the search"
        r" in plain SQL [\d.]+ ms: [\d.]+× \(target ≤ 1\.3×\); the page's own SQL [\d.]+ ms:"
        r" [\d.]+×",
        text,
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--pages", "healthz,nowhere"), "Trang không có: nowhere."),
        (("--rounds", "0"), "Cần --rounds ≥ 1 và --duration ≥ --rounds"),
        (("--duration", "2", "--rounds", "3"), "Cần --rounds ≥ 1 và --duration ≥ --rounds"),
        (("--codes", "0"), "Cần --codes ≥ 1 (số mã xác minh của trang công khai)."),
    ],
)
def test_what_the_bench_cannot_run_is_said_in_vietnamese_before_anything_starts(arguments, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("bench", *arguments, stdout=StringIO(), stderr=StringIO())
