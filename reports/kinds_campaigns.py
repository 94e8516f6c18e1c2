"""Report kinds of the emulation movements (campaigns app):

- ``movement_plan``: the launch plan (Decree 30 "KẾ HOẠCH"), PDF/DOCX, of one movement;
- ``registration_form``: a unit's registration (MOLISA Circular 35/2011 Mẫu 1a layout:
  I movements, II targets, III titles), PDF/XLSX, of one registration;
- ``movement_review``: the mid-term or final review (Decree 30 "BÁO CÁO": I results
  against targets, II organisation, III limits and lessons, IV direction, appendices of
  awards and exemplars), PDF/DOCX, of one review;
- ``movement_results``: targets against actuals by unit, XLSX, of one movement;
- ``form_0601``: Circular 02/2023 form 0601 (movements by scope, duration and method) for
  a year, XLSX.
"""

import datetime
from decimal import Decimal
from io import BytesIO

import openpyxl
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl.styles import Alignment, Font

from campaigns.hooks import movement_links
from campaigns.models import (
    DurationBucket,
    Exemplar,
    LaunchLevel,
    Movement,
    MovementKind,
    MovementScope,
    MovementState,
    ParticipantsRule,
    Registration,
    Review,
    ReviewStage,
)
from campaigns.selectors import (
    movement_figures,
    movement_list_visible,
    participating_units,
    registration_list_visible,
)
from campaigns.services import registration_deadline
from units.models import UnitKind
from units.spreadsheet import neutralise_cell

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

PERMISSION = "campaigns.view_campaign_documents"


def _number(value: Decimal | None) -> str:
    """ "1.234,5": Vietnamese separators, no trailing zeros."""
    if value is None:
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def _issuers(movement: Movement) -> tuple[str, str]:
    """(parent body, issuing body) of the movement's documents."""
    if movement.launch_level == LaunchLevel.COUNCIL:
        return PROVINCE_BODY, COUNCIL_BODY
    parent = movement.launching_unit.parent
    return (parent.name.upper() if parent else PROVINCE_BODY), movement.launching_unit.name.upper()


def _reporter(movement: Movement) -> str:
    if movement.launch_level == LaunchLevel.COUNCIL:
        return "Hội đồng Thi đua - Khen thưởng tỉnh"
    return movement.launching_unit.name


def _participants_text(movement: Movement) -> str:
    rule = movement.participants_rule
    if rule == ParticipantsRule.ALL:
        return "Tất cả các cơ quan, đơn vị, địa phương trong tỉnh."
    if rule == ParticipantsRule.KINDS:
        labels = dict(UnitKind.choices)
        return (
            "Các đơn vị thuộc loại hình: "
            + ", ".join(str(labels.get(k, k)) for k in movement.participant_kinds)
            + "."
        )
    units = participating_units(movement=movement)
    return "Các đơn vị: " + ", ".join(str(u) for u in units[:60]) + "."


