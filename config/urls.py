from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("units.urls")),
    path("", include("notifications.urls")),
    path("", include("awards.urls")),
    path("", include("campaigns.urls")),
    path("", include("nominations.urls")),
    path("", include("clusters.urls")),
    path("", include("reports.urls")),
    path("quan-tri/", admin.site.urls),
]

handler400 = "config.middleware.bad_request"
handler403 = "units.views.errors.permission_denied"
handler404 = "units.views.errors.page_not_found"
# A database outage raised in a middleware gets the 503 page; anything else the 500 page.
handler500 = "config.middleware.server_error"
