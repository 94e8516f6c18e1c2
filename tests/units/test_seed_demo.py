"""The demo data (units/demo/) and the ``seed_demo`` management command."""

import unicodedata
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from units.demo import seed_demo
from units.models import Person, RoleAssignment, SecurityEvent, Unit, UnitKind, User

PASSWORD = "demo-password-for-tests-9x"  # noqa: S105


def unit_snapshot() -> list[tuple]:
    return sorted(
        Unit.objects.values_list(
            "code",
            "name",
            "kind",
            "parent__code",
            "depth",
            "is_mountainous",
            "is_remote",
            "is_island",
            "is_ethnic_minority_area",
        )
    )


def person_snapshot() -> list[tuple]:
    return sorted(
        Person.objects.values_list(
            "full_name",
            "birth_year",
            "birth_date",
            "unit__code",
            "id_number",
            "gender",
            "ethnicity",
            "position",
            "is_manager",
            "is_direct_worker",
        ),
        key=repr,
    )


def login_snapshot() -> list[tuple]:
    return sorted(
        RoleAssignment.objects.values_list(
            "user__username",
            "user__person__full_name",
            "role",
            "unit__code",
            "council_position",
            "term_start",
            "term_end",
        ),
        key=repr,
    )


def roles_of(username: str) -> set[tuple[str, str | None, str]]:
    return set(
        RoleAssignment.objects.filter(user__username=username).values_list(
            "role", "unit__code", "council_position"
        )
    )


@pytest.mark.django_db
def test_seed_is_deterministic():
    savepoint = transaction.savepoint()
    first_counts = seed_demo(password=PASSWORD)
    first = (unit_snapshot(), person_snapshot(), login_snapshot())
    transaction.savepoint_rollback(savepoint)
    assert not Unit.objects.exists()
    assert not Person.objects.exists()

    second_counts = seed_demo(password=PASSWORD)
    second = (unit_snapshot(), person_snapshot(), login_snapshot())
    assert first_counts == second_counts
    assert first[0] == second[0]
    assert first[1] == second[1]
    assert first[2] == second[2]

    # Another seed: the same structure and logins, other people.
    transaction.savepoint_rollback(savepoint)
    seed_demo(password=PASSWORD, seed=7)
    assert unit_snapshot() != first[0]  # the number of villages is drawn too
    not_villages = [row for row in first[0] if row[2] != UnitKind.VILLAGE]
    assert [row for row in unit_snapshot() if row[2] != UnitKind.VILLAGE] == not_villages
    assert login_snapshot() == first[2]
    assert person_snapshot() != first[1]


