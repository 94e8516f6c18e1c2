"""The in-app inbox, each user's delivery preferences, the holiday calendar, the deadlines
the secretariat enters itself and the reminder log.

The reminder log's unique constraint (deadline, user, stage) is what makes sending
idempotent: a reminder is sent only by the process whose INSERT of the log row succeeded.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class NotificationKind(models.TextChoices):
    """What a notification is about; each user chooses per kind how to receive it."""

    DEADLINE = "deadline", _("Deadline reminder")
    OVERDUE = "overdue", _("Overdue notice")
    DOSSIER = "dossier", _("Nomination dossier")
    MOVEMENT = "movement", _("Emulation movement")
    CLUSTER = "cluster", _("Bloc and cluster")
    DECISION = "decision", _("Award decision")
    GENERAL = "general", _("General")


class Notification(models.Model):
    """One message in one user's inbox."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("content"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_read")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How one user wants one kind of notification; no row means both channels on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    by_email = models.BooleanField(_("by e-mail"), default=True)
    in_app = models.BooleanField(_("in the portal"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"


class Holiday(models.Model):
    """A public holiday or compensatory day off (Labour Code 2019, Art 112).

    Kept as data because the lunar dates and the government's yearly schedule (swapped
    and compensatory days) are only known year by year; the secretariat edits them.
    """

    day = models.DateField(_("day"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"


class ManualDeadline(models.Model):
    """A deadline the secretariat enters itself; fed to the registry as ``manual:<id>``.

    ``unit`` empty means every unit (every commune and department) is concerned.
    """

    title = models.CharField(_("what is due"), max_length=255)
    due_on = models.DateField(_("due on"))
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="manual_deadlines",
        help_text=_("Leave empty for every unit."),
    )
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["-due_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def deadline_key(self) -> str:
        return f"manual:{self.pk}"


class ReminderLog(models.Model):
    """One reminder sent: the row is inserted before anything is sent, and the unique
    constraint lets only one process (or one run) insert it. ``stage`` is "before-<N>"
    for any configured offset N, or "overdue"."""

    deadline_key = models.CharField(_("deadline"), max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    stage = models.CharField(_("stage"), max_length=12)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline_key", "user", "stage"], name="reminder_once_per_stage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deadline_key} {self.stage} → {self.user_id}"


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")


class OutgoingEmail(models.Model):
    """An e-mail to send: written in the transaction that decided it (an outbox row),
    sent by a Celery task after the commit, never by the web request. The task sends a
    row once (its status, read under a row lock, is the guard), retries with back-off
    while the mail server refuses, and a beat sweeper queues again the rows whose task
    never reached the broker (SECURITY-TESTS F1, F3)."""

    address = models.EmailField(_("address"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("content"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("last error"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="email_status_created")]

    def __str__(self) -> str:
        return f"{self.address}: {self.subject} ({self.status})"
