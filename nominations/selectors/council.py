"""council reads of the nominations app."""
