"""Issue 9 (6) on the nominations' side: a nominee keeps its units by their full labels
("Thôn 1, xã Bình Sơn", "Văn phòng HĐND và UBND, phường Cẩm Thành"), never a bare "Thôn 1"
that every commune has, so the proposal's pages, the Council's agenda and the public
consultation page that read the nominee's snapshot name every unit identifiably; the
snapshots kept before are relabelled by a data migration."""

import importlib
from html import unescape

import pytest
from django.apps import apps
from django.urls import reverse

from awards.models import Award, CommendationKind
from nominations.models import DossierState, Nominee, NomineeOutcome
from nominations.selectors.council import agenda_for_member
from nominations.services.proposals import proposal_create
from tests.factories import PersonFactory, UnitFactory
from tests.factories import nominations as nf
from tests.utils.council import council_members, voting_session
from tests.utils.dossiers import add_nominee

pytestmark = pytest.mark.django_db

relabel = importlib.import_module("nominations.migrations.0010_nominee_full_unit_labels").relabel


@pytest.fixture
def office(province):
    """One of the thirty-eight identical "Văn phòng HĐND và UBND"."""
    return UnitFactory(
        name="Văn phòng HĐND và UBND", code="xa-a-vp", kind="sub_unit", parent=province["unit_a"]
    )


def test_a_nominee_keeps_each_unit_by_its_full_label(dossier, users, province, office, household):
    staff = users["staff_a"]
    clerk = PersonFactory(full_name="Võ Thị Văn", unit=office, position="Văn thư")
    person = add_nominee(dossier, staff, person=clerk)
    village = add_nominee(dossier, staff, collective=province["village_a"], code="TTLDTT")
    team = add_nominee(dossier, staff, collective=office, code="TTLDTT")
    home = add_nominee(dossier, staff, household=household, code="GDVH")
    rows = [
        (n.display_name, n.unit_name)
        for n in Nominee.objects.filter(pk__in=[person.pk, village.pk, team.pk, home.pk]).order_by(
            "sort_order"
        )
    ]
    assert rows == [
        ("Võ Thị Văn", "Văn phòng HĐND và UBND, xã Bình Sơn"),
        ("Thôn 1, xã Bình Sơn", "Xã Bình Sơn"),
        ("Văn phòng HĐND và UBND, xã Bình Sơn", "Xã Bình Sơn"),
        ("Hộ ông/bà Phạm Văn Hộ", "Thôn 1, xã Bình Sơn"),
    ]


def test_the_migration_relabels_bare_snapshots_and_keeps_renamed_ones(dossier, province, office):
    """Snapshots written before (the bare name) take the stored label; a snapshot that no
    longer equals the unit's name (the unit was renamed since) is history and stays."""
    village, person = province["village_a"], province["person_a"]
    bare_collective = nf.nominee(
        dossier=dossier,
        award="TTLDTT",
        collective=village,
        display_name="Thôn 1",
        unit_name="Xã Bình Sơn",
    )
    bare_person = nf.nominee(dossier=dossier, person=person, unit_name="Thôn 1")
    renamed = nf.nominee(
        dossier=dossier,
        award="TTLDTT",
        collective=office,
        display_name="Văn phòng UBND",
        unit_name="Xã Bình Sơn cũ",
    )
    relabel(apps, None)
    assert [
        Nominee.objects.values_list("display_name", "unit_name").get(pk=n.pk)
        for n in (bare_collective, bare_person, renamed)
    ] == [
        ("Thôn 1, xã Bình Sơn", "Xã Bình Sơn"),
        ("Đặng Thùy Trâm", "Thôn 1, xã Bình Sơn"),
        ("Văn phòng UBND", "Xã Bình Sơn cũ"),
    ]


