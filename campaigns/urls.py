"""URLs of the campaigns app. Each view module declares its own ``urlpatterns``."""

from .views import exemplars, movements, registrations

app_name = "campaigns"

urlpatterns = [
    *movements.urlpatterns,
    *registrations.urlpatterns,
    *exemplars.urlpatterns,
]
