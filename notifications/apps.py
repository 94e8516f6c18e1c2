"""In-app inbox, e-mail, reminder log and the deadline registry."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from .deadlines import register
        from .services import manual_deadlines_provider

        register(manual_deadlines_provider)
