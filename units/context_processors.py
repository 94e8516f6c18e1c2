"""What every page needs: the portal's name, the user's roles and units, the navigation."""

from django.conf import settings

from .models import CouncilPosition, Role
from .selectors import roles_of


def portal(request) -> dict:
    roles = roles_of(request.user)
    labels = []
    units = []
    # Each assignment's own label only: ``get_role_display()`` translates every role's
    # label to find one, on every page.
    role_labels, positions = dict(Role.choices), dict(CouncilPosition.choices)
    for assignment in roles.assignments:
        label = str(role_labels.get(assignment.role, assignment.role))
        if assignment.council_position:
            position = assignment.council_position
            label = str(positions.get(position, position))
        if assignment.unit_id:
            label = f"{label} {assignment.unit.name}"
            if assignment.unit not in units:
                units.append(assignment.unit)
        if label not in labels:
            labels.append(label)
    return {
        "portal_name": settings.TDKT_PORTAL_NAME,
        "province_name": settings.TDKT_PROVINCE_NAME,
        "secretariat_name": settings.TDKT_SECRETARIAT_UNIT_NAME,
        "user_roles": roles,
        "user_role_labels": labels,
        "user_units": units,
    }
