"""Scoring tables: versioned per bloc kind and year, with groups, criteria and the
bonus and deduction rules."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .blocs import BlocKind

# Points: up to 9999.99, never negative.
POINTS = {"max_digits": 6, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}

# --- Scoring tables ------------------------------------------------------------------------


class TableState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed by the head")
    LOCKED = "locked", _("Locked (scoring open)")


TIE_BREAK_CHOICES = ("deductions", "women_led")  # and "group:<code>"


class ScoringTable(models.Model):
    """A scoring table (bảng chấm điểm) for one bloc kind and year, versioned: a locked
    version is never edited again, a change makes the next version."""

    bloc_kind = models.CharField(_("bloc kind"), max_length=32, choices=BlocKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=255)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    is_unconfirmed = models.BooleanField(
        _("unconfirmed (illustrative default)"),
        default=True,
        help_text=_("The province has not confirmed these weights, caps and quotas."),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=TableState.choices, default=TableState.DRAFT
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    bonus_cap = models.DecimalField(_("bonus cap"), null=True, blank=True, **POINTS)
    deduction_cap = models.DecimalField(_("deduction cap"), null=True, blank=True, **POINTS)
    tie_break = models.JSONField(
        _("tie-break order"),
        default=list,
        blank=True,
        help_text=_('In order: "group:A" (higher group A first), "deductions", "women_led".'),
    )
    flag_quota = models.PositiveSmallIntegerField(_("Emulation Flag quota per bloc"), default=1)
    certificate_quota = models.PositiveSmallIntegerField(
        _("Certificate of Merit quota per bloc"), default=2
    )
    everyone_scores_everyone = models.BooleanField(
        _("every member scores every other"), default=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring table")
        verbose_name_plural = _("scoring tables")
        ordering = ["-year", "bloc_kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc_kind", "year", "version"], name="scoring_table_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_locked(self) -> bool:
        return self.state == TableState.LOCKED

    def to_template(self, groups=None) -> dict:
        """The engine's ``template`` object. ``groups`` may pass the groups with their
        criteria already fetched (``prefetch_related("groups__criteria")``)."""
        groups = list(self.groups.all()) if groups is None else groups
        data: dict = {
            "groups": [
                {
                    "code": group.code,
                    "title": group.title,
                    "max": float(group.max_points),
                    "criteria": [
                        {
                            "code": criterion.code,
                            "max": float(criterion.max_points),
                            "veto": criterion.is_veto,
                        }
                        for criterion in group.criteria.all()
                    ],
                }
                for group in groups
            ],
            "tie_break": list(self.tie_break or []),
            "peer_scoring": "all" if self.everyone_scores_everyone else "some",
        }
        if self.bonus_cap is not None:
            data["bonus_cap"] = float(self.bonus_cap)
        if self.deduction_cap is not None:
            data["deduction_cap"] = float(self.deduction_cap)
        return data


class ScoringGroup(models.Model):
    table = models.ForeignKey(
        ScoringTable,
        verbose_name=_("scoring table"),
        on_delete=models.CASCADE,
        related_name="groups",
    )
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=255)
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("group of criteria")
        verbose_name_plural = _("groups of criteria")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["table", "code"], name="scoring_group_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class ScoringCriterion(models.Model):
    group = models.ForeignKey(
        ScoringGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=500)
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    is_veto = models.BooleanField(
        _("veto criterion"),
        default=False,
        help_text=_("A unit scoring 0 here on most of its sheets cannot be proposed."),
    )
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    evidence_hint = models.CharField(_("evidence hint"), max_length=500, blank=True)
    # A criterion scored from a movement's results: the sheet suggests the points from the
    # share of its registered targets the unit achieved; the scorer confirms them.
    movement = models.ForeignKey(
        "campaigns.Movement",
        verbose_name=_("movement whose results it scores"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["group", "code"], name="scoring_criterion_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class AdjustmentKind(models.TextChoices):
    BONUS = "bonus", _("Bonus points")
    DEDUCTION = "deduction", _("Deduction")


class AdjustmentRule(models.Model):
    """A bonus (điểm thưởng) or deduction (điểm trừ) the table provides, with its points;
    the table's caps bound the sum per unit."""

    table = models.ForeignKey(
        ScoringTable,
        verbose_name=_("scoring table"),
        on_delete=models.CASCADE,
        related_name="rules",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AdjustmentKind.choices)
    title = models.CharField(_("title"), max_length=500)
    points = models.DecimalField(_("points"), **POINTS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("bonus or deduction rule")
        verbose_name_plural = _("bonus and deduction rules")
        ordering = ["kind", "order"]

    def __str__(self) -> str:
        return self.title
