"""appraisal of the nominations app."""
