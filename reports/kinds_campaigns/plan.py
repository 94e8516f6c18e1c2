"""The launch plan (Decree 30 "KẾ HOẠCH"), PDF/DOCX, of one movement."""

from campaigns.models import (
    LaunchLevel,
    Movement,
)
from campaigns.services import plan_number_line, registration_deadline

from ..documents import (
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
    render_pdf,
)
from ._common import _issuers, _number, _participants_text


def _signature(movement: Movement) -> Signature:
    """Who signed, as the register recorded it; on the draft, the post that signs."""
    issued = movement.plan_register
    if issued is not None:
        lines = [line.strip() for line in issued.authority_line.splitlines() if line.strip()]
        return Signature(
            authority=lines[0] if lines else "",
            deputy="\n".join(lines[1:]),
            position=issued.signer_position.upper(),
            name=issued.signer_name,
        )
    if movement.launch_level == LaunchLevel.COUNCIL:
        return Signature(authority="TM. HỘI ĐỒNG", position="CHỦ TỊCH", name="")
    return Signature(position="THỦ TRƯỞNG ĐƠN VỊ")


def build_movement_plan(*, user, fmt: str, object_id: int, **_kwargs) -> bytes:
    movement = Movement.objects.select_related("launching_unit__parent", "plan_register").get(
        pk=object_id
    )
    parent, issuer = _issuers(movement)
    targets = tuple(
        (str(i), t.content, t.measure, _number(t.plan_value))
        for i, t in enumerate(movement.targets.all(), start=1)
    )
    offered = tuple(
        (str(i), o.award.name, str(o.quota) if o.quota else "Theo thành tích")
        for i, o in enumerate(movement.awards.select_related("award"), start=1)
    )
    deadline = registration_deadline(movement.start_date.year)
    blocks = [
        Heading("I. MỤC ĐÍCH, YÊU CẦU"),
        Paragraph(movement.objectives or "…"),
        Heading("II. NỘI DUNG PHONG TRÀO"),
        Paragraph(f"1. Tên phong trào: “{movement.name}”.", lead=""),
    ]
    if movement.slogan:
        blocks.append(Paragraph(f"Khẩu hiệu: “{movement.slogan}”."))
    blocks += [
        Paragraph(
            f"2. Thời gian thực hiện: từ ngày {movement.start_date:%d/%m/%Y} đến ngày "
            f"{movement.end_date:%d/%m/%Y} ({movement.get_duration_bucket_display().lower()})."
        ),
        Paragraph(f"3. Đối tượng tham gia: {_participants_text(movement)}"),
        Paragraph("4. Nội dung, biện pháp thực hiện:"),
        Paragraph(movement.content or "…"),
        Paragraph("5. Các chỉ tiêu chủ yếu:"),
        Table(
            headers=("STT", "Nội dung chỉ tiêu", "Đơn vị tính", "Chỉ tiêu"),
            rows=targets or (("", "…", "", ""),),
            widths=(8, 57, 17, 18),
        ),
        Heading("III. TIÊU CHÍ ĐÁNH GIÁ"),
        Paragraph(movement.criteria or "…"),
        Heading("IV. KHEN THƯỞNG"),
    ]
    if offered:
        blocks.append(
            Table(
                headers=("STT", "Hình thức khen thưởng", "Số lượng"),
                rows=offered,
                widths=(8, 67, 25),
            )
        )
    if movement.allows_flag_proposal:
        blocks.append(
            Paragraph(
                "Khi tổng kết phong trào, Hội đồng xem xét đề nghị tặng Cờ thi đua của Ủy ban "
                "nhân dân tỉnh cho tập thể tiêu biểu xuất sắc (Điều 26 Luật Thi đua, khen thưởng)."
            )
        )
    blocks += [
        Heading("V. TỔ CHỨC THỰC HIỆN"),
        Paragraph(
            f"1. Các cơ quan, đơn vị xây dựng kế hoạch, đăng ký thi đua trên Cổng Thi đua - Khen "
            f"thưởng trước ngày {deadline:%d/%m/%Y}."
        ),
        Paragraph(
            "2. Định kỳ báo cáo kết quả thực hiện các chỉ tiêu; sơ kết giữa kỳ và tổng kết "
            "khi kết thúc phong trào; phát hiện, bồi dưỡng, tổng kết và nhân rộng các điển "
            "hình tiên tiến."
        ),
        Paragraph(
            "3. Cơ quan thường trực Hội đồng Thi đua - Khen thưởng theo dõi, đôn đốc, tổng hợp "
            "kết quả và đề xuất khen thưởng."
        ),
    ]
    document = OfficialDocument(
        issuer_parent=parent,
        issuer=issuer,
        # Unnumbered and undated ("Số: ..../KH-HĐTĐKT") until the clerk issues the signed
        # plan with the number of the launching unit's register (Decree 30, Art. 15).
        number=plan_number_line(movement),
        date=movement.plan_register.issued_on if movement.plan_register_id else None,
        doc_type="KẾ HOẠCH",
        summary=f"Phát động phong trào thi đua “{movement.name}”",
        blocks=tuple(blocks),
        signature=_signature(movement),
        recipients=("Các cơ quan, đơn vị, địa phương;", "Lưu: VT, TĐKT."),
    )
    return render_docx(document) if fmt == "docx" else render_pdf(document)
