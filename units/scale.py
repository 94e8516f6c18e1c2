"""Province-scale data for benchmarks and drills (``manage.py seed_province``): the units'
part. Every commune-level unit of the province (86 communes, 9 wards, 1 special zone after
the 2025 reform, DOMAIN.md §7) with its offices and villages, and a registry of about
200,000 people spread over them. Units the demo lacks are added with invented names marked
"(mô phỏng)". Rows are streamed with PostgreSQL's COPY; one ``random.Random`` drives every
choice, so the same seed gives the same province.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from django.db import connection, models

from .demo import (
    FAMILY_NAMES,
    FAMILY_WEIGHTS,
    GIVEN_NAMES,
    MIDDLE_NAMES,
    MINORITIES,
    MINORITY_FAMILY_NAMES,
    MINORITY_GIVEN_NAMES,
    SECOND_MIDDLE_NAMES,
)
from .demo._common import ROOT_CODE
from .models import COMMUNE_LEVEL_KINDS, Gender, Person, Role, RoleAssignment, Unit, UnitKind, User
from .services import unit_create

# 2025 reform: 86 communes, 9 wards, 1 special zone (Decision 19/2025/QĐ-TTg, DOMAIN.md §7).
COMMUNE_LEVEL_TARGET = {UnitKind.COMMUNE: 86, UnitKind.WARD: 9, UnitKind.SPECIAL_ZONE: 1}
SCALE_CODE_PREFIX = "mophong-"
SCALE_MARK = "(mô phỏng)"
VILLAGES_PER_COMMUNE = (6, 14)
COMMUNE_OFFICES = (
    "Văn phòng HĐND và UBND",
    "Phòng Kinh tế",
    "Phòng Văn hóa - Xã hội",
    "Trung tâm Phục vụ hành chính công",
)
# Positions of the people a commune's village registers: mostly direct workers.
VILLAGE_POSITIONS = (
    ("Nông dân", True, 40),
    ("Công nhân", True, 14),
    ("Ngư dân", True, 6),
    ("Hộ kinh doanh cá thể", True, 8),
    ("Giáo viên", False, 8),
    ("Nhân viên y tế thôn", False, 4),
    ("Trưởng thôn", False, 2),
    ("Chi hội trưởng Chi hội Phụ nữ", False, 3),
    ("Bí thư Chi đoàn", False, 2),
    ("Cựu chiến binh", False, 3),
)
OFFICE_POSITIONS = (
    ("Chuyên viên", False, 55),
    ("Phó Trưởng phòng", False, 8),
    ("Trưởng phòng", False, 4),
    ("Kế toán", False, 6),
    ("Văn thư", False, 4),
    ("Nhân viên", True, 15),
    ("Công nhân", True, 8),
)

ProgressFn = Callable[[int, int], None]  # (done, of)


# --- COPY -------------------------------------------------------------------------------


def copy_rows(
    model: type[models.Model], columns: list[str], rows: Iterable[tuple], *, batch: int = 50_000
) -> int:
    """Stream ``rows`` (tuples in the order of ``columns``, attribute names) into the
    model's table with COPY. Columns not named take their field's default; generated
    columns are left to the database. PostgreSQL only."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    missing = [
        f
        for name, f in fields.items()
        if name not in columns
        and not f.primary_key
        and not getattr(f, "generated", False)
        and not f.null
    ]
    defaults = [f.get_db_prep_save(f.get_default(), connection) for f in missing]
    names = [*columns, *(f.attname for f in missing)]
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(fields[n].column) for n in names)
    sql = f"COPY {table} ({quoted}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor
        for chunk in _chunks(rows, batch):
            with raw.copy(sql) as copy:
                for row in chunk:
                    copy.write_row((*row, *defaults))
            count += len(chunk)
    return count


