"""Reads of Council sessions: the agenda's candidates, the sessions a user may see, what a
member sees of an agenda, which items a member has voted on, the absent members' written
opinions, and the dossiers on a session's agenda.

A member reads, read-only, each dossier on the agenda of a session they sit in (the
nominees on that agenda, their reports, the attachments, the appraisal and the public
consultation), and no other dossier.
"""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from units.models import Role, User
from units.selectors import council_roster, roles_of

from ..models import (
    AgendaItem,
    Attachment,
    Attendance,
    BallotReceipt,
    Consultation,
    CouncilSession,
    Dossier,
    DossierState,
    Nominee,
    NomineeOutcome,
    Opinion,
    OpinionStatus,
    SessionState,
    WrittenOpinion,
    WrittenOpinionSheet,
)
from .consultation import nominees_blocked_by_objection

OPEN_SESSION_STATES = (SessionState.SCHEDULED, SessionState.VOTING)


def council_member_ids(*, today=None) -> set[int]:
    """The users who are members of the Council today (``council_roster``, current term)."""
    today = today or timezone.localdate()
    return {seat.user_id for seat in council_roster() if seat.is_current(today)}


def is_current_member(user: User) -> bool:
    return roles_of(user).has(Role.COUNCIL_MEMBER)


def agenda_candidates(*, session: CouncilSession | None = None) -> QuerySet[Nominee]:
    """Nominees the Council may vote on: approved, needing a vote, past any consultation,
    not blocked by an objection, of a dossier before the Council, and on no other session
    that is scheduled or voting or has counted them. With ``session``, the nominees already
    on that session's agenda count as candidates of it."""
    taken = AgendaItem.objects.filter(
        Q(session__state__in=OPEN_SESSION_STATES) | Q(passed__isnull=False)
    )
    if session is not None:
        taken = taken.exclude(session=session)
    nominees = (
        Nominee.objects.filter(
            outcome=NomineeOutcome.APPROVED,
            dossier__state=DossierState.IN_COUNCIL,
            dossier__simplified=False,
        )
        .exclude(award__council_vote="none")
        .filter(Q(needs_consultation=False) | Q(consultation_done=True))
        .exclude(pk__in=taken.values("nominee_id"))
        .select_related("award", "dossier", "dossier__unit")
        .order_by("award__sort_order", "dossier__unit__path", "sort_order", "id")
    )
    blocked = nominees_blocked_by_objection(nominees.values_list("pk", flat=True))
    return nominees.exclude(pk__in=blocked) if blocked else nominees


def session_list_visible(*, user: User) -> QuerySet[CouncilSession]:
    """Sessions the user may see: every one for the secretariat and the chairman; for a
    Council member the sessions they belong to (those not yet closed, the Council's
    current members being their members, and those whose attendance lists them); none
    for anyone else."""
    roles = roles_of(user)
    sessions = CouncilSession.objects.all()
    if roles.has(Role.SECRETARIAT, Role.CHAIRMAN):
        return sessions
    if roles.has(Role.COUNCIL_MEMBER):
        listed = Attendance.objects.filter(member=user).values("session_id")
        return sessions.filter(Q(state=SessionState.SCHEDULED) | Q(pk__in=listed))
    return sessions.none()


def session_items(*, session: CouncilSession) -> QuerySet[AgendaItem]:
    return session.items.select_related(
        "nominee",
        "nominee__award",
        "nominee__dossier",
        "nominee__dossier__unit",
        "nominee__person__unit",
        "nominee__collective__parent",
        "nominee__household__unit",
    ).order_by("position", "id")


def agenda_for_member(*, session: CouncilSession, user: User) -> list[dict]:
    """What a member sees of a session's agenda: for each item the nominee's name,
    position, unit, award, short summary and the verdicts; never the dossier."""
    if not session_list_visible(user=user).filter(pk=session.pk).exists():
        return []
    items = session.items.select_related("nominee", "nominee__award").order_by("position", "id")
    return [
        {
            "item_id": item.pk,
            "dossier_id": item.nominee.dossier_id,
            "position": index,
            "name": item.nominee.display_name,
            "job": item.nominee.position,
            "unit": item.nominee.unit_name,
            "award": item.nominee.award.name,
            "summary": item.nominee.achievement_summary,
            "eligibility": item.nominee.get_eligibility_status_display(),
            "appraisal": item.nominee.get_appraisal_status_display(),
            "votes_needed": item.votes_needed,
            "agree": item.agree,
            "disagree": item.disagree,
            "abstain": item.abstain,
            "written_agree": item.written_agree,
            "written_disagree": item.written_disagree,
            "agree_total": (item.agree or 0)
            + ((item.written_agree or 0) if session.written_opinions_counted else 0),
            "passed": item.passed,
        }
        for index, item in enumerate(items, start=1)
    ]


def attendance_of(*, session: CouncilSession) -> QuerySet[Attendance]:
    return session.attendance.select_related("member").order_by("member__full_name", "id")


def attendance_rows(*, session: CouncilSession) -> list[dict]:
    """One row per member for the attendance form: the Council's current members while
    the session is scheduled, the recorded attendance once voting has opened."""
    recorded = {a.member_id: a for a in attendance_of(session=session)}
    if session.state != SessionState.SCHEDULED:
        return [
            {"member": a.member, "present": a.present, "written_opinion": a.written_opinion}
            for a in recorded.values()
        ]
    today = timezone.localdate()
    rows = []
    for seat in council_roster():
        if not seat.is_current(today):
            continue
        row = recorded.get(seat.user_id)
        rows.append(
            {
                "member": seat.user,
                "seat": seat,
                "present": row.present if row else False,
                "written_opinion": row.written_opinion if row else "",
            }
        )
    return rows


