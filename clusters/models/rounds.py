"""Scoring rounds: the sheets each party fills, their lines, evidence and reopenings,
adjustments and the resolution of the engine's flags."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Unit, User

from .blocs import Bloc, bloc_upload_to
from .tables import POINTS, AdjustmentKind, AdjustmentRule, ScoringCriterion, ScoringTable

# --- Scoring rounds and sheets -------------------------------------------------------------


class RoundState(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ScoringRound(models.Model):
    """One bloc's scoring of one year, against a locked table."""

    bloc = models.ForeignKey(
        Bloc, verbose_name=_("bloc"), on_delete=models.CASCADE, related_name="rounds"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    table = models.ForeignKey(
        ScoringTable, verbose_name=_("scoring table"), on_delete=models.PROTECT, related_name="+"
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    state = models.CharField(
        _("state"), max_length=16, choices=RoundState.choices, default=RoundState.DRAFT
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring round")
        verbose_name_plural = _("scoring rounds")
        constraints = [
            models.UniqueConstraint(fields=["bloc", "year"], name="scoring_round_per_year"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="scoring_round_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bloc} {self.year}"

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == RoundState.CLOSED


class Adjustment(models.Model):
    """A bonus or deduction applied to a unit in a round, with its reason."""

    round = models.ForeignKey(
        ScoringRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="adjustments"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=16, choices=AdjustmentKind.choices)
    points = models.DecimalField(_("points"), **POINTS)
    reason = models.CharField(_("reason"), max_length=500)
    rule = models.ForeignKey(
        AdjustmentRule, verbose_name=_("rule"), on_delete=models.SET_NULL, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("bonus or deduction")
        verbose_name_plural = _("bonuses and deductions")

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_kind_display()} {self.points}"


class SheetRole(models.TextChoices):
    SELF = "self", _("Self-assessment")
    PEER = "peer", _("Cross-scoring by a member")
    HEAD = "head", _("Scoring by the bloc's head")
    COUNCIL = "council", _("Scoring by a Council member")
    SECRETARIAT = "secretariat", _("Verification by the secretariat")


UNIT_SHEET_ROLES = (SheetRole.SELF, SheetRole.PEER, SheetRole.HEAD)
USER_SHEET_ROLES = (SheetRole.COUNCIL, SheetRole.SECRETARIAT)


class SheetState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    LOCKED = "locked", _("Locked")


class Sheet(models.Model):
    """One scoring sheet: who scores (a member unit, or a user for the Council and the
    secretariat), for which target unit, in which role. Only submitted and locked sheets
    reach the engine."""

    round = models.ForeignKey(
        ScoringRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="sheets"
    )
    role = models.CharField(_("role"), max_length=16, choices=SheetRole.choices)
    scorer_unit = models.ForeignKey(
        Unit,
        verbose_name=_("scoring unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    scorer_user = models.ForeignKey(
        User,
        verbose_name=_("scorer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target = models.ForeignKey(
        Unit, verbose_name=_("unit scored"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=SheetState.choices, default=SheetState.DRAFT
    )
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=2, default=0)
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring sheet")
        verbose_name_plural = _("scoring sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "role", "scorer_unit", "target"],
                condition=Q(scorer_unit__isnull=False),
                name="sheet_once_per_unit_scorer",
            ),
            models.UniqueConstraint(
                fields=["round", "role", "scorer_user", "target"],
                condition=Q(scorer_user__isnull=False),
                name="sheet_once_per_user_scorer",
            ),
            models.CheckConstraint(
                condition=(
                    Q(role__in=UNIT_SHEET_ROLES)
                    & Q(scorer_unit__isnull=False)
                    & Q(scorer_user__isnull=True)
                )
                | (
                    Q(role__in=USER_SHEET_ROLES)
                    & Q(scorer_unit__isnull=True)
                    & Q(scorer_user__isnull=False)
                ),
                name="sheet_scorer_matches_role",
            ),
            models.CheckConstraint(
                condition=~Q(role=SheetRole.SELF) | Q(scorer_unit=models.F("target")),
                name="sheet_self_scores_itself",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=(SheetRole.PEER, SheetRole.HEAD))
                | ~Q(scorer_unit=models.F("target")),
                name="sheet_peer_scores_another",
            ),
        ]
        indexes = [models.Index(fields=["round", "target"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.scorer_label} → {self.target}"

    @property
    def scorer_label(self) -> str:
        """The scorer as the engine knows it: the unit's code, or the user's label."""
        if self.scorer_unit_id:
            return self.scorer_unit.code
        if self.role == SheetRole.SECRETARIAT:
            return f"SECRETARIAT-{self.scorer_user_id}"
        return f"HĐ-{self.scorer_user_id}"

    @property
    def is_editable(self) -> bool:
        return self.state == SheetState.DRAFT


class SheetLine(models.Model):
    sheet = models.ForeignKey(
        Sheet, verbose_name=_("sheet"), on_delete=models.CASCADE, related_name="lines"
    )
    criterion = models.ForeignKey(
        ScoringCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(_("points"), **POINTS)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("sheet line")
        verbose_name_plural = _("sheet lines")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="sheet_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class SheetEvidence(models.Model):
    """Evidence for one criterion of a sheet, accepted by ``units.uploads``."""

    sheet = models.ForeignKey(
        Sheet, verbose_name=_("sheet"), on_delete=models.CASCADE, related_name="evidence"
    )
    criterion = models.ForeignKey(
        ScoringCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=bloc_upload_to)
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class SheetReopening(models.Model):
    """A submitted or locked sheet sent back to draft, with the reason."""

    sheet = models.ForeignKey(
        Sheet, verbose_name=_("sheet"), on_delete=models.CASCADE, related_name="reopenings"
    )
    reason = models.CharField(_("reason"), max_length=1000)
    reopened_by = models.ForeignKey(
        User, verbose_name=_("reopened by"), on_delete=models.PROTECT, related_name="+"
    )
    reopened_at = models.DateTimeField(_("reopened at"), default=timezone.now)

    class Meta:
        verbose_name = _("reopening of a sheet")
        verbose_name_plural = _("reopenings of sheets")
        ordering = ["-reopened_at"]

    def __str__(self) -> str:
        return self.reason


# --- Flag resolutions ----------------------------------------------------------------------


class FlagOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted as it is")
    ADJUSTED = "adjusted", _("Adjusted by a verification sheet")
    SENT_BACK = "sent_back", _("Sent back (the sheet reopens)")


class FlagResolution(models.Model):
    """How the secretariat or the head resolved one flag of a round. A flag is identified
    by its kind and its units (``key`` = "kind:U1,U2"); it never changes a score by
    itself: an adjustment goes through a verification sheet, a send-back reopens a sheet."""

    round = models.ForeignKey(
        ScoringRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="flag_resolutions",
    )
    key = models.CharField(_("flag"), max_length=500)
    kind = models.CharField(_("kind"), max_length=32)
    outcome = models.CharField(_("outcome"), max_length=16, choices=FlagOutcome.choices)
    reason = models.CharField(_("reason"), max_length=1000)
    verification_sheet = models.ForeignKey(
        Sheet,
        verbose_name=_("verification sheet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reopened_sheet = models.ForeignKey(
        Sheet,
        verbose_name=_("sheet sent back"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_by = models.ForeignKey(
        User, verbose_name=_("resolved by"), on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("flag resolution")
        verbose_name_plural = _("flag resolutions")
        constraints = [
            models.UniqueConstraint(fields=["round", "key"], name="flag_resolved_once"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.get_outcome_display()}"


def flag_key(kind: str, units) -> str:
    return f"{kind}:{','.join(units)}"
