"""The archive search beside SQL, without load (``manage.py bench``, issue 13 point 3).

Three medians over the same searches, each built every time (no kept pages, debug off):

- the page, in process, through the whole middleware stack;
- the search written by hand in plain SQL, as a developer would answer it at the psql
  prompt: the matches counted up to the search's cap, and the first page in archive order with
  what a row shows joined ("the raw SQL query" of the target);
- the page's own statements over the names and the grants, replayed directly.

The first over the second is the target (≤ 1.3×). The first over the third says what Django
adds to the statements it sends.
"""

from __future__ import annotations

import statistics
import time
import urllib.parse

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from units.models import Role, User
from units.search import normalize

SAMPLES = 100
PLAIN_COUNT = (
    "SELECT COUNT(*) FROM (SELECT 1 FROM awards_awardgrant WHERE search_name LIKE %s LIMIT %s) s"
)
PLAIN_PAGE = """
SELECT g.id, g.recipient_name, g.recipient_unit_name, g.year, g.kind, g.certificate_number,
       g.revoked_on, a.name, d.number, d.issued_on, i.name, i.full_name, r.number,
       u.path, u.name, u.full_name, pu.path
  FROM awards_awardgrant g
  JOIN awards_award a ON a.id = g.award_id
  LEFT JOIN awards_decision d ON d.id = g.decision_id
  LEFT JOIN units_unit i ON i.id = d.issuer_id
  LEFT JOIN awards_decision r ON r.id = g.revoked_by_id
  LEFT JOIN units_unit u ON u.id = g.unit_id
  LEFT JOIN units_person p ON p.id = g.person_id
  LEFT JOIN units_unit pu ON pu.id = p.unit_id
 WHERE g.search_name LIKE %s
 ORDER BY g.year DESC, g.recipient_name, g.id
 LIMIT %s
"""


def archive_medians(variants: list[str]) -> tuple[float, float, float]:
    """(page, plain SQL, own SQL) medians in ms over the first ``SAMPLES`` searches."""
    secretariat = User.objects.filter(roles__role=Role.SECRETARIAT).order_by("pk").first()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(secretariat)
    pages, plain, own = [], [], []
    with override_settings(TDKT_PAGE_CACHE_SECONDS=0):
        for url in variants[:SAMPLES]:
            with CaptureQueriesContext(connection) as captured:
                client.get(url, HTTP_HX_REQUEST="true")
            sqls = [q["sql"] for q in captured.captured_queries if _searches(q["sql"])]
            with override_settings(DEBUG=False):  # as served: no query log
                start = time.perf_counter()
                client.get(url, HTTP_HX_REQUEST="true")
                pages.append((time.perf_counter() - start) * 1000)
            plain.append(_plain_ms(url))
            own.append(_replay_ms(sqls))
    if not pages:
        return 0.0, 0.0, 0.0
    return statistics.median(pages), statistics.median(plain), statistics.median(own)


def _searches(sql: str) -> bool:
    """A statement of the search: the name dictionary's, or one over the grants."""
    return "awards_awardgrant" in sql or "units_searchname" in sql


def _plain_ms(url: str) -> float:
    text = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).get("q", [""])[0]
    needle = f"%{normalize(text)}%"
    with connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute(PLAIN_COUNT, [needle, settings.TDKT_SEARCH_COUNT_CAP + 1])
        cursor.fetchall()
        cursor.execute(PLAIN_PAGE, [needle, settings.TDKT_PAGE_SIZE])
        cursor.fetchall()
        return (time.perf_counter() - start) * 1000


def _replay_ms(sqls: list[str]) -> float:
    with connection.cursor() as cursor:
        start = time.perf_counter()
        for sql in sqls:
            cursor.execute(sql)
            cursor.fetchall()
        return (time.perf_counter() - start) * 1000
