"""Models of the campaigns app: emulation movements (phong trào thi đua), their targets
and offered awards, the units' yearly registrations (đăng ký thi đua) with their rounds,
the actuals reported against the registered targets, the mid-term and final reviews
(sơ kết, tổng kết) and the exemplars (điển hình tiên tiến) the movements raise.
"""

from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models import Award, AwardGrant
from units.models import Person, Unit, User
from units.search import SearchFold

# --- Movements -----------------------------------------------------------------------------


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
    plan_number = models.CharField(_("plan number"), max_length=40, blank=True)
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
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


# --- Registrations -------------------------------------------------------------------------


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


# --- Reviews and progress ------------------------------------------------------------------


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


# --- Exemplars ----------------------------------------------------------------------------


class ExemplarSubject(models.TextChoices):
    PERSON = "person", _("Person")
    COLLECTIVE = "collective", _("Collective")
    HOUSEHOLD = "household", _("Household")


class ExemplarField(models.TextChoices):
    ECONOMY = "economy", _("Economy and production")
    AGRICULTURE = "agriculture", _("Agriculture and new countryside")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    CULTURE = "culture", _("Culture and society")
    ADMINISTRATION = "administration", _("Public administration")
    DIGITAL = "digital", _("Digital transformation")
    SECURITY = "security", _("Defence and security")
    POVERTY = "poverty", _("Poverty reduction and social welfare")
    OTHER = "other", _("Other")


class ExemplarStage(models.TextChoices):
    DISCOVERED = "discovered", _("Discovered")
    NURTURED = "nurtured", _("Nurtured")
    SUMMARISED = "summarised", _("Summarised")
    SPREAD = "spread", _("Spread")


STAGE_ORDER = [s.value for s in ExemplarStage]


class Exemplar(models.Model):
    """An exemplar (điển hình tiên tiến) a unit proposes: a person, collective or household.

    Shown in the public gallery only while published and consented; withdrawing consent
    hides it at once. No sensitive field (ethnicity, ID number, birth date) is kept here:
    the linked registry person keeps them, and the gallery never reads them.
    """

    subject_kind = models.CharField(_("subject"), max_length=10, choices=ExemplarSubject.choices)
    name = models.CharField(_("name"), max_length=255)
    search_name = models.GeneratedField(
        expression=SearchFold("name"), output_field=models.TextField(), db_persist=True
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person in the registry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("proposing unit"), on_delete=models.PROTECT, related_name="exemplars"
    )
    commune = models.ForeignKey(
        Unit,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    field = models.CharField(_("field"), max_length=16, choices=ExemplarField.choices)
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("movement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exemplars",
    )
    summary = models.TextField(_("achievement summary"))
    evidence = models.TextField(_("evidence"), blank=True)
    media_links = models.TextField(_("media links"), blank=True, help_text=_("One link a line."))
    awards = models.ManyToManyField(
        AwardGrant, verbose_name=_("awards received"), blank=True, related_name="+"
    )
    consent_given = models.BooleanField(_("consent to publication"), default=False)
    consent_on = models.DateField(_("consent dated"), null=True, blank=True)
    consent_notice_version = models.CharField(_("notice version"), max_length=20, blank=True)
    consent_recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=10, choices=ExemplarStage.choices, default=ExemplarStage.DISCOVERED
    )
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = _("exemplar")
        verbose_name_plural = _("exemplars")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["is_published", "consent_given", "-published_at"], name="exemplar_public"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.is_published and self.consent_given and self.consent_withdrawn_at is None

    @property
    def links(self) -> list[str]:
        return [
            line.strip()
            for line in self.media_links.splitlines()
            if line.strip().startswith(("https://", "http://"))
        ]


class ExemplarStageEntry(models.Model):
    """One stage reached, with its date and the responsible unit."""

    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("exemplar"), on_delete=models.CASCADE, related_name="stages"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=ExemplarStage.choices)
    on = models.DateField(_("date"))
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("exemplar stage")
        verbose_name_plural = _("exemplar stages")
        ordering = ["exemplar", "on", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.on:%d/%m/%Y}"


class ExemplarPhoto(models.Model):
    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("exemplar"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("photo"), upload_to="campaigns/exemplars/")
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or self.image.name
