"""The units' yearly registrations (đăng ký thi đua): targets and titles registered, and
the reasons of each round returned."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models import Award
from units.models import Person, Unit, User

from .movements import Movement, Target


class RegistrationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")


REGISTRATION_EDITABLE = (RegistrationState.DRAFT, RegistrationState.RETURNED)


class Registration(models.Model):
    """A unit's emulation registration for one year: the movements it joins, its targets
    with plan values and the titles it registers for the collective and its people."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="registrations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    movements = models.ManyToManyField(
        Movement, verbose_name=_("movements joined"), related_name="registrations"
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=RegistrationState.choices,
        default=RegistrationState.DRAFT,
    )
    round = models.PositiveSmallIntegerField(_("submission round"), default=0)
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="registration_one_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.state in REGISTRATION_EDITABLE


class RegisteredTarget(models.Model):
    """A target the unit commits to, for one movement it joins, with its plan value."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    movement = models.ForeignKey(
        Movement, verbose_name=_("movement"), on_delete=models.PROTECT, related_name="+"
    )
    target = models.ForeignKey(
        Target,
        verbose_name=_("movement target"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registered",
    )
    content = models.CharField(_("content"), max_length=500)
    measure = models.CharField(_("unit of measure"), max_length=60)
    plan_value = models.DecimalField(_("plan value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("registered target")
        verbose_name_plural = _("registered targets")
        ordering = ["registration", "movement", "id"]

    def __str__(self) -> str:
        return self.content


class RegisteredTitle(models.Model):
    """A title registered for the collective (``person`` empty) or for one of its people."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="titles",
    )
    award = models.ForeignKey(
        Award, verbose_name=_("title or form"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registered_titles",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("registered title")
        verbose_name_plural = _("registered titles")
        ordering = ["registration", "person", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "award", "person"],
                name="registered_title_once",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.award} — {self.person or self.registration.unit}"


class RegistrationReturn(models.Model):
    """Why the secretariat (or the launching unit) returned a registration in one round."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="returns",
    )
    round = models.PositiveSmallIntegerField(_("submission round"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        User, verbose_name=_("returned by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("return reason")
        verbose_name_plural = _("return reasons")
        ordering = ["registration", "round", "id"]

    def __str__(self) -> str:
        return self.reason[:80]
