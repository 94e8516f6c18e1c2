"""consultation pages."""

urlpatterns: list = []