@pytest.fixture
def proposed(dossier, users, province):
    """A person of Thôn 1 and Thôn 1 itself, added on the unit's pages, passed by the
    Council: ready for the secretariat's tờ trình."""
    staff = users["staff_a"]
    nominees = [
        add_nominee(dossier, staff, person=province["person_a"], code="BK_TINH"),
        add_nominee(dossier, staff, collective=province["village_a"], code="BK_TINH"),
    ]
    Nominee.objects.filter(pk__in=[n.pk for n in nominees]).update(outcome=NomineeOutcome.PASSED)
    dossier.__class__.objects.filter(pk=dossier.pk).update(state=DossierState.PROPOSED)
    return Nominee.objects.filter(pk__in=[n.pk for n in nominees]).order_by("sort_order")


def _text(response) -> str:
    return " ".join(unescape(response.content.decode()).split())


def test_the_proposal_pages_name_every_unit_fully(client, users, proposed):
    award = Award.objects.get(code="BK_TINH")
    client.force_login(users["secretariat"])
    query = f"?award={award.pk}&kind={CommendationKind.MERIT}&year={proposed[0].dossier.year}"
    form = _text(client.get(reverse("nominations:proposal_create") + query))
    # Name, position, the nominee's unit, the proposing unit.
    assert "<td>Trưởng thôn</td><td>Thôn 1, xã Bình Sơn</td><td>Xã Bình Sơn</td>" in form
    assert ">Thôn 1, xã Bình Sơn</label></td> <td></td><td>Xã Bình Sơn</td>" in form

    proposal = proposal_create(
        award=award,
        kind=CommendationKind.MERIT,
        year=proposed[0].dossier.year,
        nominees=list(proposed),
        title="Đề nghị tặng Bằng khen",
        reason_text="",
        actor=users["secretariat"],
    )
    page = _text(client.get(reverse("nominations:proposal_detail", args=[proposal.pk])))
    assert "<td>Đặng Thùy Trâm</td><td>Trưởng thôn</td><td>Thôn 1, xã Bình Sơn</td>" in page
    assert "<td>Thôn 1, xã Bình Sơn</td><td></td><td>Xã Bình Sơn</td>" in page
    assert "<td>Thôn 1</td>" not in page


def test_the_councils_agenda_names_the_unit_fully(dossier, users, province):
    person = add_nominee(dossier, users["staff_a"], person=province["person_a"], code="BK_TINH")
    Nominee.objects.filter(pk=person.pk).update(outcome=NomineeOutcome.APPROVED)
    dossier.__class__.objects.filter(pk=dossier.pk).update(state=DossierState.IN_COUNCIL)
    members = council_members(3, existing=[users["council"]])
    session = voting_session(
        actor=users["secretariat"], members=members, nominees=[Nominee.objects.get(pk=person.pk)]
    )
    (item,) = agenda_for_member(session=session, user=members[1])
    assert (item["name"], item["unit"]) == ("Đặng Thùy Trâm", "Thôn 1, xã Bình Sơn")


def test_the_nominee_pages_unit_dropdowns_are_searchable_and_grouped(
    client, users, dossier, office
):
    """The collective on the nominee page and the unit of the quick person form: full
    labels, grouped by commune, with the search widget (their htmx keeps working:
    tests/e2e/test_unit_dropdown_search.py)."""
    client.force_login(users["staff_a"])
    for url in (
        reverse("nominations:nominee_create", args=[dossier.pk]) + "?subject_kind=collective",
        reverse("nominations:nominee_person_create", args=[dossier.pk]),
    ):
        page = unescape(client.get(url).content.decode())
        name = "collective" if "collective" in url else "unit"
        select = page[page.index(f'<select name="{name}"') :]
        select = select[: select.index("</select>")]
        assert 'data-searchable="1"' in select.split(">", 1)[0]
        assert '<optgroup label="Xã Bình Sơn">' in select
        assert ">Văn phòng HĐND và UBND, xã Bình Sơn</option>" in select
        assert ">Thôn 1, xã Bình Sơn</option>" in select
