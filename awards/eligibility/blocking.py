"""The cross-cutting "not blocked" checks that apply to every award (DOMAIN §1.4(3)).

A proposal is blocked while the subject is under investigation or the subject of a
complaint being verified, and achievements count only from the end of a disciplinary
period. The engine reads the latter as: no disciplinary period may overlap the years the
award rests on (its evaluation window, from ``AwardRule.window``), both ends inclusive,
an open-ended period (``to`` null) running for ever. Measures outside the window are still
named in the detail, so the clerk sees they were read and why they did not count.
"""

from __future__ import annotations

from datetime import date

from . import wording as w
from .types import Check, Discipline, EligibilityInput


def _measure(item: Discipline) -> str:
    label = w.DISCIPLINE_LABELS.get(item.level, item.level)
    if item.end is None:
        return f"kỷ luật {label} từ {w.vn_date(item.start)} (chưa hết thời hạn)"
    return f"kỷ luật {label} từ {w.vn_date(item.start)} đến {w.vn_date(item.end)}"


def overlaps(item: Discipline, first: date, last: date) -> bool:
    return item.start <= last and (item.end is None or item.end >= first)


def discipline_check(inp: EligibilityInput, first: int, last: int, basis: str) -> Check:
    start, end = date(first, 1, 1), date(last, 12, 31)
    span = w.period(first, last)
    ordered = sorted(inp.discipline, key=lambda d: d.start)
    inside = [d for d in ordered if overlaps(d, start, end)]
    if inside:
        text = "; ".join(f"{_measure(d)} trùng thời gian xét {span}" for d in inside)
        detail = text[0].upper() + text[1:]
        return Check("no_discipline_in_period", False, detail, basis)
    detail = f"Không có kỷ luật trong thời gian xét {span}"
    outside = [_measure(d) for d in ordered]
    if outside:
        detail += " (" + "; ".join(outside) + " ngoài thời gian xét)"
    return Check("no_discipline_in_period", True, detail, basis)


def blocking_checks(inp: EligibilityInput, *, first: int, last: int, decree: str) -> list[Check]:
    """Investigation, complaint and discipline, citing Art 4 of the decree in force."""
    basis = f"{decree}, Điều 4"
    investigation = inp.pending.investigation
    complaint = inp.pending.complaint
    return [
        Check(
            "no_open_investigation",
            not investigation,
            "Đang bị điều tra, thanh tra, kiểm tra"
            if investigation
            else "Không bị điều tra, thanh tra, kiểm tra",
            basis,
        ),
        Check(
            "no_open_complaint",
            not complaint,
            "Đang có khiếu nại, tố cáo đang được xác minh"
            if complaint
            else "Không có khiếu nại, tố cáo đang được xác minh",
            basis,
        ),
        discipline_check(inp, first, last, basis),
    ]
