"""council of the nominations app."""
