"""Document numbers: per issuer, type and year; no gaps, no duplicates, even at once."""

import multiprocessing
import os
from urllib.parse import quote

import pytest
from django.db import connection, transaction


def take(**overrides) -> str:
    from reports.numbering import document_number_next

    args = {"issuer_code": "hdtdkt", "issuer_symbol": "HĐTĐKT", "doc_type": "KH", "year": 2026}
    args.update(overrides)
    return document_number_next(**args)


@pytest.mark.django_db
def test_numbers_follow_each_other_with_a_leading_zero_below_10():
    numbers = [take() for _ in range(11)]
    assert numbers[:3] == ["01/KH-HĐTĐKT", "02/KH-HĐTĐKT", "03/KH-HĐTĐKT"]
    assert numbers[9:] == ["10/KH-HĐTĐKT", "11/KH-HĐTĐKT"]


@pytest.mark.django_db
def test_numbers_restart_each_year_and_are_separate_per_issuer_and_type():
    assert [take(), take()] == ["01/KH-HĐTĐKT", "02/KH-HĐTĐKT"]
    assert take(year=2027) == "01/KH-HĐTĐKT"
    assert take(doc_type="QĐ") == "01/QĐ-HĐTĐKT"
    assert take(issuer_code="ubnd", issuer_symbol="UBND", doc_type="QĐ") == "01/QĐ-UBND"
    assert take() == "03/KH-HĐTĐKT"


@pytest.mark.django_db
def test_a_rolled_back_request_gives_its_number_back():
    assert take() == "01/KH-HĐTĐKT"
    with pytest.raises(RuntimeError), transaction.atomic():
        assert take() == "02/KH-HĐTĐKT"
        raise RuntimeError("the document was not saved")
    assert take() == "02/KH-HĐTĐKT"


def _worker(database_url: str, barrier, results, count: int) -> None:
    """In a fresh (spawned) process: Django on the test database, ``count`` numbers."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.db import connections

    from reports.numbering import document_number_next

    connections["default"].ensure_connection()
    barrier.wait(timeout=60)
    taken = [
        document_number_next(issuer_code="hdtdkt", issuer_symbol="HĐTĐKT", doc_type="KH", year=2026)
        for _ in range(count)
    ]
    connections.close_all()
    results.put(taken)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_at_once_get_fifty_distinct_numbers_without_gaps():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL): the row lock under test is SELECT … FOR UPDATE, "
            "and SQLite's test database cannot be shared with child processes"
        )
    settings = connection.settings_dict
    auth = quote(settings["USER"], safe="")
    if settings["PASSWORD"]:
        auth += ":" + quote(settings["PASSWORD"], safe="")
    url = (
        f"postgres://{auth}@{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}"
        f"/{settings['NAME']}"
    )
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_worker, args=(url, barrier, results, 25)) for _ in "ab"]
    for worker in workers:
        worker.start()
    taken = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    numbers = [int(n.split("/")[0]) for batch in taken for n in batch]
    assert len(numbers) == 50
    assert sorted(numbers) == list(range(1, 51))
    for batch in taken:  # each process saw its own numbers rise
        values = [int(n.split("/")[0]) for n in batch]
        assert values == sorted(values)

    from reports.models import DocumentNumber

    assert DocumentNumber.objects.get(issuer_code="hdtdkt", doc_type="KH", year=2026).last == 50
