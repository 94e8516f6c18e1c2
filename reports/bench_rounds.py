"""A page's figures in ``manage.py bench``, from every request Locust recorded
(``bench/latencies.py``) over the rounds the pages were taken in turn."""

from units.benchmarking import percentile


def throughput(records: list[dict]) -> float:
    """Answers per second over the span from the first request sent to the last answer:
    the users' start-up, a second or so of every Locust run, is left out."""
    if len(records) < 2:
        return float("nan")
    first = min(r["at"] - r["ms"] / 1000 for r in records)
    span = max(r["at"] for r in records) - first
    return len(records) / span if span > 0 else float("nan")


def combined(runs: list[dict]) -> dict:
    """A page's rounds as one figure: the mean of their throughputs (equal shares of the
    time), and the true percentiles of every request of every round."""
    records = [r for run in runs for r in run["records"]]
    times = [r["ms"] for r in records]
    kept = sum(1 for r in records if r.get("cache") == "hit")
    return {
        "rps": _mean([run["rps"] for run in runs if run["rps"] == run["rps"]]),  # not NaN
        "p50": percentile(times, 0.5) if times else float("nan"),
        "p99": percentile(times, 0.99) if times else float("nan"),
        "requests": sum(run["requests"] for run in runs),
        "failures": sum(run["failures"] for run in runs),
        "kept": kept / len(records) if records else 0.0,
    }


def _mean(values: list[float]) -> float:
    """The mean; NaN when no round had two answers to count a throughput from."""
    return sum(values) / len(values) if values else float("nan")
