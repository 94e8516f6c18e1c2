"""Awards: the catalogue, the records each award rests on, decisions and the archive.

The catalogue is data (seeded by migration 0002, edited by the secretariat; codes are
stable). Records (ratings, initiatives, discipline, pending cases, collective statistics)
feed the eligibility engine through ``selectors.eligibility_input``. Decisions grant
awards; every grant carries a random verification code printed on the certificate.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Person, Unit
from units.search import SearchFold

from .codes import new_code


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


def provincial_decision_issuer(*, number: str, authority: str, committee: Unit | None):
    """The issuer a decision without a register entry is taken to have (legacy rows, the
    legacy import): the provincial People's Committee (``committee``) when its symbol is
    UBND and its authority the province's; otherwise unknown (None). A commune's
    "01/QĐ-UBND" carries a commune authority, so it is never taken for the province's."""
    symbol = (number or "").rsplit("-", 1)[-1].strip().upper() if "-" in (number or "") else ""
    if symbol == "UBND" and authority in PROVINCE_AUTHORITIES:
        return committee
    return None


class Decision(models.Model):
    """A commendation decision (quyết định khen thưởng) and the awards it grants.

    Its number is unique per issuer and year (Decree 30/2020, Art. 15: each issuing
    office's register restarts each year), so two communes may both issue "01/QĐ-UBND".
    ``issuer`` comes from the register entry (``units.IssuedDocument``) of the decision;
    it is empty for a legacy decision whose issuer is not known."""

    number = models.CharField(_("number and symbol"), max_length=60)
    issued_on = models.DateField(_("date"))
    issuer = models.ForeignKey(
        Unit,
        verbose_name=_("issuer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    signer_name = models.CharField(_("signed by"), max_length=150)
    signer_position = models.CharField(_("signer's position"), max_length=200)
    authority = models.CharField(_("authority"), max_length=24, choices=Authority.choices)
    kind = models.CharField(
        _("kind of commendation"), max_length=12, choices=CommendationKind.choices
    )
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                models.F("issuer"),
                models.F("number"),
                ExtractYear("issued_on"),
                name="decision_unique_issuer_number_year",
                violation_error_message=_(
                    "This issuer already has a decision with this number in this year."
                ),
            ),
            # A legacy decision of unknown issuer: its number and date identify it.
            models.UniqueConstraint(
                fields=["number", "issued_on"],
                condition=Q(issuer__isnull=True),
                name="decision_unique_number_unknown_issuer",
                violation_error_message=_(
                    "A decision of unknown issuer with this number and date already exists."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("Decision %(number)s of %(date)s") % {
            "number": self.number,
            "date": self.issued_on.strftime("%d/%m/%Y"),
        }


def new_verification_code() -> str:
    """A short code people can type from the certificate (awards/codes.py), printed
    grouped under its QR code: ``7KQM-4XRT-93HV``."""
    return new_code()


class AwardGrant(models.Model):
    """An award granted to a person, a collective or a household: the archive row.

    The recipient's and unit's names are kept as they were at the decision, so the
    archive reads as the decision did even after people move and units merge.
    """

    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="grants"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("collective"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
    )
    recipient_name = models.CharField(_("recipient"), max_length=255)
    recipient_unit_name = models.CharField(_("recipient's unit"), max_length=255, blank=True)
    search_name = models.GeneratedField(
        expression=SearchFold("recipient_name"), output_field=models.TextField(), db_persist=True
    )
    unit_scope = models.ForeignKey(
        Unit,
        verbose_name=_("unit responsible"),
        on_delete=models.PROTECT,
        related_name="scoped_grants",
        help_text=_("The unit whose staff keep this record (the recipient's unit)."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(
        _("kind of commendation"), max_length=12, choices=CommendationKind.choices
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
    )
    cash_amount = models.PositiveBigIntegerField(_("cash reward (VND)"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    verification_code = models.CharField(
        _("verification code"),
        max_length=32,
        unique=True,
        default=new_verification_code,
        editable=False,
    )
    legacy_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = _("award granted")
        verbose_name_plural = _("awards granted")
        ordering = ["-year", "recipient_name", "id"]
        indexes = [
            models.Index(fields=["year", "award"], name="grant_year_award"),
            models.Index(fields=["-year", "recipient_name", "id"], name="grant_archive_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_one_subject(allow_household=True), name="grant_one_subject"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1945) & Q(year__lte=2100), name="grant_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award} — {self.recipient_name} ({self.year})"

    @property
    def subject_kind(self) -> str:
        if self.person_id:
            return SubjectKind.INDIVIDUAL
        if self.unit_id:
            return SubjectKind.COLLECTIVE
        return SubjectKind.HOUSEHOLD


class Quota(models.Model):
    """An optional local cap: at most ``limit`` of an award for a unit in a year."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="quotas"
    )
    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="quotas"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    limit = models.PositiveIntegerField(_("at most"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["-year", "unit__name", "award__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "award", "year"], name="quota_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.award.code} {self.year}: {self.limit}"
