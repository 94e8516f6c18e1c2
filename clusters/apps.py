"""Emulation blocs and clusters, scoring and ranking."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Blocs and clusters")
