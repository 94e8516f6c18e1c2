"""Permission matrix of the grassroots pages (issue 9, point 9): the deciding unit's staff
read, its head reviews and decides, its staff issue; everyone else gets 404 and nothing
changes (SECURITY-TESTS B1, B2)."""

from datetime import date

import pytest
from django.urls import reverse

from nominations.models import Dossier, DossierState, UnitDecision
from tests.utils.clients import ROLES, client_for
from tests.utils.dossiers import add_nominee, complete, rate

pytestmark = pytest.mark.django_db

ROUTES = (
    "nominations:grassroots_list",
    "nominations:grassroots_detail",
    "nominations:grassroots_review",
    "nominations:grassroots_approve",
    "nominations:grassroots_return",
    "nominations:grassroots_reject",
    "nominations:grassroots_issue",
)

OUTSIDERS = {"anonymous": 302, "staff_b": 404, "secretariat": 404, "council": 404, "chairman": 404}

# (route, method, expected status per role); None: the route's own answer is checked below.
MATRIX = [
    ("nominations:grassroots_detail", "get", {**OUTSIDERS, "staff_a": 200, "head_a": 200}),
    ("nominations:grassroots_review", "post", {**OUTSIDERS, "staff_a": 404, "head_a": 400}),
    ("nominations:grassroots_approve", "post", {**OUTSIDERS, "staff_a": 404, "head_a": 302}),
    ("nominations:grassroots_return", "post", {**OUTSIDERS, "staff_a": 404, "head_a": 400}),
    ("nominations:grassroots_reject", "post", {**OUTSIDERS, "staff_a": 404, "head_a": 400}),
]


@pytest.fixture
def waiting(dossier, users, tram):
    """Bình Sơn's dossier for LĐTT, submitted by its head: it waits for the unit council."""
    from nominations.services import dossiers as services

    rate(tram)
    add_nominee(dossier, users["staff_a"], person=tram, code="LDTT")
    complete(dossier, users["staff_a"])
    services.dossier_submit(dossier=dossier, actor=users["head_a"])
    dossier.refresh_from_db()
    assert dossier.state == DossierState.UNIT_REVIEW
    return dossier


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_grassroots_matrix(client, users, waiting, role, name, method, expected):
    before = (waiting.state, waiting.version)
    response = getattr(client_for(client, users, role), method)(
        reverse(name, args=[waiting.pk]), {}
    )
    assert response.status_code == expected[role]
    waiting.refresh_from_db()
    # Empty posts change nothing, whoever sends them (the head gets the form's errors).
    assert (waiting.state, waiting.version) == before
    if expected[role] == 404:
        assert waiting.title not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_grassroots_list_shows_only_the_readers_units(client, users, waiting, role):
    response = client_for(client, users, role).get(reverse("nominations:grassroots_list"))
    # Everyone who reads dossier lists gets the page; only the unit's people see its work.
    expected = {**OUTSIDERS, "staff_b": 200, "staff_a": 200, "head_a": 200}
    expected |= {"secretariat": 200, "chairman": 200}
    assert response.status_code == expected[role]
    shown = waiting.title in response.content.decode()
    assert shown == (role in {"staff_a", "head_a"})


@pytest.mark.parametrize("role", ROLES)
def test_grassroots_issue_matrix(client, users, waiting, role):
    """Only the deciding unit's staff (and head) may issue its decision; an empty post is
    refused beside the fields (400) and issues nothing."""
    from nominations.services import grassroots

    tram = waiting.nominees.get()
    grassroots.unit_review_record(
        dossier=waiting,
        actor=users["head_a"],
        held_on=date(2026, 6, 8),
        members_total=3,
        present_names="A\nB\nC",
        notes="",
        results={tram.pk: {"approved": True, "note": ""}},
    )
    (decision,) = grassroots.unit_decision_approve(dossier=waiting, actor=users["head_a"])
    response = client_for(client, users, role).post(
        reverse("nominations:grassroots_issue", args=[decision.pk]), {}
    )
    expected = {**OUTSIDERS, "staff_a": 400, "head_a": 400}  # 400: the form's errors
    assert response.status_code == expected[role]
    decision.refresh_from_db()
    assert decision.register_id is None
    assert Dossier.objects.get(pk=waiting.pk).state == DossierState.UNIT_APPROVED
    assert UnitDecision.objects.filter(register__isnull=False).count() == 0
