"""The bench's per-request record (bench/latencies.py) says whether the portal answered
with a kept page (units.pagecache), so the table can show the share of kept copies."""

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import bench.latencies as latencies


def _recorded(tmp_path, monkeypatch, **response):
    path = tmp_path / "latencies.jsonl"
    monkeypatch.setattr(latencies, "PATH", str(path))
    monkeypatch.setattr(latencies.time, "time", lambda: 1796601600.123456)
    latencies._record("GET", "dossiers", 12.3456, 100, response=SimpleNamespace(**response))
    latencies.flush()
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_kept_page_is_recorded_as_a_hit(tmp_path, monkeypatch):
    record = _recorded(tmp_path, monkeypatch, status_code=200, headers={"x-page-cache": "hit"})
    assert record == {
        "step": "dossiers",
        "method": "GET",
        "ms": 12.346,
        "at": 1796601600.1235,
        "status": 200,
        "outcome": "accepted",
        "cache": "hit",
    }


def test_a_page_without_the_header_records_nothing_about_the_cache(tmp_path, monkeypatch):
    record = _recorded(tmp_path, monkeypatch, status_code=200, headers={})
    assert record["cache"] == ""


def test_reading_it_outside_a_locust_run_leaves_threads_unpatched():
    # Locust patches threads with gevent as it is imported; in the test process that breaks
    # Django's connections ("created in a thread can only be used in that same thread").
    code = "import sys, bench.latencies; print('locust' in sys.modules, 'gevent' in sys.modules)"
    environment = {k: v for k, v in os.environ.items() if k != "BENCH_LATENCIES"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["False", "False"]


def test_the_throughput_counts_from_the_first_request_to_the_last_answer():
    from reports.bench_rounds import throughput  # noqa: PLC0415

    # Four answers; the first request left at 100.0 (its answer at 100.5, 500 ms later),
    # the last answer came at 102.0: 4 answers in 2 seconds, whatever Locust's start-up.
    records = [
        {"at": 100.5, "ms": 500.0},
        {"at": 101.0, "ms": 10.0},
        {"at": 101.9, "ms": 20.0},
        {"at": 102.0, "ms": 30.0},
    ]
    assert throughput(records) == 2.0
    assert throughput(records[:1]) != throughput(records[:1])  # one answer: no span (NaN)
