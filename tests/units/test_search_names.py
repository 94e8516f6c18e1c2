"""The name dictionary (units.SearchName, issue 13): every folded name of the person register
and the archive, kept by PostgreSQL triggers; the name searches look there first."""

import random
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from awards.models import AwardGrant
from awards.selectors import archive_search
from tests.factories import PersonFactory, UnitFactory
from tests.factories.awards import grant
from units import postgres, selectors
from units.models import Person, SearchName
from units.search import normalize

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers: PostgreSQL only"),
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Quách"]
MIDDLE = ["Văn", "Thị", "Đức", "Thu", ""]
GIVEN = ["An", "Ân", "Anh", "Hà", "Hạnh", "Trâm", "Khoa", "Đạt"]


def names() -> set[str]:
    return set(SearchName.objects.values_list("name", flat=True))


def test_every_way_a_person_is_written_feeds_the_dictionary(province):
    unit = province["unit_a"]
    before = names()
    PersonFactory(full_name="Đàm Thùy Trâm", unit=unit)
    Person.objects.bulk_create(
        [Person(full_name=n, unit=unit, gender="female") for n in ("Lò Thị Ón", "Lò Thị Ón")]
    )
    renamed = PersonFactory(full_name="Trần Văn Bốn", unit=unit)
    renamed.full_name = "Trần Văn Năm"
    renamed.save()
    Person.objects.filter(full_name="Lò Thị Ón").update(full_name="Lò Thị Én")
    # One row a name, however many people carry it (the name is the primary key).
    assert names() - before == {
        "dam thuy tram",
        "lo thi on",
        "tran van bon",
        "tran van nam",
        "lo thi en",
    }


def test_a_grant_feeds_the_dictionary_with_its_recipient_name(province):
    before = names()
    made = grant("TTLDXS", 2024, unit=province["unit_b"])
    assert names() - before == {normalize(made.recipient_name)}
    AwardGrant.objects.filter(pk=made.pk).update(recipient_name="Tập thể Tổ Bảo vệ")
    assert names() - before == {normalize(made.recipient_name), "tap the to bao ve"}


def test_a_name_nobody_carries_any_more_finds_nobody(province):
    before = names()
    person = PersonFactory(full_name="Hứa Văn Cũ", unit=province["unit_a"])
    person.full_name = "Hứa Văn Mới"
    person.save()
    assert names() - before == {"hua van cu", "hua van moi"}  # the old one kept: matches nothing
    found = selectors.person_search(queryset=Person.objects.all(), text="hua van cu")
    assert list(found) == []
    found = selectors.person_search(queryset=Person.objects.all(), text="hua van")
    assert [p.full_name for p in found] == ["Hứa Văn Mới"]


def test_the_migration_fills_the_dictionary_from_what_is_there_and_again_changes_nothing(
    province,
):
    unit = province["unit_a"]
    for name in ("Vi Văn Một", "Vi Văn Hai", "Vi Văn Một"):
        PersonFactory(full_name=name, unit=unit)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM units_searchname")
    forward, _backward = postgres.collect_names_from("units_person")
    with connection.schema_editor() as editor:
        forward(None, editor)
    expected = set(Person.objects.values_list("search_name", flat=True))
    assert names() == expected and {"vi van mot", "vi van hai"} <= expected
    with connection.schema_editor() as editor:
        forward(None, editor)  # a second run: the triggers replaced, nothing added
    assert SearchName.objects.count() == len(expected)
    PersonFactory(full_name="Vi Văn Ba", unit=unit)  # the triggers still feed it
    assert names() == expected | {"vi van ba"}


@pytest.fixture
def crowd(province):
    """120 people and as many grants, seeded: names shared, accents mixed."""
    rng = random.Random(13)
    unit = province["unit_a"]
    people = []
    for _ in range(120):
        words = [rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)]
        people.append(PersonFactory(full_name=" ".join(w for w in words if w), unit=unit))
    for index, person in enumerate(people):
        grant("LDTT", 2015 + index % 10, person=person)
    return people


NEEDLES = ["nguyen", "van an", "an", "thi ha", "dang thu tram", "quach duc dat", "khong co", "a"]


@pytest.mark.parametrize("listed", [500, 3])
@pytest.mark.parametrize("needle", NEEDLES)
def test_the_names_find_exactly_what_like_finds(crowd, settings, monkeypatch, listed, needle):
    """Whichever way the search goes (names listed, or LIKE past ``NAMES_LISTED``), it finds
    the rows a plain LIKE over the table finds, no more, no fewer."""
    monkeypatch.setattr(selectors, "NAMES_LISTED", listed)
    like_people = set(Person.objects.filter(search_name__contains=needle).values_list("pk"))
    like_grants = set(AwardGrant.objects.filter(search_name__contains=needle).values_list("pk"))
    with CaptureQueriesContext(connection) as captured:
        people = selectors.person_search(queryset=Person.objects.all(), text=needle)
        grants = archive_search(queryset=AwardGrant.objects.all(), text=needle)
        found = (set(people.values_list("pk")), set(grants.values_list("pk")))
    assert found == (like_people, like_grants)
    assert like_people or needle in ("khong co", "quach duc dat", "dang thu tram")
    many = SearchName.objects.filter(name__contains=needle).count() > listed
    reads = [q["sql"] for q in captured.captured_queries if "units_searchname" not in q["sql"]]
    assert len(reads) == 2
    for sql in reads:
        assert ("LIKE" in sql) == many
        assert ("= ANY(" in sql) == (not many)


@pytest.mark.django_db(transaction=True)
def test_two_transactions_adding_the_same_new_names_in_opposite_orders_both_commit():
    """The triggers insert a statement's names sorted: a transaction holding "zed a" that then
    adds "zed b" does not deadlock with one adding "zed b" and "zed a" at the same time."""
    unit = UnitFactory(code="xa-zed")
    before = names()
    outcome: dict[str, object] = {}

    def other():
        try:
            with transaction.atomic():
                Person.objects.bulk_create(
                    [Person(full_name=n, unit=unit, gender="male") for n in ("Zed B", "Zed A")]
                )
            outcome["other"] = "committed"
        except Exception as error:  # noqa: BLE001 - the failure is the test's answer
            outcome["other"] = error
        finally:
            connections["default"].close()

    with transaction.atomic():
        PersonFactory(full_name="Zed A", unit=unit)
        thread = threading.Thread(target=other)
        thread.start()
        _wait_until_blocked(thread)
        PersonFactory(full_name="Zed B", unit=unit)
    thread.join(timeout=30)
    assert outcome == {"other": "committed"}
    assert names() - before == {"zed a", "zed b"}
    assert Person.objects.filter(unit=unit).count() == 4


def _wait_until_blocked(thread) -> None:
    """Until another backend waits for a lock (the other transaction's "zed a")."""
    with connections["default"].cursor() as cursor:
        for _ in range(200):
            # The activity view is read once per transaction unless told to read it again.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
            if not thread.is_alive():
                return
            time.sleep(0.05)
    raise AssertionError("the other transaction never waited for the name")
