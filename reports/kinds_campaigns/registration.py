"""A unit's registration (Circular 35/2011 Mẫu 1a layout), PDF/XLSX."""

from campaigns.models import (
    Registration,
)

from ..documents import (
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_pdf,
)
from ..kinds import PROVINCE_BODY
from ._common import _number, _xlsx


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
