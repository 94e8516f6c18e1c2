"""Reading the workbook: the first sheet as a dataset, file-level problems, the stable
key of a row and the gender rule."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import date
from typing import Any

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from units.models import Gender
from units.search import normalize

from .columns import REQUIRED_HEADERS, LegacyFileError


def _header(value: Any) -> str:
    """A header cell as written, tolerant of stray spaces and a trailing "*"."""
    text = unicodedata.normalize("NFC", str(value if value is not None else ""))
    return " ".join(text.split()).rstrip("*").strip()


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_workbook(source, *, max_rows: int | None = None) -> tablib.Dataset:
    """The first sheet of an XLSX file as a dataset: row 1 is the header.

    Read-only and with cached values only (``data_only``): formulas are never evaluated.
    Rows are kept in sheet order, so data row *n* is sheet row *n + 1*; blank rows at the
    end are dropped. Reading stops as soon as the row cap is passed. Raises
    :class:`LegacyFileError` with a message for the user.
    """
    limit = settings.TDKT_IMPORT_MAX_ROWS if max_rows is None else max_rows
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook is the user's file
        raise LegacyFileError(
            _("The workbook could not be read. Save it again as .xlsx.")
        ) from error
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers store wrong dimensions; read every row
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, ())
        headers = [_header(value) for value in header_row]
        while headers and not headers[-1]:
            headers.pop()
        width = len(headers)
        data: list[tuple] = []
        pending_blank = 0
        for values in rows:
            values = tuple(values[:width]) + (None,) * (width - len(values))
            if all(blank(value) for value in values):
                pending_blank += 1
                continue
            data.extend([(None,) * width] * pending_blank)
            pending_blank = 0
            data.append(values)
            if len(data) > limit:
                raise LegacyFileError(_("The file has more than %(max)s rows.") % {"max": limit})
    except LegacyFileError:
        raise
    except Exception as error:  # noqa: BLE001 - damaged sheet XML
        raise LegacyFileError(
            _("The workbook could not be read. Save it again as .xlsx.")
        ) from error
    finally:
        workbook.close()
    return tablib.Dataset(*data, headers=headers)


def file_problems(dataset: tablib.Dataset) -> list[str]:
    """File-level errors: too many rows, required columns missing (listed)."""
    problems = []
    limit = settings.TDKT_IMPORT_MAX_ROWS
    if dataset.height > limit:
        problems.append(_("The file has more than %(max)s rows.") % {"max": limit})
    headers = dataset.headers or []
    missing = [header for header in REQUIRED_HEADERS if header not in headers]
    if missing:
        problems.append(
            _("These columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return problems


def legacy_key(
    *,
    name: str,
    birth_year: int | None,
    unit_code: str,
    award_code: str,
    year: int,
    decision_number: str,
    decision_date: date,
) -> str:
    """The stable identity of a legacy row (64 hex characters)."""
    parts = [
        normalize(name),
        str(birth_year or ""),
        unit_code,
        award_code.upper(),
        str(year),
        " ".join(decision_number.split()),
        decision_date.isoformat(),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:64]


def guess_gender(name: str) -> str:
    """Female when a middle name is "Thị" (Nguyễn Thị Lan), otherwise male."""
    words = normalize(name).split()
    return Gender.FEMALE if "thi" in words[1:-1] else Gender.MALE
