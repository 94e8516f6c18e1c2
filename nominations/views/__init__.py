"""Pages of the nominations app; each module declares its own ``urlpatterns``."""
