"""consultation reads of the nominations app."""
