"""Thin Celery tasks of the reports app: ids in, a service call, nothing else."""

from celery import shared_task
from django.conf import settings


@shared_task(
    name="reports.run_report",
    soft_time_limit=settings.TDKT_REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.TDKT_REPORT_TIME_LIMIT,
    ignore_result=True,  # the job row is the result
)
def run_report(job_id: int) -> str:
    from .services import report_run  # services queue this task: import at call time

    return report_run(job_id=job_id).status


@shared_task(name="reports.purge_expired")
def purge_expired() -> int:
    from .services import reports_purge_expired

    return reports_purge_expired()


@shared_task(name="reports.sweep_stale", ignore_result=True)
def sweep_stale() -> dict[str, int]:
    """Every minute (beat): fail the jobs whose worker died, queue again the jobs whose
    task never reached the broker (SECURITY-TESTS F1, F3)."""
    from .services import reports_sweep

    return reports_sweep()


@shared_task(name="reports.prepare_periodic_drafts", ignore_result=True)
def prepare_periodic_drafts() -> int:
    """Daily (beat): the draft of each periodic report whose due date is near exists, and
    the secretariat was told once (issue 12)."""
    from .periodic_services import periodic_drafts_prepare

    return len(periodic_drafts_prepare())
