"""Reads of the reports app."""

from django.db.models import QuerySet

from units.models import User

from .models import ReportJob


def report_jobs_of(*, user: User) -> QuerySet[ReportJob]:
    """A user's own report jobs: nobody else's are visible (404)."""
    return ReportJob.objects.filter(requested_by=user)
