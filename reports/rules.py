"""Who may request which report."""

import rules

from units.rules import is_chairman, is_secretariat, sees_whole_province

rules.add_perm("reports.view_council_roster", sees_whole_province)
rules.add_perm("reports.request_report", rules.is_authenticated)

# The periodic report to the chairman (issue 12): the secretariat prepares and issues it,
# the chairman reads it.
rules.add_perm("reports.view_periodic_report", is_secretariat | is_chairman)
rules.add_perm("reports.manage_periodic_report", is_secretariat)
