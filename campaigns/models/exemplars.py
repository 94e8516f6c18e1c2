"""The exemplars (điển hình tiên tiến) the movements raise: stages, consent, photos and the
awards they received."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models import AwardGrant
from units.models import Person, Unit, User
from units.search import SearchFold

from .movements import Movement


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


# What the public may see: published, consented, consent not withdrawn.
PUBLIC = models.Q(is_published=True, consent_given=True, consent_withdrawn_at__isnull=True)


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
        # The public gallery reads only public rows, newest first, optionally of one field,
        # commune or movement: partial indexes in that order let PostgreSQL stop after a
        # page's rows instead of sorting every public exemplar (EXPLAIN in the benchmark).
        indexes = [
            models.Index(
                fields=["-published_at", "-id"], condition=PUBLIC, name="exemplar_gallery"
            ),
            *(
                models.Index(
                    fields=[column, "-published_at", "-id"],
                    condition=PUBLIC,
                    name=f"exemplar_gallery_{column}",
                )
                for column in ("field", "commune", "movement")
            ),
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
