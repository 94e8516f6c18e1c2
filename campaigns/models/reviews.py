"""The mid-term and final reviews (sơ kết, tổng kết) and the actuals reported against the
registered targets."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import User

from .movements import Movement
from .registrations import RegisteredTarget


class ReviewStage(models.TextChoices):
    MIDTERM = "midterm", _("Mid-term review")
    FINAL = "final", _("Final review")


class Review(models.Model):
    """The mid-term (sơ kết) or final (tổng kết) review of a movement: narrative sections
    the secretariat writes; the figures are computed from the actuals."""

    movement = models.ForeignKey(
        Movement, verbose_name=_("movement"), on_delete=models.PROTECT, related_name="reviews"
    )
    stage = models.CharField(_("stage"), max_length=8, choices=ReviewStage.choices)
    held_on = models.DateField(_("held on"))
    organisation = models.TextField(
        _("organisation (launch, propagation, exemplars, awards)"), blank=True
    )
    limits = models.TextField(_("limits and lessons"), blank=True)
    direction = models.TextField(_("direction and tasks ahead"), blank=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["movement", "held_on"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "stage"], name="review_once_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} — {self.movement}"


class Progress(models.Model):
    """An actual reported by the unit against one of its registered targets; the latest
    entry counts. ``review`` marks the entry given for a review."""

    target = models.ForeignKey(
        RegisteredTarget,
        verbose_name=_("target"),
        on_delete=models.CASCADE,
        related_name="progress",
    )
    review = models.ForeignKey(
        Review,
        verbose_name=_("review"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress",
    )
    actual_value = models.DecimalField(_("actual value"), max_digits=14, decimal_places=2)
    reported_on = models.DateField(_("reported on"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    reported_by = models.ForeignKey(
        User, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["target", "-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.target}: {self.actual_value}"
