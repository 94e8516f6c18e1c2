"""The mid-term or final review (Decree 30 "BÁO CÁO"), PDF/DOCX, and the targets against
actuals by unit, XLSX."""

from campaigns.hooks import movement_links
from campaigns.models import (
    Exemplar,
    LaunchLevel,
    Movement,
    Review,
    ReviewStage,
)
from campaigns.selectors import (
    movement_figures,
)

from ..documents import (
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
    render_pdf,
)
from ._common import _issuers, _number, _percent, _reporter, _xlsx


def build_movement_review(*, user, fmt: str, object_id: int, **_kwargs) -> bytes:
    review = Review.objects.select_related("movement__launching_unit__parent").get(pk=object_id)
    movement = review.movement
    figures = movement_figures(movement=movement)
    parent, issuer = _issuers(movement)
    what = "Sơ kết" if review.stage == ReviewStage.MIDTERM else "Tổng kết"
    by_target = tuple(
        (str(i), t.content, t.measure, _number(t.plan), _number(t.actual), _percent(t.percent))
        for i, t in enumerate(figures.by_target, start=1)
    )
    by_unit = tuple(
        (
            str(u.unit),
            t.content,
            _number(t.plan),
            _number(t.actual),
            _percent(t.percent),
        )
        for u in figures.units
        for t in u.targets
    )
    grants = movement_links(movement=movement, user=user)["grants"]
    exemplars = list(
        Exemplar.objects.filter(movement=movement).select_related("unit").order_by("name")
    )
    blocks = [
        Paragraph(
            f"Thực hiện Kế hoạch số {movement.plan_number or '....'} phát động phong trào thi đua "
            f"“{movement.name}”, {_reporter(movement)} báo cáo {what.lower()} phong trào như sau:"
        ),
        Heading("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"),
        Paragraph(
            f"Có {len(figures.units)} đơn vị đăng ký {figures.target_count} chỉ tiêu; "
            f"{figures.achieved_count} chỉ tiêu đạt và vượt kế hoạch."
        ),
        Paragraph("1. Theo chỉ tiêu", bold=True),
        Table(
            headers=("STT", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "Tỷ lệ"),
            rows=by_target or (("", "—", "", "", "", ""),),
            widths=(7, 40, 12, 14, 14, 13),
        ),
        Paragraph("2. Theo đơn vị", bold=True),
        Table(
            headers=("Đơn vị", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ"),
            rows=by_unit or (("—", "", "", "", ""),),
            widths=(25, 36, 13, 13, 13),
        ),
        Heading("II. CÔNG TÁC TỔ CHỨC THỰC HIỆN"),
        Paragraph(review.organisation or "…"),
        Heading("III. HẠN CHẾ VÀ BÀI HỌC KINH NGHIỆM"),
        Paragraph(review.limits or "…"),
        Heading("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"),
        Paragraph(review.direction or "…"),
    ]
    if movement.allows_flag_proposal and review.stage == ReviewStage.FINAL:
        blocks.append(
            Paragraph(
                "Phong trào có thời gian từ 3 năm trở lên: đề nghị xem xét tặng Cờ thi đua của "
                "Ủy ban nhân dân tỉnh cho tập thể tiêu biểu xuất sắc.",
                italic=True,
            )
        )
    blocks += [
        Heading("PHỤ LỤC 1. DANH SÁCH KHEN THƯỞNG"),
        Table(
            headers=("STT", "Tập thể, cá nhân", "Hình thức", "Năm"),
            rows=tuple(
                (str(i), g.recipient_name, g.award.name, str(g.year))
                for i, g in enumerate(grants, start=1)
            )
            or (("", "—", "", ""),),
            widths=(8, 47, 33, 12),
        ),
        Heading("PHỤ LỤC 2. DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN"),
        Table(
            headers=("STT", "Điển hình", "Đơn vị", "Giai đoạn"),
            rows=tuple(
                (str(i), e.name, str(e.unit), str(e.get_stage_display()))
                for i, e in enumerate(exemplars, start=1)
            )
            or (("", "—", "", ""),),
            widths=(8, 40, 35, 17),
        ),
    ]
    document = OfficialDocument(
        issuer_parent=parent,
        issuer=issuer,
        number=None,
        date=review.held_on,
        doc_type="BÁO CÁO",
        summary=f"{what} phong trào thi đua “{movement.name}”",
        blocks=tuple(blocks),
        signature=Signature(authority="TM. HỘI ĐỒNG", position="CHỦ TỊCH", name="")
        if movement.launch_level == LaunchLevel.COUNCIL
        else Signature(position="THỦ TRƯỞNG ĐƠN VỊ"),
        recipients=("Thường trực UBND tỉnh;", "Các cơ quan, đơn vị;", "Lưu: VT, TĐKT."),
    )
    return render_docx(document) if fmt == "docx" else render_pdf(document)


def build_movement_results(*, user, fmt: str, object_id: int, **_kwargs) -> bytes:
    movement = Movement.objects.get(pk=object_id)
    figures = movement_figures(movement=movement)
    rows = [
        [
            str(u.unit),
            t.content,
            t.measure,
            float(t.plan),
            float(t.actual) if t.actual is not None else None,
            float(t.percent) if t.percent is not None else None,
        ]
        for u in figures.units
        for t in u.targets
    ]
    totals = [
        [
            "Toàn phong trào",
            t.content,
            t.measure,
            float(t.plan),
            float(t.actual) if t.actual is not None else None,
            float(t.percent) if t.percent is not None else None,
        ]
        for t in figures.by_target
    ]
    headers = ["Đơn vị", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Tỷ lệ đạt (%)"]
    return _xlsx(
        [("Theo đơn vị", headers, rows), ("Tổng hợp", headers, totals)],
        titles={"Theo đơn vị": [f"Kết quả thực hiện chỉ tiêu phong trào “{movement.name}”"]},
    )
