"""Nomination dossiers, appraisal, public consultation, Council sessions, proposals."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("Nominations")

    def ready(self) -> None:
        from notifications.deadlines import register

        from .deadlines import nomination_deadlines

        register(nomination_deadlines)
