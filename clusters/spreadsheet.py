"""XLSX export and import of a scoring table (issue 11, point 3).

One worksheet "Bảng điểm" with a row per criterion (group code, group title, group
maximum, criterion code, title, maximum, veto, evidence required, evidence hint) and one
"Thưởng - trừ" with a row per bonus or deduction rule (kind, title, points). Importing
replaces the criteria and rules of a draft table in one transaction; a locked table is
refused, and any faulty row refuses the whole file with every fault listed by row.
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from .models import AdjustmentKind, AdjustmentRule, ScoringCriterion, ScoringGroup, ScoringTable
from .services import table_check_editable

CRITERIA_SHEET = "Bảng điểm"
RULES_SHEET = "Thưởng - trừ"
CRITERIA_HEADER = (
    "Mã nhóm",
    "Tên nhóm",
    "Điểm tối đa nhóm",
    "Mã tiêu chí",
    "Nội dung tiêu chí",
    "Điểm tối đa",
    "Phủ quyết",
    "Bắt buộc minh chứng",
    "Gợi ý minh chứng",
)
RULES_HEADER = ("Loại", "Nội dung", "Điểm")
YES = {"x", "có", "co", "1", "true"}
KINDS = {"thưởng": AdjustmentKind.BONUS, "trừ": AdjustmentKind.DEDUCTION}


def table_export(table: ScoringTable) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = CRITERIA_SHEET
    sheet.append(CRITERIA_HEADER)
    for group in table.groups.prefetch_related("criteria"):
        for criterion in group.criteria.all():
            sheet.append(
                (
                    group.code,
                    group.title,
                    float(group.max_points),
                    criterion.code,
                    criterion.title,
                    float(criterion.max_points),
                    "x" if criterion.is_veto else "",
                    "x" if criterion.evidence_required else "",
                    criterion.evidence_hint,
                )
            )
    rules = workbook.create_sheet(RULES_SHEET)
    rules.append(RULES_HEADER)
    for rule in table.rules.all():
        rules.append(
            (
                "thưởng" if rule.kind == AdjustmentKind.BONUS else "trừ",
                rule.title,
                float(rule.points),
            )
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _points(value, row: int, column: str, errors: list[str]) -> Decimal | None:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
        if not number.is_finite() or number < 0:
            raise InvalidOperation
        return number
    except (InvalidOperation, ValueError):
        errors.append(
            _("Row %(row)s: %(column)s must be a number of points, not “%(value)s”.")
            % {"row": row, "column": column, "value": "" if value is None else value}
        )
        return None


@transaction.atomic
def table_import(*, table: ScoringTable, data: bytes) -> ScoringTable:
    """Replace the criteria and rules of a draft table from an XLSX file."""
    table_check_editable(table)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        criteria_rows = list(workbook[CRITERIA_SHEET].iter_rows(min_row=2, values_only=True))
        rule_rows = (
            list(workbook[RULES_SHEET].iter_rows(min_row=2, values_only=True))
            if RULES_SHEET in workbook.sheetnames
            else []
        )
    except KeyError:
        raise ValidationError(
            _("The file has no worksheet named “%(name)s”.") % {"name": CRITERIA_SHEET}
        ) from None
    except Exception as error:  # any unreadable workbook is a bad file, never a 500
        raise ValidationError(_("The file is not a readable XLSX workbook.")) from error
    errors: list[str] = []
    groups: dict[str, dict] = {}
    codes: set[str] = set()
    for row_number, row in enumerate(criteria_rows, start=2):
        row = tuple(row) + (None,) * (len(CRITERIA_HEADER) - len(row))
        if not any(cell not in (None, "") for cell in row):
            continue
        gcode, gtitle, gmax, ccode, ctitle, cmax, veto, evidence, hint = row[:9]
        gcode, ccode = str(gcode or "").strip(), str(ccode or "").strip()
        if not gcode or not ccode:
            errors.append(
                _("Row %(row)s: the group code and the criterion code are required.")
                % {"row": row_number}
            )
            continue
        if ccode in codes:
            errors.append(
                _("Row %(row)s: criterion %(code)s appears twice.")
                % {"row": row_number, "code": ccode}
            )
            continue
        codes.add(ccode)
        group_max = _points(gmax, row_number, CRITERIA_HEADER[2], errors)
        criterion_max = _points(cmax, row_number, CRITERIA_HEADER[5], errors)
        group = groups.setdefault(
            gcode, {"title": str(gtitle or gcode).strip(), "max": group_max, "criteria": []}
        )
        group["criteria"].append(
            {
                "code": ccode,
                "title": str(ctitle or ccode).strip(),
                "max": criterion_max,
                "veto": str(veto or "").strip().lower() in YES,
                "evidence": str(evidence or "").strip().lower() in YES,
                "hint": str(hint or "").strip()[:500],
            }
        )
    if not groups and not errors:
        errors.append(_("The file holds no criterion."))
    rules = []
    for row_number, row in enumerate(rule_rows, start=2):
        row = tuple(row) + (None,) * (3 - len(row))
        if not any(cell not in (None, "") for cell in row):
            continue
        kind = KINDS.get(str(row[0] or "").strip().lower())
        if kind is None:
            errors.append(
                _("Row %(row)s of “%(sheet)s”: the kind is “thưởng” or “trừ”.")
                % {"row": row_number, "sheet": RULES_SHEET}
            )
            continue
        points = _points(row[2], row_number, RULES_HEADER[2], errors)
        rules.append((kind, str(row[1] or "").strip()[:500], points))
    if errors:
        raise ValidationError(errors)
    table.groups.all().delete()
    table.rules.all().delete()
    for g, (gcode, group) in enumerate(groups.items()):
        created = ScoringGroup.objects.create(
            table=table, code=gcode, title=group["title"][:255], max_points=group["max"], order=g
        )
        ScoringCriterion.objects.bulk_create(
            ScoringCriterion(
                group=created,
                code=c["code"],
                title=c["title"][:500],
                max_points=c["max"],
                is_veto=c["veto"],
                evidence_required=c["evidence"],
                evidence_hint=c["hint"],
                order=i,
            )
            for i, c in enumerate(group["criteria"])
        )
    AdjustmentRule.objects.bulk_create(
        AdjustmentRule(table=table, kind=kind, title=title, points=points, order=i)
        for i, (kind, title, points) in enumerate(rules)
    )
    return table
