"""Decisions and the archive of grants they made, with verification codes and quotas."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Person, Unit
from units.search import SearchFold

from ..codes import new_code
from .catalogue import PROVINCE_AUTHORITIES, Authority, Award, CommendationKind, SubjectKind
from .records import Household, _one_subject


def provincial_decision_issuer(*, number: str, authority: str, committee: Unit | None):
    """The issuer a decision without a register entry is taken to have (legacy rows, the
    legacy import): the provincial People's Committee (``committee``) when its symbol is
    UBND and its authority the province's; otherwise unknown (None). A commune's
    "01/QĐ-UBND" carries a commune authority, so it is never taken for the province's."""
    symbol = (number or "").rsplit("-", 1)[-1].strip().upper() if "-" in (number or "") else ""
    if symbol == "UBND" and authority in PROVINCE_AUTHORITIES:
        return committee
    return None


# A decision that revokes awards granted by an earlier one (Law 06/2022, Art. 93): a
# decision kind of its own, never the kind of a grant.
REVOCATION_KIND = "THU_HOI"
DECISION_KINDS = [*CommendationKind.choices, (REVOCATION_KIND, _("Revocation of awards"))]


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
    kind = models.CharField(_("kind of commendation"), max_length=12, choices=DECISION_KINDS)
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


class RecipientClass(models.TextChoices):
    """Who a grant went to, as the rows of statistics forms 0602 and 0603 count them
    (Circular 02/2023/TT-BNV): collectives (of which enterprises), households, and
    individuals by position: provincial leaders, department-level leaders, entrepreneurs,
    other leaders (deputy head of office and up) and direct workers (workers, farmers…)."""

    COLLECTIVE = "collective", _("Collective")
    ENTERPRISE = "enterprise", _("Enterprise")
    HOUSEHOLD = "household", _("Household")
    PROVINCIAL_LEADER = "provincial_leader", _("Provincial leader")
    DEPARTMENT_LEADER = "department_leader", _("Department-level leader")
    ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
    OTHER_LEADER = "other_leader", _("Other leader (deputy head of office and up)")
    DIRECT_WORKER = "direct_worker", _("Direct worker (worker, farmer…)")


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
    recipient_class = models.CharField(
        _("recipient class"), max_length=20, choices=RecipientClass.choices, blank=True
    )
    revoked_by = models.ForeignKey(
        Decision,
        verbose_name=_("revoked by decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revoked_grants",
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=500, blank=True)
    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = _("award granted")
        verbose_name_plural = _("awards granted")
        ordering = ["-year", "recipient_name", "id"]
        indexes = [
            models.Index(fields=["year", "award"], name="grant_year_award"),
            # The folded name rides along, so a search for a common name ("nguyen") walks
            # the archive order in the index alone: 67 ms → 6.5 ms for the page's 25 keys
            # over 1,000,000 grants (issue 13; units.views.helpers.SearchPaginator).
            models.Index(
                fields=["-year", "recipient_name", "id"],
                include=["search_name"],
                name="grant_archive_order",
            ),
            # The grants carrying a name found in units.SearchName, by exact lookup, with
            # the archive order's columns: 15 ms → 0.6 ms for "nguyen van hung" (issue 13).
            # With the key too, a search's matches are counted and sorted from the index
            # alone: 1,001 of "vo thi" read in 0.7 ms where the table scan took 27 ms.
            models.Index(
                fields=["search_name"],
                include=["year", "recipient_name", "id"],
                name="grant_search_name",
            ),
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
    def is_revoked(self) -> bool:
        """Revoked by a later decision (``awards.revocation``): kept in the archive, counted
        out of every count."""
        return self.revoked_on is not None

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
