"""DOCX for officials who edit before signing: the same parts as the PDF, in Word."""

from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .base import (
    HEADER_SIZES,
    MOTTO,
    NATIONAL_TITLE,
    RECIPIENTS_TITLE,
    OfficialDocument,
    Paragraph,
    QrCell,
    Table,
    header_layout,
)
from .metrics import word_font

INDENTED = ("justify", "left")  # centred and right-aligned lines carry no first-line indent
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
    font = word_font()
    normal = document.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
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
    fmt.first_line_indent = Mm(0)
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
    """The real column widths, where Word and LibreOffice read them: the grid
    (w:tblGrid/w:gridCol), the table's width, a fixed layout and every cell."""
    table.autofit = False  # w:tblLayout w:type="fixed"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    tbl_pr = table._tbl.tblPr
    table_width = tbl_pr.find(qn("w:tblW"))
    if table_width is None:
        table_width = OxmlElement("w:tblW")
        tbl_pr.append(table_width)
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(Mm(w).twips for w in widths_mm)))
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=False):
        column.set(qn("w:w"), str(Mm(width).twips))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


# The order CT_TblPr requires (ECMA-376 Part 1, 17.4.60); Word refuses a file whose
# table properties are out of order.
_TBLPR_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
)


def _ordered(table) -> None:
    tbl_pr = table._tbl.tblPr
    children = list(tbl_pr)
    rank = {qn(f"w:{name}"): i for i, name in enumerate(_TBLPR_ORDER)}
    for child in children:
        tbl_pr.remove(child)
    for child in sorted(children, key=lambda c: rank.get(c.tag, len(rank))):
        tbl_pr.append(child)


def _no_cell_margins(table) -> None:
    """The header's cells take the full column: no left and right padding."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _header(document, doc: OfficialDocument, text_width: Mm) -> None:
    layout = header_layout(doc)
    size = HEADER_SIZES
    table = document.add_table(rows=2, cols=2)
    _no_borders(table)
    _no_cell_margins(table)
    _widths(table, [layout.left_mm, layout.right_mm])
    left, right = table.cell(0, 0), table.cell(0, 1)
    first = True
    for line in layout.parent_lines:
        _line(left, line, size=size["parent"], first_paragraph=first)
        first = False
    for line in layout.issuer_lines:
        _line(left, line, size=size["issuer"], bold=True, first_paragraph=first)
        first = False
    _rule(left.add_paragraph(), Mm((layout.left_mm - layout.rule_mm) / 2))
    _line(right, NATIONAL_TITLE, size=size["national"], bold=True, first_paragraph=True)
    _line(right, MOTTO, size=size["motto"], bold=True, underline=True)
    number = _line(table.cell(1, 0), doc.number_line, size=size["number"], first_paragraph=True)
    date = _line(
        table.cell(1, 1), doc.date_line, size=size["date"], italic=True, first_paragraph=True
    )
    for paragraph in (number, date):
        paragraph.paragraph_format.space_before = Pt(6)


def _qr_cell(cell, value: QrCell) -> None:
    """The code, centred, and its QR code under it as a PNG picture (DOCX takes no SVG)."""
    _line(cell, value.text, size=9, first_paragraph=True)
    picture = cell.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(BytesIO(value.png()), width=Mm(20))


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
            if isinstance(value, QrCell):
                _qr_cell(cell, value)
                continue
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


def _page_numbers(document) -> None:
    """Page numbers centred in the top margin from page 2 (Decree 30/2020): a PAGE field
    in the header, and an empty header for a different first page."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2")):
        run = paragraph.add_run()
        run.font.size = Pt(13)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == "PAGE":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = " PAGE "
            run._r.append(instruction)
        else:
            run.text = text
    end = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._r.append(char)
    section.first_page_header.is_linked_to_previous = False


def _paragraph(document, block: Paragraph):
    paragraph = document.add_paragraph()
    paragraph.alignment = _ALIGN[block.css_align]
    if block.lead:
        lead = paragraph.add_run(block.lead + " ")
        lead.font.size = Pt(14)
        lead.bold = True
    run = paragraph.add_run(block.text)
    run.font.size = Pt(14)
    run.bold, run.italic = block.bold, block.italic
    return paragraph


def render_docx(doc: OfficialDocument) -> bytes:
    document = Document()
    _fonts(document)
    text_width = _page(document, doc.landscape)
    _page_numbers(document)
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
            paragraph = _paragraph(document, block)
            indented = block.css_align in INDENTED
        else:
            paragraph = _line(document, block.text, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
            indented = True
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Cm(1) if indented else Mm(0)
        fmt.space_after = Pt(6)
        fmt.line_spacing = 1.15
    _footer(document, doc, text_width)
    for table in document.tables:
        _ordered(table)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
