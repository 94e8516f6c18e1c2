"""Report kinds of proposals: the tờ trình, the decision with its attached list, and
the proposal dossier to the central level."""
