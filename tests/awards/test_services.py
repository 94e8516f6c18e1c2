"""Awards services: cash amounts, subject kinds, quotas, the eligibility service."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from awards import selectors, services
from awards.models import (
    AwardGrant,
    Discipline,
    Initiative,
    MemberStatistics,
    PendingCase,
    Quota,
    TaskRating,
)
from tests.factories import PersonFactory, UnitFactory
from tests.factories.awards import award, grant

pytestmark = pytest.mark.django_db


def test_catalogue_holds_every_engine_code():
    from awards.eligibility import AWARD_CODES

    codes = set(AWARD_CODES) | {"HC_LD_1", "HC_LD_2", "HC_LD_3", "HC_BVTQ_3"}
    assert codes <= set(award_code for award_code in _codes())


def _codes():
    from awards.models import Award

    return Award.objects.values_list("code", flat=True)


@pytest.mark.parametrize(
    ("code", "subject", "expected"),
    [
        ("CSTDCS", "person", 2_340_000),  # 1.0 × 2,340,000
        ("LDTT", "person", 710_000),  # 0.3 × = 702,000, rounded up to the next 10,000
        ("CO_TINH", "unit", 18_720_000),  # 8.0 ×
        ("BK_TINH", "person", 3_510_000),  # 1.5 × (Decree 152/2025 Art 54(1))
    ],
)
def test_cash_amount_from_the_dated_catalogue(code, subject, expected):
    unit = UnitFactory()
    person = PersonFactory(unit=unit)
    made = grant(code, 2025, **({"person": person} if subject == "person" else {"unit": unit}))
    assert made.cash_amount == expected


def test_grant_keeps_names_as_they_were_and_a_random_code():
    person = PersonFactory(full_name="Lê Thị Hoa")
    made = grant("LDTT", 2024, person=person)
    other = grant("LDTT", 2025, person=person)
    assert (made.recipient_name, made.recipient_unit_name) == ("Lê Thị Hoa", person.unit.name)
    assert made.unit_scope == person.unit
    assert len(made.verification_code) == 14 and made.verification_code != other.verification_code


def test_award_for_the_wrong_kind_of_subject_is_refused():
    unit = UnitFactory()
    with pytest.raises(ValidationError) as error:
        grant("LDTT", 2025, unit=unit)
    assert "award" in error.value.message_dict
    assert AwardGrant.objects.count() == 0


def test_quota_is_enforced_over_the_unit_subtree():
    parent = UnitFactory()
    child = UnitFactory(parent=parent)
    Quota.objects.create(unit=parent, award=award("LDTT"), year=2025, limit=2)
    grant("LDTT", 2025, person=PersonFactory(unit=parent))
    grant("LDTT", 2025, person=PersonFactory(unit=child))
    with pytest.raises(ValidationError):
        grant("LDTT", 2025, person=PersonFactory(unit=child))
    grant("LDTT", 2024, person=PersonFactory(unit=child))  # another year is free
    quota = selectors.quota_list(user=_secretariat(), year=2025).get()
    assert (quota.granted, quota.remaining) == (2, 0)


def _secretariat():
    from tests.factories import user_with_role

    return user_with_role("secretariat")


def test_eligibility_input_is_built_from_the_records():
    person = PersonFactory(gender="female")
    for year, rating in [(2023, "HTXSNV"), (2024, "HTXSNV"), (2025, "HTTNV")]:
        TaskRating.objects.create(person=person, year=year, rating=rating)
    for year in (2023, 2024, 2025):
        grant("CSTDCS", year, person=person)
    Initiative.objects.create(
        code="SK-2025-14", title="Số hóa hồ sơ", person=person, year=2025, level="province"
    )
    Discipline.objects.create(
        person=person, level="khien_trach", starts_on=date(2021, 3, 1), ends_on=date(2022, 3, 1)
    )
    PendingCase.objects.create(
        person=person, kind="complaint", opened_on=date(2020, 1, 1), closed_on=date(2020, 2, 1)
    )
    data = selectors.eligibility_input(award="CSTD_TINH", year=2025, person=person)
    assert data == {
        "award": "CSTD_TINH",
        "year": 2025,
        "subject": {"kind": "individual", "gender": "F"},
        "ratings": {"2023": "HTXSNV", "2024": "HTXSNV", "2025": "HTTNV"},
        "titles": [
            {"code": "CSTDCS", "year": 2023, "kind": "CONG_TRANG"},
            {"code": "CSTDCS", "year": 2024, "kind": "CONG_TRANG"},
            {"code": "CSTDCS", "year": 2025, "kind": "CONG_TRANG"},
        ],
        "initiatives": [{"id": "SK-2025-14", "year": 2025, "level": "province", "used_by": None}],
        "discipline": [{"level": "khien_trach", "from": "2021-03-01", "to": "2022-03-01"}],
        "pending": {"investigation": False, "complaint": False},
        "members": None,
        "bloc_rank": None,
    }
    result = services.eligibility_check(award="CSTD_TINH", year=2025, person=person)
    assert result["verdict"] == "eligible"


def test_collective_input_carries_member_statistics():
    unit = UnitFactory()
    MemberStatistics.objects.create(
        unit=unit,
        year=2025,
        total=24,
        ldtt=17,
        completed_tasks=24,
        cstdcs=1,
        disciplined_warning_or_above=0,
    )
    TaskRating.objects.create(unit=unit, year=2025, rating="HTTNV")
    data = selectors.eligibility_input(award="TTLDTT", year=2025, unit=unit)
    assert data["subject"] == {"kind": "collective"}
    assert data["members"]["ldtt"] == 17
    assert services.eligibility_check(award="TTLDTT", year=2025, unit=unit)["verdict"] == "eligible"


def test_open_case_blocks():
    person = PersonFactory()
    TaskRating.objects.create(person=person, year=2025, rating="HTXSNV")
    PendingCase.objects.create(person=person, kind="investigation", opened_on=date(2025, 5, 1))
    result = services.eligibility_check(award="LDTT", year=2025, person=person)
    assert result["verdict"] == "ineligible"