@pytest.mark.django_db
def test_structure():
    counts = seed_demo(password=PASSWORD)
    assert counts == {
        "units": Unit.objects.count(),
        "people": Person.objects.count(),
        "users": User.objects.count(),
    }
    # Every row has its history, bulk-created people included.
    assert Person.history.count() == counts["people"]
    assert Unit.history.filter(history_type="+").count() == counts["units"]

    root = Unit.objects.get(code="ubnd-tinh")
    assert root.kind == UnitKind.PEOPLES_COMMITTEE
    assert root.parent is None
    assert root.name == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    council = Unit.objects.get(code="hdtdkt")
    assert (council.kind, council.parent) == (UnitKind.COUNCIL, root)

    wards = Unit.objects.filter(kind=UnitKind.WARD)
    assert wards.count() == 9
    assert set(wards.values_list("parent__code", flat=True)) == {"ubnd-tinh"}
    assert wards.filter(code="phuong-cam-thanh", name="Phường Cẩm Thành").exists()
    zones = Unit.objects.filter(kind=UnitKind.SPECIAL_ZONE)
    assert list(zones.values_list("code", "name", "is_island")) == [
        ("dac-khu-ly-son", "Đặc khu Lý Sơn", True)
    ]
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE)
    assert communes.count() == 28
    assert communes.filter(code="xa-binh-son", name="Xã Bình Sơn").exists()
    assert communes.filter(code="xa-dang-thuy-tram", name="Xã Đặng Thùy Trâm").exists()

    remote = set(Unit.objects.filter(is_remote=True).values_list("code", flat=True))
    assert remote == {
        "xa-ngoc-linh",
        "xa-tu-mo-rong",
        "xa-ia-chim",
        "xa-bo-y",
        "xa-tay-tra",
        "xa-son-tay",
    }
    mountainous = Unit.objects.filter(is_mountainous=True)
    assert mountainous.count() == 18
    assert not mountainous.filter(is_ethnic_minority_area=False).exists()
    assert not Unit.objects.filter(code="xa-binh-son", is_mountainous=True).exists()

    # Every commune-level unit: four offices and two or three villages.
    for unit in Unit.objects.filter(kind__in=[UnitKind.COMMUNE, UnitKind.WARD]).iterator():
        kinds = list(unit.children.values_list("kind", flat=True))
        assert kinds.count(UnitKind.SUB_UNIT) == 4
        assert kinds.count(UnitKind.VILLAGE) in (2, 3)
    assert set(
        Unit.objects.filter(parent__code="phuong-cam-thanh", kind=UnitKind.SUB_UNIT).values_list(
            "name", flat=True
        )
    ) == {
        "Văn phòng HĐND và UBND",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Phòng Văn hóa - Xã hội",
        "Trung tâm Phục vụ hành chính công",
    }
    assert Unit.objects.filter(code="xa-binh-son-t1", name="Thôn 1").exists()
    assert Unit.objects.filter(code="phuong-cam-thanh-t1", name="Tổ dân phố 1").exists()

    # The provincial bodies.
    assert Unit.objects.filter(kind=UnitKind.DEPARTMENT).count() == 13
    assert Unit.objects.filter(kind=UnitKind.PARTY_MASS).count() == 10
    assert Unit.objects.filter(kind=UnitKind.CENTRAL_AGENCY).count() == 6
    assert Unit.objects.filter(kind=UnitKind.PUBLIC_SERVICE).count() == 4
    assert Unit.objects.filter(kind=UnitKind.ENTERPRISE).count() == 4
    assert (
        not Unit.objects.filter(kind=UnitKind.ENTERPRISE)
        .exclude(name__endswith="(giả định)")
        .exists()
    )
    secretariat_unit = Unit.objects.get(code="snv-tdkt")
    assert secretariat_unit.name == "Phòng Thi đua, khen thưởng"
    assert secretariat_unit.parent.code == "so-noi-vu"
    assert Unit.objects.filter(parent__code="so-noi-vu").count() == 3

    # Tree bookkeeping: paths and depths as the services keep them.
    for unit in Unit.objects.select_related("parent"):
        assert len(unit.code) <= 40
        parent_path = unit.parent.path if unit.parent else "/"
        assert unit.path == f"{parent_path}{unit.pk}/"
        assert unit.depth == (unit.parent.depth + 1 if unit.parent else 0)


@pytest.mark.django_db
def test_logins_and_roles():
    seed_demo(password=PASSWORD)
    member = ("council_member", None, "member")
    expected = {
        "admin": {("administrator", None, "")},
        "secretariat": {("secretariat", None, "")},
        "secretariat2": {("secretariat", None, "")},
        "chairman": {("chairman", None, ""), ("council_member", None, "chairman")},
        "council": {member, ("unit_head", "so-tai-chinh", "")},
        "council_vice": {("council_member", None, "vice_chair")},
        "council_standing": {
            ("council_member", None, "standing_vice_chair"),
            ("unit_head", "so-noi-vu", ""),
        },
        "council_secretary": {("council_member", None, "secretary"), ("secretariat", None, "")},
        **{f"council_0{number}": {member} for number in range(1, 7)},
        "unitstaff": {("unit_staff", "xa-binh-son", "")},
        "unithead": {("unit_head", "xa-binh-son", "")},
        "unitstaff2": {("unit_staff", "phuong-cam-thanh", "")},
        "deptstaff": {("unit_staff", "so-y-te", "")},
    }
    assert set(User.objects.values_list("username", flat=True)) == set(expected)
    for username, roles in expected.items():
        assert roles_of(username) == roles, username

    for user in User.objects.select_related("person__unit"):
        assert user.check_password(PASSWORD)
        assert user.email == f"{user.username}@tdkt.quangngai.example"
        assert user.is_active
        assert (user.is_staff, user.is_superuser) == (
            (True, True) if user.username == "admin" else (False, False)
        )
        if user.username != "admin":
            assert user.person is not None
            assert user.full_name == user.person.full_name

    council_terms = set(
        RoleAssignment.objects.filter(role="council_member").values_list("term_start", "term_end")
    )
    assert council_terms == {(date(2026, 1, 1), date(2030, 12, 31))}
    assert User.objects.get(username="secretariat").person.unit.code == "snv-tdkt"
    assert User.objects.get(username="secretariat").full_name == "Trần Thị Thu Hà"
    assert User.objects.get(username="council_standing").person.unit.code == "so-noi-vu"
    assert User.objects.get(username="unithead").person.position == "Chủ tịch UBND xã"
    # Each role given is in the security log.
    assert SecurityEvent.objects.filter(kind="role_changed").count() == (
        RoleAssignment.objects.count()
    )


