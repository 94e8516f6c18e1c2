"""Raw records for administrators; the secretariat uses the portal's own pages."""

from django.contrib import admin
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