def is_present(*, session: CouncilSession, user: User) -> bool:
    return Attendance.objects.filter(session=session, member=user, present=True).exists()


def ballot_status(*, session: CouncilSession, user: User) -> dict:
    """Which of the session's items the member has voted on, read from the receipts
    only (never the ballots): ``{"voted": {item ids}, "total": n, "done": bool}``."""
    voted = set(
        BallotReceipt.objects.filter(item__session=session, voter=user).values_list(
            "item_id", flat=True
        )
    )
    total = session.items.count()
    return {"voted": voted, "total": total, "done": total > 0 and len(voted) >= total}


# --- Written opinions of absent members ---------------------------------------------------


def opinion_sheets(*, session: CouncilSession) -> list[WrittenOpinionSheet]:
    """The session's written opinions, each with its answers in agenda order."""
    return list(
        WrittenOpinionSheet.objects.filter(session=session)
        .select_related("member", "recorded_by")
        .prefetch_related(
            Prefetch(
                "opinions",
                queryset=WrittenOpinion.objects.select_related("item__nominee").order_by(
                    "item__position", "item_id"
                ),
            )
        )
        .order_by("member__full_name", "id")
    )


def opinion_givers(*, session: CouncilSession) -> QuerySet[User]:
    """Members who may still give a written opinion: current members not recorded present
    (once voting is open: recorded absent) and with none recorded yet."""
    if session.state == SessionState.CLOSED:
        return User.objects.none()
    given = WrittenOpinionSheet.objects.filter(session=session).values("member_id")
    if session.state == SessionState.VOTING:
        absent = Attendance.objects.filter(session=session, present=False).values("member_id")
        members = User.objects.filter(pk__in=absent)
    else:
        present = Attendance.objects.filter(session=session, present=True).values("member_id")
        members = User.objects.filter(pk__in=council_member_ids()).exclude(pk__in=present)
    return members.exclude(pk__in=given).order_by("full_name", "id")


def present_members(*, session: CouncilSession) -> QuerySet[User]:
    present = Attendance.objects.filter(session=session, present=True).values("member_id")
    return User.objects.filter(pk__in=present).order_by("full_name", "id")


# --- Dossiers on the agenda (read-only for the members) -----------------------------------


def session_dossiers(*, session: CouncilSession) -> QuerySet[Dossier]:
    """The dossiers with a nominee on the session's agenda."""
    return (
        Dossier.objects.filter(nominees__agenda_items__session=session)
        .select_related("unit")
        .distinct()
        .order_by("unit__path", "id")
    )


def session_dossier(*, session: CouncilSession, user: User, dossier_id: int) -> dict | None:
    """A dossier on the agenda of a session the user may see, read-only: the nominees on
    that agenda (report, verdicts, appraisal outcome, consultation result) and the
    dossier's attachments for them; None for any other dossier."""
    if not session_list_visible(user=user).filter(pk=session.pk).exists():
        return None
    dossier = session_dossiers(session=session).filter(pk=dossier_id).first()
    if dossier is None:
        return None
    on_agenda = session.items.filter(nominee__dossier=dossier).values("nominee_id")
    nominees = list(
        Nominee.objects.filter(pk__in=on_agenda)
        .select_related("award")
        .prefetch_related(
            Prefetch(
                "consultations",
                queryset=Consultation.objects.order_by("opens_on", "id"),
            ),
            Prefetch(
                "opinions",
                queryset=Opinion.objects.filter(is_objection=True)
                .exclude(status=OpinionStatus.SPAM)
                .order_by("received_at", "id"),
                to_attr="objections",
            ),
            Prefetch(
                "attachments",
                queryset=Attachment.objects.order_by("document_code", "id"),
                to_attr="own_attachments",
            ),
        )
        .order_by("sort_order", "id")
    )
    opinion_counts: dict[int, int] = {}
    for nominee_id in Opinion.objects.filter(nominee__in=nominees).values_list(
        "nominee_id", flat=True
    ):
        opinion_counts[nominee_id] = opinion_counts.get(nominee_id, 0) + 1
    for nominee in nominees:
        nominee.opinion_count = opinion_counts.get(nominee.pk, 0)
    return {
        "dossier": dossier,
        "nominees": nominees,
        "attachments": list(
            Attachment.objects.filter(dossier=dossier, nominee__isnull=True).order_by(
                "document_code", "id"
            )
        ),
    }


def session_attachment(*, session: CouncilSession, user: User, pk: int) -> Attachment | None:
    """An attachment of a dossier on the session's agenda (the dossier's own, or of a
    nominee on the agenda) for a user who may see the session; None otherwise."""
    if not session_list_visible(user=user).filter(pk=session.pk).exists():
        return None
    on_agenda = session.items.values("nominee_id")
    return (
        Attachment.objects.filter(pk=pk, dossier__in=session_dossiers(session=session))
        .filter(Q(nominee__isnull=True) | Q(nominee__in=on_agenda))
        .first()
    )


def session_nominee(*, session: CouncilSession, user: User, pk: int) -> Nominee | None:
    """A nominee on the session's agenda, for a user who may see the session."""
    if not session_list_visible(user=user).filter(pk=session.pk).exists():
        return None
    return Nominee.objects.filter(pk=pk, agenda_items__session=session).first()
