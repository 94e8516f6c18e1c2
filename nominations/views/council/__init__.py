"""Pages of Council sessions: the list, scheduling, the session (agenda, attendance,
absent members' written opinions, voting, the record of the meeting, results, minutes),
the member's secret ballot and the dossiers on the agenda.

The secretariat manages; the chairman and the Council's members read the sessions they
may see (a member: those they belong to) and, read-only, the dossiers on their agendas,
no other dossier. A session or dossier the user may not see answers 404. Every
irreversible step (opening and closing the vote, casting a ballot, removing a written
opinion) is confirmed in a dialog first.

The pages live in two modules: :mod:`.sessions` (the session and its agenda's dossiers)
and :mod:`.voting` (the vote and the written opinions); the URLs of both are here.
"""

from django.urls import path

from .sessions import (
    session_agenda,
    session_attachment,
    session_attendance,
    session_create,
    session_detail,
    session_dossier,
    session_list,
    session_record,
    session_report,
    session_update,
)
from .voting import (
    session_close,
    session_open,
    session_opinion_add,
    session_opinion_paper,
    session_opinion_remove,
    session_vote,
)

urlpatterns = [
    path("hoi-dong/phien-hop/", session_list, name="session_list"),
    path("hoi-dong/phien-hop/them/", session_create, name="session_create"),
    path("hoi-dong/phien-hop/<int:pk>/", session_detail, name="session_detail"),
    path("hoi-dong/phien-hop/<int:pk>/chuong-trinh/", session_agenda, name="session_agenda"),
    path("hoi-dong/phien-hop/<int:pk>/diem-danh/", session_attendance, name="session_attendance"),
    path("hoi-dong/phien-hop/<int:pk>/mo-bo-phieu/", session_open, name="session_open"),
    path("hoi-dong/phien-hop/<int:pk>/ket-thuc/", session_close, name="session_close"),
    path("hoi-dong/phien-hop/<int:pk>/bo-phieu/", session_vote, name="session_vote"),
    path("hoi-dong/phien-hop/<int:pk>/sua/", session_update, name="session_update"),
    path("hoi-dong/phien-hop/<int:pk>/bien-ban/", session_record, name="session_record"),
    path(
        "hoi-dong/phien-hop/<int:pk>/y-kien-bang-van-ban/them/",
        session_opinion_add,
        name="session_opinion_add",
    ),
    path(
        "hoi-dong/phien-hop/<int:pk>/y-kien-bang-van-ban/<int:sheet_pk>/xoa/",
        session_opinion_remove,
        name="session_opinion_remove",
    ),
    path(
        "hoi-dong/phien-hop/<int:pk>/y-kien-bang-van-ban/<int:sheet_pk>/tep/",
        session_opinion_paper,
        name="session_opinion_paper",
    ),
    path(
        "hoi-dong/phien-hop/<int:pk>/ho-so/<int:dossier_pk>/",
        session_dossier,
        name="session_dossier",
    ),
    path(
        "hoi-dong/phien-hop/<int:pk>/tep/<int:attachment_pk>/",
        session_attachment,
        name="session_attachment",
    ),
    path(
        "hoi-dong/phien-hop/<int:pk>/bao-cao/<int:nominee_pk>/",
        session_report,
        name="session_report",
    ),
]

__all__ = [
    "urlpatterns",
    "session_agenda",
    "session_attachment",
    "session_attendance",
    "session_close",
    "session_create",
    "session_detail",
    "session_dossier",
    "session_list",
    "session_open",
    "session_opinion_add",
    "session_opinion_paper",
    "session_opinion_remove",
    "session_record",
    "session_report",
    "session_update",
    "session_vote",
]
