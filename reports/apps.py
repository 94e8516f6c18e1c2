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
        from units import dashboard

        from . import (  # noqa: F401 - they register kinds
            kinds_council,
            kinds_grassroots,
            kinds_proposals,
        )
        from .numbering import document_number_next

        hooks.set_number_provider(document_number_next)

        # The movements' launch plans are numbered by the launching unit's register
        # (units.issuing) when issued, never by this app's counters.
        # The periodic report to the chairman: its kind and the chairman's dashboard panel.
        from . import (
            kinds_campaigns,  # noqa: F401 - registers the movements' kinds
            kinds_certificates,  # noqa: F401 - the certificates of a decision
            kinds_clusters,  # noqa: F401 - blocs' ranking, meeting minutes, tờ trình
            kinds_covenant,  # noqa: F401 - the blocs' emulation covenant
            kinds_statistics,  # noqa: F401 - statistics forms 0601–0605
            periodic_kind,  # noqa: F401
        )
        from .periodic_dashboard import periodic_panels

        dashboard.register(periodic_panels)
