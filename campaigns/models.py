"""Models of the campaigns app:
emulation movements, plans, registrations and reviews.

Filled by later issues.
"""
