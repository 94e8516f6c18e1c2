"""Issue 9, point 9 (H10): a grassroots award (the unit head's or the commune chairman's,
such as Giấy khen) never enters the provincial path: not a candidate for a proposal, not
in a proposal, not in the secretariat's appraisal."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from awards.models import Award, CommendationKind
from nominations.models import DossierState, NomineeOutcome, Proposal
from nominations.selectors.proposals import proposal_candidates, ready_nominees
from nominations.services import appraisal
from nominations.services.proposals import proposal_create
from tests.factories import nominations as nf
from tests.utils.proposals import YEAR, proposed_dossier

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_a_giấy_khen_nominee_is_no_candidate_and_no_proposal_takes_it(province, users):
    dossier = proposed_dossier(province["unit_b"], users["staff_b"])
    gk = nf.nominee(
        dossier=dossier, person=province["person_b"], award="GK", outcome=NomineeOutcome.APPROVED
    )
    assert list(ready_nominees()) == []
    assert proposal_candidates() == []
    with pytest.raises(ValidationError) as error:
        proposal_create(
            award=Award.objects.get(code="GK"),
            kind=CommendationKind.MERIT,
            year=YEAR,
            nominees=[gk],
            title="Đề nghị tặng Giấy khen",
            actor=users["secretariat"],
        )
    assert error.value.messages == [
        "“Giấy khen” do thủ trưởng đơn vị đề nghị quyết định, sau khi Hội đồng Thi đua - "
        "Khen thưởng của đơn vị xét: không trình Chủ tịch UBND tỉnh."
    ]
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("step", ["start", "recheck", "accept"])
def test_the_provincial_appraisal_refuses_a_grassroots_award(province, users, step):
    dossier = nf.dossier(
        unit=province["unit_b"],
        created_by=users["staff_b"],
        year=YEAR,
        state=DossierState.SUBMITTED,
    )
    gk = nf.nominee(dossier=dossier, person=province["person_b"], award="GK")
    actor = users["secretariat"]
    with pytest.raises(ValidationError) as error:
        if step == "start":
            appraisal.appraisal_start(dossier=dossier, actor=actor)
        elif step == "recheck":
            appraisal.appraisal_recheck(dossier=dossier, actor=actor)
        else:
            appraisal.dossier_accept(
                dossier=dossier, decisions={gk.pk: (True, "", False)}, actor=actor
            )
    assert error.value.messages == [
        "Nguyễn Văn An: “Giấy khen” do thủ trưởng đơn vị đề nghị quyết định, sau khi Hội "
        "đồng Thi đua - Khen thưởng của đơn vị xét; không qua thẩm định của tỉnh."
    ]
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED
