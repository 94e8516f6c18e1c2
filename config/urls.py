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

handler403 = "units.views.errors.permission_denied"
handler404 = "units.views.errors.page_not_found"
handler500 = "units.views.errors.server_error"
