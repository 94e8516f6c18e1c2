"""consultation of the nominations app."""
