"""Who may request which report."""

import rules

from units.rules import sees_whole_province

rules.add_perm("reports.view_council_roster", sees_whole_province)
rules.add_perm("reports.request_report", rules.is_authenticated)
