"""Checks shared by the campaigns services: numbers, dates, the registration window, row
locks."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def parse_number(value, *, field: str) -> Decimal:
    """A plan or actual value: a number ≥ 0, with "," or "." as the decimal mark."""
    text = str(value if value is not None else "").strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0 or number >= Decimal("1e12"):
        raise ValidationError(
            {
                field: _("Enter a number (for example 12 or 12.5), not “%(value)s”.")
                % {"value": value}
            }
        )
    return number.quantize(Decimal("0.01"))


def registration_deadline(year: int) -> date:
    """The last day units may register for ``year`` (TDKT_REGISTRATION_DEADLINE "dd/mm",
    default 31/03, unconfirmed for Quảng Ngãi)."""
    day, month = (int(part) for part in settings.TDKT_REGISTRATION_DEADLINE.split("/"))
    return date(year, month, day)


def _check_dates(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end_date": _("The end date must not be before the start date.")})


def _lock(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)
