"""Report kinds of Council sessions: the minutes (biên bản) of a vote.

The minutes of a closed session: the Council's header (Decree 30), the place, date and
hours, the membership, who was present, the secretary actually present (an acting one
when the Council's secretary is absent), the absent members with their written opinions,
the counting committee, the ballots issued, returned and valid, a table of the results
per nominee (secret ballots and written opinions apart), and the signatures of the
chairman and the secretary.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nominations.models import CouncilSession, SessionState
from nominations.selectors.council import (
    attendance_of,
    opinion_sheets,
    session_items,
    session_list_visible,
)
from units.models import RoleAssignment

from .documents import (
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
    render_pdf,
)
from .kinds import COUNCIL_BODY, PROVINCE_BODY, ReportKind, register
from .kinds_proposals import subject_name, subject_unit

SECRETARY_TITLE = "THƯ KÝ HỘI ĐỒNG"
ACTING_SECRETARY_TITLE = "THƯ KÝ PHIÊN HỌP"
CHAIRMAN_TITLE = "CHỦ TỊCH HỘI ĐỒNG"


def _minutes_session(user, object_id) -> CouncilSession | None:
    if object_id is None:
        return None
    return session_list_visible(user=user).filter(pk=object_id, state=SessionState.CLOSED).first()


def can_have_minutes(user, object_id) -> bool:
    """The session exists, is closed, and the user may see it."""
    return _minutes_session(user, object_id) is not None


def _count(n: int) -> str:
    return f"{n:02d}" if n < 10 else str(n)


def _signers(member_ids: set[int]) -> tuple[str, str]:
    """The chairman's and the secretary's names among the session's members (as seated
    in the Council's roster); empty when the seat was not filled at the session."""
    seats = RoleAssignment.objects.filter(
        user_id__in=member_ids, council_position__in=("chairman", "secretary")
    ).select_related("user")
    chairman = next((s.user.get_full_name() for s in seats if s.council_position == "chairman"), "")
    secretary = next(
        (s.user.get_full_name() for s in seats if s.council_position == "secretary"), ""
    )
    return chairman, secretary


def _clock(value) -> str:
    return f"{value:%H} giờ {value:%M}"


def _session_hours(session: CouncilSession) -> tuple[str, str]:
    """The start and end time as recorded, else the opening and closing of the vote."""
    start = session.started_at or (
        timezone.localtime(session.voting_opened_at).time() if session.voting_opened_at else None
    )
    end = session.ended_at or (
        timezone.localtime(session.closed_at).time() if session.closed_at else None
    )
    return (_clock(start) if start else "", _clock(end) if end else "")


def minutes_document(session: CouncilSession) -> tuple[OfficialDocument, str]:
    """The minutes as an OfficialDocument, and the secretary's name (signed on the left):
    the secretary actually present (an acting secretary when the Council's is absent),
    the hours, the counting committee, the ballots issued, returned and valid, and the
    absent members' written opinions with whether they were counted."""
    attendance = list(attendance_of(session=session))
    present = [a for a in attendance if a.present]
    absent = [a for a in attendance if not a.present]
    items = list(session_items(session=session))
    sheets = opinion_sheets(session=session)
    by_member = {sheet.member_id: sheet for sheet in sheets}
    chairman, council_secretary = _signers({a.member_id for a in attendance})
    # The secretary actually present: as recorded, else the Council's if present.
    present_secretary = _signers({a.member_id for a in present})[1]
    secretary = session.secretary.get_full_name() if session.secretary_id else present_secretary
    acting = bool(session.secretary_id) and secretary != council_secretary
    committee = [u.get_full_name() for u in session.counting_committee.order_by("full_name")]
    counted = bool(session.written_opinions_counted)
    passed = sum(1 for item in items if item.passed)
    start, end = _session_hours(session)
    blocks: list = [
        Paragraph(
            "Hôm nay, "
            + (f"vào lúc {start}, " if start else "")
            + f"ngày {session.held_on:%d/%m/%Y}"
            + (f", tại {session.place}" if session.place else "")
            + ", Hội đồng Thi đua - Khen thưởng tỉnh họp xét khen thưởng"
            f" ({session.title}).",
        ),
        Heading("I. THÀNH PHẦN"),
        Paragraph(
            f"Tổng số thành viên Hội đồng: {_count(session.member_total)}; có mặt: "
            f"{_count(len(present))}; vắng mặt: {_count(len(absent))}. Số thành viên tối "
            f"thiểu phải có mặt: {_count(session.quorum_needed)}; phiên họp đủ điều kiện "
            "biểu quyết."
        ),
        Paragraph(
            "Chủ trì: "
            + (chairman or "Chủ tịch Hội đồng")
            + ". Thư ký: "
            + (secretary or "Thư ký Hội đồng")
            + (
                f" (thư ký phiên họp, thay Thư ký Hội đồng {council_secretary} vắng mặt)"
                if acting and council_secretary
                else ""
            )
            + "."
        ),
        Table(
            headers=("STT", "Thành viên có mặt"),
            rows=tuple((str(i), a.member.get_full_name()) for i, a in enumerate(present, 1)),
            widths=(10, 90),
        ),
    ]
    if absent:
        blocks.append(Paragraph("Thành viên vắng mặt:", bold=True))
        blocks.append(
            Table(
                headers=("STT", "Thành viên vắng mặt", "Ý kiến bằng văn bản"),
                rows=tuple(
                    (
                        str(i),
                        a.member.get_full_name()
                        + (f" ({a.written_opinion})" if a.written_opinion else ""),
                        _sheet_text(by_member.get(a.member_id)),
                    )
                    for i, a in enumerate(absent, 1)
                ),
                widths=(8, 37, 55),
            )
        )
    blocks += [
        Heading("II. KẾT QUẢ BỎ PHIẾU KÍN"),
        Paragraph(
            "Ban kiểm phiếu gồm: "
            + (", ".join(committee) if committee else "(không ghi nhận)")
            + "."
        ),
        Paragraph(
            f"Số phiếu phát ra: {_count(session.ballots_issued)}; số phiếu thu về: "
            f"{_count(session.ballots_returned)}; số phiếu hợp lệ: "
            f"{_count(session.ballots_valid)}; số phiếu không hợp lệ: "
            f"{_count(session.ballots_returned - session.ballots_valid)}."
        ),
        Paragraph(
            "Hội đồng đã xem xét hồ sơ của "
            f"{_count(len(items))} trường hợp và biểu quyết bằng phiếu kín. Tỷ lệ phiếu đồng ý "
            "được tính trên tổng số thành viên Hội đồng"
            + (
                (
                    f"; ý kiến bằng văn bản của {_count(len(sheets))} thành viên vắng mặt "
                    "được tính vào kết quả"
                    if counted
                    else f"; ý kiến bằng văn bản của {_count(len(sheets))} thành viên vắng mặt "
                    "được ghi nhận, không tính vào kết quả"
                )
                if sheets
                else ""
            )
            + ". Kết quả như sau:"
        ),
        _results_table(session, items, written=bool(sheets)),
        Paragraph(
            f"Có {_count(passed)}/{_count(len(items))} trường hợp đạt tỷ lệ phiếu đồng ý theo "
            "quy định; Thường trực Hội đồng hoàn thiện hồ sơ, trình Chủ tịch Ủy ban nhân dân "
            "tỉnh xem xét, quyết định."
        ),
        Paragraph(
            (f"Phiên họp kết thúc lúc {end} cùng ngày. " if end else "")
            + "Biên bản được lập xong và thông qua tại phiên họp; các thành viên có mặt nhất "
            "trí với nội dung biên bản."
        ),
    ]
    document = OfficialDocument(
        issuer_parent=PROVINCE_BODY,
        issuer=COUNCIL_BODY,
        number=None,
        date=session.held_on,
        doc_type="BIÊN BẢN",
        summary="Họp Hội đồng Thi đua - Khen thưởng tỉnh xét khen thưởng",
        blocks=tuple(blocks),
        signature=Signature(position=CHAIRMAN_TITLE, name=chairman),
        left_signature=Signature(
            position=ACTING_SECRETARY_TITLE if acting else SECRETARY_TITLE, name=secretary
        ),
    )
    return document, secretary


