"""Builders for the engine's test inputs (``SCORING.md``).

The template: group A (A1 max 60, A2 max 20) and group C (C1 max 5, a veto criterion,
C2 max 15). ``lines(total, k)`` spells a sheet of ``total`` points whose split depends on
the scorer's index ``k``, so two scorers never give line-for-line identical sheets unless a
test wants them to: A2 = 20, C1 = 5, C2 = 15 − k, A1 = total − 40 + k.
"""

from __future__ import annotations

import copy
from typing import Any

TEMPLATE: dict[str, Any] = {
    "groups": [
        {
            "code": "A",
            "title": "Thực hiện nhiệm vụ chính trị",
            "max": 80,
            "criteria": [{"code": "A1", "max": 60}, {"code": "A2", "max": 20}],
        },
        {
            "code": "C",
            "title": "Xây dựng tổ chức, kỷ luật",
            "max": 20,
            "criteria": [{"code": "C1", "max": 5, "veto": True}, {"code": "C2", "max": 15}],
        },
    ],
}


def template(**extra: Any) -> dict[str, Any]:
    data = copy.deepcopy(TEMPLATE)
    data.update(extra)
    return data


def line(a1: float, a2: float, c1: float, c2: float) -> dict[str, float]:
    return {"A1": a1, "A2": a2, "C1": c1, "C2": c2}


def lines(total: float, k: int = 0) -> dict[str, float]:
    return line(total - 40 + k, 20, 5, 15 - k)


def sheet(scorer: str, target: str, role: str, lines_: dict[str, float]) -> dict[str, Any]:
    return {"scorer": scorer, "target": target, "role": role, "lines": lines_}


def codes(n: int) -> list[str]:
    return [f"U{i}" for i in range(1, n + 1)]


def cross(
    n: int, total: float = 80, given: dict[tuple[str, str], float] | None = None
) -> list[dict[str, Any]]:
    """Every unit peer-scores every other with ``total`` points, except the pairs in
    ``given`` ((scorer, target) → total)."""
    given = given or {}
    sheets = []
    for k, scorer in enumerate(codes(n), start=1):
        for target in codes(n):
            if scorer != target:
                points = given.get((scorer, target), total)
                sheets.append(sheet(scorer, target, "peer", lines(points, k)))
    return sheets


def bloc(n: int, sheets: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "template": extra.pop("template", template()),
        "units": extra.pop("units", [{"code": code} for code in codes(n)]),
        "sheets": sheets,
    }
    data.update(extra)
    return data
