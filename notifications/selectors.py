"""Every read of the notifications app that decides who sees what.

A notification is visible to its owner only; the holiday calendar and the manual
deadlines are lists for the secretariat (the views check the permission).
"""

from datetime import date, timedelta

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from units.models import User

from .deadlines import (
    deadlines_between,
    holidays_between,
    openable_urls,
    working_days_between,
)
from .models import Holiday, ManualDeadline, Notification, NotificationKind, NotificationPreference


def notification_list_visible(*, user: User) -> QuerySet[Notification]:
    """The user's own notifications, unread first, then newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return (
        Notification.objects.filter(user=user)
        .annotate(is_unread=ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField()))
        .order_by("-is_unread", "-created_at", "-id")
    )


def notification_unread_count(*, user: User) -> int:
    """One COUNT query on the (user, read_at) index; 0 for anonymous visitors."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def preference_table(*, user: User) -> list[dict]:
    """One row per kind with the user's choice (both channels on where none is stored)."""
    stored = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    rows = []
    for kind, label in NotificationKind.choices:
        preference = stored.get(kind)
        rows.append(
            {
                "kind": kind,
                "label": label,
                "by_email": preference.by_email if preference else True,
                "in_app": preference.in_app if preference else True,
            }
        )
    return rows


def holiday_list(*, year: int) -> QuerySet[Holiday]:
    return Holiday.objects.filter(day__year=year).order_by("day")


def holiday_years() -> list[int]:
    return sorted({d.year for d in Holiday.objects.dates("day", "year")})


def manual_deadline_list() -> QuerySet[ManualDeadline]:
    return ManualDeadline.objects.select_related("unit", "created_by").order_by("-due_on", "-id")


UPCOMING_DAYS = 120
RECENT_DAYS = 14


def upcoming_deadlines(*, today: date, reader) -> list[dict]:
    """Every registered deadline (manual ones, annual dossiers, appraisal time limits,
    consultation windows…) from two weeks ago to four months ahead, with the working days
    left and the address of its page where ``reader`` may open it; the holiday calendar is
    read once."""
    found = deadlines_between(
        today - timedelta(days=RECENT_DAYS), today + timedelta(days=UPCOMING_DAYS)
    )
    if not found:
        return []
    holidays = holidays_between(min(today, found[0].due_on), max(today, found[-1].due_on))
    urls = openable_urls(reader, found)
    rows = []
    for deadline in found:
        days = working_days_between(today, deadline.due_on, holidays=holidays)
        overdue = deadline.due_on < today
        rows.append(
            {
                "deadline": deadline,
                "url": urls.get(deadline.key, ""),
                "left": 0 if overdue else days,
                "late": -days if overdue else 0,
                "overdue": overdue,
            }
        )
    return rows
