"""Reads shared by the nominations pages: which dossiers a user may see."""

from django.db.models import Q, QuerySet

from units.models import Role, User
from units.selectors import roles_of

from ..models import Dossier, DossierEvent, DossierState


def dossier_list_visible(*, user: User) -> QuerySet[Dossier]:
    """Dossiers the user may see: the own units' (and below) for unit staff and heads;
    every dossier past draft for the secretariat and the chairman; none otherwise.
    Council members see nominees only through a session's agenda."""
    roles = roles_of(user)
    dossiers = Dossier.objects.select_related("unit")
    query = Q(pk__in=[])
    if roles.has(Role.SECRETARIAT, Role.CHAIRMAN):
        query |= ~Q(state=DossierState.DRAFT)
    for path in roles.unit_paths:
        query |= Q(unit__path__startswith=path)
    if not roles.has(Role.SECRETARIAT, Role.CHAIRMAN) and not roles.unit_paths:
        return dossiers.none()
    return dossiers.filter(query)


def dossiers_openable(*, user: User, ids) -> set[int]:
    """Of the dossiers ``ids``, those ``user`` may open. A page links a dossier (its page,
    its documents) only then, so no link answers 404: an administrator's superuser account
    may appraise or run a consultation without seeing any unit's dossier. One query."""
    return set(
        dossier_list_visible(user=user).filter(pk__in=list(ids)).values_list("pk", flat=True)
    )


def dossier_events(*, dossier: Dossier) -> QuerySet[DossierEvent]:
    return dossier.events.select_related("actor").order_by("at", "id")
