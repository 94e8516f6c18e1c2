"""proposals pages."""

urlpatterns: list = []
