"""The periodic report's life: prepared (by beat or by hand) → narrative written →
reviewed → issued through the issuing office's register (number, date, signer, signed
original: ``units.issuing.document_issue``), its figures frozen, the chairman told."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import NotificationKind
from notifications.services import notify_users
from units.issuing import document_issue, home_affairs
from units.models import Role, Signer, User

from .models import PeriodicReport, PeriodicReportState, PeriodKind
from .periodic_document import ReportText, report_docx, report_pdf, report_xlsx
from .periodic_figures import Period, report_figures

DOC_TYPE = "BC"
NARRATIVE_FIELDS = ("results", "limits", "causes", "direction")
NARRATIVE_MAX = 20_000


def period_of(report: PeriodicReport) -> Period:
    return Period(report.period_kind, report.year)


def figures_of(report: PeriodicReport) -> dict:
    """Frozen once issued; computed from the portal's data until then."""
    return report.figures if report.figures else report_figures(period_of(report))


def _users(role: str):
    return User.objects.filter(is_active=True, roles__role=role).distinct()


def _title(report: PeriodicReport) -> str:
    return f"Báo cáo công tác thi đua, khen thưởng {period_of(report).label}"


def due_date(kind: str, year: int) -> datetime.date:
    """The due date of a period's report (settings, "dd/mm")."""
    text = (
        settings.TDKT_PERIODIC_YEAR_DUE
        if kind == PeriodKind.YEAR
        else settings.TDKT_PERIODIC_HALF_YEAR_DUE
    )
    day, month = (int(part) for part in text.split("/"))
    return datetime.date(year, month, day)


def periodic_report_prepare(
    *, kind: str, year: int, actor: User | None = None
) -> tuple[PeriodicReport, bool]:
    """The draft of a period's report (one per period): created once, then found again.
    A new draft is announced to the secretariat."""
    if kind not in PeriodKind.values:
        raise ValidationError({"period_kind": _("Choose six months or the year.")})
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": _("Choose a year between 2000 and next year.")})
    with transaction.atomic():
        existing = PeriodicReport.objects.filter(period_kind=kind, year=year).first()
        if existing:
            return existing, False
        try:
            with transaction.atomic():
                report = PeriodicReport.objects.create(
                    period_kind=kind, year=year, created_by=actor
                )
        except IntegrityError:  # prepared at the same moment by beat and by hand
            return PeriodicReport.objects.get(period_kind=kind, year=year), False
        notify_users(
            users=_users(Role.SECRETARIAT),
            kind=NotificationKind.GENERAL,
            title=_("The draft of the %(title)s is ready") % {"title": _title(report)},
            body=_("Write the narrative, review and issue it by %(due)s.")
            % {"due": due_date(kind, year).strftime("%d/%m/%Y")},
            url=reverse("reports:periodic_detail", args=[report.pk]),
        )
    return report, True


def periodic_drafts_prepare(*, today: datetime.date | None = None) -> list[PeriodicReport]:
    """The beat task's work: for each configured period whose due date is within
    TDKT_PERIODIC_DRAFT_DAYS_BEFORE days, the draft exists (idempotent, daily)."""
    today = today or timezone.localdate()
    lead = datetime.timedelta(days=settings.TDKT_PERIODIC_DRAFT_DAYS_BEFORE)
    created = []
    for kind in settings.TDKT_PERIODIC_REPORT_PERIODS:
        if kind not in PeriodKind.values:
            continue
        due = due_date(kind, today.year)
        if due - lead <= today <= due:
            report, new = periodic_report_prepare(kind=kind, year=today.year)
            if new:
                created.append(report)
    return created


def _editable(report: PeriodicReport) -> None:
    if report.state == PeriodicReportState.ISSUED:
        raise ValidationError(_("This report has been issued and can no longer be changed."))


@transaction.atomic
def periodic_report_write(*, report: PeriodicReport, actor: User, **texts: str) -> PeriodicReport:
    """Save the narrative sections; a reviewed report that is edited goes back to draft."""
    report = PeriodicReport.objects.select_for_update().get(pk=report.pk)
    _editable(report)
    for name in NARRATIVE_FIELDS:
        value = (texts.get(name) or "").strip()
        if len(value) > NARRATIVE_MAX:
            raise ValidationError({name: _("This section is too long.")})
        setattr(report, name, value)
    report.state = PeriodicReportState.DRAFT
    report.reviewed_by, report.reviewed_at = None, None
    report.save()
    return report


