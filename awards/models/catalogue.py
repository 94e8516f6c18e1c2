"""The award catalogue and the money and legal data it is printed with: awards, base
salaries, cash coefficients and the căn cứ lines of each document."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SubjectKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    HOUSEHOLD = "household", _("Household")
    ANY = "any", _("Individual, collective or household")


class AwardCategory(models.TextChoices):
    TITLE = "title", _("Emulation title")
    FORM = "form", _("Form of commendation")


class AwardLevel(models.TextChoices):
    STATE = "state", _("State")
    GOVERNMENT = "government", _("Government")
    PROVINCE = "province", _("Province")
    GRASSROOTS = "grassroots", _("Department, commune or unit")


class Authority(models.TextChoices):
    PRESIDENT = "president", _("President of the State")
    # The Government decides its own Emulation Flag (Law 06/2022/QH15, Art 78(1)).
    GOVERNMENT = "government", _("The Government")
    PRIME_MINISTER = "prime_minister", _("Prime Minister")
    PROVINCIAL_CHAIRMAN = "provincial_chairman", _("Chairman of the provincial People's Committee")
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial People's Committee")
    UNIT_HEAD = "unit_head", _("Head of the department or unit")
    COMMUNE_CHAIRMAN = "commune_chairman", _("Chairman of the commune People's Committee")


PROVINCE_AUTHORITIES = (Authority.PROVINCIAL_CHAIRMAN, Authority.PROVINCIAL_COMMITTEE)


class CommendationKind(models.TextChoices):
    MERIT = "CONG_TRANG", _("Merit (annual)")
    MOVEMENT = "PHONG_TRAO", _("Emulation movement or theme")
    AD_HOC = "DOT_XUAT", _("Ad hoc")
    CAREER = "CONG_HIEN", _("Career contribution")
    SENIORITY = "NIEN_HAN", _("Seniority")
    FOREIGN = "DOI_NGOAI", _("Foreign")


class VoteThreshold(models.TextChoices):
    NONE = "none", _("No Council vote")
    MAJORITY = "majority", _("More than half of all members")
    EIGHTY = "eighty", _("At least 80 percent of all members")
    NINETY = "ninety", _("At least 90 percent of all members")


class Award(models.Model):
    """An emulation title or a form of commendation in the catalogue."""

    code = models.SlugField(_("code"), max_length=30, unique=True, allow_unicode=False)
    name = models.CharField(_("name"), max_length=255)
    category = models.CharField(_("category"), max_length=10, choices=AwardCategory.choices)
    subject_kind = models.CharField(_("awarded to"), max_length=12, choices=SubjectKind.choices)
    level = models.CharField(_("level"), max_length=12, choices=AwardLevel.choices)
    authority = models.CharField(_("decided by"), max_length=24, choices=Authority.choices)
    kinds = models.JSONField(_("kinds of commendation"), default=list, blank=True)
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    council_vote = models.CharField(
        _("Council vote"), max_length=10, choices=VoteThreshold.choices, default="none"
    )
    needs_consultation = models.BooleanField(_("public consultation"), default=False)
    simplified_procedure = models.BooleanField(_("simplified procedure allowed"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def within_province(self) -> bool:
        """Decided in the province (a decision here), or proposed upward."""
        return self.authority in PROVINCE_AUTHORITIES or self.level == AwardLevel.GRASSROOTS


class BaseSalary(models.Model):
    """The base salary (mức lương cơ sở) from a date: cash rewards are multiples of it."""

    amount = models.PositiveIntegerField(_("amount (VND per month)"))
    valid_from = models.DateField(_("valid from"), unique=True)
    basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.amount:,} ({self.valid_from:%d/%m/%Y})"


class LegalDocument(models.TextChoices):
    """The documents whose legal basis lines the secretariat keeps."""

    AWARD_DECISION = "award_decision", _("Award decision")
    SUBMISSION = "submission", _("Tờ trình to the chairman")
    CENTRAL_PROPOSAL = "central_proposal", _("Proposal to the central level")
    COUNCIL_ROSTER = "council_roster", _("Council roster decision")


class LegalBasisRole(models.TextChoices):
    BASIS = "basis", _("Legal basis (Căn cứ …)")
    PROPOSAL = "proposal", _("Proposal answered (Theo đề nghị …)")
    REPLACES = "replaces", _("Document replaced")


class LegalBasis(models.Model):
    """One line of a document's legal basis, in force between two dates.

    The national instruments are seeded by migration; the province's own regulation, the
    tờ trình a roster decision answers and the decision it replaces are entered by the
    secretariat. A document prints the lines of its kind in force on its date, in order:
    "Căn cứ <text>;" for a basis, the text as written for the others.
    """

    applies_to = models.CharField(_("document"), max_length=20, choices=LegalDocument.choices)
    role = models.CharField(
        _("role"), max_length=10, choices=LegalBasisRole.choices, default=LegalBasisRole.BASIS
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    text = models.CharField(
        _("text"),
        max_length=600,
        help_text=_(
            "For a legal basis, the instrument's full title without “Căn cứ”, e.g. "
            "“Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022”."
        ),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["applies_to", "role", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="legal_basis_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class CashCoefficient(models.Model):
    """Cash reward of an award for a kind of subject, × the base salary, from a date."""

    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.CASCADE, related_name="coefficients"
    )
    subject_kind = models.CharField(_("awarded to"), max_length=12, choices=SubjectKind.choices)
    coefficient = models.DecimalField(_("coefficient"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cash coefficient")
        verbose_name_plural = _("cash coefficients")
        ordering = ["award", "subject_kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "subject_kind", "valid_from"], name="coefficient_unique_from"
            ),
            models.CheckConstraint(condition=Q(coefficient__gte=0), name="coefficient_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.award.code} {self.subject_kind} × {self.coefficient}"
