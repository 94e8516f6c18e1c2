"""Matching rows to the records they name: units, awards, people, decisions, existing
keys, quotas and cash amounts, loaded once per import (see the package's doc)."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import widgets
from import_export.instance_loaders import BaseInstanceLoader

from units.models import Person, Unit, UnitKind
from units.search import normalize

from ..models import (
    Award,
    AwardGrant,
    BaseSalary,
    CashCoefficient,
    Decision,
    Quota,
    SubjectKind,
)
from ..services import cash_amount
from .columns import KEY_CHUNK, KEY_COLUMN
from .widgets import cell_text

if TYPE_CHECKING:
    from .resource import LegacyAwardResource


class LookupWidget(widgets.Widget):
    """A widget that reads the lookups the resource loaded for this import."""

    resource: LegacyAwardResource | None = None

    @property
    def lookups(self) -> Lookups:
        return self.resource.lookups


class UnitWidget(LookupWidget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            raise ValueError(_("This column is required."))
        return self.lookups.unit(text)


class AwardWidget(LookupWidget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            raise ValueError(_("This column is required."))
        return self.lookups.award(text)


class Lookups:
    """Dictionaries of everything the rows refer to, loaded once per import."""

    def __init__(self):
        self.units_by_code: dict[str, Unit] = {}
        self.units_by_folded_code: dict[str, list[Unit]] = defaultdict(list)
        self.units_by_name: dict[str, list[Unit]] = defaultdict(list)
        # The provincial People's Committee (``units.issuing.provincial_committee``): the
        # issuer of a legacy "…/QĐ-UBND" of the province's authority.
        self.committee: Unit | None = None
        fields = ("id", "code", "name", "path", "search_name", "kind", "depth", "is_active")
        for unit in Unit.objects.order_by().only(*fields):
            is_committee = unit.kind == UnitKind.PEOPLES_COMMITTEE and unit.is_active
            if is_committee and (
                self.committee is None
                or (unit.depth, unit.pk) < (self.committee.depth, self.committee.pk)
            ):
                self.committee = unit
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
        # (issuer id, number, date) and (issuer id, number, year) -> decision: a number is
        # unique per issuer and year (``Decision``'s constraint).
        self.decisions: dict[tuple[int | None, str, date], Decision] = {}
        self.decision_years: dict[tuple[int, str, int], Decision] = {}
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
                self.remember_decision(decision)

    def remember_decision(self, decision: Decision) -> None:
        key = (decision.issuer_id, decision.number, decision.issued_on)
        self.decisions[key] = decision
        if decision.issuer_id is not None:
            year_key = (decision.issuer_id, decision.number, decision.issued_on.year)
            self.decision_years.setdefault(year_key, decision)

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
