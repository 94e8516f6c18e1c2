"""URLs of the clusters app (declared in ``views.urlpatterns``)."""

from .views import urlpatterns

app_name = "clusters"

__all__ = ["app_name", "urlpatterns"]
