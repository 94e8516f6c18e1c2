"""The periodic report as a kind of the report pipeline (``make_report periodic_report
--year Y``, the report page): the annual report of year Y — the issued one with its
frozen figures and number when it exists, else a draft computed from today's data."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import ReportKind, register
from .models import PeriodicReport, PeriodKind


def build_periodic_report(
    *, user, fmt: str, year: int | None = None, number: str | None = None
) -> bytes:
    from .periodic_services import periodic_report_file  # services import the kinds

    year = year or timezone.localdate().year
    report = PeriodicReport.objects.filter(period_kind=PeriodKind.YEAR, year=year).first()
    if report is None:
        report = PeriodicReport(period_kind=PeriodKind.YEAR, year=year)
    return periodic_report_file(report=report, fmt=fmt)[0]


register(
    ReportKind(
        code="periodic_report",
        title=_("Annual report on emulation and commendation to the chairman"),
        formats=("pdf", "docx", "xlsx"),
        build=build_periodic_report,
        permission="reports.view_periodic_report",
        needs_year=True,
    )
)
