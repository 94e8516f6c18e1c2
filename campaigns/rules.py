"""Who may do what with movements, registrations, progress, reviews and exemplars.

The secretariat runs provincial movements and curates exemplars; a unit launches its own
movements for its own scope, drafts (staff) and submits (head) its own registration,
reports its own actuals and proposes exemplars. Lists come from the selectors: a unit
sees only its own registrations, actuals and exemplars.
"""

import rules

from units.rules import (
    has_unit_role,
    is_chairman,
    is_council_member,
    is_secretariat,
    is_unit_head,
    is_unit_member_of,
)
from units.selectors import roles_of


@rules.predicate
def launches(user, movement) -> bool:
    """The user belongs to the unit that launched the movement (a unit's own movement)."""
    if movement is None:
        return False
    return roles_of(user).covers_unit(movement.launching_unit)


@rules.predicate
def of_launching_unit(user, registration) -> bool:
    """The user is of the launching unit of a movement the registration joins."""
    if registration is None:
        return False
    paths = roles_of(user).unit_paths
    if not paths:
        return False
    return any(
        m.launching_unit.path.startswith(paths) for m in registration.movements.all()
    ) and not roles_of(user).covers_unit(registration.unit)


rules.add_perm("campaigns.view_movement", rules.is_authenticated)
rules.add_perm("campaigns.add_movement", is_secretariat | has_unit_role)
rules.add_perm("campaigns.change_movement", is_secretariat | (has_unit_role & launches))
rules.add_perm("campaigns.launch_movement", is_secretariat | (is_unit_head & launches))
# The clerk of the launching unit (the secretariat for the Council's) issues the signed plan.
rules.add_perm("campaigns.issue_movement_plan", is_secretariat | (has_unit_role & launches))
rules.add_perm("campaigns.attach_movement_document", is_secretariat | (has_unit_role & launches))
rules.add_perm("campaigns.review_movement", is_secretariat | (has_unit_role & launches))

rules.add_perm(
    "campaigns.view_registration",
    is_secretariat | is_chairman | is_unit_member_of | of_launching_unit,
)
rules.add_perm("campaigns.view_registration_list", is_secretariat | is_chairman | has_unit_role)
rules.add_perm("campaigns.add_registration", has_unit_role)
rules.add_perm("campaigns.change_registration", has_unit_role & is_unit_member_of)
rules.add_perm("campaigns.submit_registration", is_unit_head & is_unit_member_of)
rules.add_perm("campaigns.decide_registration", is_secretariat | of_launching_unit)
rules.add_perm("campaigns.view_completion", is_secretariat | is_chairman | is_council_member)
rules.add_perm("campaigns.remind_registration", is_secretariat)
rules.add_perm("campaigns.report_progress", has_unit_role & is_unit_member_of)

rules.add_perm("campaigns.view_review", is_secretariat | is_chairman | (has_unit_role & launches))
rules.add_perm(
    "campaigns.view_campaign_documents",
    is_secretariat | is_chairman | is_council_member | has_unit_role,
)
rules.add_perm("campaigns.view_form_0601", is_secretariat | is_chairman)

rules.add_perm("campaigns.view_exemplar_list", is_secretariat | has_unit_role)
rules.add_perm("campaigns.view_exemplar", is_secretariat | is_unit_member_of)
rules.add_perm("campaigns.add_exemplar", is_secretariat | has_unit_role)
rules.add_perm("campaigns.change_exemplar", is_secretariat | (has_unit_role & is_unit_member_of))
rules.add_perm("campaigns.curate_exemplar", is_secretariat)
# Linking the awards an exemplar received: whoever keeps the exemplar, within the part of
# the archive he may see (the service checks the grant).
rules.add_perm(
    "campaigns.link_exemplar_awards", is_secretariat | (has_unit_role & is_unit_member_of)
)