def _xlsx(sheets: list[tuple[str, list[str], list[list]]], titles: dict | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, headers, rows in sheets:
        sheet = workbook.create_sheet(name[:31])
        offset = 0
        for line in (titles or {}).get(name, []):
            sheet.append([line])
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
            offset += 1
        sheet.append(headers)
        for cell in sheet[offset + 1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in rows:
            sheet.append([neutralise_cell(v) if isinstance(v, str) else v for v in row])
        for column, width in zip("ABCDEFGHIJ", (6, 45, 16, 14, 14, 12, 20, 20), strict=False):
            sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- The launch plan --------------------------------------------------------------------------


def build_movement_plan(*, user, fmt: str, object_id: int, **_kwargs) -> bytes:
    movement = Movement.objects.select_related("launching_unit__parent").get(pk=object_id)
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
        number=movement.plan_number or None,
        date=movement.launched_on,
        doc_type="KẾ HOẠCH",
        summary=f"Phát động phong trào thi đua “{movement.name}”",
        blocks=tuple(blocks),
        signature=Signature(authority="TM. HỘI ĐỒNG", position="CHỦ TỊCH", name="")
        if movement.launch_level == LaunchLevel.COUNCIL
        else Signature(position="THỦ TRƯỞNG ĐƠN VỊ"),
        recipients=("Các cơ quan, đơn vị, địa phương;", "Lưu: VT, TĐKT."),
    )
    return render_docx(document) if fmt == "docx" else render_pdf(document)


# --- The registration form ---------------------------------------------------------------


def _registration_rows(registration: Registration):
    movements = [
        (
            str(i),
            m.name,
            m.objectives.splitlines()[0] if m.objectives else "",
            m.launched_on.strftime("%d/%m/%Y") if m.launched_on else "",
            m.end_date.strftime("%d/%m/%Y"),
        )
        for i, m in enumerate(registration.movements.order_by("name"), start=1)
    ]
    targets = [
        (str(i), t.content, t.measure, _number(t.plan_value), t.note)
        for i, t in enumerate(
            registration.targets.select_related("movement").order_by("movement__name", "id"),
            start=1,
        )
    ]
    titles = list(registration.titles.select_related("award", "person"))
    people = [
        (str(i), t.person.full_name, t.person.position, t.award.name, t.note)
        for i, t in enumerate([t for t in titles if t.person_id], start=1)
    ]
    collective = [
        (str(i), str(registration.unit), t.award.name, t.note)
        for i, t in enumerate([t for t in titles if not t.person_id], start=1)
    ]
    return movements, targets, people, collective


def build_registration_form(*, user, fmt: str, object_id: int, **_kwargs) -> bytes:
    registration = Registration.objects.select_related("unit__parent").get(pk=object_id)
    movements, targets, people, collective = _registration_rows(registration)
    title = f"BẢNG ĐĂNG KÝ GIAO ƯỚC THI ĐUA NĂM {registration.year}"
    if fmt == "xlsx":
        heading = [title, str(registration.unit)]
        return _xlsx(
            [
                (
                    "I. Phong trào",
                    ["STT", "Tên phong trào", "Mục tiêu", "Ngày phát động", "Ngày tổng kết"],
                    [list(r) for r in movements],
                ),
                (
                    "II. Chỉ tiêu",
                    ["STT", "Nội dung chỉ tiêu", "Đơn vị tính", "Chỉ tiêu", "Ghi chú"],
                    [list(r) for r in targets],
                ),
                (
                    "III. Danh hiệu cá nhân",
                    ["STT", "Họ và tên", "Chức vụ", "Danh hiệu đăng ký", "Ghi chú"],
                    [list(r) for r in people],
                ),
                (
                    "IV. Danh hiệu tập thể",
                    ["STT", "Tập thể", "Danh hiệu, hình thức đăng ký", "Ghi chú"],
                    [list(r) for r in collective],
                ),
            ],
            titles={"I. Phong trào": heading},
        )
    unit = registration.unit
    document = OfficialDocument(
        issuer_parent=unit.parent.name.upper() if unit.parent else PROVINCE_BODY,
        issuer=unit.name.upper(),
        number=None,
        date=registration.submitted_at.date() if registration.submitted_at else None,
        doc_type="BẢN ĐĂNG KÝ",
        summary=f"Giao ước thi đua năm {registration.year}",
        blocks=(
            Paragraph(title, bold=True, align="center"),
            Heading("I. CÁC PHONG TRÀO THI ĐUA THAM GIA"),
            Table(
                headers=("STT", "Tên phong trào", "Mục tiêu", "Ngày phát động", "Ngày tổng kết"),
                rows=tuple(movements) or (("", "—", "", "", ""),),
                widths=(7, 33, 30, 15, 15),
            ),
            Heading("II. CÁC CHỈ TIÊU ĐĂNG KÝ"),
            Table(
                headers=("STT", "Nội dung chỉ tiêu", "Đơn vị tính", "Chỉ tiêu", "Ghi chú"),
                rows=tuple(targets) or (("", "—", "", "", ""),),
                widths=(7, 48, 15, 12, 18),
            ),
            Heading("III. DANH HIỆU THI ĐUA ĐĂNG KÝ"),
            Paragraph("1. Tập thể", bold=True),
            Table(
                headers=("STT", "Tập thể", "Danh hiệu, hình thức", "Ghi chú"),
                rows=tuple(collective) or (("", "—", "", ""),),
                widths=(7, 40, 35, 18),
            ),
            Paragraph("2. Cá nhân", bold=True),
            Table(
                headers=("STT", "Họ và tên", "Chức vụ", "Danh hiệu đăng ký", "Ghi chú"),
                rows=tuple(people) or (("", "—", "", "", ""),),
                widths=(7, 28, 25, 25, 15),
            ),
        ),
        signature=Signature(position="THỦ TRƯỞNG ĐƠN VỊ"),
        recipients=("Cơ quan thường trực Hội đồng TĐKT tỉnh;", "Lưu: VT."),
    )
    return render_pdf(document)


# --- The review ---------------------------------------------------------------------------


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


# --- Form 0601 ----------------------------------------------------------------------------

FORM_0601_COLUMNS = ["Tổng số", "Trung ương", "Bộ, ngành, tỉnh", "Cơ quan, đơn vị"]


def _0601_column(movement: Movement) -> int:
    return 2 if movement.launch_level == LaunchLevel.COUNCIL else 3


def build_form_0601(*, user, fmt: str, year: int | None = None, **_kwargs) -> bytes:
    year = year or timezone.localdate().year
    movements = list(
        Movement.objects.exclude(state=MovementState.DRAFT).filter(
            start_date__lte=datetime.date(year, 12, 31), end_date__gte=datetime.date(year, 1, 1)
        )
    )
    rows_spec = [
        ("1", "Tổng số phong trào thi đua", lambda m: True),
        ("2", "Chia theo phạm vi", None),
        ("2.1", "Toàn quốc", lambda m: False),
        ("2.2", "Bộ, ngành, tỉnh", lambda m: m.scope == MovementScope.PROVINCE),
        ("2.3", "Khối, cụm thi đua", lambda m: m.scope == MovementScope.BLOC_CLUSTER),
        ("2.4", "Cơ quan, đơn vị", lambda m: m.scope == MovementScope.UNIT),
        ("3", "Chia theo thời gian", None),
        *(
            (f"3.{i}", str(bucket.label), lambda m, b=bucket.value: m.duration_bucket == b)
            for i, bucket in enumerate(DurationBucket, start=1)
        ),
        ("4", "Chia theo hình thức", None),
        ("4.1", "Theo chuyên đề, theo đợt", lambda m: m.kind == MovementKind.THEMATIC),
        ("4.2", "Thường xuyên hằng năm", lambda m: m.kind == MovementKind.REGULAR),
    ]
    rows = []
    for code, label, test in rows_spec:
        if test is None:
            rows.append([code, label, None, None, None, None])
            continue
        counts = [0, 0, 0, 0]
        for movement in movements:
            if test(movement):
                counts[0] += 1
                counts[_0601_column(movement)] += 1
        rows.append([code, label, *counts])
    province = getattr(settings, "TDKT_PROVINCE_NAME", "Quảng Ngãi")
    return _xlsx(
        [("0601", ["Mã số", "Chỉ tiêu", *FORM_0601_COLUMNS], rows)],
        titles={
            "0601": [
                "Biểu số 0601.N/BNV-TĐKT",
                f"SỐ PHONG TRÀO THI ĐUA NĂM {year}",
                f"Đơn vị báo cáo: Ủy ban nhân dân tỉnh {province}",
                "Đơn vị tính: phong trào",
            ]
        },
    )


# --- Who may have which document ----------------------------------------------------------


def _movement_check(user, object_id) -> bool:
    if object_id is None:
        return False
    return movement_list_visible(user=user).filter(pk=object_id).exclude(state="draft").exists()


def _registration_check(user, object_id) -> bool:
    if object_id is None:
        return False
    registration = registration_list_visible(user=user).filter(pk=object_id).first()
    return registration is not None and user.has_perm("campaigns.view_registration", registration)


def _review_check(user, object_id) -> bool:
    review = Review.objects.select_related("movement").filter(pk=object_id).first()
    return review is not None and user.has_perm("campaigns.view_review", review.movement)


def _results_check(user, object_id) -> bool:
    movement = Movement.objects.filter(pk=object_id).first()
    return movement is not None and user.has_perm("campaigns.view_review", movement)


register(
    ReportKind(
        code="movement_plan",
        title=_("Movement launch plan"),
        formats=("pdf", "docx"),
        build=build_movement_plan,
        permission=PERMISSION,
        object_check=_movement_check,
    )
)
register(
    ReportKind(
        code="registration_form",
        title=_("Emulation registration form"),
        formats=("pdf", "xlsx"),
        build=build_registration_form,
        permission=PERMISSION,
        object_check=_registration_check,
    )
)
register(
    ReportKind(
        code="movement_review",
        title=_("Movement review report"),
        formats=("pdf", "docx"),
        build=build_movement_review,
        permission=PERMISSION,
        object_check=_review_check,
    )
)
register(
    ReportKind(
        code="movement_results",
        title=_("Movement targets against actuals by unit"),
        formats=("xlsx",),
        build=build_movement_results,
        permission=PERMISSION,
        object_check=_results_check,
    )
)
register(
    ReportKind(
        code="form_0601",
        title=_("Form 0601: emulation movements"),
        formats=("xlsx",),
        build=build_form_0601,
        permission="campaigns.view_form_0601",
        needs_year=True,
    )
)
