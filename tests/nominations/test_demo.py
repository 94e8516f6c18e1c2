"""`make run` gives the demo dossiers at each stage of the path, once."""

from datetime import date

import pytest

from nominations.demo import seed_demo_nominations
from nominations.models import Consultation, CouncilSession, Dossier, DossierState, Opinion
from units.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_work_for_every_role_and_is_made_once(mailoutbox):
    seed_demo(password="tdkt-demo-2026")
    assert seed_demo_nominations(today=date(2026, 11, 25)) == {
        "dossiers": 4,
        "sessions": 1,
        "consultations": 1,
    }
    states = sorted(Dossier.objects.values_list("unit__code", "state"))
    assert states == [
        ("so-noi-vu", DossierState.CONSULTATION),
        ("so-tai-chinh", DossierState.SUBMITTED),
        ("xa-binh-son", DossierState.DRAFT),
        ("xa-binh-son", DossierState.IN_COUNCIL),
    ]
    assert Opinion.objects.get().is_objection
    assert Consultation.objects.get().state == "open"
    session = CouncilSession.objects.get()
    assert session.items.count() == 2
    assert seed_demo_nominations(today=date(2026, 11, 25)) == {}
    assert Dossier.objects.count() == 4
