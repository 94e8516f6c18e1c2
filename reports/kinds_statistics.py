"""The statistics forms of Circular 02/2023/TT-BNV (0601–0605) as report kinds, one per
form: ``statistics_0602`` for a year is the form's XLSX computed from the portal's
records, by the definition in force for the year (``reports.statistics``), reported by
the province (the provincial People's Committee).

Every form defined in ``reports/statistics/forms`` gets its kind; a new circular's
version of a form changes what the kind produces, not its code.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from units.issuing import provincial_committee

from .kinds import ReportKind, register
from .statistics import definitions
from .statistics.compute import FormTable, form_table
from .statistics.workbook import render_xlsx

DEFAULT_BODY = "Ủy ban nhân dân tỉnh Quảng Ngãi"


def reporting_body() -> str:
    """The body that submits the forms: the provincial People's Committee."""
    committee = provincial_committee()
    return committee.name if committee is not None else DEFAULT_BODY


def statistics_table(form: str, year: int, *, version: str | None = None) -> FormTable:
    definition = definitions.definition_for(form, year, version)
    return form_table(definition, year=year, body=reporting_body())


def _builder(form: str):
    def build(*, user, fmt: str, year: int | None = None, **_kwargs) -> bytes:
        year = year or timezone.localdate().year
        return render_xlsx(statistics_table(form, year))

    return build


def register_statistics_kinds() -> None:
    for form in definitions.forms():
        latest = definitions.versions(form)[-1]
        register(
            ReportKind(
                code=f"statistics_{form}",
                title=format_lazy("{} {} – {}", _("Statistics form"), form, latest.name),
                formats=("xlsx",),
                build=_builder(form),
                permission="reports.view_periodic_report",
                needs_year=True,
            )
        )


register_statistics_kinds()
