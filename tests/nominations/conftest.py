"""Fixtures of the nominations tests: the catalogue is seeded by migration."""
