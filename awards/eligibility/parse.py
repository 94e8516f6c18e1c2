"""Strict validation of the engine's input object (ELIGIBILITY.md, "Input").

Why strict: the input is assembled by a selector, typed by hand for the command line or
posted by another system. A misspelt key ("investigaton") silently ignored would turn a
blocked subject into an eligible one, so every unknown key is an error, every value is
type-checked, and every error names the exact path of the field (``ratings.2024``,
``titles[2].kind``, ``members.ldtt``) so a clerk or a developer can fix it at once.

Top-level keys: ``award`` (required; any non-empty string: unknown codes are judged
``needs_review``), ``year`` (required), ``subject`` (required, with ``kind``), and the
optional ``ratings``, ``titles``, ``initiatives``, ``discipline``, ``pending``,
``members``, ``bloc_rank``. A missing optional key, or null, means "nothing on record".

Extensions to the contract's example, both optional:

- ``rule_set``: a date "YYYY-MM-DD"; the rule set in force on that date applies instead
  of the one in force on 31/12 of the award year (the contract's "unless the input says
  otherwise").
- ``movement``: ``{"name": str, "years": int}``, a provincial thematic movement the
  collective led; it opens the ``needs_review`` route of ``CO_TINH`` when it lasted 3 or
  more years (Luật TĐKT 2022, Điều 26).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from .types import (
    Discipline,
    EligibilityInput,
    Initiative,
    Members,
    Movement,
    Pending,
    Subject,
    Title,
)

YEAR_MIN, YEAR_MAX = 1945, 2100
SUBJECT_KINDS = ("individual", "collective", "household")
RATINGS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
# The contract's five kinds plus NIEN_HAN (seniority, army and police: Law Art 8,
# DOMAIN §2.1), which the records hold too; like every kind but CONG_TRANG it never
# counts toward history conditions, so accepting it changes no verdict.
TITLE_KINDS = ("CONG_TRANG", "PHONG_TRAO", "DOT_XUAT", "CONG_HIEN", "NIEN_HAN", "DOI_NGOAI")
INITIATIVE_LEVELS = ("unit", "province", "national")
MEMBER_FIELDS = ("total", "ldtt", "completed_tasks", "cstdcs", "disciplined_warning_or_above")

TOP_LEVEL_KEYS = (
    "award",
    "year",
    "subject",
    "ratings",
    "titles",
    "initiatives",
    "discipline",
    "pending",
    "members",
    "bloc_rank",
    "movement",
    "rule_set",
)
_YEAR_KEY = re.compile(r"\d{4}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class InputError(ValueError):
    """A malformed input: ``field`` is the exact path, ``message`` says what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message

    def within(self, index: int) -> InputError:
        """The same error for the ``index``-th object of a list: ``[3].ratings.2024``."""
        prefix = f"[{index}]"
        if not self.field:
            return InputError(prefix, self.message)
        sep = "" if self.field.startswith("[") else "."
        return InputError(f"{prefix}{sep}{self.field}", self.message)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _object(value: Any, path: str, *, keys: tuple[str, ...], required: tuple[str, ...] = ()):
    if not isinstance(value, Mapping):
        raise InputError(path, "phải là một đối tượng JSON")
    for key in value:
        if key not in keys:
            raise InputError(
                _join(path, str(key)),
                "trường không được hỗ trợ (các trường hợp lệ: " + ", ".join(keys) + ")",
            )
    for key in required:
        if key not in value:
            raise InputError(_join(path, key), "thiếu trường bắt buộc")
    return value


