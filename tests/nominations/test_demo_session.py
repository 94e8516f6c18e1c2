"""Issue 9 (H10, point 4): the demo's Council session can be voted on in the demo."""

from datetime import date

import pytest
from django.utils import timezone

from nominations.demo import seed_demo_nominations
from nominations.models import CouncilSession, SessionState
from nominations.selectors.council import council_member_ids
from nominations.services import council
from units.demo import seed_demo
from units.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_session_is_held_on_the_seeding_day_and_its_vote_opens(mailoutbox):
    seed_demo(password="tdkt-demo-2026")
    today = timezone.localdate()
    assert seed_demo_nominations(today=today)["sessions"] == 1
    session = CouncilSession.objects.get()
    assert session.held_on == today == date(2026, 6, 9)
    secretariat = User.objects.get(username="secretariat")
    members = council_member_ids()
    council.attendance_record(
        session=session, rows={uid: (True, "") for uid in members}, actor=secretariat
    )
    council.voting_open(session=session, actor=secretariat)
    session.refresh_from_db()
    assert session.state == SessionState.VOTING
    assert session.present_count == len(members) > 0
