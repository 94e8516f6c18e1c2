"""A form's table: each cell counts the facts matching the form's scope, the row and the
column (``definitions`` explains ``where``)."""

from __future__ import annotations

from dataclasses import dataclass

from .definitions import FormDefinition, Line
from .facts import SOURCES, UNCLASSIFIED, Facts


def _holds(facts: dict, key: str, values: list) -> bool:
    if key.endswith("^"):
        value = str(facts.get(key[:-1]) or "")
        return any(value.startswith(str(prefix)) for prefix in values)
    return facts.get(key) in values


def matches(facts: dict, where: dict) -> bool:
    """Whether the facts meet every condition: ``key: [values]``; ``key^``: a prefix;
    a leading ``!`` negates the condition."""
    for key, values in where.items():
        if key.startswith("!"):
            if _holds(facts, key[1:], values):
                return False
        elif not _holds(facts, key, values):
            return False
    return True


@dataclass(frozen=True)
class FormTable:
    definition: FormDefinition
    year: int
    body: str
    # cells[row code][column code]: a count, or None where the portal has no source.
    cells: dict[str, dict[str, int | None]]
    unclassified: int

    def cell(self, row: str, column: str) -> int | None:
        return self.cells[row][column]


def _count(facts: Facts, row: Line, column: Line) -> int | None:
    if not row.data or not column.data:
        return None
    return sum(n for f, n in facts if matches(f, row.where) and matches(f, column.where))


def form_table(
    definition: FormDefinition, *, year: int, body: str, facts: Facts | None = None
) -> FormTable:
    """The table of ``definition`` for ``year``; ``facts`` may be given (tests, one read
    shared by several forms), else read from the definition's source."""
    if facts is None:
        facts = SOURCES[definition.source](year)
    in_scope = [(f, n) for f, n in facts if matches(f, definition.scope)]
    cells = {
        row.code: {column.code: _count(in_scope, row, column) for column in definition.columns}
        for row in definition.rows
    }
    unclassified = sum(n for f, n in in_scope if f.get("recipient_class") == UNCLASSIFIED)
    return FormTable(
        definition=definition, year=year, body=body, cells=cells, unclassified=unclassified
    )
