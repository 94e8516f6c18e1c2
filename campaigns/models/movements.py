"""Emulation movements (phong trào thi đua): their classification (form 0601), lifecycle,
targets, offered awards and attachments."""

from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models import Award
from units.models import IssuedDocument, Unit, User
from units.search import SearchFold


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Regular annual movement")
    THEMATIC = "thematic", _("Thematic or periodic movement")


class MovementScope(models.TextChoices):
    """Form 0601's rows by scope (the national scope is not launched in a province)."""

    PROVINCE = "province", _("Province-wide")
    BLOC_CLUSTER = "bloc_cluster", _("Bloc or cluster")
    UNIT = "unit", _("Single agency or unit")


class LaunchLevel(models.TextChoices):
    COUNCIL = "council", _("Provincial Council or People's Committee")
    DEPARTMENT = "department", _("Department, board or sector")
    COMMUNE = "commune", _("Commune")


class DurationBucket(models.TextChoices):
    """Form 0601's five duration columns."""

    UNDER_ONE = "lt1", _("Under 1 year")
    ONE = "1y", _("1 year")
    ONE_TO_THREE = "1to3", _("1 to under 3 years")
    THREE_TO_FIVE = "3to5", _("3 to under 5 years")
    FIVE_PLUS = "ge5", _("5 years or more")


class MovementState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LAUNCHED = "launched", _("Launched")
    IN_PROGRESS = "in_progress", _("In progress")
    MIDTERM_REVIEWED = "midterm_reviewed", _("Mid-term reviewed")
    FINAL_REVIEWED = "final_reviewed", _("Final reviewed")
    CLOSED = "closed", _("Closed")


MOVEMENT_TRANSITIONS = {
    MovementState.DRAFT: (MovementState.LAUNCHED,),
    MovementState.LAUNCHED: (MovementState.IN_PROGRESS,),
    MovementState.IN_PROGRESS: (MovementState.MIDTERM_REVIEWED, MovementState.FINAL_REVIEWED),
    MovementState.MIDTERM_REVIEWED: (MovementState.FINAL_REVIEWED,),
    MovementState.FINAL_REVIEWED: (MovementState.CLOSED,),
    MovementState.CLOSED: (),
}
# States in which units register, report actuals and propose exemplars.
OPEN_STATES = (
    MovementState.LAUNCHED,
    MovementState.IN_PROGRESS,
    MovementState.MIDTERM_REVIEWED,
)


class ParticipantsRule(models.TextChoices):
    ALL = "all", _("All units")
    KINDS = "kinds", _("Units of some kinds")
    AREA_FLAGS = "area_flags", _("Units with some area flags")
    LIST = "list", _("A list of units")


AREA_FLAGS = {
    "is_mountainous": _("mountainous area"),
    "is_remote": _("remote or disadvantaged area"),
    "is_island": _("island"),
    "is_ethnic_minority_area": _("ethnic-minority area"),
}


def duration_bucket(start: date | None, end: date | None) -> str:
    """The 0601 bucket of a movement running from ``start`` to ``end`` (both inclusive):
    01/01/2026–31/12/2026 is exactly one year; a day more is "1 to under 3 years"."""
    if not start or not end:
        return ""
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + (after.month - start.month)
    if after.day < start.day:
        months -= 1
    exact = after.day == start.day
    if months < 12:
        return DurationBucket.UNDER_ONE
    if months == 12 and exact:
        return DurationBucket.ONE
    if months < 36:
        return DurationBucket.ONE_TO_THREE
    if months < 60:
        return DurationBucket.THREE_TO_FIVE
    return DurationBucket.FIVE_PLUS


