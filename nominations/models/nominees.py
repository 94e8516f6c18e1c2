"""The nominees of a dossier, with their outcomes and eligibility verdicts."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models import Award, AwardGrant, Household, RecipientClass
from units.models import Person, Unit

from .dossiers import Dossier


class NomineeOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved for the next step")
    NOT_APPROVED = "not_approved", _("Not approved")
    PASSED = "passed", _("Passed the Council vote")
    FAILED = "failed", _("Did not pass the Council vote")
    PROPOSED = "proposed", _("Proposed")
    PROPOSED_UPWARD = "proposed_upward", _("Proposed to the central level")
    AWARDED = "awarded", _("Awarded")


class EligibilityStatus(models.TextChoices):
    """The engine's three verdicts (ELIGIBILITY.md) plus "not checked yet"."""

    UNCHECKED = "", _("Not checked")
    ELIGIBLE = "eligible", _("Eligible")
    NEEDS_REVIEW = "needs_review", _("Needs review")
    INELIGIBLE = "ineligible", _("Not eligible")


def _one_subject() -> Q:
    person, unit, household = (
        Q(person__isnull=False),
        Q(collective__isnull=False),
        Q(household__isnull=False),
    )
    return (
        (person & ~unit & ~household)
        | (~person & unit & ~household)
        | (~person & ~unit & household)
    )


def report_upload_to(nominee, filename: str) -> str:
    return f"nominations/reports/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class Nominee(models.Model):
    """A person, a collective or a household proposed in a dossier for one award."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="nominees"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    collective = models.ForeignKey(
        Unit,
        verbose_name=_("collective"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="nominees"
    )
    # Names as they were proposed: the documents read as submitted.
    display_name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    unit_name = models.CharField(_("unit"), max_length=255, blank=True)
    recipient_class = models.CharField(
        _("recipient class"), max_length=20, choices=RecipientClass.choices, blank=True
    )
    bloc_rank = models.PositiveSmallIntegerField(
        _("rank in the bloc"),
        null=True,
        blank=True,
        help_text=_("Rank of the unit in its emulation bloc or cluster for the year, if any."),
    )
    achievement_summary = models.TextField(
        _("short summary of achievements"),
        max_length=2000,
        blank=True,
        help_text=_("Shown on the public consultation page; no personal data."),
    )
    achievement_report = models.TextField(_("achievement report"), blank=True)
    report_file = models.FileField(
        _("achievement report file"), upload_to=report_upload_to, blank=True
    )
    report_file_name = models.CharField(max_length=255, blank=True)
    eligibility_status = models.CharField(
        _("eligibility at submission"),
        max_length=14,
        choices=EligibilityStatus.choices,
        blank=True,
        default="",
    )
    eligibility_result = models.JSONField(_("verdict at submission"), default=dict, blank=True)
    eligibility_checked_at = models.DateTimeField(null=True, blank=True)
    appraisal_status = models.CharField(
        _("eligibility at appraisal"),
        max_length=14,
        choices=EligibilityStatus.choices,
        blank=True,
        default="",
    )
    appraisal_result = models.JSONField(_("verdict at appraisal"), default=dict, blank=True)
    appraisal_checked_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=NomineeOutcome.choices,
        default=NomineeOutcome.PENDING,
    )
    outcome_reason = models.TextField(_("reason"), blank=True)
    needs_consultation = models.BooleanField(_("public consultation"), default=False)
    consultation_done = models.BooleanField(_("consultation closed"), default=False)
    grant = models.OneToOneField(
        AwardGrant,
        verbose_name=_("award granted"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominee",
    )
    proposal = models.ForeignKey(
        "Proposal",
        verbose_name=_("proposal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nominees",
    )
    sort_order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")
        ordering = ["dossier", "sort_order", "id"]
        indexes = [
            models.Index(fields=["person", "award"], name="nominee_person_award"),
            models.Index(fields=["outcome"], name="nominee_outcome"),
        ]
        constraints = [
            models.CheckConstraint(condition=_one_subject(), name="nominee_one_subject"),
            models.UniqueConstraint(
                fields=["dossier", "person", "award"],
                condition=Q(person__isnull=False),
                name="nominee_person_once_per_award",
            ),
            models.UniqueConstraint(
                fields=["dossier", "collective", "award"],
                condition=Q(collective__isnull=False),
                name="nominee_collective_once_per_award",
            ),
            models.UniqueConstraint(
                fields=["dossier", "household", "award"],
                condition=Q(household__isnull=False),
                name="nominee_household_once_per_award",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} — {self.award}"

    @property
    def subject(self):
        return self.person or self.collective or self.household

    @property
    def subject_kind(self) -> str:
        if self.person_id:
            return "individual"
        if self.collective_id:
            return "collective"
        return "household"

    @property
    def needs_vote(self) -> bool:
        """A Council vote, unless the award needs none or the dossier takes the
        simplified procedure."""
        return not self.dossier.simplified and self.award.council_vote != "none"

    @property
    def awaits_consultation(self) -> bool:
        return self.needs_consultation and not self.consultation_done
