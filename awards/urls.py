"""URLs of the awards app. Each view module declares its own ``urlpatterns``; the public
verification page sits at /xac-minh/ as printed on certificates."""

from .views import archive, catalogue, decisions, eligibility, legacy, records, verification

app_name = "awards"

urlpatterns = [
    *catalogue.urlpatterns,
    *records.urlpatterns,
    *eligibility.urlpatterns,
    *archive.urlpatterns,
    *legacy.urlpatterns,
    *verification.urlpatterns,
    *decisions.urlpatterns,
]
