"""Who may do what with units, people and roles: django-rules predicates.

Views and services check these permissions; lists come from the visibility selectors.
"""

import rules

from .models import Role, Unit
from .selectors import roles_of


def _has_role(*role_names: str):
    @rules.predicate(name="has_role_" + "_or_".join(role_names))
    def predicate(user) -> bool:
        return roles_of(user).has(*role_names)

    return predicate


is_secretariat = _has_role(Role.SECRETARIAT)
is_chairman = _has_role(Role.CHAIRMAN)
is_administrator = _has_role(Role.ADMINISTRATOR)
is_council_member = _has_role(Role.COUNCIL_MEMBER)
is_unit_staff = _has_role(Role.UNIT_STAFF)
is_unit_head = _has_role(Role.UNIT_HEAD)
has_unit_role = _has_role(Role.UNIT_STAFF, Role.UNIT_HEAD)
sees_whole_province = _has_role(
    Role.SECRETARIAT, Role.CHAIRMAN, Role.ADMINISTRATOR, Role.COUNCIL_MEMBER
)


@rules.predicate
def is_unit_member_of(user, obj) -> bool:
    """The user is staff or head of ``obj``'s unit (or of a unit above it)."""
    if obj is None:
        return False
    unit = obj if isinstance(obj, Unit) else getattr(obj, "unit", None)
    return unit is not None and roles_of(user).covers_unit(unit)


# Units: the whole province is visible to the Council and the secretariat; a unit's own
# subtree to its staff and head. Only the secretariat manages the tree.
rules.add_perm("units.view_unit", sees_whole_province | is_unit_member_of)
rules.add_perm("units.add_unit", is_secretariat)
rules.add_perm("units.change_unit", is_secretariat)
rules.add_perm("units.import_unit", is_secretariat)
rules.add_perm("units.export_unit", is_secretariat)

# People: the secretariat keeps the registry; unit staff and heads keep their own people.
rules.add_perm("units.view_person", sees_whole_province | is_unit_member_of)
rules.add_perm("units.add_person", is_secretariat | has_unit_role)
rules.add_perm("units.change_person", is_secretariat | (has_unit_role & is_unit_member_of))
rules.add_perm("units.import_person", is_secretariat)
rules.add_perm("units.export_person", is_secretariat)
# Birth date and ID number (basic data shown to those who need it) and ethnicity
# (sensitive, revealed on request and logged): the secretariat and the person's own unit.
rules.add_perm(
    "units.view_person_personal_data", is_secretariat | (has_unit_role & is_unit_member_of)
)

# Users and roles are managed by administrators.
rules.add_perm("units.manage_users", is_administrator)
rules.add_perm("units.view_security_log", is_administrator)


# Signers: the secretariat keeps every unit's; a unit head keeps his own unit's.
@rules.predicate
def is_head_of_signer_unit(user, signer) -> bool:
    if signer is None:
        return False
    unit_id = signer.unit_id if hasattr(signer, "unit_id") else getattr(signer, "pk", None)
    return any(
        a.role == Role.UNIT_HEAD and a.unit_id == unit_id for a in roles_of(user).assignments
    )


rules.add_perm("units.view_signer", is_secretariat | is_unit_head)
rules.add_perm("units.add_signer", is_secretariat | is_unit_head)
rules.add_perm("units.change_signer", is_secretariat | (is_unit_head & is_head_of_signer_unit))
rules.add_perm("units.view_issueddocument", is_secretariat | is_unit_head)
