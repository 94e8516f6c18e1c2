"""Validation of the engine's input (``SCORING.md``, "Input").

Malformed input is refused as a whole: ``parse`` raises ``InputError`` for the first fault
it finds, naming the field as a path (``sheets[3].lines.A1``, ``adjustments[0].points``)
with an English message for the command line and a Vietnamese one for the pages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from clusters.engine.numbers import exact

ROLES = ("self", "peer", "head", "council", "secretariat")
PEER_ROLES = ("peer", "head")
ADJUSTMENT_KINDS = ("bonus", "deduction")
TIE_BREAKS = ("deductions", "women_led")


class InputError(ValueError):
    """A malformed input: ``field`` is the path, ``message`` says what is wrong (English),
    ``message_vi`` the same in Vietnamese for the page beside the field."""

    def __init__(self, field: str, message: str, message_vi: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.message_vi = message_vi

    def within(self, index: int) -> InputError:
        """The same error inside element ``index`` of a list of inputs."""
        path = f"[{index}].{self.field}" if self.field else f"[{index}]"
        return InputError(path, self.message, self.message_vi)


@dataclass(frozen=True)
class Criterion:
    code: str
    max: Fraction
    veto: bool
    group: str


@dataclass(frozen=True)
class Group:
    code: str
    title: str
    max: Fraction | None
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Template:
    groups: tuple[Group, ...]
    bonus_cap: Fraction | None = None
    deduction_cap: Fraction | None = None
    tie_break: tuple[str, ...] = ()
    peer_scoring: str | None = None

    @property
    def criteria(self) -> list[Criterion]:
        return [criterion for group in self.groups for criterion in group.criteria]


@dataclass(frozen=True)
class Unit:
    code: str
    women_led: bool = False


@dataclass(frozen=True)
class Sheet:
    index: int
    scorer: str
    target: str
    role: str
    lines: dict[str, Fraction]
    total: Fraction
    subtotals: dict[str, Fraction]


@dataclass(frozen=True)
class Adjustment:
    unit: str
    kind: str
    points: Fraction
    reason: str = ""


@dataclass
class Bloc:
    template: Template
    units: list[Unit]
    sheets: list[Sheet] = field(default_factory=list)
    adjustments: list[Adjustment] = field(default_factory=list)

    @property
    def codes(self) -> set[str]:
        return {unit.code for unit in self.units}


def _fail(path: str, message: str, message_vi: str) -> None:
    raise InputError(path, message, message_vi)


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        _fail(path, "must be an object", "phải là một đối tượng")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        _fail(path, "must be a list", "phải là một danh sách")
    return value


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        _fail(path, "must be a non-empty string", "phải là một chuỗi ký tự không rỗng")
    return value


def _number(value: Any, path: str) -> Fraction:
    """A finite, non-negative JSON number (``true`` is not a number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fail(path, "must be a number", "phải là một số")
    if isinstance(value, float) and not math.isfinite(value):
        _fail(path, "must be a finite number", "phải là một số hữu hạn")
    number = exact(value)
    if number < 0:
        _fail(path, "must not be negative", "không được là số âm")
    return number


def _optional_number(data: dict[str, Any], key: str, path: str) -> Fraction | None:
    value = data.get(key)
    return None if value is None else _number(value, f"{path}.{key}")


def _bool(value: Any, path: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        _fail(path, "must be true or false", "phải là true hoặc false")
    return value


def parse_template(data: Any, path: str = "template") -> Template:
    data = _object(data, path)
    groups_data = _list(data.get("groups"), f"{path}.groups")
    if not groups_data:
        _fail(f"{path}.groups", "must hold at least one group", "phải có ít nhất một nhóm")
    groups: list[Group] = []
    seen_groups: set[str] = set()
    seen_criteria: set[str] = set()
    for g, group_data in enumerate(groups_data):
        gpath = f"{path}.groups[{g}]"
        group_data = _object(group_data, gpath)
        code = _text(group_data.get("code"), f"{gpath}.code")
        if code in seen_groups:
            _fail(f"{gpath}.code", f"duplicate group {code}", f"mã nhóm {code} bị trùng")
        seen_groups.add(code)
        title = group_data.get("title") or ""
        if not isinstance(title, str):
            _fail(f"{gpath}.title", "must be a string", "phải là một chuỗi ký tự")
        group_max = _optional_number(group_data, "max", gpath)
        criteria_data = _list(group_data.get("criteria"), f"{gpath}.criteria")
        if not criteria_data:
            _fail(
                f"{gpath}.criteria",
                "must hold at least one criterion",
                "phải có ít nhất một tiêu chí",
            )
        criteria: list[Criterion] = []
        for c, criterion_data in enumerate(criteria_data):
            cpath = f"{gpath}.criteria[{c}]"
            criterion_data = _object(criterion_data, cpath)
            ccode = _text(criterion_data.get("code"), f"{cpath}.code")
            if ccode in seen_criteria:
                _fail(
                    f"{cpath}.code", f"duplicate criterion {ccode}", f"mã tiêu chí {ccode} bị trùng"
                )
            seen_criteria.add(ccode)
            if criterion_data.get("max") is None:
                _fail(f"{cpath}.max", "is required", "là bắt buộc")
            cmax = _number(criterion_data.get("max"), f"{cpath}.max")
            veto = _bool(criterion_data.get("veto"), f"{cpath}.veto")
            criteria.append(Criterion(code=ccode, max=cmax, veto=veto, group=code))
        groups.append(Group(code=code, title=title, max=group_max, criteria=tuple(criteria)))

    bonus_cap = _optional_number(data, "bonus_cap", path)
    deduction_cap = _optional_number(data, "deduction_cap", path)

    tie_break: list[str] = []
    if data.get("tie_break") is not None:
        for t, key in enumerate(_list(data["tie_break"], f"{path}.tie_break")):
            tpath = f"{path}.tie_break[{t}]"
            key = _text(key, tpath)
            if key.startswith("group:"):
                if key[len("group:") :] not in seen_groups:
                    _fail(
                        tpath,
                        f"unknown group in {key}",
                        f"nhóm trong “{key}” không có trong bảng điểm",
                    )
            elif key not in TIE_BREAKS:
                _fail(
                    tpath,
                    f"unknown tie-break {key} (group:X, deductions, women_led)",
                    f"tiêu chí phân định “{key}” không hợp lệ (group:X, deductions, women_led)",
                )
            tie_break.append(key)

    peer_scoring = data.get("peer_scoring")
    if peer_scoring is not None and not isinstance(peer_scoring, str):
        _fail(f"{path}.peer_scoring", "must be a string", "phải là một chuỗi ký tự")

    return Template(
        groups=tuple(groups),
        bonus_cap=bonus_cap,
        deduction_cap=deduction_cap,
        tie_break=tuple(tie_break),
        peer_scoring=peer_scoring,
    )


def parse(data: Any) -> Bloc:
    """Validate one input object and return the bloc, or raise ``InputError``."""
    data = _object(data, "input")
    if "template" not in data:
        _fail("template", "is required", "là bắt buộc")
    template = parse_template(data["template"])
    criteria = {criterion.code: criterion for criterion in template.criteria}

    units: list[Unit] = []
    codes: set[str] = set()
    for u, unit_data in enumerate(_list(data.get("units"), "units")):
        upath = f"units[{u}]"
        unit_data = _object(unit_data, upath)
        code = _text(unit_data.get("code"), f"{upath}.code")
        if code in codes:
            _fail(f"{upath}.code", f"duplicate unit {code}", f"đơn vị {code} bị trùng")
        codes.add(code)
        units.append(
            Unit(code=code, women_led=_bool(unit_data.get("women_led"), f"{upath}.women_led"))
        )

    sheets: list[Sheet] = []
    seen: dict[tuple[str, str, str], int] = {}
    for s, sheet_data in enumerate(_list(data.get("sheets", []), "sheets")):
        spath = f"sheets[{s}]"
        sheet_data = _object(sheet_data, spath)
        role = sheet_data.get("role")
        if role not in ROLES:
            _fail(
                f"{spath}.role",
                f"unknown role {role!r} (self, peer, head, council, secretariat)",
                f"vai trò chấm “{role}” không hợp lệ",
            )
        scorer = _text(sheet_data.get("scorer"), f"{spath}.scorer")
        target = _text(sheet_data.get("target"), f"{spath}.target")
        if role in ("self", "peer", "head") and scorer not in codes:
            _fail(
                f"{spath}.scorer",
                f"scorer {scorer} is not a unit of the bloc",
                f"đơn vị chấm {scorer} không thuộc cụm, khối",
            )
        if target not in codes:
            _fail(
                f"{spath}.target",
                f"target {target} is not a unit of the bloc",
                f"đơn vị được chấm {target} không thuộc cụm, khối",
            )
        if role == "self" and scorer != target:
            _fail(
                f"{spath}.target",
                f"a self sheet must score its own unit ({scorer}), not {target}",
                f"phiếu tự chấm phải chấm chính đơn vị {scorer}, không phải {target}",
            )
        if role in PEER_ROLES and scorer == target:
            _fail(
                f"{spath}.target",
                f"a {role} sheet must not score its own unit ({scorer})",
                f"phiếu chấm chéo không được chấm chính đơn vị mình ({scorer})",
            )
        lines_data = _object(sheet_data.get("lines"), f"{spath}.lines")
        lines: dict[str, Fraction] = {}
        for code in lines_data:
            if code not in criteria:
                _fail(
                    f"{spath}.lines.{code}",
                    f"unknown criterion {code}",
                    f"tiêu chí {code} không có trong bảng điểm",
                )
        for code, criterion in criteria.items():
            lpath = f"{spath}.lines.{code}"
            if code not in lines_data:
                _fail(lpath, f"criterion {code} is missing", f"thiếu điểm tiêu chí {code}")
            value = _number(lines_data[code], lpath)
            if value > criterion.max:
                _fail(
                    lpath,
                    f"{lines_data[code]} is above the maximum {_show(criterion.max)}",
                    f"điểm {_show_vi(value)} vượt điểm tối đa {_show_vi(criterion.max)}",
                )
            lines[code] = value
        key = (scorer, target, role)
        if key in seen:
            _fail(
                f"{spath}.scorer",
                f"repeats the scorer, target and role of sheets[{seen[key]}]",
                f"trùng người chấm, đơn vị được chấm và vai trò với phiếu thứ {seen[key] + 1}",
            )
        seen[key] = s
        subtotals = {
            group.code: sum((lines[c.code] for c in group.criteria), Fraction(0))
            for group in template.groups
        }
        sheets.append(
            Sheet(
                index=s,
                scorer=scorer,
                target=target,
                role=role,
                lines=lines,
                total=sum(lines.values(), Fraction(0)),
                subtotals=subtotals,
            )
        )

    adjustments: list[Adjustment] = []
    for a, adjustment_data in enumerate(_list(data.get("adjustments") or [], "adjustments")):
        apath = f"adjustments[{a}]"
        adjustment_data = _object(adjustment_data, apath)
        unit = _text(adjustment_data.get("unit"), f"{apath}.unit")
        if unit not in codes:
            _fail(
                f"{apath}.unit",
                f"unit {unit} is not a unit of the bloc",
                f"đơn vị {unit} không thuộc cụm, khối",
            )
        kind = adjustment_data.get("kind")
        if kind not in ADJUSTMENT_KINDS:
            _fail(
                f"{apath}.kind",
                f"unknown kind {kind!r} (bonus, deduction)",
                f"loại điểm “{kind}” không hợp lệ (điểm thưởng hoặc điểm trừ)",
            )
        points = _number(adjustment_data.get("points"), f"{apath}.points")
        reason = adjustment_data.get("reason") or ""
        if not isinstance(reason, str):
            _fail(f"{apath}.reason", "must be a string", "phải là một chuỗi ký tự")
        adjustments.append(Adjustment(unit=unit, kind=kind, points=points, reason=reason))

    return Bloc(template=template, units=units, sheets=sheets, adjustments=adjustments)


def _show(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(float(value))


def _show_vi(value: Fraction) -> str:
    return _show(value).replace(".", ",")
