"""Fixtures of the nominations tests: the catalogue is seeded by migration; a draft dossier,
its people and a dossier ready to submit are built through the services; the public
consultation's calendar, day and situation. Every test of the app keeps its files in a
temporary media root."""

from datetime import date

import pytest

from awards.models import Household, Initiative
from nominations.models import DossierState
from nominations.services import dossiers as services
from notifications.models import Holiday
from tests.factories import PersonFactory
from tests.factories import nominations as nf
from tests.utils.consultation import TUESDAY, approved, at
from tests.utils.dossiers import YEAR, add_nominee, attach, complete, rate
from units.models import Signer

# --- Dossiers built through the services (builders in tests/utils/dossiers.py) -----------


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dossier(province, users):
    return services.dossier_create(
        unit=province["unit_a"],
        year=YEAR,
        kind="CONG_TRANG",
        title="Tờ trình đề nghị khen thưởng tổng kết năm 2025",
        actor=users["staff_a"],
    )


@pytest.fixture
def tram(province):
    return province["person_a"]


@pytest.fixture
def second_person(province):
    return PersonFactory(
        full_name="Lê Văn Bình", unit=province["unit_a"], position="Công chức Tư pháp"
    )


@pytest.fixture
def household(province):
    return Household.objects.create(head_name="Phạm Văn Hộ", unit=province["village_a"])


@pytest.fixture
def ready_dossier(dossier, users, tram):
    """A draft with one eligible nominee (LĐTT, rated HTTNV) and every document."""
    rate(tram)
    add_nominee(dossier, users["staff_a"], person=tram, code="LDTT")
    complete(dossier, users["staff_a"])
    return dossier


@pytest.fixture
def provincial_dossier(dossier, users, tram):
    """A draft on the provincial path (issue 9, point 9): one eligible nominee for the
    provincial chairman's Bằng khen (two consecutive CSTĐCS) and every document. A
    dossier of the unit head's own awards (``ready_dossier``) goes to the unit's council
    instead."""
    from tests.factories.awards import grant

    rate(tram)
    grant("CSTDCS", YEAR - 1, person=tram)
    grant("CSTDCS", YEAR, person=tram)
    add_nominee(dossier, users["staff_a"], person=tram, code="BK_TINH")
    complete(dossier, users["staff_a"])
    return dossier


# --- The public consultation (builders in tests/utils/consultation.py) --------------------


@pytest.fixture
def holidays(db):
    """The seeded calendar of these weeks (the tests do not rely on the seed)."""
    for day, name in (
        (date(2026, 4, 26), "Giỗ Tổ Hùng Vương"),
        (date(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương"),
        (date(2026, 4, 30), "Ngày Chiến thắng"),
        (date(2026, 5, 1), "Ngày Quốc tế lao động"),
    ):
        Holiday.objects.get_or_create(day=day, defaults={"name": name})


@pytest.fixture
def today(time_machine):
    """The tests live on Tuesday 28/4/2026, 9:00 in Vietnam."""
    time_machine.move_to(at(TUESDAY), tick=False)
    return TUESDAY


@pytest.fixture
def situation(province, users):
    """Two dossiers at the consultation stage: unit A's with two nominees (one of them
    the province's person A), unit B's with one."""
    dossier_a = nf.dossier(
        unit=province["unit_a"], created_by=users["staff_a"], state=DossierState.CONSULTATION
    )
    dossier_b = nf.dossier(
        unit=province["unit_b"],
        created_by=users["staff_b"],
        state=DossierState.CONSULTATION,
        title="Tờ trình của phường",
    )
    return {
        "dossier_a": dossier_a,
        "dossier_b": dossier_b,
        "a1": approved(dossier_a, person=province["person_a"]),
        "a2": approved(dossier_a, award="HC_LD_3"),
        "b1": approved(dossier_b, person=province["person_b"]),
    }


# The grassroots path's scene (issue 9, point 9), shared by its test modules.
@pytest.fixture
def chairman_signer(province):
    return Signer.objects.create(
        unit=province["unit_a"], full_name="Phạm Văn Chủ", position="Chủ tịch", sort_order=1
    )


@pytest.fixture
def annual(dossier, users, tram, second_person):
    """Bình Sơn's annual dossier: Trâm for CSTĐCS (HTXSNV, an initiative), Bình for LĐTT."""
    rate(tram, "HTXSNV")
    Initiative.objects.create(
        person=tram, code="SK-01", title="Sáng kiến số hóa hồ sơ", year=YEAR, level="unit"
    )
    rate(second_person)
    cstdcs = add_nominee(dossier, users["staff_a"], person=tram, code="CSTDCS")
    add_nominee(dossier, users["staff_a"], person=second_person, code="LDTT")
    complete(dossier, users["staff_a"])
    attach(dossier, users["staff_a"], "sang_kien", nominee=cstdcs)
    return dossier
