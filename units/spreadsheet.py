"""Spreadsheet safety shared by every export of the portal (SECURITY-TESTS.md D1).

django-import-export's own option strips only a leading "=", and openpyxl stores any
string that starts with "=" as a formula; so every exported text cell passes through
:func:`neutralise_cell`, and every resource of the portal uses :class:`SafeExportMixin`.
"""

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
