"""The columns' widgets: a cell read as text, year, date, kind or gender, with the
Vietnamese message of a bad value."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from import_export import widgets

from units.resources import VietnameseDateWidget, YearWidget
from units.search import normalize
from units.services import clean_name

from ..models import CommendationKind
from .columns import GENDER_WORDS, KIND_ALIASES, KIND_LABELS


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without ".0", NFC, single spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return clean_name(str(value))


class TextWidget(widgets.Widget):
    def __init__(self, *, max_length: int, required: bool = False, **kwargs):
        self.max_length = max_length
        self.required = required
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text and self.required:
            raise ValueError(_("This column is required."))
        if len(text) > self.max_length:
            raise ValueError(_("Write at most %(max)s characters.") % {"max": self.max_length})
        return text


class GrantYearWidget(YearWidget):
    def clean(self, value, row=None, **kwargs):
        year = super().clean(value, row=row, **kwargs)
        if year is None:
            raise ValueError(_("This column is required."))
        if not 1945 <= year <= 2100:
            raise ValueError(_("Write a year between 1945 and 2100."))
        return year


class RequiredDateWidget(VietnameseDateWidget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str) and not value.strip():
            value = None
        parsed = super().clean(value, row=row, **kwargs)
        if parsed is None:
            raise ValueError(_("This column is required."))
        return parsed


class KindWidget(widgets.Widget):
    """Blank = merit; else a code or a Vietnamese label, accent-insensitive."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.choices: dict[str, str] = {}
        for kind in CommendationKind:
            names = (kind.value, kind.value.replace("_", " "), KIND_LABELS[kind])
            for name in (*names, *KIND_ALIASES.get(kind, ())):
                self.choices[normalize(name)] = kind.value
                self.choices["khen thuong " + normalize(name)] = kind.value

    def clean(self, value, row=None, **kwargs):
        text = normalize(cell_text(value))
        if not text:
            return CommendationKind.MERIT.value
        if text in self.choices:
            return self.choices[text]
        raise ValueError(
            _("“%(value)s” is not one of: %(allowed)s.")
            % {"value": cell_text(value), "allowed": ", ".join(KIND_LABELS.values())}
        )


class GenderWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = normalize(cell_text(value))
        if not text:
            return ""
        if text in GENDER_WORDS:
            return GENDER_WORDS[text]
        raise ValueError(
            _("“%(value)s” is not one of: %(allowed)s.")
            % {"value": cell_text(value), "allowed": "Nam, Nữ"}
        )
