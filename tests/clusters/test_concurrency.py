"""Two submissions of one sheet at once store one (PostgreSQL: real row locks).

Run with DATABASE_URL pointing at PostgreSQL; skipped on SQLite, whose single writer
serialises everything anyway."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from clusters import services
from clusters.models import Sheet, SheetLine, SheetReopening, SheetRole, SheetState
from tests.clusters.conftest import points

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def _race(target, n=2):
    barrier = threading.Barrier(n)
    results = []

    def run(i):
        try:
            barrier.wait()
            results.append(("ok", target(i)))
        except ValidationError as error:
            results.append(("refused", error.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_submissions_at_once_store_one(cluster, users):
    unit_b = cluster["members"][1]
    sheet = services.sheet_start(
        scoring_round=cluster["round"],
        role=SheetRole.SELF,
        target=unit_b,
        actor=users["staff_b"],
        scorer_unit=unit_b,
    )
    results = _race(
        lambda i: (
            services.sheet_save(
                sheet=sheet, points=points(total_off=i + 1), actor=users["staff_b"], submit=True
            ).total
        )
    )
    assert sorted(kind for kind, _ in results) == ["ok", "refused"]
    sheet.refresh_from_db()
    assert sheet.state == SheetState.SUBMITTED
    assert SheetLine.objects.filter(sheet=sheet).count() == 8
    stored = next(value for kind, value in results if kind == "ok")
    assert sheet.total == stored
    assert SheetReopening.objects.count() == 0


def test_two_first_visits_at_once_create_one_sheet(cluster, users):
    unit_b, m3 = cluster["members"][1], cluster["members"][2]
    results = _race(
        lambda i: (
            services.sheet_start(
                scoring_round=cluster["round"],
                role=SheetRole.PEER,
                target=m3,
                actor=users["staff_b"],
                scorer_unit=unit_b,
            ).pk
        )
    )
    assert [kind for kind, _ in results] == ["ok", "ok"]
    assert results[0][1] == results[1][1]
    assert Sheet.objects.filter(role=SheetRole.PEER).count() == 1
