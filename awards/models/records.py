"""The records an award rests on: households, yearly task ratings, initiatives,
discipline, pending cases and collectives' member statistics."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Person, Unit
from units.search import SearchFold


class Household(models.Model):
    """A household (hộ gia đình) that may be recognised, in a village of a commune."""

    head_name = models.CharField(_("head of household"), max_length=150)
    search_name = models.GeneratedField(
        expression=SearchFold("head_name"), output_field=models.TextField(), db_persist=True
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="households"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["head_name", "id"]

    def __str__(self) -> str:
        return _("Household of %(name)s") % {"name": self.head_name}


def _one_subject(*, allow_household: bool = False) -> Q:
    """Exactly one of person, unit (and household) is set."""
    person, unit, household = (
        Q(person__isnull=False),
        Q(unit__isnull=False),
        Q(household__isnull=False),
    )
    if allow_household:
        return (
            (person & ~unit & ~household)
            | (~person & unit & ~household)
            | (~person & ~unit & household)
        )
    return (person & ~unit) | (~person & unit)


class SubjectRecord(models.Model):
    """A record about exactly one person or one collective (a unit)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("collective"), on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=_one_subject(), name="%(app_label)s_%(class)s_one_subject"
            ),
        ]

    @property
    def subject(self) -> Person | Unit:
        return self.person or self.unit


class Rating(models.TextChoices):
    EXCELLENT = "HTXSNV", _("Excellently completed tasks")
    GOOD = "HTTNV", _("Well completed tasks")
    COMPLETED = "HTNV", _("Completed tasks")
    NOT_COMPLETED = "KHTNV", _("Did not complete tasks")


class TaskRating(SubjectRecord):
    """The yearly task rating of a person or a collective (a unit)."""

    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=6, choices=Rating.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task rating")
        verbose_name_plural = _("task ratings")
        ordering = ["-year"]
        constraints = [
            *SubjectRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(person__isnull=False),
                name="rating_unique_person_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(unit__isnull=False),
                name="rating_unique_unit_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.unit} {self.year}: {self.rating}"


class InitiativeLevel(models.TextChoices):
    UNIT = "unit", _("Unit (grassroots)")
    PROVINCE = "province", _("Province")
    NATIONAL = "national", _("National")


class Initiative(SubjectRecord):
    """A recognised initiative or science work. ``used_by`` is the award it served:
    an initiative used by one form may not serve another (Official Letter 5007/BNV-TĐKT)."""

    code = models.CharField(_("registration number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=500)
    year = models.PositiveSmallIntegerField(_("year recognised"))
    level = models.CharField(
        _("level of recognition"), max_length=10, choices=InitiativeLevel.choices
    )
    recognised_by = models.CharField(_("recognised by"), max_length=255, blank=True)
    used_by = models.ForeignKey(
        "AwardGrant",
        verbose_name=_("used by the award"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives_used",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-year", "code"]
        constraints = [
            *SubjectRecord.Meta.constraints,
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class DisciplineLevel(models.TextChoices):
    REPRIMAND = "khien_trach", _("Reprimand")
    WARNING = "canh_cao", _("Warning")
    SALARY_DOWNGRADE = "ha_bac_luong", _("Salary downgrade")
    DEMOTION = "giang_chuc", _("Demotion")
    REMOVAL = "cach_chuc", _("Removal from post")
    DISMISSAL = "buoc_thoi_viec", _("Dismissal")


class Discipline(SubjectRecord):
    """A disciplinary measure with its period; ``ends_on`` empty means still running."""

    level = models.CharField(_("measure"), max_length=20, choices=DisciplineLevel.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["-starts_on"]
        constraints = [
            *SubjectRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="discipline_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.starts_on:%d/%m/%Y}"


class PendingKind(models.TextChoices):
    INVESTIGATION = "investigation", _("Investigation, inspection or audit")
    COMPLAINT = "complaint", _("Complaint or denunciation being verified")


class PendingCase(SubjectRecord):
    """An open investigation or complaint: it blocks every proposal while open."""

    kind = models.CharField(_("kind"), max_length=20, choices=PendingKind.choices)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pending case")
        verbose_name_plural = _("pending cases")
        ordering = ["-opened_on"]
        constraints = [
            *SubjectRecord.Meta.constraints,
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.opened_on:%d/%m/%Y}"


class MemberStatistics(models.Model):
    """A collective's member figures for a year (TTLĐTT / TTLĐXS conditions)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("collective"), on_delete=models.PROTECT, related_name="member_stats"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    total = models.PositiveIntegerField(_("members"))
    ldtt = models.PositiveIntegerField(_("advanced workers (LĐTT)"))
    completed_tasks = models.PositiveIntegerField(_("members who completed their tasks"))
    cstdcs = models.PositiveIntegerField(_("grassroots emulation fighters (CSTĐCS)"))
    disciplined_warning_or_above = models.PositiveIntegerField(
        _("members disciplined at warning or above")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member statistics")
        verbose_name_plural = _("member statistics")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="member_stats_unique_year"),
            models.CheckConstraint(
                condition=Q(total__gt=0)
                & Q(ldtt__lte=models.F("total"))
                & Q(completed_tasks__lte=models.F("total"))
                & Q(cstdcs__lte=models.F("total"))
                & Q(disciplined_warning_or_above__lte=models.F("total")),
                name="member_stats_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"
