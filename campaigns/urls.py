"""URLs of the campaigns app. Each view module declares its own ``urlpatterns``."""

from .views import attachments, exemplars, movements, registrations

app_name = "campaigns"

urlpatterns = [
    *movements.urlpatterns,
    *attachments.urlpatterns,
    *registrations.urlpatterns,
    *exemplars.urlpatterns,
]
