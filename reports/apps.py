"""Report jobs, periodic reports and dashboards."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Documents of the nominations app are kinds declared here (reports imports
        # nominations, never the reverse); its numbers come from this app's counters.
        from nominations import hooks

        from . import (  # noqa: F401 - they register kinds
            kinds_council,
            kinds_grassroots,
            kinds_proposals,
        )
        from .numbering import document_number_next

        hooks.set_number_provider(document_number_next)

        from campaigns import hooks as campaign_hooks

        campaign_hooks.set_number_provider(document_number_next)

        from . import kinds_campaigns  # noqa: F401 - registers the movements' kinds
