"""Raw records for administrators; the secretariat uses the portal's own pages."""

import django_celery_beat.admin as beat_admin
from celery.schedules import ParseException, crontab
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import CrontabSchedule, PeriodicTask
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Holiday,
    ManualDeadline,
    Notification,
    NotificationPreference,
    OutgoingEmail,
    ReminderLog,
)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "user__username"]
    raw_id_fields = ["user"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "by_email", "in_app"]
    raw_id_fields = ["user"]


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ["day", "name"]
    date_hierarchy = "day"


@admin.register(ManualDeadline)
class ManualDeadlineAdmin(SimpleHistoryAdmin):
    list_display = ["title", "due_on", "unit", "created_by"]
    raw_id_fields = ["unit", "created_by"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """Read-only: the log is what makes sending idempotent."""

    list_display = ["deadline_key", "stage", "user", "sent_at"]
    search_fields = ["deadline_key"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox: what is waiting, sent, or given up after the retries (and why)."""

    list_display = ["subject", "address", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["address", "subject"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]


# --- The reminders' schedule (django-celery-beat) ----------------------------------------

CRONTAB_FIELDS = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")


def crontab_text(schedule: CrontabSchedule) -> str:
    """A schedule in words where the library can say it, else its five fields as typed."""
    try:
        return schedule.human_readable
    except (ParseException, ValueError, KeyError):
        return " ".join(str(getattr(schedule, name)) for name in CRONTAB_FIELDS)


class CrontabScheduleForm(forms.ModelForm):
    """django-celery-beat's own validators let through values Celery cannot read ("-1":
    "negative numbers not supported"); the library's admin then failed with a 500 while
    drawing the schedule in words beside the form (upstream issues #647, #655, #748). Each
    field is read here as Celery will read it, and refused with a message when it cannot
    be; a refused field never reaches the object the page describes."""

    class Meta:
        model = CrontabSchedule
        fields = (*CRONTAB_FIELDS, "timezone")

    def clean(self):
        cleaned = super().clean()
        for name in CRONTAB_FIELDS:
            if name not in cleaned:
                continue
            try:
                crontab(**{name: cleaned[name]})
            except (ParseException, ValueError):
                self.add_error(
                    name,
                    ValidationError(
                        _(
                            "The scheduler cannot read “%(value)s”: use numbers, ranges"
                            " (1-5), steps (*/15) or * as in a crontab."
                        ),
                        code="invalid",
                        params={"value": cleaned[name]},
                    ),
                )
        return cleaned


admin.site.unregister(CrontabSchedule)


@admin.register(CrontabSchedule)
class CrontabScheduleAdmin(beat_admin.CrontabScheduleAdmin):
    form = CrontabScheduleForm
    list_display = ("__str__", "schedule_text")
    fields = ("schedule_text", *CRONTAB_FIELDS, "timezone")
    readonly_fields = ("schedule_text",)

    @admin.display(description=_("Schedule in words"))
    def schedule_text(self, obj: CrontabSchedule) -> str:
        return crontab_text(obj)


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(beat_admin.PeriodicTaskAdmin):
    """The library's task page draws every stored schedule in words; one it cannot read
    failed the whole page. The same words, or the fields as typed."""

    def crontab_translation(self, obj: PeriodicTask) -> str:
        return crontab_text(obj.crontab) if obj.crontab_id else ""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        readable = {
            schedule.id: crontab_text(schedule) for schedule in CrontabSchedule.objects.all()
        }
        extra_context = {**(extra_context or {}), "readable_crontabs": readable}
        # The library's own changeform_view would draw them again, unguarded.
        return admin.ModelAdmin.changeform_view(self, request, object_id, form_url, extra_context)
