"""dossiers of the nominations app."""
