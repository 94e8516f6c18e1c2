"""Thin Celery tasks of the reports app: ids in, a service call, nothing else."""

from celery import shared_task


@shared_task(name="reports.run_report", soft_time_limit=600, time_limit=660)
def run_report(job_id: int) -> str:
    from .services import report_run  # services queue this task: import at call time

    return report_run(job_id=job_id).status


@shared_task(name="reports.purge_expired")
def purge_expired() -> int:
    from .services import reports_purge_expired

    return reports_purge_expired()
