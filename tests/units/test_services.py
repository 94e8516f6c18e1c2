"""The organisation's services: tree paths, deactivation, people, roles, idle accounts."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import timezone

from tests.factories import PersonFactory, UnitFactory, UserFactory
from units import services
from units.models import Person, Role, RoleAssignment, SecurityEvent, Unit

pytestmark = pytest.mark.django_db


def test_unit_paths_follow_a_move():
    root = UnitFactory(code="root")
    a = UnitFactory(code="a", parent=root)
    b = UnitFactory(code="b", parent=root)
    child = UnitFactory(code="child", parent=a)
    grandchild = UnitFactory(code="grandchild", parent=child)
    services.unit_update(unit=child, actor=None, parent=b)
    child.refresh_from_db()
    grandchild.refresh_from_db()
    assert child.path == f"/{root.pk}/{b.pk}/{child.pk}/"
    assert grandchild.path == f"/{root.pk}/{b.pk}/{child.pk}/{grandchild.pk}/"
    assert (child.depth, grandchild.depth) == (2, 3)


def test_unit_cannot_move_under_its_own_subtree():
    root = UnitFactory(code="root")
    child = UnitFactory(code="child", parent=root)
    with pytest.raises(ValidationError) as error:
        services.unit_update(unit=root, actor=None, parent=child)
    assert error.value.message_dict["parent"] == [
        "Không thể đặt một đơn vị dưới chính nó hoặc dưới đơn vị trực thuộc của nó."
    ]
    root.refresh_from_db()
    assert root.parent is None


def test_unit_with_records_is_deactivated_never_deleted():
    unit = UnitFactory()
    target = UnitFactory()
    PersonFactory(unit=unit)
    with pytest.raises(ProtectedError):
        unit.delete()
    services.unit_deactivate(unit=unit, actor=None, merged_into=target)
    unit.refresh_from_db()
    assert (unit.is_active, unit.merged_into_id) == (False, target.pk)
    assert Person.objects.filter(unit=unit).count() == 1


def test_unit_with_active_children_cannot_be_deactivated():
    parent = UnitFactory()
    UnitFactory(parent=parent)
    with pytest.raises(ValidationError):
        services.unit_deactivate(unit=parent, actor=None)
    parent.refresh_from_db()
    assert parent.is_active


def test_history_records_who_changed_what():
    actor = UserFactory(username="editor")
    person = PersonFactory(full_name="Lê Văn Bình")
    services.person_update(person=person, actor=actor, position="Trưởng phòng")
    latest = person.history.first()
    assert (latest.history_type, latest.history_user, latest.position) == (
        "~",
        actor,
        "Trưởng phòng",
    )
    assert person.history.count() == 2


def test_person_name_stored_as_nfc_with_single_spaces():
    person = PersonFactory(full_name="  Nguye\u0302\u0303n   Văn  An ")
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn An"
    assert person.search_name == "nguyen van an"


def test_role_assignment_rules_are_database_constraints():
    user = UserFactory()
    unit = UnitFactory()
    with pytest.raises(ValidationError):
        services.role_assign(user=user, role=Role.UNIT_STAFF, actor=None)  # no unit
    with pytest.raises(ValidationError):
        services.role_assign(user=user, role=Role.COUNCIL_MEMBER, actor=None)  # no position
    services.role_assign(user=user, role=Role.UNIT_STAFF, unit=unit, actor=None)
    services.role_assign(user=user, role=Role.COUNCIL_MEMBER, council_position="member", actor=None)
    assert set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == {
        "unit_staff",
        "council_member",
    }
    assert SecurityEvent.objects.filter(kind="role_changed").count() == 2


def test_idle_accounts_are_disabled_after_45_days():
    now = timezone.now()
    fresh = UserFactory(last_login=now - timedelta(days=44))
    idle = UserFactory(last_login=now - timedelta(days=46))
    never = UserFactory(last_login=None)
    never.date_joined = now - timedelta(days=50)
    never.save()
    disabled = services.users_disable_idle(now=now)
    assert sorted(disabled) == sorted([idle.username, never.username])
    states = dict(
        type(fresh)
        .objects.filter(pk__in=[fresh.pk, idle.pk, never.pk])
        .values_list("username", "is_active")
    )
    assert states == {fresh.username: True, idle.username: False, never.username: False}


def test_unit_tree_counts():
    root = UnitFactory()
    for _ in range(3):
        UnitFactory(parent=root)
    assert Unit.objects.filter(path__startswith=root.path).count() == 4
