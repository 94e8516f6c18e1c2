"""council pages."""

urlpatterns: list = []
