"""The versioned definitions of the statistics forms: one JSON file per form per circular.

A definition::

    {"form": "0602", "version": "02/2023/TT-BNV", "valid_from": 2023, "valid_to": null,
     "symbol": "Biểu số 0602.N/BNV-TĐKT", "title": "…", "source": "award_grants",
     "scope": {"award_level": ["state", "government"]},
     "columns": [{"code": "1", "group": "…", "label": "…", "where": {…}}, …],
     "rows": [{"code": "01", "label": "…", "level": 1, "where": {…}}, …],
     "notes": ["…"]}

``where`` maps a fact to the values it may take (all conditions hold together); a key
ending in ``^`` matches a prefix of the fact, a key starting with ``!`` excludes the
values. A row or column with ``"data": false`` has no source in the portal: its cells
stay empty. ``"confirmed": false`` marks a label not checked against the circular's
text; ``"portal": true`` a row the circular does not have (records the portal could not
classify). The version in force for a report year is the one whose ``valid_from`` ≤
year ≤ ``valid_to``; of two, the later ``valid_from`` wins.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Where definitions are read from; a deployment (or a test) may add a directory.
DEFINITION_DIRS: list[Path] = [Path(__file__).resolve().parent / "forms"]

SOURCES = ("award_grants", "movements", "units", "emulation_staff")


@dataclass(frozen=True)
class Line:
    """A row or a column of a form."""

    code: str
    label: str
    where: dict = field(default_factory=dict)
    group: str = ""
    level: int = 0
    data: bool = True
    confirmed: bool = True
    portal: bool = False


@dataclass(frozen=True)
class FormDefinition:
    form: str
    version: str
    valid_from: int
    valid_to: int | None
    symbol: str
    title: str
    name: str
    source: str
    scope: dict
    columns: tuple[Line, ...]
    rows: tuple[Line, ...]
    subtitle: str = ""
    unit_of_count: str = ""
    circular: str = ""
    due: str = ""
    receiver: str = ""
    notes: tuple[str, ...] = ()
    path: str = ""

    @property
    def key(self) -> str:
        return f"{self.form}@{self.version}"

    def applies_to(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)


def _line(raw: dict, where_from: str) -> Line:
    if not isinstance(raw, dict) or not raw.get("code") or "label" not in raw:
        raise ValidationError(f"{where_from}: every row and column needs a code and a label")
    where = raw.get("where", {})
    if not isinstance(where, dict) or not all(isinstance(v, list) for v in where.values()):
        raise ValidationError(f"{where_from} {raw['code']}: where maps facts to lists of values")
    return Line(
        code=str(raw["code"]),
        label=str(raw["label"]),
        where=where,
        group=str(raw.get("group") or ""),
        level=int(raw.get("level", 0)),
        data=bool(raw.get("data", True)),
        confirmed=bool(raw.get("confirmed", True)),
        portal=bool(raw.get("portal", False)),
    )


def parse(raw: dict, *, path: str = "") -> FormDefinition:
    """A definition from its JSON object, checked: a clear error names what is wrong."""
    missing = [k for k in ("form", "version", "valid_from", "title", "source") if k not in raw]
    if missing:
        raise ValidationError(f"{path}: missing {', '.join(missing)}")
    if raw["source"] not in SOURCES:
        raise ValidationError(f"{path}: unknown source {raw['source']!r}")
    columns = tuple(_line(c, f"{path} column") for c in raw.get("columns", []))
    rows = tuple(_line(r, f"{path} row") for r in raw.get("rows", []))
    for name, lines in (("column", columns), ("row", rows)):
        codes = [line.code for line in lines]
        if not codes or len(set(codes)) != len(codes):
            raise ValidationError(f"{path}: {name} codes must be present and unique")
    return FormDefinition(
        form=str(raw["form"]),
        version=str(raw["version"]),
        valid_from=int(raw["valid_from"]),
        valid_to=int(raw["valid_to"]) if raw.get("valid_to") is not None else None,
        symbol=str(raw.get("symbol", "")),
        title=str(raw["title"]),
        name=str(raw.get("name") or raw["title"]),
        subtitle=str(raw.get("subtitle", "")),
        source=raw["source"],
        scope=dict(raw.get("scope", {})),
        columns=columns,
        rows=rows,
        unit_of_count=str(raw.get("unit_of_count", "")),
        circular=str(raw.get("circular", "")),
        due=str(raw.get("due", "")),
        receiver=str(raw.get("receiver", "")),
        notes=tuple(str(n) for n in raw.get("notes", [])),
        path=path,
    )


def load_all() -> list[FormDefinition]:
    """Every definition in the definition directories (read each time: a file dropped in
    is a new version at once)."""
    found = []
    for directory in DEFINITION_DIRS:
        for path in sorted(Path(directory).glob("*.json")):
            with path.open(encoding="utf-8") as handle:
                found.append(parse(json.load(handle), path=path.name))
    return found


def forms() -> list[str]:
    """The form codes defined, in order."""
    return sorted({d.form for d in load_all()})


def versions(form: str) -> list[FormDefinition]:
    return sorted((d for d in load_all() if d.form == form), key=lambda d: d.valid_from)


def definition_for(form: str, year: int, version: str | None = None) -> FormDefinition:
    """The definition of ``form`` in force for ``year`` (or the named ``version``)."""
    candidates = versions(form)
    if version is not None:
        chosen = [d for d in candidates if d.version == version]
    else:
        chosen = [d for d in candidates if d.applies_to(year)]
    if not chosen:
        raise ValidationError(
            _("No definition of form %(form)s applies to the year %(year)s.")
            % {"form": form, "year": year}
        )
    return chosen[-1]
