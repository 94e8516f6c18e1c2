"""Spreadsheet safety shared by every export of the portal (SECURITY-TESTS.md D1).

django-import-export's own option strips only a leading "=", and openpyxl stores any
string that starts with "=" as a formula; so every exported text cell passes through
:func:`neutralise_cell`, and every resource of the portal uses :class:`SafeExportMixin`.
"""

import io
import re
from datetime import date, datetime
from typing import Any

RISKY_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(RISKY_PREFIXES):
        return "'" + value
    return value


class SafeExportMixin:
    """For import-export resources: neutralise every exported cell."""

    def export_field(self, field, instance, **kwargs):
        return neutralise_cell(super().export_field(field, instance, **kwargs))


# --- Exports as documents -------------------------------------------------------------------

_DATE_TEXT = re.compile(r"\d{2}/\d{2}/\d{4}")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _cell_value(value: Any) -> Any:
    """A "dd/mm/yyyy" text is a real date cell; everything else as exported."""
    if isinstance(value, str) and _DATE_TEXT.fullmatch(value):
        try:
            return datetime.strptime(value, "%d/%m/%Y").date()
        except ValueError:
            return value
    return value


def xlsx_document(
    headers: list[str],
    rows: list[list[Any]],
    *,
    sheet: str,
    title: str = "",
    subtitle: str = "",
) -> bytes:
    """One workbook every export shares (issue 9, 18): a named sheet; the title and a
    subtitle above the table when given (exports that are re-imported keep the header in
    the first row and give none); a bold header frozen on screen and repeated on every
    printed page; real dates shown dd/mm/yyyy; columns wide enough for their content; a
    filter on the header; landscape A4 fitted to the page width."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    ws.title = _SHEET_FORBIDDEN.sub(" ", sheet)[:31] or "Sheet1"
    last = get_column_letter(max(len(headers), 1))
    row = 1
    if title:
        ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
        ws.merge_cells(f"A1:{last}1")
        row = 2
        if subtitle:
            ws.cell(row=2, column=1, value=subtitle).font = Font(italic=True)
            ws.merge_cells(f"A2:{last}2")
            row = 3
        row += 1  # a blank line before the table
    header_row = row
    fill = PatternFill("solid", fgColor="EFE9E2")
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=header_row, column=col, value=header)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    widths = [len(str(h)) for h in headers]
    for offset, values in enumerate(rows, start=1):
        for col, value in enumerate(values, start=1):
            value = _cell_value(value)
            cell = ws.cell(row=header_row + offset, column=col, value=value)
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
                shown = 10
            elif isinstance(value, int | float) and not isinstance(value, bool):
                cell.number_format = "#,##0"
                shown = len(f"{value:,}")
            else:
                shown = max((len(line) for line in str(value or "").splitlines()), default=0)
            if col <= len(widths):
                widths[col - 1] = max(widths[col - 1], shown)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(max(width, 6), 60) + 2
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    if rows:
        ws.auto_filter.ref = f"A{header_row}:{last}{header_row + len(rows)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def dataset_document(dataset, **kwargs) -> bytes:
    """``xlsx_document`` of a tablib Dataset (an import-export resource's ``export()``)."""
    return xlsx_document(list(dataset.headers or []), [list(r) for r in dataset], **kwargs)
