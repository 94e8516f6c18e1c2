"""Report jobs: request one, run it, purge expired files. One transaction per step;
the task is queued on commit and only ever receives the job's id."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from units.models import User

from . import kinds
from .models import ReportJob, ReportStatus
from .tasks import run_report

logger = logging.getLogger(__name__)


def report_ttl() -> timedelta:
    return timedelta(days=getattr(settings, "TDKT_REPORT_TTL_DAYS", 7))


def validate_request(
    *, user: User, kind: str, fmt: str, year: int | None, object_id: int | None = None
) -> kinds.ReportKind:
    """The one check of a report request, shared by the page and ``make_report``."""
    report = kinds.get(kind)
    if report is None:
        raise ValidationError({"kind": _("There is no report of that kind.")})
    if report.for_object != (object_id is not None):
        raise ValidationError({"kind": _("There is no report of that kind.")})
    if fmt not in report.formats:
        raise ValidationError(
            {
                "format": _("This report comes as %(formats)s.")
                % {"formats": ", ".join(f.upper() for f in report.formats)}
            }
        )
    if year is not None and not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": _("Choose a year between 2000 and next year.")})
    if not user.has_perm(report.permission):
        raise PermissionDenied
    if report.for_object and not report.object_check(user, object_id):
        raise PermissionDenied
    return report


@transaction.atomic
def report_request(
    *, user: User, kind: str, fmt: str, year: int | None = None, object_id: int | None = None
) -> ReportJob:
    """Create the job row and queue its task once the row is committed."""
    validate_request(user=user, kind=kind, fmt=fmt, year=year, object_id=object_id)
    params = {"year": year} if year else {}
    if object_id is not None:
        params["object"] = object_id
    job = ReportJob.objects.create(kind=kind, format=fmt, params=params, requested_by=user)
    transaction.on_commit(lambda: run_report.delay(job.pk))
    return job


def build(
    *, user: User, kind: str, fmt: str, year: int | None = None, object_id: int | None = None
) -> tuple[bytes, str]:
    """Build a report's bytes and its file name, synchronously (the task and the command)."""
    report = validate_request(user=user, kind=kind, fmt=fmt, year=year, object_id=object_id)
    if report.for_object:
        data = report.build(user=user, fmt=fmt, object_id=object_id)
    else:
        data = report.build(user=user, fmt=fmt, year=year)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    suffix = f"-{year}" if year else (f"-{object_id}" if object_id is not None else "")
    return data, f"{kind.replace('_', '-')}{suffix}-{stamp}.{kinds.FORMATS[fmt][1]}"


def report_run(*, job_id: int) -> ReportJob:
    """Run a queued (or retried) job: running → done with its file, or failed with a
    message the user can read (the failure is logged, never raised into the caller).
    A job already done is left as it is, so a redelivered task does nothing."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job_id)
        if job.status == ReportStatus.DONE:
            return job
        job.status = ReportStatus.RUNNING
        job.progress = 10
        job.attempts += 1
        job.save(update_fields=["status", "progress", "attempts"])
    try:
        data, filename = build(
            user=job.requested_by,
            kind=job.kind,
            fmt=job.format,
            year=job.params.get("year"),
            object_id=job.params.get("object"),
        )
    except Exception as error:  # noqa: BLE001 - any failure becomes a visible state
        logger.exception("report %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportStatus.FAILED,
            progress=0,
            finished_at=timezone.now(),
            error=_(
                "The report could not be produced. Try again; if it fails again, "
                "tell the administrator (job %(id)s)."
            )
            % {"id": job.pk}
            if not isinstance(error, ValidationError | PermissionDenied)
            else _("This report can no longer be produced for you."),
        )
        return ReportJob.objects.get(pk=job_id)
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job_id)
        job.file.save(filename, ContentFile(data), save=False)
        job.filename = filename
        job.status = ReportStatus.DONE
        job.progress = 100
        job.finished_at = timezone.now()
        job.expires_at = job.finished_at + report_ttl()
        job.error = ""
        job.save()
    return job


@transaction.atomic
def report_retry(*, job: ReportJob, user: User) -> ReportJob:
    if job.requested_by_id != user.pk or job.status != ReportStatus.FAILED:
        raise PermissionDenied
    ReportJob.objects.filter(pk=job.pk).update(status=ReportStatus.QUEUED, progress=0, error="")
    transaction.on_commit(lambda: run_report.delay(job.pk))
    job.refresh_from_db()
    return job


def reports_purge_expired(*, now: datetime | None = None) -> int:
    """Delete the files of expired reports and their rows."""
    now = now or timezone.now()
    expired = list(ReportJob.objects.filter(expires_at__lt=now))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
    ReportJob.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)
