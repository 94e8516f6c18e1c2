"""The one measuring helper of every benchmark command (``benchmark_*`` and ``bench``).

A benchmark draws its requests from a generator seeded on the command line, takes enough
samples for the percentile it prints, and reports true percentiles of those samples
(inclusive quantiles: linear interpolation between the two nearest samples), never the
maximum of ten runs called a "p95". Timings belong to the benchmark commands only; tests
assert what a benchmark counts (queries, rows), never how long it took.

    from units.benchmarking import Sample, measure, percentile, seeded

    rng = seeded(options["seed"])
    result = measure(lambda: client.get(url, params(rng)), samples=100, warmup=1,
                     check=lambda response: response.status_code == 200)
    self.stdout.write(result.row("archive search"))
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

# A page benchmark takes at least this many samples: with 100 the 95th percentile lies
# between the 95th and the 96th slowest sample instead of on the slowest one.
MIN_SAMPLES = 100
# Below this many samples a 95th percentile is the maximum under another name: the helper
# prints the maximum and says so.
MIN_SAMPLES_FOR_P95 = 20
# The seed of every benchmark command unless ``--seed`` says otherwise.
DEFAULT_SEED = 2026
# Printed when ``--samples`` is set below a page benchmark's minimum.
FEW_SAMPLES = "ít mẫu: p95 là giá trị lớn nhất"


def seeded(seed: int | str) -> random.Random:
    """The generator every draw of a benchmark comes from (same seed, same requests)."""
    return random.Random(seed)


def add_seed_argument(parser, default: int = DEFAULT_SEED) -> None:
    parser.add_argument(
        "--seed", type=int, default=default, help="seed of every random draw (same seed, same run)"
    )


def add_samples_argument(
    parser,
    default: int = MIN_SAMPLES,
    *,
    option: str = "--samples",
    alias: str | None = "--repeat",
    description: str = "measured samples of each measure",
) -> None:
    """``--samples N`` (and ``alias``, its deprecated former name, with the same meaning)."""
    dest = option.lstrip("-").replace("-", "_")
    parser.add_argument(
        option, type=int, default=default, help=f"{description} (default {default})"
    )
    if alias:
        parser.add_argument(
            alias, type=int, dest=dest, default=argparse.SUPPRESS, help=f"deprecated: {option}"
        )


def samples_note(samples: int, minimum: int = MIN_SAMPLES, option: str = "--samples") -> str:
    """Refuse fewer than one sample; the warning line for fewer than ``minimum`` ("" if none).

    A benchmark's default is at least its minimum; a lower explicit value is allowed (the
    tests run the commands small) but said: below MIN_SAMPLES_FOR_P95 the "p95" printed is
    the maximum, between that and ``minimum`` a p95 of few samples."""
    if samples < 1:
        raise CommandError(f"{option} must be at least 1.")
    if samples < min(minimum, MIN_SAMPLES_FOR_P95):
        return f"{FEW_SAMPLES} ({option} {samples} < {MIN_SAMPLES_FOR_P95})"
    if samples < minimum:
        return f"ít mẫu: p95 của {samples} mẫu kém tin cậy ({option} {samples} < {minimum})"
    return ""


def percentile(values: list[float], fraction: float) -> float:
    """The inclusive quantile ``fraction`` (0 < fraction < 1) of ``values``."""
    if not values:
        raise ValueError("no samples")
    if not 0 < fraction < 1:
        raise ValueError("fraction must lie strictly between 0 and 1")
    if len(values) == 1:
        return values[0]
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Sample:
    """The times (milliseconds) and query counts of one measured operation."""

    times_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    # The outcome of the last measured run (a response, a result), for what it shows.
    last: object = field(default=None, repr=False, compare=False)

    @property
    def n(self) -> int:
        return len(self.times_ms)

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float | None:
        """None when there are too few samples for a 95th percentile to mean anything."""
        if self.n < MIN_SAMPLES_FOR_P95:
            return None
        return percentile(self.times_ms, 0.95)

    @property
    def p99(self) -> float | None:
        if self.n < MIN_SAMPLES:
            return None
        return percentile(self.times_ms, 0.99)

    @property
    def max(self) -> float:
        return max(self.times_ms)

    @property
    def min(self) -> float:
        return min(self.times_ms)

    def queries_text(self) -> str:
        if not self.queries:
            return "—"
        low, high = min(self.queries), max(self.queries)
        return str(low) if low == high else f"{low}–{high}"

    def p95_text(self) -> str:
        p95 = self.p95
        return f"{p95:.1f}" if p95 is not None else f"max {self.max:.1f} (n<{MIN_SAMPLES_FOR_P95})"

    def summary(self, unit: str = "ms", digits: int = 1) -> str:
        """``p50 12.3 ms, p95 15.0 ms over 100 samples``; with fewer than
        MIN_SAMPLES_FOR_P95 samples the maximum, labelled as such, instead of a p95.
        ``unit`` "s" prints seconds (the samples are kept in milliseconds)."""

        def text(value: float) -> str:
            return f"{value / (1000 if unit == 's' else 1):.{digits}f} {unit}"

        if self.p95 is None:
            return (
                f"median {text(self.p50)}, max {text(self.max)} over {self.n} samples "
                f"(too few for a p95)"
            )
        return f"median {text(self.p50)}, p95 {text(self.p95)} over {self.n} samples"

    def row(self, label: str, width: int = 28) -> str:
        """One line of a benchmark's table: label, p50, p95, samples, queries."""
        return (
            f"{label:{width}s} {self.p50:9.1f} {self.p95_text():>14s} {self.n:7d} "
            f"{self.queries_text():>8s}"
        )

    @staticmethod
    def header(width: int = 28) -> str:
        return (
            f"{'measure':{width}s} {'p50 ms':>9s} {'p95 ms':>14s} {'samples':>7s} {'queries':>8s}"
        )


def measure(
    operation: Callable[[], object],
    *,
    samples: int,
    warmup: int = 1,
    check: Callable[[object], bool] | None = None,
    count_queries: bool = True,
) -> Sample:
    """Run ``operation`` ``warmup`` times unmeasured, then ``samples`` times measured.

    ``check`` is called with each result (after its time is taken, so it may also
    record what the result shows); a False answer stops the benchmark with a ValueError
    (a benchmark of an error page measures nothing). The query count of each sample is
    the queries of the measured run alone."""
    if samples < 1:
        raise ValueError("samples must be at least 1")
    for _ in range(warmup):
        operation()
    result = Sample()
    for _ in range(samples):
        if count_queries:
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                outcome = operation()
                elapsed = time.perf_counter() - start
            result.queries.append(len(captured.captured_queries))
        else:
            start = time.perf_counter()
            outcome = operation()
            elapsed = time.perf_counter() - start
        result.times_ms.append(elapsed * 1000)
        result.last = outcome
        if check is not None and not check(outcome):
            raise ValueError(f"the measured operation failed: {outcome!r}")
    return result
