"""Panels of the dashboard for the movements: movements in progress, registration
completion of the year, targets achieved (each in a constant number of queries)."""

from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from units.dashboard import Panel, PanelLine
from units.models import Role, Unit, User
from units.selectors import roles_of

from .models import OPEN_STATES, Movement, Registration, RegistrationState
from .selectors import REGISTERING_KINDS


def campaign_panels(user: User) -> Iterator[Panel]:
    roles = roles_of(user)
    year = timezone.localdate().year
    if roles.has(Role.SECRETARIAT, Role.CHAIRMAN):
        in_progress = Movement.objects.filter(state__in=OPEN_STATES).count()
        units = Unit.objects.filter(is_active=True, kind__in=REGISTERING_KINDS).count()
        counts = Registration.objects.filter(year=year).aggregate(
            submitted=Count("pk", filter=Q(state=RegistrationState.SUBMITTED)),
            accepted=Count("pk", filter=Q(state=RegistrationState.ACCEPTED)),
        )
        missing = units - counts["submitted"] - counts["accepted"]
        completion = reverse("campaigns:completion")
        yield Panel(
            key="movements",
            title=_("Emulation movements"),
            lines=(
                PanelLine(
                    _("Movements in progress"),
                    in_progress,
                    reverse("campaigns:movement_list") + "?state=in_progress",
                ),
                PanelLine(
                    _("Registrations waiting for a decision"),
                    counts["submitted"],
                    reverse("campaigns:registration_list") + "?state=submitted",
                ),
                PanelLine(_("Registrations accepted"), counts["accepted"], completion),
                PanelLine(_("Units not registered yet"), max(missing, 0), completion, alert=True),
            ),
        )
    elif roles.unit_paths:
        registrations = Registration.objects.filter(unit_id__in=roles.unit_ids, year=year)
        counts = registrations.aggregate(
            returned=Count("pk", filter=Q(state=RegistrationState.RETURNED)),
            accepted=Count("pk", filter=Q(state=RegistrationState.ACCEPTED)),
            any=Count("pk"),
        )
        url = reverse("campaigns:registration_list")
        yield Panel(
            key="unit-registration",
            title=_("Your unit's emulation registration"),
            lines=(
                PanelLine(_("Not registered yet"), 0 if counts["any"] else 1, url, alert=True),
                PanelLine(_("Returned for correction"), counts["returned"], url, alert=True),
                PanelLine(_("Registrations accepted"), counts["accepted"], url),
            ),
        )
