"""Unit tree, people registry, users and role assignments."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from . import lookups  # noqa: F401 - registers the integer ``__in`` lookup
        from .middleware import clock_on_login
        from .pagecache import track_writes
        from .search import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="tdkt_fold")
        connection_created.connect(track_writes, dispatch_uid="tdkt_pagecache")
        user_logged_in.connect(clock_on_login, dispatch_uid="tdkt_session_clock")
