"""Models of the clusters app:
emulation blocs and clusters, scoring and ranking.

Filled by later issues.
"""
