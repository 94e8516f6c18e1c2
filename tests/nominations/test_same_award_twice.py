"""The same person nominated twice for the same award and year by the same unit
(issue 9, 13): a conflict shown in appraisal, and refused at submission."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from nominations.models import DossierState
from nominations.selectors.appraisal import ConflictKind, dossier_conflicts
from nominations.services import dossiers as services
from tests.factories import nominations as nf
from tests.utils.dossiers import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def first(province, users):
    """A standing dossier of unit A proposing Đặng Thùy Trâm for LĐTT."""
    earlier = nf.dossier(
        unit=province["unit_a"],
        created_by=users["staff_a"],
        year=YEAR,
        state=DossierState.SUBMITTED,
        title="Tờ trình đợt 1",
        received_on=date(2026, 6, 1),
    )
    nf.nominee(dossier=earlier, award="LDTT", person=province["person_a"])
    return earlier


def test_appraisal_shows_the_same_award_twice_by_the_same_unit(first, ready_dossier, users):
    ready_dossier.state = DossierState.SUBMITTED
    ready_dossier.save()

    findings = dossier_conflicts(dossier=ready_dossier)

    assert [(f.kind, f.nominee.display_name, f.other_dossier) for f in findings] == [
        (ConflictKind.SAME_AWARD_TWICE, "Đặng Thùy Trâm", first)
    ]
    assert findings[0].label == "Đề nghị trùng: cùng khen thưởng, cùng năm"
    assert findings[0].message == (
        f"Đặng Thùy Trâm cũng được chính đơn vị này đề nghị Lao động tiên tiến năm {YEAR}"
        " ở hồ sơ “Tờ trình đợt 1”."
    )


def test_another_award_or_a_dead_dossier_is_no_such_conflict(first, ready_dossier):
    first.state = DossierState.WITHDRAWN
    first.save()
    assert dossier_conflicts(dossier=ready_dossier) == []


def test_submission_is_refused_while_another_dossier_of_the_unit_holds_it(
    first, ready_dossier, users
):
    with pytest.raises(ValidationError) as error:
        services.dossier_submit(dossier=ready_dossier, actor=users["head_a"])
    assert error.value.messages == [
        f"Đặng Thùy Trâm đã được đề nghị “Lao động tiên tiến” năm {YEAR} ở hồ sơ"
        " “Tờ trình đợt 1” của đơn vị này."
    ]
    ready_dossier.refresh_from_db()
    assert ready_dossier.state == DossierState.DRAFT


def test_submission_goes_through_once_the_other_is_withdrawn(first, ready_dossier, users):
    first.state = DossierState.WITHDRAWN
    first.save()
    services.dossier_submit(dossier=ready_dossier, actor=users["head_a"])
    ready_dossier.refresh_from_db()
    # LĐTT is the unit head's award: before the unit's own council (issue 9, point 9).
    assert ready_dossier.state == DossierState.UNIT_REVIEW
