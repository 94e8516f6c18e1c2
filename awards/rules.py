"""Who may do what with the catalogue, records, decisions and the archive."""

import rules

from units.models import Unit
from units.rules import (
    has_unit_role,
    is_secretariat,
    is_unit_member_of,
    sees_whole_province,
)


@rules.predicate
def covers_grant(user, grant) -> bool:
    """Unit staff and heads keep the records of their own units' subtree."""
    return grant is not None and is_unit_member_of(user, grant.unit_scope)


def _record_unit(record) -> Unit | None:
    if isinstance(record, Unit):
        return record
    if getattr(record, "unit_id", None):
        return record.unit
    person = getattr(record, "person", None)
    return person.unit if person is not None else None


@rules.predicate
def covers_record(user, record) -> bool:
    """A record about a person or a collective (or the unit itself) inside the user's
    units."""
    unit = _record_unit(record) if record is not None else None
    return unit is not None and is_unit_member_of(user, unit)


# The catalogue: everyone signed in reads it; the secretariat edits it.
rules.add_perm("awards.view_award", rules.is_authenticated)
rules.add_perm("awards.change_award", is_secretariat)

# The archive and history pages.
rules.add_perm("awards.view_awardgrant", sees_whole_province | covers_grant)
rules.add_perm("awards.export_awardgrant", is_secretariat | sees_whole_province)
rules.add_perm("awards.import_awardgrant", is_secretariat)
rules.add_perm("awards.add_decision", is_secretariat)
# A decision's page, its certificates and the revocation of its awards (issue 12).
rules.add_perm("awards.revoke_grant", is_secretariat)

# Records (ratings, initiatives, discipline, pending cases, member statistics): the
# secretariat for everyone, unit staff and heads for their own units.
rules.add_perm("awards.add_record", is_secretariat | has_unit_role)
rules.add_perm("awards.change_record", is_secretariat | (has_unit_role & covers_record))
rules.add_perm("awards.view_record", sees_whole_province | covers_record)

# The eligibility page: the secretariat and unit staff (for their own people).
rules.add_perm("awards.check_eligibility", is_secretariat | has_unit_role)

# Local quotas: the secretariat sets them; the Council and units read them.
rules.add_perm("awards.change_quota", is_secretariat)
rules.add_perm("awards.view_quota", sees_whole_province | has_unit_role)
