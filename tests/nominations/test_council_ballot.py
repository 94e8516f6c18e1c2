"""The secret ballot under pressure: two members voting at the same moment, one member
submitting twice at the same moment (PostgreSQL, real connections in threads), and an
attempt to trace ballots back to their voters through the models.

Run on PostgreSQL with ``DATABASE_URL=postgres://…``; the concurrency tests are skipped
on SQLite, which has no row locks to race on.
"""

import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, models

from nominations.models import Ballot, BallotReceipt
from nominations.services.council import voting as svc
from tests.utils.council import (
    ABSTAIN,
    AGREE,
    DISAGREE,
    council_members,
    items_of,
    ready_nominee,
    vote,
    voting_session,
)
from units.models import User


def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")


@pytest.fixture
def vote_at_once(monkeypatch):
    """Run ballots in threads, each on its own connection; every thread passes the
    session's lock and then waits for the others, so the receipts are inserted at the
    same moment. Returns each call's result or the ValidationError it raised."""

    def run(calls):
        barrier = threading.Barrier(len(calls), timeout=20)
        original = svc._share_lock

        def share_lock_then_wait(session):
            locked = original(session)
            barrier.wait()
            return locked

        monkeypatch.setattr(svc, "_share_lock", share_lock_then_wait)
        results = [None] * len(calls)

        def worker(index, session, member, choices):
            try:
                results[index] = vote(session, member, *choices)
            except ValidationError as error:
                results[index] = error
            except Exception as error:  # noqa: BLE001 - reported by the assertion
                results[index] = error
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker, args=(i, *call)) for i, call in enumerate(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        return results

    return run


@pytest.fixture
def two_items(province, users):
    secretariat = users["secretariat"]
    members = council_members(5, existing=[users["council"]])
    nominees = [
        ready_nominee(unit=province["unit_a"], creator=users["staff_a"], name="Đỗ Văn Một"),
        ready_nominee(unit=province["unit_b"], creator=users["staff_b"], name="Vũ Thị Hai"),
    ]
    session = voting_session(actor=secretariat, members=members, nominees=nominees)
    return {"session": session, "members": members, "secretariat": secretariat}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_members_voting_at_the_same_moment_are_both_counted_once(two_items, vote_at_once):
    _needs_postgres()
    session, members = two_items["session"], two_items["members"]

    results = vote_at_once(
        [(session, members[0], (AGREE, DISAGREE)), (session, members[1], (AGREE, ABSTAIN))]
    )

    assert results == [2, 2]
    assert BallotReceipt.objects.filter(item__session=session).count() == 4
    svc.voting_close(session=session, actor=two_items["secretariat"])
    counts = [(i.agree, i.disagree, i.abstain) for i in items_of(session)]
    assert counts == [(2, 0, 0), (0, 1, 1)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_member_submitting_twice_at_the_same_moment_votes_once(two_items, vote_at_once):
    _needs_postgres()
    session, member = two_items["session"], two_items["members"][2]

    results = vote_at_once(
        [(session, member, (AGREE, AGREE)), (session, member, (DISAGREE, DISAGREE))]
    )

    successes = [r for r in results if r == 2]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(successes) == 1 and len(refusals) == 1, results
    assert refusals[0].messages == [
        "Bạn đã bỏ phiếu cho Đỗ Văn Một, Vũ Thị Hai. Mỗi lá phiếu chỉ được bỏ một lần."
    ]
    for item in items_of(session):
        assert BallotReceipt.objects.filter(item=item, voter=member).count() == 1
        assert Ballot.objects.filter(item=item).count() == 1
    # One of the two ballots went in whole, never a mix of both.
    assert set(Ballot.objects.values_list("choice", flat=True)) in ({AGREE}, {DISAGREE})


class OpposedOrders:
    """The service's randomness as two ballots at the same moment may draw it: every list
    as given in one thread, reversed in the next."""

    def __init__(self):
        self.threads = []
        self.lock = threading.Lock()

    def shuffle(self, items):
        with self.lock:
            if threading.current_thread() not in self.threads:
                self.threads.append(threading.current_thread())
            position = self.threads.index(threading.current_thread())
        if position % 2:
            items.reverse()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_ballots_of_one_member_never_deadlock_whatever_order_they_draw(
    two_items, vote_at_once, monkeypatch
):
    """Each member sends their ballot twice at the same moment, the two drawing opposite
    orders: one counts, the other is refused with the message, never PostgreSQL's
    "deadlock detected" (CI at 8166597: the receipts went in in a random order)."""
    _needs_postgres()
    session = two_items["session"]
    for member in two_items["members"]:
        monkeypatch.setattr(svc, "_random", OpposedOrders())
        results = vote_at_once(
            [(session, member, (AGREE, AGREE)), (session, member, (DISAGREE, DISAGREE))]
        )
        assert sorted(map(type, results), key=str) == [ValidationError, int], results
        for item in items_of(session):
            assert BallotReceipt.objects.filter(item=item, voter=member).count() == 1
    assert Ballot.objects.count() == 2 * len(two_items["members"])


class Reversed:
    """The service's randomness drawing every list reversed."""

    @staticmethod
    def shuffle(items):
        items.reverse()


def test_every_ballot_inserts_its_receipts_in_the_items_order(two_items, monkeypatch):
    """The lock order that keeps two ballots of one member sent at the same moment from
    deadlocking (above): whatever order the randomness draws, the receipts go in in the
    order of the items' keys (their own keys follow the insertion)."""
    monkeypatch.setattr(svc, "_random", Reversed())
    session, member = two_items["session"], two_items["members"][0]
    vote(session, member, AGREE, DISAGREE)
    inserted = list(
        BallotReceipt.objects.filter(voter=member).order_by("pk").values_list("item_id", flat=True)
    )
    assert inserted == sorted(item.pk for item in items_of(session))
    assert len(inserted) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_posts_of_one_members_ballot_at_once_store_one(two_items, vote_at_once):
    """SECURITY-TESTS.md E1: 50 parallel posts of one member's vote."""
    _needs_postgres()
    session, member = two_items["session"], two_items["members"][3]

    results = vote_at_once([(session, member, (AGREE, DISAGREE))] * 50)

    assert sum(1 for r in results if r == 2) == 1, results
    assert sum(1 for r in results if isinstance(r, ValidationError)) == 49
    for item in items_of(session):
        assert BallotReceipt.objects.filter(item=item, voter=member).count() == 1
        assert Ballot.objects.filter(item=item).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_sequential_second_ballot_is_refused_on_postgres(two_items):
    _needs_postgres()
    session, member = two_items["session"], two_items["members"][0]
    vote(session, member, AGREE, AGREE)
    with pytest.raises(ValidationError) as error:
        vote(session, member, DISAGREE, DISAGREE)
    assert "Bạn đã bỏ phiếu cho" in error.value.messages[0]
    assert sorted(Ballot.objects.values_list("choice", flat=True)) == [AGREE, AGREE]
    assert BallotReceipt.objects.count() == 2


# --- secrecy -------------------------------------------------------------------------------

# Nine members, three nominees: each member's choices differ from every other's, and no
# nominee's column is sorted, so any recovered order would show.
PATTERN = [
    (DISAGREE, AGREE, ABSTAIN),
    (AGREE, ABSTAIN, DISAGREE),
    (ABSTAIN, DISAGREE, AGREE),
    (AGREE, AGREE, AGREE),
    (DISAGREE, DISAGREE, ABSTAIN),
    (AGREE, ABSTAIN, ABSTAIN),
    (ABSTAIN, AGREE, DISAGREE),
    (AGREE, DISAGREE, DISAGREE),
    (DISAGREE, ABSTAIN, AGREE),
]


def _recovered(receipts_by_item: dict, ballots_by_item: dict, voters: list) -> dict:
    """Pair the n-th receipt with the n-th ballot of each item: voter → choices."""
    guess = {voter: [] for voter in voters}
    for item_id, receipts in receipts_by_item.items():
        for voter_id, choice in zip(receipts, ballots_by_item[item_id], strict=True):
            guess[voter_id].append(choice)
    return {voter: tuple(choices) for voter, choices in guess.items()}


@pytest.mark.django_db(transaction=True)
def test_no_ballot_can_be_traced_to_its_voter(province, users):
    secretariat = users["secretariat"]
    members = council_members(9, existing=[users["council"]])
    nominees = [
        ready_nominee(unit=province["unit_a"], creator=users["staff_a"], name=f"Người {n}")
        for n in ("Một", "Hai", "Ba")
    ]
    session = voting_session(actor=secretariat, members=members, nominees=nominees)
    truth = {}
    for member, choices in zip(members, PATTERN, strict=True):
        vote(session, member, *choices)
        truth[member.pk] = choices
    svc.voting_close(session=session, actor=secretariat)
    items = [item.pk for item in items_of(session)]
    voters = [m.pk for m in members]

    # 1. Nothing on a ballot names a person or a time, and its key is random.
    for field in Ballot._meta.get_fields():
        assert not (field.is_relation and field.related_model is User), field.name
        assert not isinstance(field, models.DateField | models.TimeField), field.name
    assert set(f.name for f in Ballot._meta.concrete_fields) == {"id", "item", "choice"}
    assert isinstance(Ballot._meta.pk, models.UUIDField)
    assert Ballot._meta.pk.default is uuid.uuid4
    assert {b.version for b in Ballot.objects.values_list("id", flat=True)} == {4}
    # The receipts say who voted, with no time either.
    assert set(f.name for f in BallotReceipt._meta.concrete_fields) == {"id", "item", "voter"}

    # 2. Joining on the one shared field pairs every voter with every ballot of the item.
    for item_id in items:
        pairs = BallotReceipt.objects.filter(item_id=item_id).values_list("voter_id").count()
        assert pairs * Ballot.objects.filter(item_id=item_id).count() == 81

    # 3. The receipts' order (voting order) against the ballots in every order the model
    # offers: by key, by item then key, by choice, by the database's natural order.
    receipts = {
        item_id: list(
            BallotReceipt.objects.filter(item_id=item_id)
            .order_by("pk")
            .values_list("voter_id", flat=True)
        )
        for item_id in items
    }
    assert receipts[items[0]] == voters  # the receipts do keep the voting order
    orderings = {
        "pk": ("pk",),
        "-pk": ("-pk",),
        "item, pk": ("item", "pk"),
        "choice": ("choice", "pk"),
        "natural": (),
    }
    for label, ordering in orderings.items():
        ballots = {
            item_id: list(
                Ballot.objects.filter(item_id=item_id)
                .order_by(*ordering)
                .values_list("choice", flat=True)
            )
            for item_id in items
        }
        assert _recovered(receipts, ballots, voters) != truth, label

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # 4. The physical order of the rows (ctid) does not follow the voting order.
            cursor.execute(
                "SELECT item_id, choice FROM nominations_ballot WHERE item_id = ANY(%s) "
                "ORDER BY ctid",
                [items],
            )
            physical = {item_id: [] for item_id in items}
            for item_id, choice in cursor.fetchall():
                physical[item_id].append(choice)
            assert _recovered(receipts, physical, voters) != truth
            # 5. The transaction that wrote each ballot (xmin) is the close, the same for
            # all of them, and none of the voting transactions that wrote the receipts.
            cursor.execute(
                "SELECT DISTINCT xmin::text FROM nominations_ballot WHERE item_id = ANY(%s)",
                [items],
            )
            ballot_xmins = {row[0] for row in cursor.fetchall()}
            cursor.execute(
                "SELECT DISTINCT xmin::text FROM nominations_ballotreceipt WHERE item_id = ANY(%s)",
                [items],
            )
            receipt_xmins = {row[0] for row in cursor.fetchall()}
            assert len(ballot_xmins) == 1
            assert len(receipt_xmins) == 9
            assert ballot_xmins.isdisjoint(receipt_xmins)

    # The count is still right.
    counts = [(i.agree, i.disagree, i.abstain) for i in items_of(session)]
    expected = [
        tuple(sum(1 for row in PATTERN if row[k] == c) for c in (AGREE, DISAGREE, ABSTAIN))
        for k in range(3)
    ]
    assert counts == expected
