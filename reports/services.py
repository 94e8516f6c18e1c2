"""Report jobs: request one, run it, purge expired files. One transaction per step;
the task is queued on commit and only ever receives the job's id."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from units.models import User

from . import kinds
from .models import ReportJob, ReportStatus
from .tasks import run_report

logger = logging.getLogger(__name__)

# Publishing to a broker that is down gives up after about a second (the page answers).
DISPATCH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.5,
}


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


def report_dispatch(*, job_id: int) -> bool:
    """Hand the job's task to the broker; False (logged, never raised) when the broker
    cannot be reached: the row stays queued and ``reports_sweep`` queues it later."""
    try:
        run_report.apply_async((job_id,), retry_policy=DISPATCH_RETRY_POLICY)
    except Exception:  # kombu/redis/socket errors: the broker is down
        if run_report.app.conf.task_always_eager:
            raise  # no broker: the error is the task's own
        logger.warning("report %s: the broker is unreachable, the job stays queued", job_id)
        return False
    ReportJob.objects.filter(pk=job_id).update(dispatched_at=timezone.now())
    return True


def _dispatch_on_commit(job: ReportJob) -> None:
    def dispatch() -> None:
        job.dispatch_failed = not report_dispatch(job_id=job.pk)

    transaction.on_commit(dispatch)


def report_request(
    *, user: User, kind: str, fmt: str, year: int | None = None, object_id: int | None = None
) -> ReportJob:
    """Create the job row and queue its task once the row is committed. When the broker is
    down the row is kept (queued) and ``job.dispatch_failed`` is set for the page."""
    with transaction.atomic():
        validate_request(user=user, kind=kind, fmt=fmt, year=year, object_id=object_id)
        params = {"year": year} if year else {}
        if object_id is not None:
            params["object"] = object_id
        job = ReportJob.objects.create(kind=kind, format=fmt, params=params, requested_by=user)
        _dispatch_on_commit(job)
    return job


def build(
    *,
    user: User,
    kind: str,
    fmt: str,
    year: int | None = None,
    object_id: int | None = None,
    progress=None,
) -> tuple[bytes, str]:
    """Build a report's bytes and its file name, synchronously (the task and the command).
    A kind declaring ``extra={"progress": True}`` is given ``progress(percent)`` to report
    how far it is (the certificates of a decision: issue 12 point 5)."""
    report = validate_request(user=user, kind=kind, fmt=fmt, year=year, object_id=object_id)
    if report.for_object:
        more = {"progress": progress} if progress and report.extra.get("progress") else {}
        data = report.build(user=user, fmt=fmt, object_id=object_id, **more)
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
        if job.status != ReportStatus.QUEUED:
            # Done, failed (the user asks again), or running in another worker: a
            # redelivered or re-queued message does nothing.
            return job
        job.status = ReportStatus.RUNNING
        job.progress = 10
        job.attempts += 1
        job.started_at = timezone.now()
        job.save(update_fields=["status", "progress", "attempts", "started_at"])
    try:
        data, filename = build(
            user=job.requested_by,
            kind=job.kind,
            fmt=job.format,
            year=job.params.get("year"),
            object_id=job.params.get("object"),
            progress=lambda percent: ReportJob.objects.filter(pk=job_id).update(
                progress=max(10, min(int(percent), 99))
            ),
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


def report_retry(*, job: ReportJob, user: User) -> ReportJob:
    """Ask again for a failed or stale job (queued too long, or running past the hard
    time limit): queued again, its task sent once the change is committed."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=job.pk)
        if job.requested_by_id != user.pk or not job.can_retry:
            raise PermissionDenied
        job.status = ReportStatus.QUEUED
        job.progress = 0
        job.error = ""
        job.started_at = None
        job.finished_at = None
        job.save(update_fields=["status", "progress", "error", "started_at", "finished_at"])
        _dispatch_on_commit(job)
    return job


def reports_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """The beat sweeper: a job running past the task's hard time limit lost its worker and
    is marked failed (the user may ask again); a queued job whose task never reached the
    broker, or was not taken for TDKT_REPORT_REQUEUE_SECONDS, is queued again. A broker
    still down leaves the rest for the next run."""
    now = now or timezone.now()
    hard_limit = timedelta(seconds=settings.TDKT_REPORT_TIME_LIMIT)
    lost = ReportJob.objects.filter(status=ReportStatus.RUNNING).filter(
        Q(started_at__lt=now - hard_limit)
        | Q(started_at__isnull=True, created_at__lt=now - hard_limit)
    )
    failed = lost.update(
        status=ReportStatus.FAILED,
        progress=0,
        finished_at=now,
        error=_(
            "The report was interrupted before it was finished. Try again; if it fails "
            "again, tell the administrator."
        ),
    )
    waited = now - timedelta(seconds=settings.TDKT_REPORT_REQUEUE_SECONDS)
    stale = ReportJob.objects.filter(status=ReportStatus.QUEUED).filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=waited)
    )
    requeued = 0
    for job_id in stale.order_by("created_at", "id").values_list("pk", flat=True):
        if not report_dispatch(job_id=job_id):
            break
        requeued += 1
    return {"failed": failed, "requeued": requeued}


def reports_purge_expired(*, now: datetime | None = None) -> int:
    """Delete the files of expired reports and their rows."""
    now = now or timezone.now()
    expired = list(ReportJob.objects.filter(expires_at__lt=now))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
    ReportJob.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)
