"""Who may manage the holiday calendar and the manual deadlines: the secretariat.

A notification itself is only ever read through the owner's selector, so it needs no rule.
"""

import rules

from units.rules import is_secretariat

rules.add_perm("notifications.view_holiday", is_secretariat)
rules.add_perm("notifications.add_holiday", is_secretariat)
rules.add_perm("notifications.delete_holiday", is_secretariat)
rules.add_perm("notifications.view_manualdeadline", is_secretariat)
rules.add_perm("notifications.add_manualdeadline", is_secretariat)