@transaction.atomic
def periodic_report_review(*, report: PeriodicReport, actor: User) -> PeriodicReport:
    """Draft → reviewed: every narrative section is written."""
    report = PeriodicReport.objects.select_for_update().get(pk=report.pk)
    if report.state != PeriodicReportState.DRAFT:
        raise ValidationError(_("Only a draft can be marked as reviewed."))
    missing = [name for name in NARRATIVE_FIELDS if not getattr(report, name).strip()]
    if missing:
        raise ValidationError(_("Write every section (results, limits, causes, direction) first."))
    report.state = PeriodicReportState.REVIEWED
    report.reviewed_by, report.reviewed_at = actor, timezone.now()
    report.save()
    return report


@transaction.atomic
def periodic_report_issue(
    *,
    report: PeriodicReport,
    actor: User,
    number: int,
    issuer_symbol: str,
    issued_on: datetime.date,
    signer: Signer | None,
    authority_line: str,
    signed_file,
) -> PeriodicReport:
    """Reviewed → issued. Steps: record the number, date, signer and signed original in
    the register of Sở Nội vụ (the Council's standing body); freeze the figures; tell the
    chairman (inbox and e-mail, queued on commit). Any refusal saves nothing."""
    report = PeriodicReport.objects.select_for_update().get(pk=report.pk)
    if report.state != PeriodicReportState.REVIEWED:
        raise ValidationError(_("Only a reviewed report can be issued."))
    issuer = home_affairs()
    if issuer is None:
        raise ValidationError(_("Sở Nội vụ is missing from the organisation: add it first."))
    symbol = (issuer_symbol or "").strip().upper()
    if not symbol:
        raise ValidationError({"issuer_symbol": [_("Enter the issuer's symbol, e.g. UBND.")]})
    year = issued_on.year if isinstance(issued_on, datetime.date) else 0
    figures = report_figures(period_of(report))
    register = document_issue(
        user=actor,
        issuer=issuer,
        doc_type=DOC_TYPE,
        issuer_symbol=symbol,
        year=year,
        number=number,
        issued_on=issued_on,
        signer=signer,
        authority_line=authority_line,
        signed_file=signed_file,
        summary=_title(report),
    )
    report.figures = figures
    report.issued_document = register
    report.state = PeriodicReportState.ISSUED
    report.issued_at = timezone.now()
    report.save()
    notify_users(
        users=_users(Role.CHAIRMAN),
        kind=NotificationKind.GENERAL,
        title=_("%(title)s (%(number)s)")
        % {"title": _title(report), "number": register.number_text},
        body=_(
            "The secretariat has issued the report. Open it to read the figures and download it."
        ),
        url=reverse("reports:periodic_detail", args=[report.pk]),
    )
    return report


def report_text(report: PeriodicReport) -> ReportText:
    register = report.issued_document
    lines = register.authority_line.splitlines() if register else []
    return ReportText(
        results=report.results,
        limits=report.limits,
        causes=report.causes,
        direction=report.direction,
        number=register.number_text if register else None,
        issued_on=register.issued_on if register else None,
        signer_name=register.signer_name if register else "",
        signer_position=register.signer_position if register else "GIÁM ĐỐC",
        authority=lines[0] if lines else "",
        deputy=lines[1] if len(lines) > 1 else "",
    )


def periodic_report_file(*, report: PeriodicReport, fmt: str) -> tuple[bytes, str]:
    """The report's file in ``fmt`` (pdf, docx, xlsx) and its name."""
    figures = figures_of(report)
    if fmt == "pdf":
        data = report_pdf(figures, report_text(report))
    elif fmt == "docx":
        data = report_docx(figures, report_text(report))
    elif fmt == "xlsx":
        data = report_xlsx(figures)
    else:
        raise ValidationError(_("There is no report of that kind."))
    kind = "6-thang" if report.period_kind == PeriodKind.HALF_YEAR else "nam"
    return data, f"bao-cao-tdkt-{kind}-{report.year}.{fmt}"