class Movement(models.Model):
    """An emulation movement launched by the Council or a unit for its scope."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    search_name = models.GeneratedField(
        expression=SearchFold("name"), output_field=models.TextField(), db_persist=True
    )
    slogan = models.CharField(_("slogan"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=MovementKind.choices)
    scope = models.CharField(_("scope"), max_length=14, choices=MovementScope.choices)
    launch_level = models.CharField(
        _("launching level"), max_length=12, choices=LaunchLevel.choices
    )
    launching_unit = models.ForeignKey(
        Unit, verbose_name=_("launching unit"), on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    objectives = models.TextField(_("objectives"), blank=True)
    content = models.TextField(_("content and measures"), blank=True)
    criteria = models.TextField(_("evaluation criteria"), blank=True)
    participants_rule = models.CharField(
        _("participants"), max_length=12, choices=ParticipantsRule.choices, blank=True
    )
    participant_kinds = models.JSONField(_("unit kinds"), default=list, blank=True)
    participant_flags = models.JSONField(_("area flags"), default=list, blank=True)
    participant_units = models.ManyToManyField(
        Unit, verbose_name=_("participating units"), blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=18, choices=MovementState.choices, default=MovementState.DRAFT
    )
    # The launch plan gets its number and date from the launching unit's register when
    # the clerk issues it after signature (units.issuing); ``plan_number`` keeps the
    # register's text ("05/KH-HĐTĐKT") for lists and documents, empty until then.
    plan_number = models.CharField(_("plan number"), max_length=40, blank=True)
    plan_register = models.OneToOneField(
        IssuedDocument,
        verbose_name=_("launch plan in the register"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movement_plan",
    )
    launched_on = models.DateField(_("launched on"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering = ["-start_date", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="movement_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def duration_bucket(self) -> str:
        return duration_bucket(self.start_date, self.end_date)

    def get_duration_bucket_display(self) -> str:
        bucket = self.duration_bucket
        return str(DurationBucket(bucket).label) if bucket else ""

    @property
    def duration_years(self) -> int:
        """Whole years from the start to the day after the end: 01/01/2026–31/12/2028 is
        3; a movement shorter than a year counts as 1 (the engine wants at least 1)."""
        after = self.end_date + timedelta(days=1)
        years = after.year - self.start_date.year
        if (after.month, after.day) < (self.start_date.month, self.start_date.day):
            years -= 1
        return max(years, 1)

    @property
    def eligibility_movement(self) -> dict | None:
        """The eligibility engine's ``movement`` object (ELIGIBILITY.md, CO_TINH: a
        thematic movement named opens the ``needs_review`` route when it lasts 3 years or
        more, Law Art. 26): only a launched thematic movement is named; a regular annual
        movement or a draft never is."""
        if self.kind != MovementKind.THEMATIC or self.state == MovementState.DRAFT:
            return None
        return {"name": self.name, "years": self.duration_years}

    @property
    def allows_flag_proposal(self) -> bool:
        """Law Art. 26: a thematic movement of three years or more may propose the
        provincial Emulation Flag at its final review."""
        return self.kind == MovementKind.THEMATIC and self.duration_bucket in (
            DurationBucket.THREE_TO_FIVE,
            DurationBucket.FIVE_PLUS,
        )

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class Target(models.Model):
    """A target of the movement: content, unit of measure, plan value."""

    movement = models.ForeignKey(
        Movement, verbose_name=_("movement"), on_delete=models.CASCADE, related_name="targets"
    )
    content = models.CharField(_("content"), max_length=500)
    measure = models.CharField(_("unit of measure"), max_length=60)
    plan_value = models.DecimalField(_("plan value"), max_digits=14, decimal_places=2)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["movement", "sort_order", "id"]

    def __str__(self) -> str:
        return self.content


class OfferedAward(models.Model):
    """An award of the catalogue the movement offers, with its quota (none: no quota)."""

    movement = models.ForeignKey(
        Movement, verbose_name=_("movement"), on_delete=models.CASCADE, related_name="awards"
    )
    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="+"
    )
    quota = models.PositiveIntegerField(_("quota"), null=True, blank=True)

    class Meta:
        verbose_name = _("offered award")
        verbose_name_plural = _("offered awards")
        constraints = [
            models.UniqueConstraint(fields=["movement", "award"], name="movement_award_once")
        ]

    def __str__(self) -> str:
        return f"{self.award} ({self.quota or '—'})"


class MovementAttachment(models.Model):
    movement = models.ForeignKey(
        Movement, verbose_name=_("movement"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to="campaigns/movements/")
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        User,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title
