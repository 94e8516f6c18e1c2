"""The bursts of ``manage.py bench`` (issue 13, point 4), small, through the real gunicorn
under the production settings and Locust: every unit submitting at once with its upload,
every Council member voting at the same second, a public consultation flooded from a few
addresses. Nothing lost, no 5xx, most opinions throttled with the Vietnamese 429 page and
every accepted one stored.

PostgreSQL only (the bench refuses SQLite), on the real clock (the server has no frozen
one: the session is held today and the consultation open today), with committed data
(``transaction=True``) so that gunicorn sees it.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from nominations.models import (
    Attachment,
    BallotReceipt,
    Consultation,
    CouncilSession,
    Dossier,
    DossierState,
    Opinion,
    SessionState,
)
from reports.bench_bursts import MARK, MEMBER_PREFIX
from tests.factories import UnitFactory
from tests.utils.net import free_port
from units.models import Role, RoleAssignment

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.real_clock,
    pytest.mark.django_db(transaction=True),
]


def _rows(out: str) -> dict[str, list[str]]:
    """The bursts table, by step: the cells of each row."""
    rows = {}
    for line in out.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| ") and ":" in cells[0]:
            rows[cells[0]] = cells
    return rows


def test_the_bursts_lose_no_row_and_answer_no_5xx(live_env, province, users):
    for number in range(3):  # five communes in all, each one's dossier submitted at once
        UnitFactory(name=f"Xã Thử {number}", code=f"xa-thu-{number}", parent=province["root"])
    out = StringIO()
    call_command(
        "bench",
        "--port",
        str(free_port()),
        "--workers",
        "2",
        "--pages",
        "",
        "--bursts",
        "all",
        "--burst-units",
        "5",
        "--burst-members",
        "5",
        "--burst-opinions",
        "60",
        "--burst-seconds",
        "60",
        stdout=out,
        stderr=StringIO(),
    )
    text = out.getvalue()
    rows = _rows(text)
    assert "Đợt dồn dập: mất 0 dòng, 0 lỗi 5xx." in text
    # step: requests, accepted, throttled, 5xx, other, p50, p99, expected, found, lost
    for step in ("deadline: upload", "deadline: submit", "vote: ballot", "consultation: opinion"):
        cells = rows[step]
        assert (cells[4], cells[5], cells[10]) == ("0", "0", "mất 0 dòng"), cells
        assert cells[8] == cells[9], cells

    # The deadline: five dossiers, each submitted once, each with its uploaded minutes.
    dossiers = Dossier.objects.filter(title__startswith=MARK, state=DossierState.SUBMITTED)
    assert (dossiers.count(), rows["deadline: submit"][2]) == (5, "5")
    minutes = Attachment.objects.filter(dossier__in=dossiers, document_code="bien_ban")
    assert minutes.count() == 5
    assert all((live_env / a.file.name).stat().st_size == a.size for a in minutes)

    # The vote: the Council filled up to five, every member voted once on every item,
    # the close counted them all; the bench members' seats were given back.
    session = CouncilSession.objects.get(title__startswith=MARK)
    assert (session.state, session.ballots_returned, rows["vote: ballot"][2]) == (
        SessionState.CLOSED,
        5,
        "5",
    )
    assert BallotReceipt.objects.filter(item__session=session).count() == 5 * 3
    assert not RoleAssignment.objects.filter(
        role=Role.COUNCIL_MEMBER, user__username__startswith=MEMBER_PREFIX
    ).exists()

    # The consultation: 60 opinions from two addresses, five an hour each taken.
    opinion = rows["consultation: opinion"]
    consultation = Consultation.objects.get(title__startswith=MARK)
    stored = Opinion.objects.filter(consultation=consultation).count()
    assert (opinion[1], int(opinion[2]) + int(opinion[3])) == ("60", 60)
    assert int(opinion[3]) > int(opinion[2]) > 0
    assert int(opinion[2]) == stored
