"""DOCX for officials who edit before signing: the same parts as the PDF, in Word."""

from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .base import MOTTO, NATIONAL_TITLE, RECIPIENTS_TITLE, OfficialDocument, Paragraph, Table

FONT = "Times New Roman"  # Word has it; LibreOffice substitutes Liberation Serif
_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _page(document, landscape: bool) -> Mm:
    section = document.sections[0]
    width, height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    return Mm(width.mm - 45)


def _fonts(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _rule(paragraph, indent: Mm) -> None:
    """A short centred rule: the paragraph's bottom border between equal indents."""
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = indent
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)
    fmt.space_after = Pt(2)
    for run in paragraph.runs:
        run.font.size = Pt(2)


def _line(
    container,
    text: str,
    *,
    size: float = 14,
    bold=False,
    italic=False,
    underline=False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    first_paragraph=False,
):
    paragraph = container.paragraphs[0] if first_paragraph else container.add_paragraph()
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    return paragraph


def _widths(table, widths_mm: list[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _header(document, doc: OfficialDocument, text_width: Mm) -> None:
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    left_w, right_w = text_width.mm * 0.4, text_width.mm * 0.6
    _widths(table, [left_w, right_w])
    left, right = table.cell(0, 0), table.cell(0, 1)
    first = True
    if doc.issuer_parent:
        _line(left, doc.issuer_parent.upper(), size=13, first_paragraph=True)
        first = False
    _line(left, doc.issuer.upper(), size=13, bold=True, first_paragraph=first)
    _rule(left.add_paragraph(), Mm(left_w / 3))
    _line(right, NATIONAL_TITLE, size=12, bold=True, first_paragraph=True)
    _line(right, MOTTO, size=13, bold=True, underline=True)
    number = _line(table.cell(1, 0), doc.number_line, size=13, first_paragraph=True)
    date = _line(table.cell(1, 1), doc.date_line, size=13, italic=True, first_paragraph=True)
    for paragraph in (number, date):
        paragraph.paragraph_format.space_before = Pt(6)


def _data_table(document, block: Table, text_width: Mm) -> None:
    columns = len(block.headers)
    table = document.add_table(rows=1, cols=columns)
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, block.headers, strict=False):
        _line(cell, header, size=12, bold=True, first_paragraph=True)
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            _line(cell, str(value), size=12, align=WD_ALIGN_PARAGRAPH.LEFT, first_paragraph=True)
    widths = block.widths or tuple(100 / columns for _ in range(columns))
    total = sum(widths) or 1
    _widths(table, [text_width.mm * w / total for w in widths])
    document.add_paragraph().paragraph_format.space_after = Pt(3)


def _signature_block(cell, signature) -> None:
    first = True
    for text in (signature.authority, signature.deputy, signature.position):
        if text:
            _line(cell, text.upper(), size=14, bold=True, first_paragraph=first)
            first = False
    space = cell.add_paragraph()
    space.paragraph_format.space_before = Mm(22)
    if signature.name:
        _line(cell, signature.name, size=14, bold=True)


def _footer(document, doc: OfficialDocument, text_width: Mm) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    share = 0.5 if doc.left_signature else 0.45
    _widths(table, [text_width.mm * share, text_width.mm * (1 - share)])
    left, right = table.cell(0, 0), table.cell(0, 1)
    lines = doc.recipient_lines
    if doc.left_signature:
        _signature_block(left, doc.left_signature)
    elif lines:
        _line(
            left,
            RECIPIENTS_TITLE,
            size=12,
            bold=True,
            italic=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            first_paragraph=True,
        )
        for item in lines:
            _line(left, item, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    if doc.signature:
        _signature_block(right, doc.signature)


def render_docx(doc: OfficialDocument) -> bytes:
    document = Document()
    _fonts(document)
    text_width = _page(document, doc.landscape)
    _header(document, doc, text_width)
    if doc.doc_type:
        heading = _line(document, doc.doc_type.upper(), bold=True)
        heading.paragraph_format.space_before = Pt(12)
    if doc.summary:
        _line(document, doc.summary, bold=True)
    if doc.doc_type or doc.summary:
        _rule(document.add_paragraph(), Mm(text_width.mm * 0.35))
    for block in doc.blocks:
        if isinstance(block, Table):
            _data_table(document, block, text_width)
            continue
        if isinstance(block, Paragraph):
            paragraph = _line(
                document,
                block.text,
                bold=block.bold,
                italic=block.italic,
                align=_ALIGN[block.css_align],
            )
        else:
            paragraph = _line(document, block.text, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Cm(1)
        fmt.space_after = Pt(6)
        fmt.line_spacing = 1.15
    _footer(document, doc, text_width)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
