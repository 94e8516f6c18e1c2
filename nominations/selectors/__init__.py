"""Every read of the nominations app that decides who sees what."""