def _list(value: Any, path: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(path, "phải là một danh sách")
    return value


def _int(value: Any, path: str, *, minimum: int | None = None, maximum: int | None = None):
    # bool is an int in Python, but true/false is never a count or a year.
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(path, "phải là số nguyên")
    if minimum is not None and value < minimum:
        raise InputError(path, f"phải lớn hơn hoặc bằng {minimum}")
    if maximum is not None and value > maximum:
        raise InputError(path, f"phải nhỏ hơn hoặc bằng {maximum}")
    return value


def _year(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(path, "phải là số nguyên (năm)")
    if not YEAR_MIN <= value <= YEAR_MAX:
        raise InputError(path, f"năm phải trong khoảng {YEAR_MIN}..{YEAR_MAX}")
    return value


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(path, "phải là chuỗi ký tự khác rỗng")
    return value


def _choice(value: Any, path: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise InputError(path, "giá trị phải là một trong " + ", ".join(choices))
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(path, "phải là true hoặc false")
    return value


def _date(value: Any, path: str) -> date:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InputError(path, "phải là ngày hợp lệ dạng YYYY-MM-DD")


def _subject(value: Any) -> Subject:
    obj = _object(value, "subject", keys=("kind", "gender"), required=("kind",))
    kind = _choice(obj["kind"], "subject.kind", SUBJECT_KINDS)
    gender = obj.get("gender")
    if gender is not None:
        # Only the tie-break (DOMAIN §1.4(5)) uses gender, outside the engine.
        gender = _text(gender, "subject.gender")
    return Subject(kind=kind, gender=gender)


def _ratings(value: Any) -> Mapping[int, str]:
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, Mapping):
        raise InputError("ratings", 'phải là một đối tượng JSON {"YYYY": xếp loại}')
    ratings: dict[int, str] = {}
    for key, rating in value.items():
        path = f"ratings.{key}"
        if not isinstance(key, str) or not _YEAR_KEY.fullmatch(key):
            raise InputError(path, "khóa phải là năm dạng chuỗi YYYY")
        year = int(key)
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise InputError(path, f"năm phải trong khoảng {YEAR_MIN}..{YEAR_MAX}")
        ratings[year] = _choice(rating, path, RATINGS)
    return MappingProxyType(ratings)


def _titles(value: Any) -> tuple[Title, ...]:
    titles = []
    for i, item in enumerate(_list(value, "titles")):
        path = f"titles[{i}]"
        obj = _object(item, path, keys=("code", "year", "kind"), required=("code", "year", "kind"))
        titles.append(
            Title(
                code=_text(obj["code"], f"{path}.code"),
                year=_year(obj["year"], f"{path}.year"),
                kind=_choice(obj["kind"], f"{path}.kind", TITLE_KINDS),
            )
        )
    return tuple(titles)


def _initiatives(value: Any) -> tuple[Initiative, ...]:
    initiatives: list[Initiative] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(_list(value, "initiatives")):
        path = f"initiatives[{i}]"
        obj = _object(
            item, path, keys=("id", "year", "level", "used_by"), required=("id", "year", "level")
        )
        ident = _text(obj["id"], f"{path}.id")
        if ident in seen:
            # Counted twice, one initiative would satisfy "2 initiatives" alone.
            raise InputError(f"{path}.id", f"trùng mã với initiatives[{seen[ident]}]")
        seen[ident] = i
        used_by = obj.get("used_by")
        if used_by is not None:
            used_by = _text(used_by, f"{path}.used_by")
        initiatives.append(
            Initiative(
                id=ident,
                year=_year(obj["year"], f"{path}.year"),
                level=_choice(obj["level"], f"{path}.level", INITIATIVE_LEVELS),
                used_by=used_by,
            )
        )
    return tuple(initiatives)


def _discipline(value: Any) -> tuple[Discipline, ...]:
    measures = []
    for i, item in enumerate(_list(value, "discipline")):
        path = f"discipline[{i}]"
        obj = _object(item, path, keys=("level", "from", "to"), required=("level", "from", "to"))
        start = _date(obj["from"], f"{path}.from")
        end = None if obj["to"] is None else _date(obj["to"], f"{path}.to")
        if end is not None and end < start:
            raise InputError(f"{path}.to", "không được trước ngày bắt đầu (from)")
        measures.append(
            Discipline(level=_text(obj["level"], f"{path}.level"), start=start, end=end)
        )
    return tuple(measures)


def _pending(value: Any) -> Pending:
    if value is None:
        return Pending()
    obj = _object(value, "pending", keys=("investigation", "complaint"))
    return Pending(
        investigation=_bool(obj.get("investigation", False), "pending.investigation"),
        complaint=_bool(obj.get("complaint", False), "pending.complaint"),
    )


def _members(value: Any) -> Members | None:
    if value is None:
        return None
    obj = _object(value, "members", keys=MEMBER_FIELDS, required=MEMBER_FIELDS)
    total = _int(obj["total"], "members.total", minimum=1)
    counts = {
        name: _int(obj[name], f"members.{name}", minimum=0, maximum=total)
        for name in MEMBER_FIELDS[1:]
    }
    return Members(total=total, **counts)


def _movement(value: Any) -> Movement | None:
    if value is None:
        return None
    obj = _object(value, "movement", keys=("name", "years"), required=("name", "years"))
    return Movement(
        name=_text(obj["name"], "movement.name"),
        years=_int(obj["years"], "movement.years", minimum=1),
    )


def validate_input(data: Any) -> EligibilityInput:
    """Parse one input object or raise ``InputError`` naming the first bad field."""
    obj = _object(data, "", keys=TOP_LEVEL_KEYS, required=("award", "year", "subject"))
    bloc_rank = obj.get("bloc_rank")
    rule_set = obj.get("rule_set")
    return EligibilityInput(
        award=_text(obj["award"], "award"),
        year=_year(obj["year"], "year"),
        subject=_subject(obj["subject"]),
        ratings=_ratings(obj.get("ratings")),
        titles=_titles(obj.get("titles")),
        initiatives=_initiatives(obj.get("initiatives")),
        discipline=_discipline(obj.get("discipline")),
        pending=_pending(obj.get("pending")),
        members=_members(obj.get("members")),
        bloc_rank=None if bloc_rank is None else _int(bloc_rank, "bloc_rank", minimum=1),
        movement=_movement(obj.get("movement")),
        rule_set=None if rule_set is None else _date(rule_set, "rule_set"),
    )
