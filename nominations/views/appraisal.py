"""appraisal pages."""

urlpatterns: list = []
