"""URLs of the nominations app. Each view module declares its own ``urlpatterns``."""

from .views import appraisal, complaints, consultation, council, dossiers, grassroots, proposals

app_name = "nominations"

urlpatterns = [
    *dossiers.urlpatterns,
    *appraisal.urlpatterns,
    *consultation.urlpatterns,
    *council.urlpatterns,
    *proposals.urlpatterns,
    *grassroots.urlpatterns,
    *complaints.urlpatterns,
]
