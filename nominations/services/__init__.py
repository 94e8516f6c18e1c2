"""Every write of the nominations app, one module per step of the path; each service
runs in one transaction and records the dossier's history."""
