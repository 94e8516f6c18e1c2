from .certificate_views import urlpatterns as certificate_urlpatterns
from .periodic_views import urlpatterns as periodic_urlpatterns
from .views import app_name, urlpatterns

urlpatterns = [*urlpatterns, *periodic_urlpatterns, *certificate_urlpatterns]

__all__ = ["app_name", "urlpatterns"]
