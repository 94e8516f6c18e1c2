"""Models of the reports app: report jobs (a generated file is a row the page polls) and
the document number counters of Decree 30/2020."""

import uuid
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentNumber(models.Model):
    """The last number given to one kind of document of one issuing body in one year.

    Decree 30/2020 numbers restart each year, per issuer and per document type; the row is
    locked with SELECT … FOR UPDATE while a number is taken (``reports.numbering``).
    """

    issuer_code = models.CharField(_("issuer code"), max_length=40)
    doc_type = models.CharField(_("document type"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document number counter")
        verbose_name_plural = _("document number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_code", "doc_type", "year"], name="reports_document_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer_code} {self.doc_type} {self.year}: {self.last}"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


def report_upload_to(job, filename: str) -> str:
    return f"reports/{uuid.uuid4().hex}{Path(filename).suffix}"


class ReportJob(models.Model):
    """A generated file is a database row: the page polls it, the worker fills it."""

    kind = models.CharField(_("report"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=5)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to=report_upload_to, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        "units.User",
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="report_jobs",
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The last time the job's task reached the broker (null: it never did, e.g. Redis was
    # down when the job was asked for); the beat sweeper queues such jobs again.
    dispatched_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)

    # Set on the instance by ``report_request``/``report_retry`` when the broker could not
    # be reached: the row is kept and the sweeper queues it later.
    dispatch_failed = False

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="report_user_recent")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_max"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}.{self.format} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)

    def is_stale(self, now: datetime | None = None) -> bool:
        """Queued but not taken by a worker for a while, or running past the task's hard
        time limit (its worker died): the user may ask again."""
        now = now or timezone.now()
        if self.status == ReportStatus.QUEUED:
            waited_since = self.dispatched_at or self.created_at
            return now - waited_since > timedelta(seconds=settings.TDKT_REPORT_REQUEUE_SECONDS)
        if self.status == ReportStatus.RUNNING:
            started = self.started_at or self.created_at
            return now - started > timedelta(seconds=settings.TDKT_REPORT_TIME_LIMIT)
        return False

    @property
    def can_retry(self) -> bool:
        return self.status == ReportStatus.FAILED or self.is_stale()


class PeriodKind(models.TextChoices):
    HALF_YEAR = "half_year", _("Six months")
    YEAR = "year", _("Year")


class PeriodicReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    ISSUED = "issued", _("Issued")


class PeriodicReport(models.Model):
    """The periodic report to the provincial chairman (Báo cáo công tác thi đua, khen
    thưởng 6 tháng / năm): draft → reviewed → issued. The secretariat writes the
    narrative; the figures are computed live from the portal's data until the report is
    issued, then frozen in ``figures`` (``reports.periodic_figures``)."""

    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=PeriodicReportState.choices,
        default=PeriodicReportState.DRAFT,
    )
    results = models.TextField(_("results achieved"), blank=True)
    limits = models.TextField(_("limits and shortcomings"), blank=True)
    causes = models.TextField(_("causes"), blank=True)
    direction = models.TextField(_("direction and tasks ahead"), blank=True)
    figures = models.JSONField(_("figures frozen at issue"), null=True, blank=True)
    issued_document = models.OneToOneField(
        "units.IssuedDocument",
        verbose_name=_("register entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="periodic_report",
    )
    created_by = models.ForeignKey(
        "units.User",
        verbose_name=_("prepared by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("prepared at"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        "units.User",
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["-year", "-period_kind", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period_kind", "year"], name="periodic_report_one_per_period"
            ),
            models.CheckConstraint(
                condition=~Q(state="issued") | Q(issued_document__isnull=False),
                name="periodic_report_issued_has_register",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_period_kind_display()} {self.year}"

    @property
    def is_issued(self) -> bool:
        return self.state == PeriodicReportState.ISSUED


from .certificate_models import CertificatePrint, CertificateStock  # noqa: E402, F401
