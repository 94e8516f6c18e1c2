"""Grassroots awards: the unit's own council and its head's decision."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models import Award, Decision
from units.models import IssuedDocument, Unit, User

from .dossiers import Dossier
from .nominees import Nominee

# --- Grassroots awards: the unit's own council and its head's decision --------------------


class UnitCouncilReview(models.Model):
    """The unit's own emulation council (Hội đồng Thi đua - Khen thưởng of the unit,
    chaired by its head) reviewing a grassroots dossier in one round: when, who was there,
    and what it concluded for each nominee (:class:`UnitReviewResult`)."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="unit_reviews"
    )
    round = models.PositiveSmallIntegerField(_("submission round"))
    held_on = models.DateField(_("date of the meeting"))
    members_total = models.PositiveSmallIntegerField(_("members of the unit's council"))
    members_present = models.PositiveSmallIntegerField(_("members present"))
    present_names = models.TextField(_("members present (one per line)"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review by the unit's council")
        verbose_name_plural = _("reviews by the unit's council")
        ordering = ["dossier", "-round"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "round"], name="unit_review_once_per_round"),
            models.CheckConstraint(
                condition=Q(members_present__gte=1)
                & Q(members_present__lte=models.F("members_total")),
                name="unit_review_present_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} ({self.held_on:%d/%m/%Y})"

    @property
    def present_list(self) -> list[str]:
        return [line.strip() for line in self.present_names.splitlines() if line.strip()]


class UnitReviewResult(models.Model):
    """The unit council's conclusion on one nominee: the votes when the award asks for a
    vote (counted against the council's whole membership), agreed or not, a note."""

    review = models.ForeignKey(
        UnitCouncilReview,
        verbose_name=_("review"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    nominee = models.ForeignKey(
        Nominee,
        verbose_name=_("nominee"),
        on_delete=models.CASCADE,
        related_name="unit_review_results",
    )
    agree = models.PositiveSmallIntegerField(_("agree"), null=True, blank=True)
    disagree = models.PositiveSmallIntegerField(_("disagree"), null=True, blank=True)
    votes_needed = models.PositiveSmallIntegerField(_("agree votes needed"), default=0)
    approved = models.BooleanField(_("agreed by the council"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("unit council's result")
        verbose_name_plural = _("unit council's results")
        ordering = ["review", "nominee__sort_order", "nominee_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "nominee"], name="unit_result_once"),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_id}: {'+' if self.approved else '-'}"


class UnitDecisionState(models.TextChoices):
    APPROVED = "approved", _("Approved, awaiting issuing")
    ISSUED = "issued", _("Issued")


class UnitDecision(models.Model):
    """The decision of the unit's head on one grassroots award of a dossier (one decision
    per award: "Về việc tặng danh hiệu Lao động tiên tiến năm 2026"), issued by that unit
    through its own register; at issuing the awards enter the archive."""

    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("dossier"),
        on_delete=models.PROTECT,
        related_name="unit_decisions",
    )
    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=UnitDecisionState.choices,
        default=UnitDecisionState.APPROVED,
    )
    approved_by = models.ForeignKey(
        User, verbose_name=_("approved by"), on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    register = models.OneToOneField(
        IssuedDocument,
        verbose_name=_("decision in the register"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unit_decision",
    )
    decision = models.OneToOneField(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unit_decision",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision of the unit head")
        verbose_name_plural = _("decisions of unit heads")
        ordering = ["-approved_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "award"], name="unit_decision_per_award"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer} — {self.award}"
