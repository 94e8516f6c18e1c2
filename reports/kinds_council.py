"""Report kinds of Council sessions: the minutes (biên bản) of a vote.

The minutes of a closed session: the Council's header (Decree 30), the place and date,
the membership, who was present, the absent members with their written opinions, a
table of the secret ballot's results per nominee, and the signatures of the chairman and
the secretary of the Council.
"""

from django.utils.translation import gettext_lazy as _

from nominations.models import CouncilSession, SessionState
from nominations.selectors.council import attendance_of, session_items, session_list_visible
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

SECRETARY_TITLE = "THƯ KÝ HỘI ĐỒNG"
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


def minutes_document(session: CouncilSession) -> tuple[OfficialDocument, str]:
    """The minutes as an OfficialDocument, and the secretary's name (signed on the left)."""
    attendance = list(attendance_of(session=session))
    present = [a for a in attendance if a.present]
    absent = [a for a in attendance if not a.present]
    items = list(session_items(session=session))
    chairman, secretary = _signers({a.member_id for a in attendance})
    passed = sum(1 for item in items if item.passed)
    blocks: list = [
        Paragraph(
            f"Hôm nay, ngày {session.held_on:%d/%m/%Y}"
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
            + "."
        ),
        Table(
            headers=("STT", "Thành viên có mặt"),
            rows=tuple((str(i), a.member.get_full_name()) for i, a in enumerate(present, 1)),
            widths=(10, 90),
        ),
    ]
    if absent:
        blocks.append(Paragraph("Thành viên vắng mặt và ý kiến bằng văn bản:", bold=True))
        blocks.append(
            Table(
                headers=("STT", "Thành viên vắng mặt", "Ý kiến bằng văn bản"),
                rows=tuple(
                    (
                        str(i),
                        a.member.get_full_name(),
                        a.written_opinion or "Không có ý kiến bằng văn bản",
                    )
                    for i, a in enumerate(absent, 1)
                ),
                widths=(8, 32, 60),
            )
        )
    blocks += [
        Heading("II. KẾT QUẢ BỎ PHIẾU KÍN"),
        Paragraph(
            "Hội đồng đã xem xét hồ sơ của "
            f"{_count(len(items))} trường hợp và biểu quyết bằng phiếu kín. Tỷ lệ phiếu đồng ý "
            "được tính trên tổng số thành viên Hội đồng. Kết quả như sau:"
        ),
        Table(
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
                    item.nominee.display_name,
                    item.nominee.unit_name,
                    item.nominee.award.name,
                    str(item.agree or 0),
                    str(item.disagree or 0),
                    str(item.abstain or 0),
                    f"{item.votes_needed}/{session.member_total}",
                    "Đạt" if item.passed else "Không đạt",
                )
                for i, item in enumerate(items, 1)
            ),
            widths=(5, 18, 16, 17, 8, 9, 10, 9, 8),
        ),
        Paragraph(
            f"Có {_count(passed)}/{_count(len(items))} trường hợp đạt tỷ lệ phiếu đồng ý theo "
            "quy định; Thường trực Hội đồng hoàn thiện hồ sơ, trình Chủ tịch Ủy ban nhân dân "
            "tỉnh xem xét, quyết định."
        ),
        Paragraph(
            "Biên bản được lập xong và thông qua tại phiên họp; các thành viên có mặt nhất trí "
            "với nội dung biên bản."
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
        left_signature=Signature(position=SECRETARY_TITLE, name=secretary),
    )
    return document, secretary


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
