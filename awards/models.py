"""Models of the awards app:
award catalogue, records, eligibility engine and the award archive.

Filled by later issues.
"""