@pytest.mark.django_db
def test_people():
    counts = seed_demo(password=PASSWORD)
    people = list(Person.objects.select_related("unit"))
    assert 500 <= len(people) <= 1000
    assert counts["people"] == len(people)

    names = [person.full_name for person in people]
    assert all(unicodedata.normalize("NFC", name) == name for name in names)
    assert all(name == " ".join(name.split()) for name in names)
    assert len(set(names)) >= 0.9 * len(names)
    for name in ("Nguyễn Văn An", "Đặng Thị Hạnh", "Đặng Thùy Trâm"):
        assert names.count(name) == 1, name
    assert Person.objects.get(full_name="Nguyễn Văn An").unit.code == "so-noi-vu"
    # The generated search column is filled in by the database.
    assert Person.objects.filter(search_name="dang thuy tram").count() == 1

    ids = [person.id_number for person in people]
    assert len(set(ids)) == len(ids)
    assert all(len(number) == 12 and number.isdigit() for number in ids)
    assert {number[:3] for number in ids} == {"051", "062"}
    for person in people:
        assert 1965 <= person.birth_year <= 2000
        if person.birth_date:
            assert person.birth_date.year == person.birth_year
        assert person.is_manager != person.is_direct_worker
        assert person.position
        assert person.unit.kind != UnitKind.COUNCIL
    with_date = sum(1 for person in people if person.birth_date)
    assert 0.6 <= with_date / len(people) <= 0.8

    minorities = {"Hrê", "Cor", "Ca Dong", "Xơ Đăng", "Ba Na", "Gia Rai"}
    assert {person.ethnicity for person in people} == minorities | {"Kinh"}
    mountain_paths = tuple(Unit.objects.filter(is_mountainous=True).values_list("path", flat=True))
    in_mountains = [person for person in people if person.unit.path.startswith(mountain_paths)]
    elsewhere = [person for person in people if not person.unit.path.startswith(mountain_paths)]
    share = sum(person.ethnicity in minorities for person in in_mountains) / len(in_mountains)
    assert 0.3 <= share <= 0.8
    share = sum(person.ethnicity in minorities for person in elsewhere) / len(elsewhere)
    assert share < 0.1

    # People sit in departments, their sub-units, communes and villages.
    kinds = {person.unit.kind for person in people}
    assert {
        UnitKind.DEPARTMENT,
        UnitKind.SUB_UNIT,
        UnitKind.COMMUNE,
        UnitKind.WARD,
        UnitKind.VILLAGE,
        UnitKind.ENTERPRISE,
    } <= kinds


@pytest.mark.django_db
def test_command(settings):
    settings.TDKT_DEMO_PASSWORD = "another-demo-password-42"
    out = StringIO()
    call_command("seed_demo", "--if-empty", "--seed", "2026", stdout=out)
    output = out.getvalue()
    counts = (Unit.objects.count(), Person.objects.count(), User.objects.count())
    assert f"{counts[0]} đơn vị, {counts[1]} người, {counts[2]} tài khoản" in output
    assert "secretariat" in output and "unithead" in output
    assert "another-demo-password-42" not in output
    assert User.objects.get(username="chairman").check_password("another-demo-password-42")

    # --if-empty on a seeded database: a message, nothing more.
    out = StringIO()
    call_command("seed_demo", "--if-empty", password=PASSWORD, stdout=out)
    assert "đã có" in out.getvalue()
    assert (Unit.objects.count(), Person.objects.count(), User.objects.count()) == counts

    # Without it, a second run is refused.
    with pytest.raises(CommandError):
        call_command("seed_demo", password=PASSWORD, stdout=StringIO())
    with pytest.raises(RuntimeError, match="already seeded"):
        seed_demo(password=PASSWORD)
    assert (Unit.objects.count(), Person.objects.count(), User.objects.count()) == counts
