"""Nomination dossiers, appraisal, public consultation, Council sessions, proposals."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("Nominations")

    def ready(self) -> None:
        from awards.history import register as register_history
        from notifications.deadlines import register as register_deadlines
        from units.dashboard import register as register_panels

        from .dashboard import nomination_panels
        from .deadlines import nomination_deadlines
        from .history import nomination_history

        register_deadlines(nomination_deadlines)

        from .services.complaints import complaint_deadlines

        register_deadlines(complaint_deadlines)
        register_panels(nomination_panels)
        register_history(nomination_history)

        from campaigns.hooks import register_movement_links

        from .campaign_links import movement_links

        register_movement_links(movement_links)
