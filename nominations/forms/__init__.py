"""Forms of the nominations app, one module per step of the path."""
