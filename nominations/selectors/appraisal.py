"""appraisal reads of the nominations app."""
