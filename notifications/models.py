"""Models of the notifications app:
in-app inbox, e-mail, reminder log and the deadline registry.

Filled by later issues.
"""
