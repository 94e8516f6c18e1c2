"""Public consultation on the nominees."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import User

from .nominees import Nominee

# --- Public consultation -------------------------------------------------------------------


class ConsultationState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Consultation(models.Model):
    """A public consultation window (lấy ý kiến nhân dân) on a list of nominees."""

    title = models.CharField(_("title"), max_length=300)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    state = models.CharField(
        _("state"),
        max_length=8,
        choices=ConsultationState.choices,
        default=ConsultationState.OPEN,
    )
    nominees = models.ManyToManyField(
        Nominee, verbose_name=_("nominees"), related_name="consultations"
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[nominees])

    class Meta:
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="consultation_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return self.state == ConsultationState.OPEN and self.opens_on <= day <= self.closes_on


class OpinionStatus(models.TextChoices):
    NEW = "new", _("New")
    NOTED = "noted", _("Noted (no objection)")
    RESOLVED = "resolved", _("Resolved")
    UPHELD = "upheld", _("Objection upheld")
    SPAM = "spam", _("Not relevant")


OPEN_OBJECTION_STATES = (OpinionStatus.NEW,)


class Opinion(models.Model):
    """An opinion sent by anyone on one nominee of an open consultation."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="opinions",
    )
    nominee = models.ForeignKey(
        Nominee, verbose_name=_("nominee"), on_delete=models.CASCADE, related_name="opinions"
    )
    is_objection = models.BooleanField(_("objection"), default=True)
    body = models.TextField(_("opinion"), max_length=4000)
    sender_name = models.CharField(_("name"), max_length=150, blank=True)
    sender_contact = models.CharField(_("contact"), max_length=150, blank=True)
    # The notice the sender agreed to when giving a name or contact (SECURITY.md); the
    # name and contact are erased a retention period after the consultation closes.
    consent_version = models.CharField(_("consent notice version"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=OpinionStatus.choices, default=OpinionStatus.NEW
    )
    answer = models.TextField(_("answer"), blank=True)
    resolution = models.TextField(_("how it was resolved"), blank=True)
    moderated_by = models.ForeignKey(
        User,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    # The sender's name and contact stay out of the history, so erasing them erases them.
    history = HistoricalRecords(excluded_fields=["sender_name", "sender_contact"])

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["nominee", "status"], name="opinion_nominee_status")]

    def __str__(self) -> str:
        return self.body[:80]

    @property
    def blocks(self) -> bool:
        """An objection not yet handled, or upheld, keeps the nominee off the agenda."""
        return self.is_objection and self.status in (OpinionStatus.NEW, OpinionStatus.UPHELD)