def _sheet_text(sheet) -> str:
    """What an absent member's signed paper says, nominee by nominee."""
    if sheet is None:
        return "Không có ý kiến bằng văn bản"
    answers = [
        f"{o.item.nominee.display_name}: {'đồng ý' if o.choice == 'agree' else 'không đồng ý'}"
        for o in sheet.opinions.all()
    ]
    return "Có phiếu lấy ý kiến có chữ ký (" + "; ".join(answers) + ")"


def _results_table(session: CouncilSession, items, *, written: bool) -> Table:
    def result(item) -> str:
        return "Đạt" if item.passed else "Không đạt"

    needed = [f"{item.votes_needed}/{session.member_total}" for item in items]
    if not written:
        return Table(
            headers=(
                "STT",
                "Họ và tên",
                "Đơn vị",
                "Hình thức khen thưởng",
                "Đồng ý",
                "Không đồng ý",
                "Không biểu quyết",
                "Cần đạt",
                "Kết quả",
            ),
            rows=tuple(
                (
                    str(i),
                    subject_name(item.nominee),
                    subject_unit(item.nominee),
                    item.nominee.award.name,
                    str(item.agree or 0),
                    str(item.disagree or 0),
                    str(item.abstain or 0),
                    needed[i - 1],
                    result(item),
                )
                for i, item in enumerate(items, 1)
            ),
            widths=(5, 18, 16, 17, 8, 9, 10, 9, 8),
        )
    counted = bool(session.written_opinions_counted)
    return Table(
        headers=(
            "STT",
            "Họ và tên, đơn vị",
            "Hình thức khen thưởng",
            "Phiếu kín đồng ý",
            "Phiếu kín không đồng ý",
            "Phiếu kín không biểu quyết",
            "Văn bản đồng ý",
            "Văn bản không đồng ý",
            "Tổng số đồng ý",
            "Cần đạt",
            "Kết quả",
        ),
        rows=tuple(
            (
                str(i),
                f"{subject_name(item.nominee)} ({subject_unit(item.nominee)})"
                if subject_unit(item.nominee)
                else subject_name(item.nominee),
                item.nominee.award.name,
                str(item.agree or 0),
                str(item.disagree or 0),
                str(item.abstain or 0),
                str(item.written_agree or 0),
                str(item.written_disagree or 0),
                str((item.agree or 0) + ((item.written_agree or 0) if counted else 0)),
                needed[i - 1],
                result(item),
            )
            for i, item in enumerate(items, 1)
        ),
        widths=(5, 22, 22, 6, 6, 6, 6, 6, 6, 7, 8),
    )


def build_council_minutes(*, user, fmt: str, object_id: int, number: str | None = None) -> bytes:
    session = _minutes_session(user, object_id)
    if session is None:
        raise CouncilSession.DoesNotExist
    document, _secretary = minutes_document(session)
    return render_docx(document) if fmt == "docx" else render_pdf(document)


register(
    ReportKind(
        code="council_minutes",
        title=_("Minutes of a Council session"),
        formats=("pdf", "docx"),
        build=build_council_minutes,
        permission="nominations.view_session",
        object_check=can_have_minutes,
    )
)
