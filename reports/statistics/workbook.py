"""The XLSX of a statistics form: a sheet named after the form, the form's title rows
(symbol, circular, due date, title, year, reporting and receiving bodies, unit of count),
a two-level header (column groups over their labels) with the official column codes
(A, B, 1, 2, …) under it, frozen below the codes, then one line per row and the notes."""

from __future__ import annotations

from io import BytesIO

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .compute import FormTable
from .definitions import Line

UNCONFIRMED_MARK = " (*)"
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _text(value: str) -> str:
    """Labels come from the definitions, printed as written ("- Doanh nhân" stays so);
    only a leading "=" is kept from being read as a formula."""
    return "'" + value if value.startswith("=") else value


def label_of(line: Line, *, body: str = "") -> str:
    """The label as printed: ``{body}`` filled in, an unconfirmed one marked (*)."""
    text = line.label.replace("{body}", body)
    return text + UNCONFIRMED_MARK if not line.confirmed else text


def _header(sheet, table: FormTable, top: int) -> int:
    """Writes the header from row ``top``; returns the first data row."""
    definition = table.definition
    group_row, label_row, code_row = top, top + 1, top + 2
    for col, text, code in ((1, "Tên chỉ tiêu", "A"), (2, "Mã số", "B")):
        sheet.cell(row=group_row, column=col, value=text)
        sheet.merge_cells(start_row=group_row, start_column=col, end_row=label_row, end_column=col)
        sheet.cell(row=code_row, column=col, value=code)
    col = 3
    columns = definition.columns
    i = 0
    while i < len(columns):
        column = columns[i]
        if not column.group:
            sheet.cell(row=group_row, column=col, value=_text(label_of(column)))
            sheet.merge_cells(
                start_row=group_row, start_column=col, end_row=label_row, end_column=col
            )
            sheet.cell(row=code_row, column=col, value=column.code)
            i, col = i + 1, col + 1
            continue
        j = i
        while j < len(columns) and columns[j].group == column.group:
            j += 1
        unconfirmed = any(not c.confirmed for c in columns[i:j])
        sheet.cell(
            row=group_row,
            column=col,
            value=column.group + (UNCONFIRMED_MARK if unconfirmed else ""),
        )
        if j - i > 1:
            sheet.merge_cells(
                start_row=group_row, start_column=col, end_row=group_row, end_column=col + j - i - 1
            )
        for k, sub in enumerate(columns[i:j]):
            sheet.cell(row=label_row, column=col + k, value=sub.label)
            sheet.cell(row=code_row, column=col + k, value=sub.code)
        col += j - i
        i = j
    for row in (group_row, label_row, code_row):
        for c in range(1, col):
            cell = sheet.cell(row=row, column=c)
            cell.font = Font(bold=True, italic=row == code_row)
            cell.alignment = CENTRE
            cell.border = BOX
    return code_row + 1


def render_xlsx(table: FormTable) -> bytes:
    definition = table.definition
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = definition.form
    width = 2 + len(definition.columns)
    last = get_column_letter(width)
    circular = f"Ban hành kèm theo {definition.circular}" if definition.circular else ""
    receiver = f"Đơn vị nhận báo cáo: {definition.receiver}" if definition.receiver else ""
    titles = [  # (text, font, centred)
        (definition.symbol, Font(bold=True), False),
        (circular, Font(italic=True), False),
        (definition.due, Font(italic=True), False),
        (definition.title, Font(bold=True, size=13), True),
        (definition.subtitle.replace("{year}", str(table.year)), Font(bold=True), True),
        (f"Đơn vị báo cáo: {table.body}", Font(), False),
        (receiver, Font(), False),
        (definition.unit_of_count, Font(italic=True), False),
    ]
    row = 1
    for text, font, centred in titles:
        if not text:
            continue
        cell = sheet.cell(row=row, column=1, value=_text(text))
        cell.font = font
        if centred:
            cell.alignment = Alignment(horizontal="center")
        sheet.merge_cells(f"A{row}:{last}{row}")
        row += 1
    first = _header(sheet, table, row + 1)
    for offset, line in enumerate(definition.rows):
        r = first + offset
        label = sheet.cell(row=r, column=1, value=_text(label_of(line, body=table.body)))
        label.alignment = Alignment(indent=2 * line.level, wrap_text=True, vertical="center")
        label.font = Font(bold=line.level == 0)
        sheet.cell(row=r, column=2, value=line.code).alignment = CENTRE
        for c, column in enumerate(definition.columns, start=3):
            value = table.cells[line.code][column.code]
            cell = sheet.cell(row=r, column=c, value=value)
            cell.number_format = "#,##0"
            cell.font = Font(bold=line.level == 0)
        for c in range(1, width + 1):
            sheet.cell(row=r, column=c).border = BOX
    r = first + len(definition.rows) + 1
    notes = [
        f"Định nghĩa biểu: {definition.form}, phiên bản {definition.version}.",
        *definition.notes,
    ]
    if any(not line.confirmed for line in (*definition.rows, *definition.columns)):
        notes.append("(*) Nhãn chưa được xác nhận theo văn bản gốc.")
    if table.unclassified:
        notes.append(f"Số lượt cá nhân chưa phân loại đối tượng: {table.unclassified}.")
    sheet.cell(row=r, column=1, value="Ghi chú:").font = Font(bold=True, italic=True)
    for k, note in enumerate(notes, start=1):
        sheet.cell(row=r + k, column=1, value=_text(note)).font = Font(italic=True)
    sheet.freeze_panes = sheet.cell(row=first, column=3)
    sheet.column_dimensions["A"].width = 58
    sheet.column_dimensions["B"].width = 8
    for c in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(c)].width = 13
    sheet.print_title_rows = f"{first - 3}:{first - 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
