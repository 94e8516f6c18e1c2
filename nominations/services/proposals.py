"""proposals of the nominations app."""
