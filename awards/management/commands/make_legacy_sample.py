"""Write a realistic legacy award list (XLSX) in the documented layout.

    manage.py make_legacy_sample --rows 10000 --output PATH [--seed 1] [--bad-row N]

For demos, tests and timing the legacy import (``awards.legacy``). Names come from the
demo name lists, units from the database (active units), awards from the catalogue
(those given to individuals), years 2010–2025, decisions "1234/QĐ-UBND" dated in their
year. A person gets several awards over the years, as in real lists. The output depends
only on --seed and the database. ``--bad-row N`` gives data row N (1-based; sheet row
N + 1) an unknown unit code, to show the error report. The file is written where
--output says and is never committed.
"""

import random
from datetime import date, timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from openpyxl import Workbook

from awards.legacy import HEADERS, KIND_LABELS
from awards.models import Award, CommendationKind, SubjectKind
from units.demo import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES
from units.models import Gender, Person, Unit
from units.search import normalize

FIRST_YEAR, LAST_YEAR = 2010, 2025
BAD_UNIT_CODE = "khong-co-don-vi-nay"
# How often each award appears in real lists; others weigh 1.
AWARD_WEIGHTS = {"LDTT": 60, "CSTDCS": 15, "GK": 15, "BK_TINH": 8, "CSTD_TINH": 3}
POSITIONS = (
    "Chuyên viên",
    "Chuyên viên chính",
    "Giáo viên",
    "Kế toán",
    "Văn thư",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Công chức Văn phòng - Thống kê",
    "Công chức Văn hóa - Xã hội",
    "Phó Chủ tịch UBND xã",
    "Nhân viên",
    "",
)
SIGNERS = ("Trần Văn Bình", "Lê Thị Hồng Nhung", "Phạm Quang Vinh", "Đặng Văn Minh")
DECISIONS_PER_GROUP = 3


class Command(BaseCommand):
    help = "Write a legacy award list (XLSX) for the legacy import."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)
        parser.add_argument("--output", required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--bad-row", type=int, default=None, dest="bad_row")

    def handle(self, *args, rows: int, output, seed: int, bad_row: int | None, **options):
        if rows < 1:
            raise CommandError("--rows must be positive.")
        if bad_row is not None and not 1 <= bad_row <= rows:
            raise CommandError("--bad-row must be between 1 and --rows.")
        units = list(Unit.objects.filter(is_active=True).order_by("code"))
        if not units:
            raise CommandError("No active unit in the database: seed the units first.")
        awards = list(
            Award.objects.filter(
                is_active=True, subject_kind__in=[SubjectKind.INDIVIDUAL, SubjectKind.ANY]
            ).order_by("sort_order", "code")
        )
        if not awards:
            raise CommandError("No award for individuals in the catalogue.")
        if Unit.objects.filter(code=BAD_UNIT_CODE).exists():
            raise CommandError(f"A unit has the code {BAD_UNIT_CODE}; --bad-row cannot work.")
        sample = _Sample(random.Random(seed), units, awards)
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Danh sach khen thuong")
        sheet.append(HEADERS)
        for number in range(1, rows + 1):
            row = sample.row()
            if number == bad_row:
                row[HEADERS.index("Mã đơn vị")] = BAD_UNIT_CODE
            sheet.append(row)
        workbook.save(path)
        self.stdout.write(f"{rows} rows written to {path}")


class _Sample:
    """One random generator drives every choice, so a seed gives the same file."""

    def __init__(self, rng: random.Random, units: list[Unit], awards: list[Award]):
        self.rng = rng
        self.units = units
        self.awards = awards
        self.award_weights = [AWARD_WEIGHTS.get(award.code, 1) for award in awards]
        names = {}
        for unit in Unit.objects.only("search_name"):
            names[unit.search_name] = names.get(unit.search_name, 0) + 1
        self.unique_names = {unit.pk for unit in units if names.get(unit.search_name) == 1}
        # Names already in a unit are avoided: the sample must not be ambiguous.
        self.taken = set(
            Person.objects.filter(unit__in=units).values_list("unit_id", "search_name")
        )
        self.people: list[dict] = []
        self.given: set[tuple[int, str, int]] = set()
        self.decisions: dict[tuple, list[tuple[str, date, str]]] = {}
        self.numbers: dict[int, set[int]] = {}
        self.certificate = 0

    def _person(self) -> dict:
        rng = self.rng
        for _attempt in range(1000):
            unit = rng.choice(self.units)
            gender = rng.choice((Gender.MALE, Gender.FEMALE))
            name = " ".join(
                (
                    rng.choice(FAMILY_NAMES),
                    rng.choice(MIDDLE_NAMES[gender]),
                    rng.choice(GIVEN_NAMES[gender]),
                )
            )
            key = (unit.pk, normalize(name))
            if key in self.taken:
                continue
            self.taken.add(key)
            person = {
                "name": name,
                "unit": unit,
                "gender": gender,
                "birth_year": rng.randint(1960, 1995),
                "write_year": rng.random() > 0.1,
                "write_gender": rng.random() > 0.3,
                "position": rng.choice(POSITIONS),
            }
            self.people.append(person)
            return person
        raise CommandError("Too many people for the units' name space; add units.")

    def _decision(self, year: int, award: Award, kind: str) -> tuple[str, date, str]:
        rng = self.rng
        group = self.decisions.setdefault((year, award.code, kind), [])
        if len(group) < DECISIONS_PER_GROUP:
            used = self.numbers.setdefault(year, set())
            number = rng.randint(100, 4999)
            while number in used:
                number = rng.randint(100, 4999)
            used.add(number)
            day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            signer = rng.choice(SIGNERS) if rng.random() > 0.2 else ""
            group.append((f"{number}/QĐ-UBND", day, signer))
            return group[-1]
        return rng.choice(group)

    def row(self) -> list:
        rng = self.rng
        while True:
            # About three awards per person over the years.
            if not self.people or rng.random() < 0.35:
                person = self._person()
            else:
                person = rng.choice(self.people)
            award = rng.choices(self.awards, self.award_weights)[0]
            year = rng.randint(max(FIRST_YEAR, person["birth_year"] + 20), LAST_YEAR)
            if (id(person), award.code, year) not in self.given:
                break
        self.given.add((id(person), award.code, year))
        kind = CommendationKind.MERIT.value
        if CommendationKind.AD_HOC in award.kinds and rng.random() < 0.1:
            kind = CommendationKind.AD_HOC.value
        number, day, signer = self._decision(year, award, kind)
        unit = person["unit"]
        roll = rng.random()
        kind_cell = "" if kind == CommendationKind.MERIT and roll < 0.3 else KIND_LABELS[kind]
        self.certificate += 1
        values = {
            "Họ và tên": person["name"],
            "Năm sinh": person["birth_year"] if person["write_year"] else None,
            "Giới tính": ("Nam" if person["gender"] == Gender.MALE else "Nữ")
            if person["write_gender"]
            else None,
            "Mã đơn vị": unit.name if unit.pk in self.unique_names and roll > 0.95 else unit.code,
            "Chức vụ": person["position"],
            "Danh hiệu/Hình thức": award.name if rng.random() < 0.2 else award.code,
            "Năm": year,
            "Loại hình": kind_cell,
            "Số quyết định": number,
            "Ngày quyết định": day if rng.random() < 0.5 else day.strftime("%d/%m/%Y"),
            "Người ký": signer,
            "Số bằng/giấy chứng nhận": f"{self.certificate}/GCN" if rng.random() < 0.5 else "",
        }
        return [values[header] for header in HEADERS]
