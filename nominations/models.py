"""Models of the nominations app:
nomination dossiers, appraisal, consultation, Council sessions.

Filled by later issues.
"""
