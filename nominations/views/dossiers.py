"""dossiers pages."""

urlpatterns: list = []
