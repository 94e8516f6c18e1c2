"""Every write to the organisation: one function per action, one transaction each.

History rows are written by django-simple-history with the acting user (``_history_user``);
security-relevant changes also go to the security-event log.
"""

import unicodedata
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Person, RoleAssignment, SecurityEventKind, Unit, User
from .security import log_event

UNIT_FIELDS = (
    "name",
    "code",
    "kind",
    "parent",
    "is_mountainous",
    "is_remote",
    "is_island",
    "is_ethnic_minority_area",
)
PERSON_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "birth_year",
    "ethnicity",
    "id_number",
    "position",
    "unit",
    "is_manager",
    "is_direct_worker",
    "is_active",
)


def clean_name(value: str) -> str:
    """NFC and single spaces, so the stored name and its search column agree."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def _set_path(unit: Unit) -> None:
    parent = unit.parent
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = parent.depth + 1 if parent else 0


def _check_parent(unit: Unit, parent: Unit | None) -> None:
    if parent is None or unit.pk is None:
        return
    if parent.pk == unit.pk or parent.path.startswith(unit.path):
        raise ValidationError(
            {"parent": _("A unit cannot be placed under itself or one of its sub-units.")}
        )


@transaction.atomic
def unit_create(*, actor: User | None, **data) -> Unit:
    """Create a unit and give it its place in the tree."""
    unit = Unit(**{key: data[key] for key in UNIT_FIELDS if key in data})
    unit.name = clean_name(unit.name)
    unit._history_user = actor
    unit.full_clean(exclude=["path"])
    unit.save()
    _set_path(unit)
    unit.skip_history_when_saving = True
    unit.save(update_fields=["path", "depth"])
    del unit.skip_history_when_saving
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, actor: User | None, **data) -> Unit:
    """Change a unit. Moving it under another parent moves its whole subtree."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    old_path = unit.path
    parent = data.get("parent", unit.parent)
    _check_parent(unit, parent)
    for key in UNIT_FIELDS:
        if key in data:
            setattr(unit, key, data[key])
    unit.name = clean_name(unit.name)
    _set_path(unit)
    unit._history_user = actor
    unit.full_clean()
    unit.save()
    if unit.path != old_path:
        Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
            path=Concat(Value(unit.path), Substr("path", len(old_path) + 1)),
        )
        _refresh_depths(unit)
    return unit


def _refresh_depths(root: Unit) -> None:
    for node in Unit.objects.filter(path__startswith=root.path).exclude(pk=root.pk):
        depth = node.path.strip("/").count("/")
        if node.depth != depth:
            Unit.objects.filter(pk=node.pk).update(depth=depth)


@transaction.atomic
def unit_deactivate(*, unit: Unit, actor: User | None, merged_into: Unit | None = None) -> Unit:
    """Deactivate a dissolved or merged unit. Its records and history stay.

    A unit that still has active sub-units cannot be deactivated: they must be moved or
    deactivated first, so no active unit hangs under an inactive one.
    """
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.children.filter(is_active=True).exists():
        raise ValidationError(
            _("This unit still has active sub-units; move or deactivate them first.")
        )
    if merged_into is not None and (merged_into.pk == unit.pk or not merged_into.is_active):
        raise ValidationError({"merged_into": _("Choose another, active unit.")})
    unit.is_active = False
    unit.merged_into = merged_into
    unit._history_user = actor
    unit.save()
    return unit


@transaction.atomic
def person_create(*, actor: User | None, **data) -> Person:
    """Add a person to the registry."""
    person = Person(**{key: data[key] for key in PERSON_FIELDS if key in data})
    return _person_save(person, actor)


@transaction.atomic
def person_update(*, person: Person, actor: User | None, **data) -> Person:
    """Change a person's record; history keeps the previous values."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    for key in PERSON_FIELDS:
        if key in data:
            setattr(person, key, data[key])
    return _person_save(person, actor)


def _person_save(person: Person, actor: User | None) -> Person:
    person.full_name = clean_name(person.full_name)
    person.full_clean()
    if person.birth_date:
        person.birth_year = person.birth_date.year
    person._history_user = actor
    person.save()
    return person


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: str,
    actor: User | None,
    unit: Unit | None = None,
    council_position: str = "",
    term_start=None,
    term_end=None,
) -> RoleAssignment:
    """Give ``user`` a role; logged as a security event."""
    assignment = RoleAssignment(
        user=user,
        role=role,
        unit=unit,
        council_position=council_position,
        term_start=term_start,
        term_end=term_end,
    )
    assignment._history_user = actor
    assignment.full_clean()
    assignment.save()
    log_event(
        SecurityEventKind.ROLE_CHANGED,
        user=actor,
        action="assign",
        target=user.username,
        role=role,
        unit=unit.code if unit else "",
    )
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor: User | None) -> None:
    """Take a role away; logged as a security event."""
    log_event(
        SecurityEventKind.ROLE_CHANGED,
        user=actor,
        action="revoke",
        target=assignment.user.username,
        role=assignment.role,
        unit=assignment.unit.code if assignment.unit_id else "",
    )
    assignment._history_user = actor
    assignment.delete()


@transaction.atomic
def users_disable_idle(*, now: datetime | None = None) -> list[str]:
    """Disable accounts unused for more than TDKT_ACCOUNT_IDLE_DAYS (default 45).

    An account that never logged in counts from the day it was created. Returns the
    user names disabled.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.TDKT_ACCOUNT_IDLE_DAYS)
    idle = (
        User.objects.select_for_update()
        .filter(is_active=True)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
    )
    names = []
    for user in idle:
        user.is_active = False
        user._history_user = None
        user.save(update_fields=["is_active"])
        names.append(user.username)
        log_event(SecurityEventKind.ACCOUNT_DISABLED, user=user, reason="idle")
    return names
