"""Every request's latency, for true percentiles (imported by the Locust files of
``manage.py bench``).

Locust's own percentiles are read off rounded buckets; the bench computes its p50 and p99
from every request instead (``units.benchmarking.percentile``). Importing this module adds
a listener to Locust's ``request`` event that keeps one JSON line per request, written to
the file named by ``BENCH_LATENCIES``: the step's name, the method, the time in
milliseconds, when the answer came (``at``, Unix seconds: the throughput is counted over
the span of the answers, not Locust's start-up), the status and what the answer means
for the bench:

- ``accepted``: a page served (GET 2xx), or a form taken (a redirect, not to the login);
- ``throttled``: 429 with the portal's Vietnamese page;
- ``5xx``: a server error;
- ``other``: anything else (a form sent back with errors, a 4xx, no answer at all).

and, where the portal says so (``X-Page-Cache``, units.pagecache), whether the page was a
kept copy (``hit``) or built (``miss``).
"""

from __future__ import annotations

import json
import os
import time

PATH = os.environ.get("BENCH_LATENCIES", "")
LOGIN_PATH = os.environ.get("BENCH_LOGIN_PATH", "/dang-nhap/")
# The title of the portal's 429 page for opinions, in Vietnamese.
THROTTLED_MARK = "Gửi quá nhiều ý kiến"
_lines: list[str] = []


def outcome(method: str, response) -> str:
    status = getattr(response, "status_code", 0) or 0
    if status >= 500:
        return "5xx"
    if status == 429:
        text = getattr(response, "text", "") or ""
        return "throttled" if THROTTLED_MARK in text else "other"
    if 300 <= status < 400:
        location = (getattr(response, "headers", None) or {}).get("location") or ""
        return "other" if LOGIN_PATH in location else "accepted"
    if 200 <= status < 300:
        return "accepted" if method == "GET" else "other"
    return "other"


def flush() -> None:
    if PATH and _lines:
        with open(PATH, "a", encoding="utf-8") as handle:
            handle.write("".join(_lines))
        _lines.clear()


def _record(request_type, name, response_time, response_length, response=None, **kwargs):
    if not PATH:
        return
    record = {
        "step": name,
        "method": request_type,
        "ms": round(float(response_time or 0), 3),
        "at": round(time.time(), 4),
        "status": getattr(response, "status_code", 0) or 0,
        "outcome": outcome(request_type, response),
        "cache": ((getattr(response, "headers", None) or {}).get("x-page-cache") or ""),
    }
    _lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    if len(_lines) >= 1000:
        flush()


def _on_stop(**kwargs):
    flush()


# Locust (gevent) patches threads as it is imported: only a Locust run, which names the file,
# imports it; the test suite reads the functions above without it.
if PATH:
    from locust import events

    events.request.add_listener(_record)
    events.test_stop.add_listener(_on_stop)
    events.quitting.add_listener(_on_stop)
