"""Building the unit tree and its staff from the plain data."""

import random
from datetime import date
from typing import NamedTuple

from ..models import Gender, Person, Unit, UnitKind
from ..services import clean_name, unit_create
from ._common import ROOT_CODE, slug
from .bodies import COUNCIL_CODE, COUNCIL_NAME, PROVINCE, PROVINCIAL_GROUPS, Body
from .communes import (
    DEPUTIES,
    EXTRA_PEOPLE,
    FORMER_KON_TUM,
    LEVEL_NAMES,
    LEVELS,
    MINORITIES,
    MOUNTAIN_ETHNICITY,
    REMOTE,
    Level,
    _commune_subunits,
)
from .names import (
    FAMILY_NAMES,
    FAMILY_WEIGHTS,
    GIA_RAI_CLANS,
    GIVEN_NAMES,
    MIDDLE_NAMES,
    MINORITY_FAMILY_NAMES,
    MINORITY_GIVEN_NAMES,
    MINORITY_PREFIX,
    SECOND_MIDDLE_NAMES,
)
from .people import FIXED_PEOPLE

# --- Building ---------------------------------------------------------------------------


class _Staffing(NamedTuple):
    """A unit to staff: its titles, how many people, and the area it lies in."""

    unit: Unit
    body: Body
    count: int
    ethnicity: str  # main minority of the area, "" outside mountainous areas
    kon_tum: bool