def _chunks(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise RuntimeError(
            "Dữ liệu quy mô tỉnh cần PostgreSQL (đặt DATABASE_URL); SQLite không dùng được."
        )


# --- Units ------------------------------------------------------------------------------


def ensure_commune_units(rng: random.Random) -> list[Unit]:
    """Every commune-level unit of the province, adding invented ones up to the 2025 count,
    each with its offices and villages. Returns the commune-level units in tree order."""
    root = Unit.objects.get(code=ROOT_CODE)
    for kind, target in COMMUNE_LEVEL_TARGET.items():
        have = Unit.objects.filter(kind=kind, is_active=True).count()
        prefix = {UnitKind.COMMUNE: "Xã", UnitKind.WARD: "Phường"}.get(kind, "Đặc khu")
        for number in range(have + 1, target + 1):
            mountainous = rng.random() < 0.45 and kind == UnitKind.COMMUNE
            unit = unit_create(
                actor=None,
                name=f"{prefix} số {number} {SCALE_MARK}",
                code=f"{SCALE_CODE_PREFIX}{kind}-{number}",
                kind=kind,
                parent=root,
                is_mountainous=mountainous,
                is_ethnic_minority_area=mountainous and rng.random() < 0.8,
                is_remote=mountainous and rng.random() < 0.3,
                is_island=kind == UnitKind.SPECIAL_ZONE,
            )
            for k, office in enumerate(COMMUNE_OFFICES, start=1):
                unit_create(
                    actor=None,
                    name=office,
                    code=f"{unit.code}-p{k}",
                    kind=UnitKind.SUB_UNIT,
                    parent=unit,
                )
    communes = list(
        Unit.objects.filter(kind__in=COMMUNE_LEVEL_KINDS, is_active=True).order_by("path")
    )
    for commune in communes:
        villages = Unit.objects.filter(parent=commune, kind=UnitKind.VILLAGE).count()
        wanted = rng.randint(*VILLAGES_PER_COMMUNE)
        label = "Tổ dân phố" if commune.kind == UnitKind.WARD else "Thôn"
        for number in range(villages + 1, wanted + 1):
            unit_create(
                actor=None,
                name=f"{label} {number}",
                code=f"{commune.code}-v{number}"[:40],
                kind=UnitKind.VILLAGE,
                parent=commune,
                is_mountainous=commune.is_mountainous,
                is_remote=commune.is_remote,
                is_island=commune.is_island,
                is_ethnic_minority_area=commune.is_ethnic_minority_area,
            )
    return communes


# --- People -----------------------------------------------------------------------------


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def name(self, gender: str, ethnicity: str) -> str:
        rng = self.rng
        if ethnicity not in ("", "Kinh"):
            family = rng.choice(MINORITY_FAMILY_NAMES)
            return f"{family} {rng.choice(MINORITY_GIVEN_NAMES[gender])}"
        family = rng.choices(FAMILY_NAMES, FAMILY_WEIGHTS)[0]
        middle = rng.choice(MIDDLE_NAMES[gender])
        if gender == Gender.FEMALE and middle == "Thị" and rng.random() < 0.3:
            middle = f"{middle} {rng.choice(SECOND_MIDDLE_NAMES)}"
        return f"{family} {middle} {rng.choice(GIVEN_NAMES[gender])}"


def _weighted(options: tuple) -> tuple[list, list]:
    return [o[:2] for o in options], [o[2] for o in options]


def add_people(
    rng: random.Random, total: int, *, progress: ProgressFn | None = None
) -> tuple[int, int]:
    """Register people up to ``total`` in the province (people already there count),
    three in four in the communes' villages and offices, the rest in the provincial
    bodies' offices. Returns (added, total after)."""
    have = Person.objects.count()
    if have >= total:
        return 0, have
    villages = list(
        Unit.objects.filter(kind=UnitKind.VILLAGE, is_active=True)
        .values_list("pk", "is_ethnic_minority_area")
        .order_by("pk")
    )
    offices = list(
        Unit.objects.filter(kind=UnitKind.SUB_UNIT, is_active=True)
        .values_list("pk", "is_ethnic_minority_area")
        .order_by("pk")
    )
    if not villages or not offices:
        raise RuntimeError("Chưa có cây đơn vị: chạy seed_demo trước.")
    village_positions, village_weights = _weighted(VILLAGE_POSITIONS)
    office_positions, office_weights = _weighted(OFFICE_POSITIONS)
    names = _Names(rng)
    wanted = total - have

    def rows() -> Iterator[tuple]:
        for i in range(wanted):
            in_village = rng.random() < 0.75
            unit_id, minority_area = rng.choice(villages if in_village else offices)
            position, direct = rng.choices(
                village_positions if in_village else office_positions,
                village_weights if in_village else office_weights,
            )[0]
            gender = Gender.FEMALE if rng.random() < 0.49 else Gender.MALE
            if minority_area and rng.random() < 0.7:
                ethnicity = rng.choice(MINORITIES)
            else:
                ethnicity = rng.choice(MINORITIES) if rng.random() < 0.03 else "Kinh"
            year = rng.randint(1962, 2004)
            birth = date(year, rng.randint(1, 12), rng.randint(1, 28))
            if progress and i % 10_000 == 0:
                progress(i, wanted)
            yield (
                names.name(gender, ethnicity),
                gender,
                birth,
                year,
                ethnicity,
                "",
                position,
                unit_id,
                position.startswith(("Trưởng", "Phó")),
                direct,
                True,
            )

    added = copy_rows(
        Person,
        [
            "full_name",
            "gender",
            "birth_date",
            "birth_year",
            "ethnicity",
            "id_number",
            "position",
            "unit_id",
            "is_manager",
            "is_direct_worker",
            "is_active",
        ],
        rows(),
    )
    if progress:
        progress(wanted, wanted)
    return added, have + added


# --- Logins -----------------------------------------------------------------------------


def proposing_units() -> list[Unit]:
    return list(
        Unit.objects.filter(
            is_active=True,
            kind__in=[*COMMUNE_LEVEL_KINDS, UnitKind.DEPARTMENT, UnitKind.PARTY_MASS],
        ).order_by("path")
    )


def ensure_staff(units: list[Unit]) -> dict[int, User]:
    """A login of each proposing unit (``mophong-<code>``), its staff and its head, made
    once, with no password (the benchmark opens its sessions itself)."""
    users = {u.username: u for u in User.objects.filter(username__startswith=SCALE_CODE_PREFIX)}
    new = [
        User(username=f"{SCALE_CODE_PREFIX}{unit.code}"[:150], full_name=f"Cán bộ {unit.name}")
        for unit in units
        if f"{SCALE_CODE_PREFIX}{unit.code}"[:150] not in users
    ]
    for user in new:
        user.set_unusable_password()
    User.objects.bulk_create(new)
    users = {u.username: u for u in User.objects.filter(username__startswith=SCALE_CODE_PREFIX)}
    by_unit = {unit.pk: users[f"{SCALE_CODE_PREFIX}{unit.code}"[:150]] for unit in units}
    have = set(
        RoleAssignment.objects.filter(user__in=by_unit.values()).values_list("user_id", "role")
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, role=role, unit_id=unit_id)
        for unit_id, user in by_unit.items()
        for role in (Role.UNIT_STAFF, Role.UNIT_HEAD)
        if (user.pk, role) not in have
    )
    return by_unit
