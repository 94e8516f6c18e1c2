"""Helpers shared by the movements' documents: numbers and percentages written the
Vietnamese way, the issuing bodies, the participants in words, a plain XLSX writer."""

from decimal import Decimal
from io import BytesIO

import openpyxl
from openpyxl.styles import Alignment, Font

from campaigns.models import (
    LaunchLevel,
    Movement,
    ParticipantsRule,
)
from campaigns.selectors import (
    participating_units,
)
from units.models import UnitKind
from units.spreadsheet import neutralise_cell

from ..kinds import COUNCIL_BODY, PROVINCE_BODY

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
