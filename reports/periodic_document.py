"""The periodic report as a Decree 30 document (PDF for reading, DOCX for editing) and as
an XLSX workbook with every table; the charts go in as the same SVG as on the page."""

import datetime
from dataclasses import dataclass
from io import BytesIO

import openpyxl
from docx import Document as load_docx
from docx.shared import Mm
from openpyxl.styles import Alignment, Font

from units.spreadsheet import neutralise_cell

from .documents import (
    Heading,
    OfficialDocument,
    Paragraph,
    QrCell,
    Signature,
    Table,
    render_docx,
    render_pdf,
)
from .periodic_charts import data_uri, report_charts
from .periodic_tables import report_tables

PROVINCE_BODY = "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
ISSUER_BODY = "SỞ NỘI VỤ"
NARRATIVE = (
    ("results", "I. KẾT QUẢ ĐẠT ĐƯỢC"),
    ("limits", "II. HẠN CHẾ, TỒN TẠI"),
    ("causes", "III. NGUYÊN NHÂN"),
    ("direction", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"),
)
# The charts ride in the decision table's picture cell (an image with a caption): sized
# to the text width here instead of the QR code's 20 mm.
CHART_CSS = "table.data td img.qr { width: 160mm !important; height: auto !important; }"
CHART_WIDTH_MM = 160


@dataclass(frozen=True)
class ChartCell(QrCell):
    """A table cell holding a chart: the PDF draws the SVG, the DOCX the same as PNG."""

    svg: bytes = b""
    png_bytes: bytes = b""

    @property
    def data_uri(self) -> str:
        return data_uri(self.svg)

    def png(self) -> bytes:
        return self.png_bytes


@dataclass(frozen=True)
class ReportText:
    """What the document needs besides the figures: the narrative and the register."""

    results: str = ""
    limits: str = ""
    causes: str = ""
    direction: str = ""
    number: str | None = None
    issued_on: datetime.date | None = None
    signer_name: str = ""
    signer_position: str = "GIÁM ĐỐC"
    authority: str = ""
    deputy: str = ""


def _paragraphs(text: str) -> list[Paragraph]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return [Paragraph(line) for line in lines] or [Paragraph("(Chưa có nội dung.)", italic=True)]


def document_of(figures: dict, text: ReportText, *, with_png: bool = False) -> OfficialDocument:
    period = figures["current"]["period"]
    blocks: list = [
        Paragraph(
            "Thực hiện chế độ báo cáo định kỳ, Sở Nội vụ (cơ quan thường trực Hội đồng Thi "
            "đua - Khen thưởng tỉnh) báo cáo "
            f"Chủ tịch Ủy ban nhân dân tỉnh kết quả công tác thi đua, khen thưởng "
            f"{period['label']} như sau (số liệu từ Cổng Thi đua - Khen thưởng, so sánh "
            "với cùng kỳ năm trước):"
        ),
        Heading(NARRATIVE[0][1]),
        *_paragraphs(text.results),
    ]
    for table in report_tables(figures):
        blocks.append(Heading(table.title))
        rows = tuple((row.label, *row.cells) for row in table.rows)
        if not rows:
            rows = (("Không có", *([""] * (len(table.headers) - 1))),)
        blocks.append(Table(headers=table.headers, rows=rows))
    pngs = dict(report_charts(figures, "png")) if with_png else {}
    for title, svg in report_charts(figures):
        png = pngs.get(title, b"")
        blocks.append(
            Table(headers=(title,), rows=((ChartCell(text="", url="", svg=svg, png_bytes=png),),))
        )
    for field_name, heading in NARRATIVE[1:]:
        blocks += [Heading(heading), *_paragraphs(getattr(text, field_name))]
    return OfficialDocument(
        issuer_parent=PROVINCE_BODY,
        issuer=ISSUER_BODY,
        number=text.number,
        date=text.issued_on,
        doc_type="BÁO CÁO",
        summary=f"Công tác thi đua, khen thưởng {period['label']}",
        blocks=tuple(blocks),
        signature=Signature(
            authority=text.authority,
            deputy=text.deputy,
            position=text.signer_position.upper(),
            name=text.signer_name,
        ),
        recipients=("Chủ tịch UBND tỉnh (để báo cáo);", "Thường trực Hội đồng;", "Lưu: VT, TĐKT."),
    )


def report_pdf(figures: dict, text: ReportText) -> bytes:
    return render_pdf(document_of(figures, text), extra_css=(CHART_CSS,))


def report_docx(figures: dict, text: ReportText) -> bytes:
    data = render_docx(document_of(figures, text, with_png=True))
    document = load_docx(BytesIO(data))
    for shape in document.inline_shapes:  # the charts: as wide as the text
        ratio = shape.height / shape.width
        shape.width = Mm(CHART_WIDTH_MM)
        shape.height = int(Mm(CHART_WIDTH_MM) * ratio)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def report_xlsx(figures: dict) -> bytes:
    """Every table on its own named sheet: a title row, the header frozen under it."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    period = figures["current"]["period"]["label"]
    for table in report_tables(figures):
        sheet = workbook.create_sheet(table.sheet[:31])
        sheet.append([f"{table.title} — {period}"])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(list(table.headers))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in table.rows:
            sheet.append([neutralise_cell(value) for value in (row.label, *row.cells)])
        sheet.freeze_panes = "B3"
        sheet.column_dimensions["A"].width = 42
        for letter in "BCDEFG":
            sheet.column_dimensions[letter].width = 18
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
