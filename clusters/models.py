"""Models of the clusters app: emulation blocs (khối) and clusters (cụm), their yearly
members, head and deputy, the Council members who follow them, their operating rules, the
yearly covenant (giao ước thi đua) and its signatures, the scoring tables, the scoring
rounds with their sheets, and the resolutions of the flags the engine raises.

The engine itself (``clusters.engine``) is pure; ``ScoringRound`` and ``ScoringTable``
turn the stored rows into its input (``SCORING.md``).
"""

import uuid
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Unit, User

POINTS = {"max_digits": 6, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


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
