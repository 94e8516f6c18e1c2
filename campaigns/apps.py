"""Emulation movements, plans, registrations and reviews."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Emulation movements")

    def ready(self) -> None:
        from notifications.deadlines import register as register_deadlines
        from units.dashboard import register as register_panels

        from .dashboard import campaign_panels
        from .deadlines import registration_deadlines

        register_deadlines(registration_deadlines)
        register_panels(campaign_panels)
