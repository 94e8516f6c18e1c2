"""Documents of a bloc's scoring round and year-end meeting (issue 11, points 6 and 7).

- ``bloc_ranking``: the round's ranking — ranks, scores, group scores, each score's source,
  vetoes, the agreement figure, every flag in words with its numbers and how it was
  resolved — for the secretariat, the Council, the chairman and the bloc's head.
- ``bloc_minutes``: the minutes of the year-end meeting (biên bản họp cụm, khối thi đua,
  Decree 30 form): who attended against the quorum, the ranking adopted, the ballot if
  one was held, the election of next year's head and deputy, the proposals. Only what
  the portal recorded is written; a step not taken yet is not mentioned.
- ``bloc_submission``: the bloc's tờ trình to the provincial Council proposing the units.

Both meeting documents are signed for the bloc by the head of the head unit of the year
(its unit head in the portal) as "CỤM TRƯỞNG" / "KHỐI TRƯỞNG".
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters import meetings_rules  # noqa: F401 - registers the meeting's permissions
from clusters import selectors as cluster_selectors
from clusters.models import (
    BallotState,
    BlocLeadership,
    BlocMeeting,
    LeadingBy,
    ScoringRound,
)
from units.models import Role, RoleAssignment

from .documents import Heading, OfficialDocument, Paragraph, Signature, Table, render_pdf
from .kinds import ReportKind, register

PROVINCE_COUNCIL = "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH QUẢNG NGÃI"
SOURCES = {
    "verified": "Thẩm định",
    "council_mean": "BQ Hội đồng",
    "peer_mean": "BQ chấm chéo",
    "self_only": "Tự chấm",
    "none": "Chưa có",
}
OUTCOMES = {
    "accepted": "Chấp nhận",
    "adjusted": "Điều chỉnh bằng phiếu thẩm định",
    "sent_back": "Trả lại phiếu để chấm lại",
}
AWARDS = {
    "CO_TINH": "Cờ thi đua của Ủy ban nhân dân tỉnh",
    "BK_TINH": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
}


def _round_check(user, object_id) -> bool:
    scoring_round = (
        cluster_selectors.round_list_visible(user=user).filter(pk=object_id).first()
        if object_id is not None
        else None
    )
    return scoring_round is not None and cluster_selectors.may_see_full_ranking(user, scoring_round)


def _meeting_check(user, object_id) -> bool:
    meeting = (
        BlocMeeting.objects.select_related("round__bloc").filter(pk=object_id).first()
        if object_id is not None
        else None
    )
    return meeting is not None and user.has_perm("clusters.view_meeting", meeting.round)


def _num(value) -> str:
    if value is None:
        return "—"
    return f"{float(value):.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _word(bloc) -> str:
    return "cụm" if bloc.is_cluster else "khối"


def _signature(scoring_round: ScoringRound) -> Signature:
    """The head of the bloc's head unit of the year signs for the bloc."""
    leadership = (
        BlocLeadership.objects.filter(bloc=scoring_round.bloc, year=scoring_round.year)
        .select_related("head")
        .first()
    )
    name = ""
    if leadership is not None:
        head = (
            RoleAssignment.objects.filter(role=Role.UNIT_HEAD, unit=leadership.head)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        name = head.user.get_full_name() if head else ""
    return Signature(
        authority=f"TM. {_word(scoring_round.bloc).upper()} THI ĐUA",
        position=f"{_word(scoring_round.bloc).upper()} TRƯỞNG",
        name=name,
    )


# --- The ranking ---------------------------------------------------------------------------


def ranking_document(scoring_round: ScoringRound) -> OfficialDocument:
    data = cluster_selectors.ranking(scoring_round)
    bloc = scoring_round.bloc
    groups = [g.code for g in data.groups]
    blocks: list = []
    if data.result is None:
        blocks.append(Paragraph(f"Không xếp hạng được: {data.error}"))
    else:
        leading = next((r for r in data.rows if r["code"] == data.result.leading), None)
        state = "đã kết thúc" if scoring_round.is_closed else "chưa kết thúc"
        blocks.append(
            Paragraph(
                f"Kết quả chấm điểm thi đua năm {scoring_round.year} của {bloc.name} "
                f"(đợt chấm {state}), theo bảng chấm điểm “{scoring_round.table.title}”."
            )
        )
        blocks.append(
            Paragraph(
                "Đơn vị dẫn đầu theo điểm: "
                + (leading["unit"].name if leading and leading["unit"] else "chưa xác định")
                + ". Hệ số đồng thuận chấm chéo (Krippendorff α): "
                + (
                    "—"
                    if data.result.alpha is None
                    else f"{float(data.result.alpha):.3f}".replace(".", ",")
                )
                + "."
            )
        )
        blocks.append(Heading("I. BẢNG XẾP HẠNG"))
        blocks.append(
            Table(
                headers=("Hạng", "Đơn vị", "Điểm", *groups, "Thưởng", "Trừ", "Nguồn điểm"),
                rows=tuple(
                    (
                        str(row["rank"] or "—") + (" (bằng)" if row["tied"] else ""),
                        (row["unit"].name if row["unit"] else row["code"])
                        + (
                            " — bị loại (tiêu chí " + ", ".join(row["vetoed_by"]) + ")"
                            if row["vetoed"]
                            else ""
                        ),
                        row["score_text"],
                        *row["groups"],
                        row["bonus"],
                        row["deduction"],
                        f"{SOURCES.get(row['source'], row['source'])}; "
                        f"{row['peers']} phiếu chấm chéo",
                    )
                    for row in data.rows
                ),
                widths=None,
            )
        )
        blocks.append(Heading("II. CẢNH BÁO VÀ CÁCH XỬ LÝ"))
        if not data.flags:
            blocks.append(Paragraph("Không có cảnh báo."))
        for i, flag in enumerate(data.flags, start=1):
            resolution = flag.resolution
            handled = (
                f"Đã xử lý: {OUTCOMES.get(resolution.outcome, resolution.outcome)} — "
                f"{resolution.reason}"
                f" ({resolution.resolved_by.get_full_name() or resolution.resolved_by.username},"
                f" {timezone.localtime(resolution.resolved_at).strftime('%d/%m/%Y')})."
                if resolution
                else "Chưa xử lý."
            )
            blocks.append(Paragraph(f"{i}. {flag.text} {handled}"))
    return OfficialDocument(
        issuer_parent=PROVINCE_COUNCIL,
        issuer=bloc.name.upper(),
        date=timezone.localdate(),
        doc_type="BÁO CÁO",
        summary=f"Kết quả chấm điểm, xếp hạng thi đua năm {scoring_round.year}",
        blocks=tuple(blocks),
        signature=_signature(scoring_round),
        recipients=("Ban Thi đua - Khen thưởng tỉnh;", f"Lưu: {_word(bloc)} trưởng."),
        landscape=len(groups) > 3,
    )


def build_ranking(*, user, fmt: str, object_id: int, **_kwargs) -> bytes:
    scoring_round = ScoringRound.objects.select_related("bloc", "table").get(pk=object_id)
    return render_pdf(ranking_document(scoring_round))


# --- The meeting's minutes and tờ trình ----------------------------------------------------


def _meeting(object_id: int) -> BlocMeeting:
    return BlocMeeting.objects.select_related(
        "round__bloc", "round__table", "leading_unit", "next_head", "next_deputy"
    ).get(pk=object_id)


def minutes_document(meeting: BlocMeeting) -> OfficialDocument:
    scoring_round, bloc = meeting.round, meeting.round.bloc
    word = _word(bloc)
    attendance = list(meeting.attendance.select_related("unit").order_by("unit__name"))
    present = [a for a in attendance if a.present]
    absent = [a for a in attendance if not a.present]
    held = meeting.held_on.strftime("%d/%m/%Y")
    blocks: list = [
        Paragraph(
            f"Hôm nay, ngày {held}"
            + (f", tại {meeting.place}" if meeting.place else "")
            + f", {bloc.name} họp tổng kết công tác thi đua, khen thưởng năm {scoring_round.year}."
        ),
        Heading("I. THÀNH PHẦN"),
        Paragraph(
            f"Có mặt {len(present)}/{len(attendance)} đơn vị thành viên"
            + (f"; vắng: {', '.join(a.unit.name for a in absent)}" if absent else "")
            + "."
        ),
        Table(
            headers=("STT", "Đơn vị", "Đại diện"),
            rows=tuple(
                (str(i), a.unit.name, a.representative or "")
                for i, a in enumerate(present, start=1)
            ),
            widths=(8, 52, 40),
        ),
    ]
    if meeting.adopted_at:
        blocks += [
            Paragraph(
                f"Số đơn vị có mặt ({meeting.present_count}/{meeting.member_total}) đạt tỷ lệ "
                f"tối thiểu {meeting.quorum_needed} đơn vị theo quy định; cuộc họp hợp lệ."
            ),
            Heading("II. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG"),
            Paragraph(
                f"Cuộc họp thông qua kết quả chấm điểm, xếp hạng thi đua năm "
                f"{scoring_round.year} như sau:"
            ),
            Table(
                headers=("Hạng", "Đơn vị", "Điểm"),
                rows=tuple(
                    (
                        str(r["rank"] or "—"),
                        r["name"] + (" (bị loại)" if r["vetoed"] else ""),
                        _num(r["score"]),
                    )
                    for r in meeting.ranking
                ),
                widths=(12, 63, 25),
            ),
        ]
    ballots = list(meeting.ballots.filter(state=BallotState.CLOSED).prefetch_related("candidates"))
    if ballots:
        blocks.append(Heading("III. BỎ PHIẾU KÍN"))
        for ballot in ballots:
            counts = "; ".join(
                f"{unit.name}: {ballot.counts.get(str(unit.pk), 0)} phiếu"
                for unit in ballot.candidates.all()
            )
            outcome = (
                f" {ballot.winner.name} được quá nửa số đơn vị có mặt tín nhiệm."
                if ballot.winner_id
                else " Không đơn vị nào được quá nửa số đơn vị có mặt tín nhiệm."
            )
            blocks.append(
                Paragraph(
                    f"Lần {ballot.number}: phát ra {meeting.present_count} phiếu, thu về "
                    f"{ballot.papers_returned} phiếu. {counts}.{outcome}"
                )
            )
    if meeting.leading_unit_id:
        how = (
            "theo kết quả xếp hạng"
            if meeting.leading_by == LeadingBy.RANKING
            else "qua bỏ phiếu kín"
        )
        blocks.append(
            Paragraph(
                f"Đơn vị dẫn đầu {word} năm {scoring_round.year} ({how}): "
                f"{meeting.leading_unit.name}."
            )
        )
    if meeting.next_head_id:
        blocks += [
            Heading(
                "IV. BẦU " + f"{word} trưởng, {word} phó".upper() + f" NĂM {scoring_round.year + 1}"
            ),
            Paragraph(
                f"{word.capitalize()} trưởng: {meeting.next_head.name}"
                + (f"; {word} phó: {meeting.next_deputy.name}" if meeting.next_deputy_id else "")
                + "."
            ),
        ]
    proposals = list(meeting.proposals.select_related("unit"))
    if proposals:
        blocks += [
            Heading("V. ĐỀ NGHỊ KHEN THƯỞNG"),
            Table(
                headers=("STT", "Đơn vị", "Hình thức đề nghị", "Hạng"),
                rows=tuple(
                    (str(i), p.unit.name, AWARDS.get(p.award_code, p.award_code), str(p.bloc_rank))
                    for i, p in enumerate(proposals, start=1)
                ),
                widths=(8, 40, 40, 12),
            ),
        ]
    return OfficialDocument(
        issuer_parent=PROVINCE_COUNCIL,
        issuer=bloc.name.upper(),
        date=meeting.held_on,
        doc_type="BIÊN BẢN",
        summary=f"Họp tổng kết công tác thi đua, khen thưởng năm {scoring_round.year}",
        blocks=tuple(blocks),
        signature=_signature(scoring_round),
        recipients=(
            "Ban Thi đua - Khen thưởng tỉnh;",
            "Các đơn vị thành viên;",
            f"Lưu: {word} trưởng.",
        ),
    )


def submission_document(meeting: BlocMeeting) -> OfficialDocument:
    scoring_round, bloc = meeting.round, meeting.round.bloc
    word = _word(bloc)
    proposals = list(meeting.proposals.select_related("unit"))
    flags = [p for p in proposals if p.award_code == "CO_TINH"]
    certificates = [p for p in proposals if p.award_code != "CO_TINH"]
    blocks: list = [
        Paragraph("Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh Quảng Ngãi.", align="center"),
        Paragraph(
            f"Căn cứ kết quả chấm điểm, xếp hạng thi đua năm {scoring_round.year} và biên bản "
            f"họp tổng kết của {bloc.name} ngày {meeting.held_on.strftime('%d/%m/%Y')}, "
            f"{bloc.name} kính đề nghị Hội đồng Thi đua - Khen thưởng tỉnh xem xét, trình "
            f"Chủ tịch Ủy ban nhân dân tỉnh khen thưởng các đơn vị sau:"
        ),
    ]
    if flags:
        blocks.append(Heading(f"1. {AWARDS['CO_TINH']}"))
        blocks += [Paragraph(f"- {p.unit.name}, xếp hạng {p.bloc_rank} của {word}.") for p in flags]
    if certificates:
        blocks.append(Heading(f"2. {AWARDS['BK_TINH']}"))
        blocks += [
            Paragraph(f"- {p.unit.name}, xếp hạng {p.bloc_rank} của {word}.") for p in certificates
        ]
    blocks.append(
        Paragraph(
            "Hồ sơ đề nghị của từng đơn vị được lập trên Cổng thông tin thi đua, khen thưởng; "
            "kèm theo biên bản họp và kết quả xếp hạng."
        )
    )
    return OfficialDocument(
        issuer_parent=PROVINCE_COUNCIL,
        issuer=bloc.name.upper(),
        date=timezone.localdate(meeting.proposed_at) if meeting.proposed_at else meeting.held_on,
        doc_type="TỜ TRÌNH",
        summary=f"Đề nghị khen thưởng công tác thi đua năm {scoring_round.year}",
        blocks=tuple(blocks),
        signature=_signature(scoring_round),
        recipients=("Như trên;", "Ban Thi đua - Khen thưởng tỉnh;", f"Lưu: {word} trưởng."),
    )


def build_minutes(*, user, fmt: str, object_id: int, **_kwargs) -> bytes:
    return render_pdf(minutes_document(_meeting(object_id)))


def build_submission(*, user, fmt: str, object_id: int, **_kwargs) -> bytes:
    return render_pdf(submission_document(_meeting(object_id)))


register(
    ReportKind(
        code="bloc_ranking",
        title=_("Ranking of a bloc's scoring round"),
        formats=("pdf",),
        build=build_ranking,
        permission="clusters.request_meeting_document",
        object_check=_round_check,
    )
)
register(
    ReportKind(
        code="bloc_minutes",
        title=_("Minutes of a bloc's year-end meeting"),
        formats=("pdf",),
        build=build_minutes,
        permission="clusters.request_meeting_document",
        object_check=_meeting_check,
    )
)
register(
    ReportKind(
        code="bloc_submission",
        title=_("Tờ trình of a bloc's proposals"),
        formats=("pdf",),
        build=build_submission,
        permission="clusters.request_meeting_document",
        object_check=_meeting_check,
    )
)
