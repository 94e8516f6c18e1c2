"""units.benchmarking: the one measuring helper of the benchmark commands (issue 13).

Percentiles against values computed by hand; the samples' queries counted; never a time
asserted (timings belong to the benchmark commands)."""

import argparse

import pytest
from django.core.management import CommandError

from units.benchmarking import (
    FEW_SAMPLES,
    MIN_SAMPLES,
    MIN_SAMPLES_FOR_P95,
    Sample,
    add_samples_argument,
    add_seed_argument,
    measure,
    percentile,
    samples_note,
    seeded,
)
from units.models import Unit

HUNDRED = [float(v) for v in range(1, 101)]


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        # position 0.95 × 99 = 94.05: 95 + 0.05 × (96 − 95)
        (HUNDRED, 0.95, 95.05),
        (HUNDRED, 0.5, 50.5),
        (HUNDRED, 0.99, 99.01),
        ([10.0, 20.0], 0.5, 15.0),
        ([10.0, 20.0], 0.95, 19.5),
        ([30.0, 10.0, 20.0], 0.5, 20.0),  # the order given does not matter
        ([7.0], 0.95, 7.0),
        ([4.0, 4.0, 4.0], 0.95, 4.0),
    ],
)
def test_percentile_is_the_inclusive_quantile(values, fraction, expected):
    assert percentile(values, fraction) == pytest.approx(expected)


def test_percentile_refuses_no_samples_and_a_fraction_outside_zero_one():
    with pytest.raises(ValueError, match="no samples"):
        percentile([], 0.95)
    for fraction in (0, 1, 95):
        with pytest.raises(ValueError, match="strictly between"):
            percentile([1.0, 2.0], fraction)


def test_percentile_leaves_the_values_in_their_order():
    values = [3.0, 1.0, 2.0]
    percentile(values, 0.5)
    assert values == [3.0, 1.0, 2.0]


def test_a_sample_of_enough_runs_has_a_p95():
    sample = Sample(times_ms=list(HUNDRED), queries=[3] * 100)
    assert (sample.n, sample.p50, sample.max, sample.min) == (100, 50.5, 100.0, 1.0)
    assert sample.p95 == pytest.approx(95.05)
    assert sample.p99 == pytest.approx(99.01)
    assert sample.p95_text() == "95.0"  # 95.05 printed to one decimal
    assert sample.queries_text() == "3"
    assert sample.summary() == "median 50.5 ms, p95 95.0 ms over 100 samples"
    assert sample.summary("s", 3) == "median 0.051 s, p95 0.095 s over 100 samples"


def test_below_twenty_samples_there_is_no_p95_but_the_maximum_named_so():
    sample = Sample(times_ms=[float(v) for v in range(1, MIN_SAMPLES_FOR_P95)], queries=[2, 3])
    assert sample.n == 19
    assert sample.p95 is None
    assert sample.p99 is None
    assert sample.p95_text() == "max 19.0 (n<20)"
    assert sample.summary() == "median 10.0 ms, max 19.0 ms over 19 samples (too few for a p95)"
    assert sample.queries_text() == "2–3"
    twenty = Sample(times_ms=[float(v) for v in range(1, 21)])
    assert twenty.p95 == pytest.approx(19.05)
    assert twenty.p99 is None  # a 99th percentile wants MIN_SAMPLES
    assert twenty.queries_text() == "—"


def test_a_row_of_the_table_lines_up_with_its_header():
    sample = Sample(times_ms=[10.0, 20.0], queries=[4, 4])
    assert Sample.header(10) == "measure       p50 ms         p95 ms samples  queries"
    assert sample.row("search", 10) == "search          15.0 max 20.0 (n<20)       2        4"


@pytest.mark.django_db
def test_measure_counts_the_queries_of_each_sample_and_keeps_the_last_outcome():
    calls = []

    def two_queries():
        calls.append(1)
        Unit.objects.count()
        return Unit.objects.exists()

    sample = measure(two_queries, samples=5, warmup=2)
    assert len(calls) == 7  # the warm-up runs are not measured
    assert sample.queries == [2, 2, 2, 2, 2]
    assert sample.n == 5
    assert all(t >= 0 for t in sample.times_ms)
    assert sample.last is False
    assert measure(lambda: 1, samples=3, warmup=0, count_queries=False).queries == []


def test_measure_stops_on_a_failing_check_and_refuses_no_samples():
    outcomes = iter([200, 200, 500, 200])
    with pytest.raises(ValueError, match="failed: 500"):
        measure(
            lambda: next(outcomes),
            samples=4,
            warmup=0,
            count_queries=False,
            check=lambda status: status == 200,
        )
    with pytest.raises(ValueError, match="at least 1"):
        measure(lambda: None, samples=0)


def _requests(seed) -> list:
    rng = seeded(seed)
    return [(rng.randint(1, 50), rng.choice(["dang thuy", "le minh", "tram"])) for _ in range(5)]


def test_the_seeded_generator_draws_the_same_requests_again():
    assert _requests(7) == _requests(7)
    assert _requests("2026:people:0") == _requests("2026:people:0")
    assert _requests(7) != _requests(8)


def test_few_samples_are_allowed_but_said():
    assert samples_note(MIN_SAMPLES) == ""
    assert samples_note(2) == f"{FEW_SAMPLES} (--samples 2 < 20)"
    assert samples_note(50) == "ít mẫu: p95 của 50 mẫu kém tin cậy (--samples 50 < 100)"
    # A heavy operation's smaller default says nothing; below it, the maximum is named.
    assert samples_note(10, 10, "--engine-samples") == ""
    assert samples_note(3, 10, "--figures-samples") == f"{FEW_SAMPLES} (--figures-samples 3 < 20)"
    with pytest.raises(CommandError, match="--samples must be at least 1"):
        samples_note(0)


def test_samples_keeps_repeat_as_its_former_name_and_seed_a_fixed_default():
    parser = argparse.ArgumentParser()
    add_samples_argument(parser)
    add_seed_argument(parser)
    assert vars(parser.parse_args([])) == {"samples": MIN_SAMPLES, "seed": 2026}
    assert parser.parse_args(["--repeat", "5"]).samples == 5
    assert parser.parse_args(["--samples", "7", "--seed", "3"]).seed == 3
    other = argparse.ArgumentParser()
    add_samples_argument(other, 10, option="--engine-samples", alias=None)
    assert other.parse_args([]).engine_samples == 10
    with pytest.raises(SystemExit):
        other.parse_args(["--repeat", "5"])