class _Builder:
    def __init__(self, rng: random.Random, people_range: tuple[int, int]) -> None:
        self.rng = rng
        self.people_range = people_range
        self.units: dict[str, Unit] = {}
        self.staffing: list[_Staffing] = []
        self.id_numbers: set[str] = set()
        self.reserved = {p.full_name for p in FIXED_PEOPLE}
        self.used: set[str] = set()

    # Units ------------------------------------------------------------------------------

    def unit(self, code: str, name: str, kind: str, parent: Unit | None, **flags) -> Unit:
        unit = unit_create(actor=None, name=name, code=code, kind=kind, parent=parent, **flags)
        self.units[code] = unit
        return unit

    def staff(self, unit: Unit, body: Body, ethnicity: str = "", kon_tum: bool = False) -> None:
        low, high = self.people_range
        count = max(1, self.rng.randint(low, high) + EXTRA_PEOPLE.get(unit.kind, 0))
        if not body.staff:  # only leaders: a head and the deputies
            count = min(count, 1 + DEPUTIES[unit.kind])
        self.staffing.append(_Staffing(unit, body, count, ethnicity, kon_tum))

    def body(self, body: Body, kind: str, parent: Unit) -> None:
        unit = self.unit(body.code, body.name, kind, parent)
        self.staff(unit, body)
        for sub in body.subunits:
            self.staff(self.unit(sub.code, sub.name, UnitKind.SUB_UNIT, unit), sub)

    def commune(self, level: Level, name: str, root: Unit) -> None:
        code = f"{level.code_prefix}-{slug(name)}"
        ethnicity = MOUNTAIN_ETHNICITY.get(name, "")
        unit = self.unit(
            code,
            f"{level.name_prefix} {name}",
            level.kind,
            root,
            is_mountainous=bool(ethnicity),
            is_ethnic_minority_area=bool(ethnicity),
            is_remote=name in REMOTE,
            is_island=level.kind == UnitKind.SPECIAL_ZONE,
        )
        kon_tum = name in FORMER_KON_TUM
        leaders = Body(
            code,
            unit.name,
            f"Chủ tịch UBND {level.title}",
            f"Phó Chủ tịch UBND {level.title}",
            (),
        )
        self.staff(unit, leaders, ethnicity, kon_tum)
        for sub in _commune_subunits(code, level):
            sub_unit = self.unit(sub.code, sub.name, UnitKind.SUB_UNIT, unit)
            self.staff(sub_unit, sub, ethnicity, kon_tum)
        for number in range(1, self.rng.randint(2, 3) + 1):
            village = Body(
                f"{code}-t{number}",
                f"{level.village} {number}",
                level.village_head,
                level.village_deputy,
                level.village_staff,
            )
            village_unit = self.unit(village.code, village.name, UnitKind.VILLAGE, unit)
            self.staff(village_unit, village, ethnicity, kon_tum)

    def tree(self) -> None:
        root = self.unit(ROOT_CODE, PROVINCE.name, UnitKind.PEOPLES_COMMITTEE, None)
        self.staff(root, PROVINCE)
        self.unit(COUNCIL_CODE, COUNCIL_NAME, UnitKind.COUNCIL, root)
        for kind, bodies in PROVINCIAL_GROUPS:
            for body in bodies:
                self.body(body, kind, root)
        for level in LEVELS:
            for name in LEVEL_NAMES[level.kind]:
                self.commune(level, name, root)

    # People -----------------------------------------------------------------------------

    def id_number(self, gender: str, year: int, kon_tum: bool) -> str:
        local, other = ("062", "051") if kon_tum else ("051", "062")
        province = local if self.rng.random() < 0.9 else other
        century = 0 if year < 2000 else 2
        sex = century + (1 if gender == Gender.FEMALE else 0)
        while True:
            number = f"{province}{sex}{year % 100:02d}{self.rng.randrange(10**6):06d}"
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    def name(self, gender: str, ethnicity: str) -> str:
        rng = self.rng
        while True:
            if ethnicity in ("Xơ Đăng", "Ba Na") and rng.random() < 0.6:
                name = f"{MINORITY_PREFIX[gender]} {rng.choice(MINORITY_GIVEN_NAMES[gender])}"
                if rng.random() < 0.3:
                    name += f" {rng.choice(MINORITY_GIVEN_NAMES[gender])}"
            elif ethnicity == "Gia Rai" and rng.random() < 0.7:
                given = rng.choice(MINORITY_GIVEN_NAMES[gender])
                name = f"{rng.choice(GIA_RAI_CLANS)} {given}"
            else:
                if ethnicity and ethnicity != "Kinh":
                    family = rng.choice(MINORITY_FAMILY_NAMES)
                else:
                    family = rng.choices(FAMILY_NAMES, FAMILY_WEIGHTS)[0]
                middle = rng.choice(MIDDLE_NAMES[gender])
                if gender == Gender.FEMALE and rng.random() < 0.15:
                    middle = f"Thị {rng.choice(SECOND_MIDDLE_NAMES)}"
                name = f"{family} {middle} {rng.choice(GIVEN_NAMES[gender])}"
            name = clean_name(name)
            words = name.split()
            if name in self.reserved or words[-1] == words[-2]:
                continue
            if words[0] in MINORITY_PREFIX.values() and name in self.used:
                continue  # short Xơ Đăng / Ba Na names: keep the demo registry readable
            self.used.add(name)
            return name

    def birth(self, low: int, high: int) -> tuple[date | None, int]:
        year = self.rng.randint(low, high)
        if self.rng.random() < 0.7:
            return date(year, self.rng.randint(1, 12), self.rng.randint(1, 28)), year
        return None, year

    def person(self, staffing: _Staffing, position: str, rank: str) -> Person:
        rng = self.rng
        manager = rank != "staff"
        male_share = 0.75 if rank == "head" else 0.5
        gender = Gender.MALE if rng.random() < male_share else Gender.FEMALE
        if staffing.ethnicity:
            minority_share = 0.7 if staffing.unit.kind == UnitKind.VILLAGE else 0.45
            if rng.random() < minority_share:
                ethnicity = staffing.ethnicity
            elif rng.random() < 0.15:
                ethnicity = rng.choice(MINORITIES)
            else:
                ethnicity = "Kinh"
        else:
            ethnicity = rng.choice(MINORITIES) if rng.random() < 0.04 else "Kinh"
        birth_date, year = self.birth(1965, 1985) if manager else self.birth(1970, 2000)
        return Person(
            full_name=self.name(gender, ethnicity),
            gender=gender,
            birth_date=birth_date,
            birth_year=year,
            ethnicity=ethnicity,
            id_number=self.id_number(gender, year, staffing.kon_tum),
            position=position,
            unit=staffing.unit,
            is_manager=manager,
            is_direct_worker=not manager,
        )

    def people(self) -> tuple[list[Person], dict[str, int]]:
        """The registry: fixed people first (their index is returned), then everyone else."""
        people: list[Person] = []
        fixed_index: dict[str, int] = {}
        kon_tum_codes = {staffing.unit.code for staffing in self.staffing if staffing.kon_tum}
        for fixed in FIXED_PEOPLE:
            fixed_index[fixed.key] = len(people)
            year = fixed.birth_date.year
            people.append(
                Person(
                    full_name=clean_name(fixed.full_name),
                    gender=fixed.gender,
                    birth_date=fixed.birth_date,
                    birth_year=year,
                    ethnicity="Kinh",
                    id_number=self.id_number(fixed.gender, year, fixed.unit in kon_tum_codes),
                    position=fixed.position,
                    unit=self.units[fixed.unit],
                    is_manager=fixed.is_head or fixed.is_manager,
                    is_direct_worker=not (fixed.is_head or fixed.is_manager),
                )
            )
        headed = {fixed.unit for fixed in FIXED_PEOPLE if fixed.is_head}
        for staffing in self.staffing:
            deputies = DEPUTIES[staffing.unit.kind]
            start = 1 if staffing.unit.code in headed else 0
            for slot in range(start, start + staffing.count):
                if slot == 0:
                    people.append(self.person(staffing, staffing.body.head, "head"))
                elif slot <= deputies:
                    people.append(self.person(staffing, staffing.body.deputy, "deputy"))
                elif staffing.body.staff:
                    position = self.rng.choice(staffing.body.staff)
                    people.append(self.person(staffing, position, "staff"))
        return people, fixed_index
