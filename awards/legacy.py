"""Legacy import: years of award lists kept in Excel, brought into the archive.

The file layout is documented (README, "Nhập danh sách khen thưởng cũ"; the import page
shows the same table from :data:`LEGACY_COLUMNS`): fixed Vietnamese headers in row 1, one
individual per row, required columns marked *.

=========================== =========================================================
Header                      Content
=========================== =========================================================
Họ và tên *                 full name, any case, with or without diacritics
Năm sinh                    year of birth (four digits)
Giới tính                   "Nam" or "Nữ"; when absent, see the gender rule below
Mã đơn vị *                 unit code; the unit's exact name is also accepted when it
                            matches exactly one unit (accent- and case-insensitive)
Chức vụ                     position, stored only on people created by the import
Danh hiệu/Hình thức *       award code (``LDTT``) or its exact name in the catalogue,
                            accent- and case-insensitive
Năm *                       year of the award
Loại hình                   kind of commendation: blank = "Công trạng", or one of
                            Công trạng, Phong trào, Đột xuất, Cống hiến, Niên hạn,
                            Đối ngoại (or the code, e.g. ``DOT_XUAT``)
Số quyết định *             decision number and symbol, e.g. "1234/QĐ-UBND"
Ngày quyết định *           dd/mm/yyyy text or a date cell
Người ký                    signer of the decision
Số bằng/giấy chứng nhận     certificate number
=========================== =========================================================

Rules, in the order they are applied to a row:

* **Unit**: by code (exact, then case-insensitive), else by name through
  ``Unit.search_name`` when exactly one unit (active or not: old lists name units that
  have since merged) carries it.
* **Award**: by code (case-insensitive) or by ``normalize(name)``; it must be awarded to
  individuals (subject "individual" or "any") and be given under the row's kind.
* **Person**: in the given unit, same ``search_name`` (``units.search.normalize`` of the
  name). With a year of birth: the person born that year; failing that, the one person
  of that name whose year of birth is unknown. Without a year of birth: the one person of
  that name in the unit (several is an error on "Năm sinh"). No match: the person is
  created through ``units.services.person_create``.
* **Gender** (the registry requires it, old lists rarely have it): the "Giới tính"
  column when given; otherwise "female" when a middle name is "Thị" (Nguyễn Thị Lan),
  else "male". The rule is a heuristic: clerks can correct the registry afterwards.
* **Decision**: found by (number, date), else created with authority "provincial
  chairman", the row's kind, the signer from "Người ký" or :data:`UNKNOWN_SIGNER`, and
  an empty signer's position (unknown in old lists; filled in later by the secretariat).
* **Grant**: the same record ``awards.services.grant_create`` makes: names snapshotted
  from the person and the unit, the cash amount from ``services.cash_amount`` on the
  decision date, the subject and kind checks, and local quotas (the rule of
  ``services._check_quota``: usage counted in the unit's subtree, quota rows locked).

Idempotency: every row has a ``legacy_key``, the SHA-256 of its normalised (name, year
of birth, unit code, award code, year, decision number, decision date). A row whose key
is already in the archive, or repeats an earlier row of the same file, is skipped; so
importing a file twice leaves the records of one import. The key is computed in
:meth:`LegacyAwardResource.before_import` and added to the dataset as a hidden column,
which ``import_id_fields`` and the instance loader use.

Why the grants are not written by ``grant_create`` row by row: measured at about 13
queries a row (``full_clean`` checks every foreign key and check constraint with a query,
then cash, quota, insert and history), 10,000 rows took three minutes on SQLite. So
import-export parses and validates every row in memory against lookups loaded once per
import (units, awards, the people of the file's units, the file's decisions, existing
keys, quotas), ``save_instance`` builds the unsaved person, decision and grant with the
service's rules, and import-export's bulk step (``use_bulk``; :meth:`bulk_create`)
writes them every 1,000 rows with their history rows through
``bulk_create_with_history``, only while no row has failed. ``tests/awards/test_legacy.py``
checks that an imported grant equals the one ``grant_create`` makes.

Everything runs in one transaction (``import_data(use_transactions=True,
rollback_on_validation_errors=True)``): one bad row and nothing is saved. A dry run does
the same work, writes included, and rolls back.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from datetime import date, datetime
from typing import Any

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history

from units.models import Gender, Person, Unit
from units.resources import VietnameseDateWidget, YearWidget
from units.search import normalize
from units.services import clean_name

from .models import (
    Authority,
    Award,
    AwardGrant,
    BaseSalary,
    CashCoefficient,
    CommendationKind,
    Decision,
    Quota,
    SubjectKind,
)
from .services import cash_amount

logger = logging.getLogger(__name__)

COL_NAME = "Họ và tên"
COL_BIRTH_YEAR = "Năm sinh"
COL_GENDER = "Giới tính"
COL_UNIT = "Mã đơn vị"
COL_POSITION = "Chức vụ"
COL_AWARD = "Danh hiệu/Hình thức"
COL_YEAR = "Năm"
COL_KIND = "Loại hình"
COL_DECISION_NUMBER = "Số quyết định"
COL_DECISION_DATE = "Ngày quyết định"
COL_SIGNER = "Người ký"
COL_CERTIFICATE = "Số bằng/giấy chứng nhận"
KEY_COLUMN = "legacy_key"  # computed by the import, never read from the file

UNKNOWN_SIGNER = "Không rõ (dữ liệu cũ)"
RELATIONS = ["award", "person", "unit", "household", "unit_scope", "decision"]
KEY_CHUNK = 500  # values per IN (...) query, well under SQLite's parameter limit
WRITE_BATCH = 1000  # rows per INSERT: under PostgreSQL's 65,535 parameters per statement
PREVIEW_ROWS = 200  # rows whose values are kept for the preview page

# (header, required, what to write, example) — the documented layout, shown on the page.
LEGACY_COLUMNS = [
    (COL_NAME, True, gettext_lazy("Full name, with or without diacritics."), "Nguyễn Văn An"),
    (COL_BIRTH_YEAR, False, gettext_lazy("Year of birth, four digits."), "1979"),
    (
        COL_GENDER,
        False,
        gettext_lazy(
            "“Nam” or “Nữ”. When empty: female if a middle name is “Thị”, otherwise male."
        ),
        "Nam",
    ),
    (
        COL_UNIT,
        True,
        gettext_lazy("The unit's code, or its exact name when no other unit has the same name."),
        "xa-binh-son",
    ),
    (COL_POSITION, False, gettext_lazy("Position at the time of the award."), "Chuyên viên"),
    (
        COL_AWARD,
        True,
        gettext_lazy("The award's code or its exact name in the catalogue."),
        "LDTT",
    ),
    (COL_YEAR, True, gettext_lazy("Year of the award, four digits."), "2018"),
    (
        COL_KIND,
        False,
        gettext_lazy(
            "Empty for “Công trạng”, or: Phong trào, Đột xuất, Cống hiến, Niên hạn, Đối ngoại."
        ),
        "Công trạng",
    ),
    (COL_DECISION_NUMBER, True, gettext_lazy("Number and symbol of the decision."), "1234/QĐ-UBND"),
    (COL_DECISION_DATE, True, gettext_lazy("Date of the decision, dd/mm/yyyy."), "15/12/2018"),
    (COL_SIGNER, False, gettext_lazy("Who signed the decision."), "Trần Văn Bình"),
    (COL_CERTIFICATE, False, gettext_lazy("Number of the certificate."), "123/GCN"),
]
HEADERS = [column[0] for column in LEGACY_COLUMNS]
REQUIRED_HEADERS = [column[0] for column in LEGACY_COLUMNS if column[1]]

# Fixed Vietnamese labels of the kinds of commendation (Law 06/2022/QH15, Art 6), with the
# other ways old lists write them; compared after ``normalize``.
KIND_LABELS = {
    CommendationKind.MERIT: "Công trạng",
    CommendationKind.MOVEMENT: "Phong trào",
    CommendationKind.AD_HOC: "Đột xuất",
    CommendationKind.CAREER: "Cống hiến",
    CommendationKind.SENIORITY: "Niên hạn",
    CommendationKind.FOREIGN: "Đối ngoại",
}
KIND_ALIASES = {
    CommendationKind.MERIT: ("theo cong trang",),
    CommendationKind.MOVEMENT: (
        "phong trao thi dua",
        "theo phong trao thi dua",
        "theo dot",
        "chuyen de",
        "theo dot hoac chuyen de",
        "theo chuyen de",
    ),
    CommendationKind.CAREER: ("qua trinh cong hien", "theo qua trinh cong hien"),
    CommendationKind.SENIORITY: ("theo nien han",),
}
GENDER_WORDS = {
    "nam": Gender.MALE,
    "male": Gender.MALE,
    "nu": Gender.FEMALE,
    "female": Gender.FEMALE,
}


class LegacyFileError(Exception):
    """A problem with the whole file (unreadable, too many rows, missing columns)."""


# --- Reading the workbook --------------------------------------------------------------


def _header(value: Any) -> str:
    """A header cell as written, tolerant of stray spaces and a trailing "*"."""
    text = unicodedata.normalize("NFC", str(value if value is not None else ""))
    return " ".join(text.split()).rstrip("*").strip()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_workbook(source, *, max_rows: int | None = None) -> tablib.Dataset:
    """The first sheet of an XLSX file as a dataset: row 1 is the header.

    Read-only and with cached values only (``data_only``): formulas are never evaluated.
    Rows are kept in sheet order, so data row *n* is sheet row *n + 1*; blank rows at the
    end are dropped. Reading stops as soon as the row cap is passed. Raises
    :class:`LegacyFileError` with a message for the user.
    """
    limit = settings.TDKT_IMPORT_MAX_ROWS if max_rows is None else max_rows
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook is the user's file
        raise LegacyFileError(
            _("The workbook could not be read. Save it again as .xlsx.")
        ) from error
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers store wrong dimensions; read every row
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, ())
        headers = [_header(value) for value in header_row]
        while headers and not headers[-1]:
            headers.pop()
        width = len(headers)
        data: list[tuple] = []
        pending_blank = 0
        for values in rows:
            values = tuple(values[:width]) + (None,) * (width - len(values))
            if all(_blank(value) for value in values):
                pending_blank += 1
                continue
            data.extend([(None,) * width] * pending_blank)
            pending_blank = 0
            data.append(values)
            if len(data) > limit:
                raise LegacyFileError(_("The file has more than %(max)s rows.") % {"max": limit})
    except LegacyFileError:
        raise
    except Exception as error:  # noqa: BLE001 - damaged sheet XML
        raise LegacyFileError(
            _("The workbook could not be read. Save it again as .xlsx.")
        ) from error
    finally:
        workbook.close()
    return tablib.Dataset(*data, headers=headers)


def file_problems(dataset: tablib.Dataset) -> list[str]:
    """File-level errors: too many rows, required columns missing (listed)."""
    problems = []
    limit = settings.TDKT_IMPORT_MAX_ROWS
    if dataset.height > limit:
        problems.append(_("The file has more than %(max)s rows.") % {"max": limit})
    headers = dataset.headers or []
    missing = [header for header in REQUIRED_HEADERS if header not in headers]
    if missing:
        problems.append(
            _("These columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return problems


def legacy_key(
    *,
    name: str,
    birth_year: int | None,
    unit_code: str,
    award_code: str,
    year: int,
    decision_number: str,
    decision_date: date,
) -> str:
    """The stable identity of a legacy row (64 hex characters)."""
    parts = [
        normalize(name),
        str(birth_year or ""),
        unit_code,
        award_code.upper(),
        str(year),
        " ".join(decision_number.split()),
        decision_date.isoformat(),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:64]


def guess_gender(name: str) -> str:
    """Female when a middle name is "Thị" (Nguyễn Thị Lan), otherwise male."""
    words = normalize(name).split()
    return Gender.FEMALE if "thi" in words[1:-1] else Gender.MALE


# --- Widgets ---------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell as text: whole numbers without ".0", NFC, single spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return clean_name(str(value))


class TextWidget(widgets.Widget):
    def __init__(self, *, max_length: int, required: bool = False, **kwargs):
        self.max_length = max_length
        self.required = required
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text and self.required:
            raise ValueError(_("This column is required."))
        if len(text) > self.max_length:
            raise ValueError(_("Write at most %(max)s characters.") % {"max": self.max_length})
        return text


class LookupWidget(widgets.Widget):
    """A widget that reads the lookups the resource loaded for this import."""

    resource: LegacyAwardResource | None = None

    @property
    def lookups(self) -> _Lookups:
        return self.resource.lookups


class UnitWidget(LookupWidget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            raise ValueError(_("This column is required."))
        return self.lookups.unit(text)


class AwardWidget(LookupWidget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            raise ValueError(_("This column is required."))
        return self.lookups.award(text)


class GrantYearWidget(YearWidget):
    def clean(self, value, row=None, **kwargs):
        year = super().clean(value, row=row, **kwargs)
        if year is None:
            raise ValueError(_("This column is required."))
        if not 1945 <= year <= 2100:
            raise ValueError(_("Write a year between 1945 and 2100."))
        return year


class RequiredDateWidget(VietnameseDateWidget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str) and not value.strip():
            value = None
        parsed = super().clean(value, row=row, **kwargs)
        if parsed is None:
            raise ValueError(_("This column is required."))
        return parsed


class KindWidget(widgets.Widget):
    """Blank = merit; else a code or a Vietnamese label, accent-insensitive."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.choices: dict[str, str] = {}
        for kind in CommendationKind:
            names = (kind.value, kind.value.replace("_", " "), KIND_LABELS[kind])
            for name in (*names, *KIND_ALIASES.get(kind, ())):
                self.choices[normalize(name)] = kind.value
                self.choices["khen thuong " + normalize(name)] = kind.value

    def clean(self, value, row=None, **kwargs):
        text = normalize(_text(value))
        if not text:
            return CommendationKind.MERIT.value
        if text in self.choices:
            return self.choices[text]
        raise ValueError(
            _("“%(value)s” is not one of: %(allowed)s.")
            % {"value": _text(value), "allowed": ", ".join(KIND_LABELS.values())}
        )


class GenderWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = normalize(_text(value))
        if not text:
            return ""
        if text in GENDER_WORDS:
            return GENDER_WORDS[text]
        raise ValueError(
            _("“%(value)s” is not one of: %(allowed)s.")
            % {"value": _text(value), "allowed": "Nam, Nữ"}
        )


# --- Lookups loaded once per import ----------------------------------------------------


class _Lookups:
    """Dictionaries of everything the rows refer to, loaded once per import."""

    def __init__(self):
        self.units_by_code: dict[str, Unit] = {}
        self.units_by_folded_code: dict[str, list[Unit]] = defaultdict(list)
        self.units_by_name: dict[str, list[Unit]] = defaultdict(list)
        for unit in Unit.objects.order_by().only("id", "code", "name", "path", "search_name"):
            self.units_by_code[unit.code] = unit
            self.units_by_folded_code[unit.code.casefold()].append(unit)
            self.units_by_name[unit.search_name].append(unit)
        self.awards: dict[str, Award] = {}
        by_name: dict[str, list[Award]] = defaultdict(list)
        awards = list(Award.objects.order_by("pk"))
        for award in awards:
            by_name[normalize(award.name)].append(award)
        for name, found in by_name.items():
            if len(found) == 1:
                self.awards[name] = found[0]
        for award in awards:  # codes win over names
            self.awards[award.code.casefold()] = award
        # (unit id, search name) -> people; filled by load_people()
        self.people: dict[tuple[int, str], list[Person]] = defaultdict(list)
        self.decisions: dict[tuple[str, date], Decision] = {}
        self.existing_keys: dict[str, int] = {}
        # (award id, year) -> quotas, each with the number of grants it already counts
        self.quotas: dict[tuple[int, int], list[list]] = defaultdict(list)
        self.cash: dict[tuple, int | None] = {}
        self.load_cash_periods()

    def unit(self, text: str) -> Unit:
        unit = self.units_by_code.get(text)
        if unit is not None:
            return unit
        found = self.units_by_folded_code.get(text.casefold(), [])
        if len(found) == 1:
            return found[0]
        found = self.units_by_name.get(normalize(text), [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValueError(
                _("Several units are named “%(value)s”; write the unit code instead.")
                % {"value": text}
            )
        raise ValueError(_("No unit has the code or name “%(value)s”.") % {"value": text})

    def award(self, text: str) -> Award:
        award = self.awards.get(text.casefold()) or self.awards.get(normalize(text))
        if award is None:
            raise ValueError(_("No award in the catalogue matches “%(value)s”.") % {"value": text})
        return award

    def load_people(self, unit_ids: set[int]) -> None:
        fields = ("id", "full_name", "search_name", "unit_id", "birth_year", "birth_date")
        ids = sorted(unit_ids)
        units = {unit.pk: unit for unit in self.units_by_code.values()}
        for start in range(0, len(ids), KEY_CHUNK):
            chunk = ids[start : start + KEY_CHUNK]
            for person in Person.objects.filter(unit_id__in=chunk).order_by().only(*fields):
                person.unit = units[person.unit_id]
                self.people[(person.unit_id, person.search_name)].append(person)

    def load_decisions(self, numbers: set[str]) -> None:
        ordered = sorted(numbers)
        for start in range(0, len(ordered), KEY_CHUNK):
            chunk = ordered[start : start + KEY_CHUNK]
            for decision in Decision.objects.filter(number__in=chunk).order_by():
                self.decisions[(decision.number, decision.issued_on)] = decision

    def load_existing_keys(self, keys: set[str]) -> None:
        ordered = sorted(keys)
        for start in range(0, len(ordered), KEY_CHUNK):
            chunk = ordered[start : start + KEY_CHUNK]
            rows = (
                AwardGrant.objects.filter(legacy_key__in=chunk)
                .order_by()
                .values_list("legacy_key", "pk")
            )
            self.existing_keys.update(rows)

    def load_quotas(self, award_ids: set[int], years: set[int]) -> None:
        """Lock the quotas that may apply (as ``services._check_quota`` does); their
        usage is counted when a row first needs it."""
        if not award_ids or not years:
            return
        quotas = Quota.objects.select_for_update().filter(award_id__in=award_ids, year__in=years)
        for quota in quotas.select_related("unit", "award"):
            self.quotas[(quota.award_id, quota.year)].append([quota, None])

    def take_quota(self, award: Award, year: int, unit: Unit) -> None:
        """Count one more grant against every quota over ``unit``; refuse when full."""
        for entry in self.quotas.get((award.pk, year), ()):
            quota, used = entry
            if not unit.path.startswith(quota.unit.path):
                continue
            if used is None:
                used = AwardGrant.objects.filter(
                    award=award, year=year, unit_scope__path__startswith=quota.unit.path
                ).count()
            if used >= quota.limit:
                raise ValidationError(
                    {
                        "award": _(
                            "The quota of %(limit)s “%(award)s” for %(unit)s in %(year)s "
                            "is used up."
                        )
                        % {
                            "limit": quota.limit,
                            "award": award.name,
                            "unit": quota.unit,
                            "year": year,
                        }
                    }
                )
            entry[1] = used + 1

    def load_cash_periods(self) -> None:
        """The dates from which base salaries and individual coefficients apply."""
        self.salary_dates = sorted(BaseSalary.objects.values_list("valid_from", flat=True))
        self.coefficient_dates: dict[int, list[date]] = defaultdict(list)
        rows = CashCoefficient.objects.filter(subject_kind=SubjectKind.INDIVIDUAL)
        for award_id, valid_from in rows.order_by("valid_from").values_list(
            "award_id", "valid_from"
        ):
            self.coefficient_dates[award_id].append(valid_from)

    def cash_for(self, award: Award, on: date) -> int | None:
        """``services.cash_amount`` for an individual. It depends only on which salary
        and which coefficient are in force on the date, so it is asked once per award
        and pair of periods, not once per date."""

        def period(dates: list[date]) -> date | None:
            index = bisect_right(dates, on)
            return dates[index - 1] if index else None

        key = (award.pk, period(self.salary_dates), period(self.coefficient_dates[award.pk]))
        if key not in self.cash:
            self.cash[key] = cash_amount(award=award, subject_kind=SubjectKind.INDIVIDUAL, on=on)
        return self.cash[key]


class LegacyKeyLoader(BaseInstanceLoader):
    """Finds a row's grant by its computed ``legacy_key`` in the keys loaded up front.

    An existing grant is returned as a stub (pk and key): it is always skipped, never
    written, so its other fields are not needed.
    """

    def get_instance(self, row):
        key = row.get(KEY_COLUMN) or ""
        pk = self.resource.lookups.existing_keys.get(key) if key else None
        if pk is None:
            return None
        return AwardGrant(pk=pk, legacy_key=key)


# --- The resource ----------------------------------------------------------------------


class LegacyAwardResource(resources.ModelResource):
    """Award lists of past years (individuals), imported into ``AwardGrant``."""

    legacy_key = fields.Field(
        attribute="legacy_key", column_name=KEY_COLUMN, widget=widgets.CharWidget()
    )
    recipient_name = fields.Field(
        attribute="recipient_name",
        column_name=COL_NAME,
        widget=TextWidget(max_length=150, required=True),
    )
    birth_year = fields.Field(
        attribute="legacy_birth_year", column_name=COL_BIRTH_YEAR, widget=YearWidget()
    )
    gender = fields.Field(attribute="legacy_gender", column_name=COL_GENDER, widget=GenderWidget())
    unit_scope = fields.Field(attribute="unit_scope", column_name=COL_UNIT, widget=UnitWidget())
    position = fields.Field(
        attribute="legacy_position", column_name=COL_POSITION, widget=TextWidget(max_length=200)
    )
    award = fields.Field(attribute="award", column_name=COL_AWARD, widget=AwardWidget())
    year = fields.Field(attribute="year", column_name=COL_YEAR, widget=GrantYearWidget())
    kind = fields.Field(attribute="kind", column_name=COL_KIND, widget=KindWidget())
    decision_number = fields.Field(
        attribute="legacy_decision_number",
        column_name=COL_DECISION_NUMBER,
        widget=TextWidget(max_length=60, required=True),
    )
    decision_date = fields.Field(
        attribute="legacy_decision_date",
        column_name=COL_DECISION_DATE,
        widget=RequiredDateWidget(),
    )
    signer = fields.Field(
        attribute="legacy_signer", column_name=COL_SIGNER, widget=TextWidget(max_length=150)
    )
    certificate_number = fields.Field(
        attribute="certificate_number",
        column_name=COL_CERTIFICATE,
        widget=TextWidget(max_length=60),
    )

    class Meta:
        model = AwardGrant
        fields = [
            "legacy_key",
            "recipient_name",
            "birth_year",
            "gender",
            "unit_scope",
            "position",
            "award",
            "year",
            "kind",
            "decision_number",
            "decision_date",
            "signer",
            "certificate_number",
        ]
        import_id_fields = ["legacy_key"]
        instance_loader_class = LegacyKeyLoader
        skip_unchanged = True  # rows already imported are skipped: see skip_row()
        skip_diff = True  # no per-row deep copies or HTML diffs: 10,000 rows stay fast
        store_row_values = True  # the preview shows the rows as read
        # Rows are validated one by one in memory; writes go in batches (bulk_create()),
        # so no savepoint per row either.
        use_bulk = True
        batch_size = WRITE_BATCH
        use_transactions = True
        clean_model_instances = False  # save_instance() cleans what it builds

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, LookupWidget):
                field.widget.resource = self
        self.lookups: _Lookups | None = None
        self.user = None
        self._seen_keys: set[str] = set()
        self.pending_people: list[Person] = []
        self.pending_decisions: list[Decision] = []

    # The column a field's errors belong to, for the error table.
    @classmethod
    def column_for(cls, attribute: str) -> str:
        for field in cls.fields.values():
            if field.attribute == attribute:
                return field.column_name
        return ""

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """Refuse the whole file (too many rows, missing columns) before any row."""
        problems = file_problems(dataset)
        if problems:
            result = self.get_result_class()()
            result.total_rows = len(dataset)
            for problem in problems:
                result.append_base_error(self.get_error_result_class()(LegacyFileError(problem)))
            if raise_errors:
                raise LegacyFileError(" ".join(problems))
            return result
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def before_import(self, dataset, **kwargs):
        """Load the lookups once and add the computed ``legacy_key`` column."""
        self.user = kwargs.get("user")
        self.lookups = lookups = _Lookups()
        self._seen_keys = set()
        if KEY_COLUMN in (dataset.headers or []):
            del dataset[KEY_COLUMN]
        headers = dataset.headers or []
        self.pending_people.clear()
        self.pending_decisions.clear()
        self.create_instances.clear()
        unit_ids: set[int] = set()
        award_ids: set[int] = set()
        years: set[int] = set()
        numbers: set[str] = set()
        keys: list[str] = []
        for values in dataset:
            row = dict(zip(headers, values, strict=False))
            key = ""
            try:
                unit = self.fields["unit_scope"].clean(row)
                unit_ids.add(unit.pk)
                number = self.fields["decision_number"].clean(row)
                numbers.add(number)
                award = self.fields["award"].clean(row)
                award_ids.add(award.pk)
                year = self.fields["year"].clean(row)
                years.add(year)
                key = legacy_key(
                    name=self.fields["recipient_name"].clean(row),
                    birth_year=self._optional(row, "birth_year"),
                    unit_code=unit.code,
                    award_code=award.code,
                    year=year,
                    decision_number=number,
                    decision_date=self.fields["decision_date"].clean(row),
                )
            except (ValueError, KeyError):
                pass  # the row is reported when it is imported
            keys.append(key)
        if dataset.height:
            dataset.append_col(keys, header=KEY_COLUMN)
        else:
            dataset.headers = [*headers, KEY_COLUMN]
        lookups.load_people(unit_ids)
        lookups.load_decisions(numbers)
        lookups.load_existing_keys({key for key in keys if key})
        lookups.load_quotas(award_ids, years)

    def _optional(self, row, field_name):
        field = self.fields[field_name]
        return field.clean(row) if field.column_name in row else None

    def import_instance(self, instance, row, **kwargs):
        """Parse the columns, then check what depends on several of them."""
        instance.legacy_blank = all(
            _blank(value) for header, value in row.items() if header != KEY_COLUMN
        )
        if instance.legacy_blank:
            return
        errors: dict[str, list] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not instance.kind:
            instance.kind = CommendationKind.MERIT.value
        award = instance.award if "award" not in errors else None
        if award is not None:
            if award.subject_kind not in (SubjectKind.INDIVIDUAL, SubjectKind.ANY):
                errors.setdefault("award", []).append(
                    _("“%(award)s” is not awarded to individuals.") % {"award": award.name}
                )
            elif "kind" not in errors and instance.kind not in award.kinds:
                errors.setdefault("kind", []).append(
                    _("“%(award)s” is not given as “%(kind)s”.")
                    % {"award": award.name, "kind": KIND_LABELS[instance.kind]}
                )
        birth_year = getattr(instance, "legacy_birth_year", None)
        checkable = birth_year and not errors.keys() & {"year", "legacy_birth_year"}
        if checkable and birth_year > instance.year:
            errors.setdefault("legacy_birth_year", []).append(
                _("The year of birth is after the year of the award.")
            )
        already_imported = instance.pk is not None
        if not already_imported and not errors.keys() & {
            "recipient_name",
            "unit_scope",
            "legacy_birth_year",
        }:
            try:
                instance.legacy_person = self._find_person(instance)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _find_person(self, instance) -> Person | None:
        """The registry's person for this row, or None to create one."""
        name = instance.recipient_name
        birth_year = getattr(instance, "legacy_birth_year", None)
        candidates = self.lookups.people.get((instance.unit_scope.pk, normalize(name)), [])
        if birth_year:
            born = [p for p in candidates if p.year_of_birth == birth_year]
            if len(born) > 1:
                raise ValidationError(
                    {
                        "recipient_name": _(
                            "Several people named “%(name)s” born in %(year)s work in this "
                            "unit; the row cannot tell them apart."
                        )
                        % {"name": name, "year": birth_year}
                    }
                )
            if born:
                return born[0]
            unknown = [p for p in candidates if p.year_of_birth is None]
            return unknown[0] if len(unknown) == 1 else None
        if len(candidates) > 1:
            raise ValidationError(
                {
                    "legacy_birth_year": _(
                        "Several people named “%(name)s” work in this unit; give the year of birth."
                    )
                    % {"name": name}
                }
            )
        return candidates[0] if candidates else None

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if kwargs.get("row_number", 0) > PREVIEW_ROWS:
            row_result.row_values = {}  # 50,000 rows must not all stay in memory twice
        return row_result

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Skip blank rows, rows already in the archive and repeats within the file."""
        if getattr(instance, "legacy_blank", False):
            return True
        if import_validation_errors:
            return False
        if instance.pk is not None or instance.legacy_key in self._seen_keys:
            return True
        self._seen_keys.add(instance.legacy_key)
        return False

    def save_instance(self, instance, is_create, row, **kwargs):
        """Build the row's person, decision and grant, unsaved: ``bulk_create`` writes
        them all at once. Only new rows come here (the others are skipped)."""
        person = instance.legacy_person or self._new_person(instance)
        decision = self._decision(instance)
        self.lookups.take_quota(instance.award, instance.year, person.unit)
        # The record grant_create makes (awards.services), field for field.
        grant = AwardGrant(
            award=instance.award,
            person=person,
            recipient_name=person.full_name,
            recipient_unit_name=person.unit.name,
            unit_scope=person.unit,
            year=instance.year,
            kind=instance.kind,
            decision=decision,
            certificate_number=instance.certificate_number or "",
            cash_amount=self.lookups.cash_for(instance.award, decision.issued_on),
            legacy_key=instance.legacy_key,
        )
        # Foreign keys and constraints were checked against the lookups; this checks
        # lengths and choices without a query.
        grant.full_clean(exclude=[*RELATIONS, "verification_code"], validate_constraints=False)
        self.create_instances.append(grant)  # written by bulk_create()
        instance.recipient_name = grant.recipient_name

    def _new_person(self, instance) -> Person:
        """A person for the registry, as ``units.services.person_create`` would save it."""
        name = clean_name(instance.recipient_name)
        person = Person(
            full_name=name,
            gender=getattr(instance, "legacy_gender", "") or guess_gender(name),
            birth_year=getattr(instance, "legacy_birth_year", None),
            position=getattr(instance, "legacy_position", "") or "",
            unit=instance.unit_scope,
        )
        person.full_clean(exclude=["unit"], validate_constraints=False)
        self.pending_people.append(person)
        self.lookups.people[(person.unit.pk, normalize(name))].append(person)
        return person

    def _decision(self, instance) -> Decision:
        number = instance.legacy_decision_number
        issued_on = instance.legacy_decision_date
        decision = self.lookups.decisions.get((number, issued_on))
        if decision is None:
            decision = Decision(
                number=number,
                issued_on=issued_on,
                signer_name=getattr(instance, "legacy_signer", "") or UNKNOWN_SIGNER,
                signer_position="",
                authority=Authority.PROVINCIAL_CHAIRMAN,
                kind=instance.kind,
            )
            decision.full_clean(
                exclude=["signer_position"], validate_unique=False, validate_constraints=False
            )
            self.pending_decisions.append(decision)
            self.lookups.decisions[(number, issued_on)] = decision
        return decision

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Write a batch: new people and decisions, then the grants, all with history.

        import-export calls this every ``batch_size`` rows and at the end. Once a row
        has failed nothing more is written: the transaction is rolled back anyway.
        """
        failed = result is not None and (result.has_errors() or result.has_validation_errors())
        try:
            if not failed and (using_transactions or not dry_run):
                user = self.user if getattr(self.user, "pk", None) else None
                for model, objects in (
                    (Person, self.pending_people),
                    (Decision, self.pending_decisions),
                    (AwardGrant, self.create_instances),
                ):
                    if objects:
                        bulk_create_with_history(
                            objects, model, batch_size=WRITE_BATCH, default_user=user
                        )
        except Exception as error:  # noqa: BLE001 - reported as a file-level error
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.pending_people.clear()
            self.pending_decisions.clear()
            self.create_instances.clear()


def import_legacy(dataset: tablib.Dataset, *, dry_run: bool, user=None):
    """Run the import in one transaction; any row error rolls back everything."""
    return LegacyAwardResource().import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
        user=user,
    )


def file_errors(result) -> list[str]:
    """Messages of the file-level errors (base errors) of a result."""
    messages = []
    for error in result.base_errors:
        if isinstance(error.error, LegacyFileError):
            messages.append(str(error.error))
        else:
            logger.error("Legacy import failed", exc_info=error.error)
            messages.append(_("The file could not be imported."))
    return messages


def row_errors(result) -> list[dict]:
    """Every error with its sheet row (header = row 1), column header and messages."""
    order = {header: index for index, header in enumerate(HEADERS)}
    rows = []
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            column = (
                "" if attribute == NON_FIELD_ERRORS else LegacyAwardResource.column_for(attribute)
            )
            rows.append({"row": invalid.number + 1, "column": column, "errors": list(messages)})
    for number, errors in result.row_errors():
        for error in errors:
            logger.error("Legacy import: row %s failed", number + 1, exc_info=error.error)
        rows.append(
            {"row": number + 1, "column": "", "errors": [_("This row could not be saved.")]}
        )
    return sorted(rows, key=lambda item: (item["row"], order.get(item["column"], -1)))
