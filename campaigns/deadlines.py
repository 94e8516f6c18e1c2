"""Deadlines of the movements, fed to the reminder registry (notifications): the yearly
registration deadline (TDKT_REGISTRATION_DEADLINE, default 31/03, unconfirmed), due from
the units that have not submitted their registration."""

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.deadlines import Deadline

from .models import Registration, RegistrationState
from .selectors import REGISTERING_KINDS
from .services import registration_deadline


def registration_deadlines(start: date, end: date) -> Iterator[Deadline]:
    from units.models import Unit

    for year in range(start.year, end.year + 1):
        due = registration_deadline(year)
        if not start <= due <= end:
            continue
        done = Registration.objects.filter(
            year=year,
            state__in=(RegistrationState.SUBMITTED, RegistrationState.ACCEPTED),
        ).values("unit_id")
        laggards = Unit.objects.filter(is_active=True, kind__in=REGISTERING_KINDS).exclude(
            pk__in=done
        )
        yield Deadline(
            key=f"campaigns:registration:{year}",
            title=_("Emulation registration for %(year)s") % {"year": year},
            due_on=due,
            unit_ids=tuple(laggards.values_list("pk", flat=True)) or (0,),
            url=reverse("campaigns:registration_list"),
        )
