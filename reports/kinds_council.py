"""Report kinds of Council sessions: the minutes (biên bản) of a vote."""
