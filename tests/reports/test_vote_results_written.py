"""Issue 9 (H10, point 3): the tờ trình's vote percentage adds absent members' written
agreements only when the session counted them (``session.written_opinions_counted``,
fixed when the vote closed: ``nominations.services.council.voting_close``)."""

from datetime import date

import pytest

from nominations.models import AgendaItem, CouncilSession, NomineeOutcome, SessionState
from reports.kinds_proposals import ProposalData, vote_results
from tests.factories import nominations as nf
from tests.utils.proposals import proposed_dossier

pytestmark = pytest.mark.django_db


def voted(nominee, users, *, counted, agree=8, written_agree=2):
    session = CouncilSession.objects.create(
        title="Phiên họp",
        held_on=date(2026, 6, 5),
        state=SessionState.CLOSED,
        member_total=11,
        written_opinions_counted=counted,
        created_by=users["secretariat"],
    )
    return AgendaItem.objects.create(
        session=session,
        nominee=nominee,
        agree=agree,
        disagree=1,
        abstain=0,
        written_agree=written_agree,
        written_disagree=0,
        passed=True,
    )


def test_written_agreements_count_only_where_the_session_counted_them(province, users):
    dossier = proposed_dossier(province["unit_a"], users["staff_a"])
    counted = nf.nominee(
        dossier=dossier, person=province["person_a"], outcome=NomineeOutcome.PASSED
    )
    not_counted = nf.nominee(
        dossier=dossier, collective=province["village_a"], outcome=NomineeOutcome.PASSED
    )
    voted(counted, users, counted=True)
    voted(not_counted, users, counted=False)
    results = vote_results(ProposalData(proposal=None, nominees=[counted, not_counted]))
    assert results[counted.pk].cell == "10/11 (90,9%)"
    assert results[not_counted.pk].cell == "8/11 (72,7%)"
