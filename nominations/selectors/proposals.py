"""proposals reads of the nominations app."""
