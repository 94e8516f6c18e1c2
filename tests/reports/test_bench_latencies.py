"""The bench's per-request record (bench/latencies.py) says whether the portal answered
with a kept page (units.pagecache), so the table can show the share of kept copies."""

import json
from types import SimpleNamespace

import bench.latencies as latencies


def _recorded(tmp_path, monkeypatch, **response):
    path = tmp_path / "latencies.jsonl"
    monkeypatch.setattr(latencies, "PATH", str(path))
    latencies._record("GET", "dossiers", 12.3456, 100, response=SimpleNamespace(**response))
    latencies.flush()
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_kept_page_is_recorded_as_a_hit(tmp_path, monkeypatch):
    record = _recorded(tmp_path, monkeypatch, status_code=200, headers={"x-page-cache": "hit"})
    assert record == {
        "step": "dossiers",
        "method": "GET",
        "ms": 12.346,
        "status": 200,
        "outcome": "accepted",
        "cache": "hit",
    }


def test_a_page_without_the_header_records_nothing_about_the_cache(tmp_path, monkeypatch):
    record = _recorded(tmp_path, monkeypatch, status_code=200, headers={})
    assert record["cache"] == ""
