"""Blocs and clusters: members, yearly head and deputy, the Council members who follow
them, their operating rules and the yearly covenant."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Unit, User

# --- Blocs and clusters --------------------------------------------------------------------


class BlocKind(models.TextChoices):
    DEPARTMENTS = "departments", _("Bloc of departments, boards and sectors")
    MASS_ORGANISATIONS = "mass_organisations", _("Bloc of Party and mass organisations")
    CENTRAL_AGENCIES = "central_agencies", _("Bloc of central agencies in the province")
    ENTERPRISES = "enterprises", _("Bloc of enterprises")
    PUBLIC_SERVICE = "public_service", _("Bloc of public service units")
    COMMUNES = "communes", _("Cluster of communes, wards and special zones")


class Bloc(models.Model):
    """An emulation bloc (khối, by field) or cluster (cụm, by geography)."""

    name = models.CharField(_("name"), max_length=255)
    code = models.SlugField(_("short code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=BlocKind.choices)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emulation bloc or cluster")
        verbose_name_plural = _("emulation blocs and clusters")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_cluster(self) -> bool:
        return self.kind == BlocKind.COMMUNES


class BlocMembership(models.Model):
    """A unit's membership of a bloc for one year (one bloc per unit and year)."""

    bloc = models.ForeignKey(
        Bloc, verbose_name=_("bloc"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="bloc_memberships"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    women_led = models.BooleanField(_("led by a woman"), default=False)

    class Meta:
        verbose_name = _("bloc membership")
        verbose_name_plural = _("bloc memberships")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="bloc_one_per_unit_year"),
        ]
        indexes = [models.Index(fields=["bloc", "year"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.bloc} ({self.year})"


class BlocLeadership(models.Model):
    """The head (khối/cụm trưởng) and deputy of one year; the rows of past years are the
    rotation's history, and each change within a year is kept by ``history``."""

    bloc = models.ForeignKey(
        Bloc, verbose_name=_("bloc"), on_delete=models.CASCADE, related_name="leaderships"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    head = models.ForeignKey(
        Unit, verbose_name=_("head unit"), on_delete=models.PROTECT, related_name="+"
    )
    deputy = models.ForeignKey(
        Unit,
        verbose_name=_("deputy unit"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    elected_on = models.DateField(_("elected on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("head and deputy of the year")
        verbose_name_plural = _("heads and deputies")
        constraints = [
            models.UniqueConstraint(fields=["bloc", "year"], name="bloc_leadership_per_year"),
            models.CheckConstraint(
                condition=Q(deputy__isnull=True) | ~Q(deputy=models.F("head")),
                name="bloc_deputy_not_head",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bloc} {self.year}: {self.head}"


class BlocCouncilMember(models.Model):
    """A Council member assigned to follow, attend and supervise a bloc in a year."""

    bloc = models.ForeignKey(
        Bloc, verbose_name=_("bloc"), on_delete=models.CASCADE, related_name="council_members"
    )
    user = models.ForeignKey(
        User, verbose_name=_("Council member"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("assigned Council member")
        verbose_name_plural = _("assigned Council members")
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "user", "year"], name="bloc_council_member_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.bloc} ({self.year})"


def bloc_upload_to(instance, filename: str) -> str:
    return f"clusters/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class BlocRulesDocument(models.Model):
    """The bloc's operating rules (quy chế tổ chức và hoạt động) and other documents."""

    bloc = models.ForeignKey(
        Bloc, verbose_name=_("bloc"), on_delete=models.CASCADE, related_name="documents"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=bloc_upload_to)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("operating rules document")
        verbose_name_plural = _("operating rules documents")

    def __str__(self) -> str:
        return self.title


# --- Covenant ------------------------------------------------------------------------------


class CovenantState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNING = "signing", _("Open for signature")
    SIGNED = "signed", _("Signed by every member")


class Covenant(models.Model):
    """The year's emulation covenant (giao ước thi đua): the targets the members commit to,
    drafted by the head and signed by each member's head."""

    bloc = models.ForeignKey(
        Bloc, verbose_name=_("bloc"), on_delete=models.CASCADE, related_name="covenants"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    targets = models.TextField(_("targets"))
    state = models.CharField(
        _("state"), max_length=16, choices=CovenantState.choices, default=CovenantState.DRAFT
    )
    drafted_by = models.ForeignKey(
        User, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emulation covenant")
        verbose_name_plural = _("emulation covenants")
        constraints = [
            models.UniqueConstraint(fields=["bloc", "year"], name="covenant_per_bloc_year"),
        ]

    def __str__(self) -> str:
        return f"{self.bloc} {self.year}"


class CovenantSignature(models.Model):
    covenant = models.ForeignKey(
        Covenant, verbose_name=_("covenant"), on_delete=models.CASCADE, related_name="signatures"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    signed_by = models.ForeignKey(
        User, verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        verbose_name = _("covenant signature")
        verbose_name_plural = _("covenant signatures")
        constraints = [
            models.UniqueConstraint(fields=["covenant", "unit"], name="covenant_signed_once"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.covenant}"
