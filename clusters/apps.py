"""Emulation blocs and clusters, scoring and ranking."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Blocs and clusters")

    def ready(self) -> None:
        from notifications.deadlines import register as register_deadlines
        from notifications.deadlines import register_link_check
        from units.dashboard import register as register_panels

        from .dashboard import cluster_panels
        from .deadlines import hidden_round_links, scoring_deadlines

        register_deadlines(scoring_deadlines)
        register_link_check(hidden_round_links)
        register_panels(cluster_panels)

        from awards.selectors import bloc_rank_provider

        from .selectors import bloc_ranks

        bloc_rank_provider(bloc_ranks)
