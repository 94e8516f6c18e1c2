"""dossiers reads of the nominations app."""
