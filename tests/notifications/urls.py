"""The project's URLs with this app's included, until config/urls.py includes it."""

from django.urls import URLResolver, include, path

from config.urls import handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project


def _wired() -> bool:
    return any(isinstance(p, URLResolver) and p.namespace == "notifications" for p in project)


urlpatterns = [*project]
if not _wired():
    urlpatterns.append(path("", include("notifications.urls")))
