"""Deadlines of the nominations path, fed to the reminder registry (notifications).

Three kinds: the annual submission deadline of every unit (default 10/12, a setting),
the appraisal time limit of each dossier in the secretariat's queue, and the closing day
of each open public consultation. Registered in ``NominationsConfig.ready()``.
"""

from collections.abc import Iterator
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.deadlines import Deadline

from .models import QUEUE_STATES, Consultation, ConsultationState, Dossier


def annual_deadline(year: int) -> date:
    """The day annual dossiers are due at the secretariat."""
    return date(
        year,
        getattr(settings, "TDKT_ANNUAL_DEADLINE_MONTH", 12),
        getattr(settings, "TDKT_ANNUAL_DEADLINE_DAY", 10),
    )


def nomination_deadlines(start: date, end: date) -> Iterator[Deadline]:
    for year in range(start.year, end.year + 1):
        due = annual_deadline(year)
        if start <= due <= end:
            yield Deadline(
                key=f"nominations:annual:{year}",
                title=_("Annual commendation dossiers for %(year)s") % {"year": year},
                due_on=due,
                url=reverse("nominations:dossier_list"),
            )
    dossiers = Dossier.objects.filter(
        state__in=QUEUE_STATES, appraisal_due_on__range=(start, end)
    ).only("pk", "title", "appraisal_due_on")
    for dossier in dossiers:
        yield Deadline(
            key=f"nominations:appraisal:{dossier.pk}:{dossier.appraisal_due_on:%Y%m%d}",
            title=_("Appraisal of “%(title)s”") % {"title": dossier.title},
            due_on=dossier.appraisal_due_on,
            url=reverse("nominations:appraisal_detail", args=[dossier.pk]),
            audience="secretariat",
        )
    consultations = Consultation.objects.filter(
        state=ConsultationState.OPEN, closes_on__range=(start, end)
    ).only("pk", "title", "closes_on")
    for consultation in consultations:
        yield Deadline(
            key=f"nominations:consultation:{consultation.pk}",
            title=_("Public consultation “%(title)s” closes") % {"title": consultation.title},
            due_on=consultation.closes_on,
            url=reverse("nominations:consultation_manage", args=[consultation.pk]),
            audience="secretariat",
        )
