"""Views of the campaigns app, one module per part; each declares its ``urlpatterns``."""
