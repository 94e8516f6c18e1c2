"""Builders of the Council tests: members with the chairman and the secretary, nominees
waiting for the vote, a session on its day (the suite's clock is in June) with its agenda,
attendance and open ballot, and a member's ballot."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from nominations.models import AgendaItem, DossierState, NomineeOutcome
from nominations.services import council as svc
from tests.factories import PersonFactory, user_with_role
from tests.factories import nominations as nf
from units.models import Role, RoleAssignment

AGREE, DISAGREE, ABSTAIN = "agree", "disagree", "abstain"


def council_members(n: int, *, prefix: str = "tv", existing=()) -> list:
    """``n`` current Council members in all (``existing`` ones count); the first is the
    Council's chairman and the last its secretary."""
    members = list(existing)
    for i in range(len(members), n):
        members.append(
            user_with_role(
                Role.COUNCIL_MEMBER, username=f"{prefix}{i:02d}", full_name=f"Thành Viên {i:02d}"
            )
        )
    seats = RoleAssignment.objects.filter(role=Role.COUNCIL_MEMBER)
    seats.filter(user=members[0]).update(council_position="chairman")
    seats.filter(user=members[-1]).update(council_position="secretary")
    return members


def ready_nominee(*, unit, creator, award="BK_TINH", name=None, dossier=None, **fields):
    """A nominee approved after appraisal, waiting for the Council's vote."""
    dossier = dossier or nf.dossier(unit=unit, created_by=creator, state=DossierState.IN_COUNCIL)
    person = PersonFactory(unit=unit, full_name=name or "Nguyễn Thị Thử", position="Chuyên viên")
    fields.setdefault("outcome", NomineeOutcome.APPROVED)
    return nf.nominee(dossier=dossier, award=award, person=person, **fields)


SESSION_DAY = date(2026, 12, 20)
# The ballot opens on the session's day: the builders open it at 08:00 that day.
SESSION_MORNING = datetime(2026, 12, 20, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def scheduled_session(actor, *, title="Phiên họp xét khen thưởng tổng kết năm 2026"):
    return svc.session_create(
        title=title, held_on=SESSION_DAY, place="Phòng họp số 1, UBND tỉnh", actor=actor
    )


def open_on_the_day(session, actor):
    """Open the vote on the session's day (the suite's clock is in June)."""
    with time_machine.travel(SESSION_MORNING, tick=True):
        return svc.voting_open(session=session, actor=actor)


def voting_session(*, actor, members, nominees, present=None, opinions=None):
    """A session with ``nominees`` on its agenda, ``present`` members (all by default)
    marked present, and voting open."""
    session = scheduled_session(actor)
    svc.agenda_set(session=session, nominees=nominees, actor=actor)
    present = members if present is None else present
    opinions = opinions or {}
    svc.attendance_record(
        session=session,
        rows={
            m.pk: (m in present, "" if m in present else opinions.get(m.pk, "")) for m in members
        },
        actor=actor,
    )
    return open_on_the_day(session, actor)


def items_of(session) -> list[AgendaItem]:
    return list(session.items.order_by("position", "id"))


def vote(session, member, *choices):
    items = items_of(session)
    return svc.ballot_cast(
        session=session,
        voter=member,
        choices={item.pk: choice for item, choice in zip(items, choices, strict=True)},
    )
