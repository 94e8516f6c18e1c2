"""Models of the reports app:
report jobs, periodic reports and dashboards.

Filled by later issues.
"""
