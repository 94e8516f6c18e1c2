"""Services of the clusters app: each ``<entity>_<action>(*, ...)`` runs in one transaction
and either does all of its work or raises ``ValidationError`` with nothing saved.

Sheets: a sheet is drafted, submitted, then locked when the round closes. Two submissions
of one sheet at once store one (the sheet row is locked with ``select_for_update`` and the
second finds it submitted); a line above its maximum is refused beside its field with
nothing saved; a submitted or locked sheet is never edited, it is reopened with a reason.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from units.models import Unit, User
from units.uploads import UploadKind, safe_storage_name, validate_upload

from .models import (
    UNIT_SHEET_ROLES,
    FlagOutcome,
    FlagResolution,
    RoundState,
    ScoringCriterion,
    ScoringRound,
    Sheet,
    SheetEvidence,
    SheetLine,
    SheetReopening,
    SheetRole,
    SheetState,
    TableState,
)

EVIDENCE_KINDS = (UploadKind.PDF, UploadKind.DOCX, UploadKind.XLSX, UploadKind.JPEG, UploadKind.PNG)


def line_field(code: str) -> str:
    """The form field of a criterion's line."""
    return f"line_{code}"


# --- Rounds --------------------------------------------------------------------------------


@transaction.atomic
def round_open(*, scoring_round: ScoringRound, actor: User) -> ScoringRound:
    """Open the round and lock its scoring table (no version is edited once scoring opens)."""
    scoring_round = ScoringRound.objects.select_for_update().get(pk=scoring_round.pk)
    if scoring_round.state != RoundState.DRAFT:
        raise ValidationError(_("This scoring round has already been opened."))
    table = scoring_round.table
    if not table.groups.exists():
        raise ValidationError(_("The scoring table has no criteria yet."))
    if table.state != TableState.LOCKED:
        table.state = TableState.LOCKED
        table.locked_at = timezone.now()
        table.save(update_fields=["state", "locked_at"])
    scoring_round.state = RoundState.OPEN
    scoring_round.opened_at = timezone.now()
    scoring_round.save(update_fields=["state", "opened_at"])
    return scoring_round


@transaction.atomic
def round_close(*, scoring_round: ScoringRound, actor: User) -> ScoringRound:
    """Close the round: every submitted sheet is locked, drafts stay out of the ranking."""
    scoring_round = ScoringRound.objects.select_for_update().get(pk=scoring_round.pk)
    if scoring_round.state != RoundState.OPEN:
        raise ValidationError(_("Only an open scoring round can be closed."))
    now = timezone.now()
    scoring_round.sheets.filter(state=SheetState.SUBMITTED).update(
        state=SheetState.LOCKED, locked_at=now
    )
    scoring_round.state = RoundState.CLOSED
    scoring_round.closed_at = now
    scoring_round.save(update_fields=["state", "closed_at"])
    return scoring_round


# --- Sheets --------------------------------------------------------------------------------


def sheet_start(
    *,
    scoring_round: ScoringRound,
    role: str,
    target: Unit,
    actor: User,
    scorer_unit: Unit | None = None,
) -> Sheet:
    """The scorer's sheet for ``target`` in the round, created as a draft when missing.
    Two first visits at once create one sheet (the unique constraint decides)."""
    if not scoring_round.is_open:
        raise ValidationError(_("The scoring round is not open."))
    scorer_user = None if role in UNIT_SHEET_ROLES else actor
    lookup = {
        "round": scoring_round,
        "role": role,
        "target": target,
        "scorer_unit": scorer_unit if role in UNIT_SHEET_ROLES else None,
        "scorer_user": scorer_user,
    }
    existing = Sheet.objects.filter(**lookup).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Sheet.objects.create(created_by=actor, **lookup)
    except IntegrityError:
        return Sheet.objects.get(**lookup)


def _parse_points(raw, criterion: ScoringCriterion) -> Decimal:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValidationError(
            _("Enter the points of criterion %(code)s.") % {"code": criterion.code}
        )
    try:
        points = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Enter a number of points.")) from None
    if not points.is_finite():
        raise ValidationError(_("Enter a number of points."))
    if points < 0:
        raise ValidationError(_("Points cannot be negative."))
    if points > criterion.max_points:
        raise ValidationError(
            _("%(points)s points is above the maximum of %(max)s for criterion %(code)s.")
            % {
                "points": number_format(points.normalize()),
                "max": number_format(criterion.max_points.normalize()),
                "code": criterion.code,
            }
        )
    if points.as_tuple().exponent < -2:
        raise ValidationError(_("Use at most two decimals."))
    return points


@transaction.atomic
def sheet_save(
    *, sheet: Sheet, points: dict[str, object], actor: User, submit: bool = False
) -> Sheet:
    """Save every line of the sheet (``points``: criterion code → points) and, with
    ``submit``, submit it. All lines are checked first: any fault refuses the whole save,
    each error beside its line's field."""
    sheet = Sheet.objects.select_for_update().select_related("round__table").get(pk=sheet.pk)
    if sheet.state != SheetState.DRAFT:
        if sheet.state == SheetState.SUBMITTED:
            raise ValidationError(
                _(
                    "This sheet has already been submitted; it can only be changed after it is "
                    "reopened with a reason."
                )
            )
        raise ValidationError(
            _("This sheet is locked; it can only be changed after it is reopened with a reason.")
        )
    if not sheet.round.is_open:
        raise ValidationError(_("The scoring round is not open."))
    criteria = list(
        ScoringCriterion.objects.filter(group__table=sheet.round.table).order_by(
            "group__order", "group__code", "order", "code"
        )
    )
    errors: dict[str, list[ValidationError]] = {}
    values: dict[int, Decimal] = {}
    for criterion in criteria:
        try:
            values[criterion.pk] = _parse_points(points.get(criterion.code), criterion)
        except ValidationError as error:
            errors[line_field(criterion.code)] = [error]
    if errors:
        raise ValidationError(errors)
    existing = {line.criterion_id: line for line in sheet.lines.all()}
    new_lines = []
    for criterion in criteria:
        line = existing.get(criterion.pk)
        if line is None:
            new_lines.append(
                SheetLine(sheet=sheet, criterion=criterion, points=values[criterion.pk])
            )
        elif line.points != values[criterion.pk]:
            line.points = values[criterion.pk]
            line.save(update_fields=["points"])
    SheetLine.objects.bulk_create(new_lines)
    sheet.total = sum(values.values(), Decimal(0))
    sheet.updated_at = timezone.now()
    fields = ["total", "updated_at"]
    if submit:
        sheet.state = SheetState.SUBMITTED
        sheet.submitted_at = sheet.updated_at
        fields += ["state", "submitted_at"]
    sheet.save(update_fields=fields)
    return sheet


@transaction.atomic
def sheet_submit(*, sheet: Sheet, actor: User) -> Sheet:
    """Submit a draft whose lines are all filled in."""
    points = {line.criterion.code: line.points for line in sheet.lines.select_related("criterion")}
    return sheet_save(sheet=sheet, points=points, actor=actor, submit=True)


@transaction.atomic
def sheet_reopen(*, sheet: Sheet, reason: str, actor: User) -> Sheet:
    """Send a submitted or locked sheet back to draft; the reason is recorded."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reopening the sheet.")})
    sheet = Sheet.objects.select_for_update().select_related("round").get(pk=sheet.pk)
    if sheet.state == SheetState.DRAFT:
        raise ValidationError(_("This sheet is already a draft."))
    if sheet.round.is_closed:
        raise ValidationError(
            _("The scoring round is closed; its sheets can no longer be reopened.")
        )
    SheetReopening.objects.create(sheet=sheet, reason=reason, reopened_by=actor)
    sheet.state = SheetState.DRAFT
    sheet.submitted_at = None
    sheet.locked_at = None
    sheet.save(update_fields=["state", "submitted_at", "locked_at"])
    return sheet


@transaction.atomic
def evidence_add(
    *, sheet: Sheet, criterion: ScoringCriterion, upload, actor: User
) -> SheetEvidence:
    """Attach evidence to a criterion of a draft sheet, through the one upload validator."""
    if sheet.state != SheetState.DRAFT:
        raise ValidationError(_("This sheet is locked; evidence can no longer be added."))
    if criterion.group.table_id != sheet.round.table_id:
        raise ValidationError(_("This criterion is not part of the sheet's scoring table."))
    kind = validate_upload(upload, allowed=EVIDENCE_KINDS)
    upload.seek(0)
    evidence = SheetEvidence(
        sheet=sheet,
        criterion=criterion,
        original_name=upload.name[:255],
        uploaded_by=actor,
    )
    evidence.file.save(safe_storage_name(upload.name, kind), upload, save=False)
    evidence.save()
    return evidence


# --- Flags ---------------------------------------------------------------------------------


@transaction.atomic
def flag_resolve(
    *,
    scoring_round: ScoringRound,
    key: str,
    kind: str,
    outcome: str,
    reason: str,
    actor: User,
    verification_sheet: Sheet | None = None,
    sheet_to_reopen: Sheet | None = None,
) -> FlagResolution:
    """Record how a flag was resolved. Accepting changes nothing; an adjustment points at
    the secretariat's verification sheet (which the engine ranks first); sending back
    reopens the sheet in question. No flag changes a score by itself."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for this resolution.")})
    if outcome not in FlagOutcome.values:
        raise ValidationError({"outcome": _("Choose how the flag is resolved.")})
    if outcome == FlagOutcome.ADJUSTED and (
        verification_sheet is None
        or verification_sheet.round_id != scoring_round.pk
        or verification_sheet.role != SheetRole.SECRETARIAT
        or verification_sheet.state == SheetState.DRAFT
    ):
        raise ValidationError(
            {"outcome": _("An adjustment needs a submitted verification sheet of this round.")}
        )
    if outcome == FlagOutcome.SENT_BACK:
        if sheet_to_reopen is None or sheet_to_reopen.round_id != scoring_round.pk:
            raise ValidationError({"outcome": _("Choose the sheet to send back.")})
        sheet_reopen(sheet=sheet_to_reopen, reason=reason, actor=actor)
    resolution, _created = FlagResolution.objects.update_or_create(
        round=scoring_round,
        key=key,
        defaults={
            "kind": kind,
            "outcome": outcome,
            "reason": reason,
            "verification_sheet": verification_sheet if outcome == FlagOutcome.ADJUSTED else None,
            "reopened_sheet": sheet_to_reopen if outcome == FlagOutcome.SENT_BACK else None,
            "resolved_by": actor,
            "resolved_at": timezone.now(),
        },
    )
    return resolution


# --- Covenant ------------------------------------------------------------------------------


@transaction.atomic
def covenant_draft(*, bloc, year: int, targets: str, actor: User):
    """The head drafts (or redrafts, while nobody signed) the year's covenant."""
    from .models import Covenant, CovenantState

    targets = (targets or "").strip()
    if not targets:
        raise ValidationError({"targets": _("Write the targets the members commit to.")})
    covenant = Covenant.objects.select_for_update().filter(bloc=bloc, year=year).first()
    if covenant is None:
        return Covenant.objects.create(bloc=bloc, year=year, targets=targets, drafted_by=actor)
    if covenant.signatures.exists():
        raise ValidationError(_("The covenant has been signed; it can no longer be changed."))
    covenant.targets = targets
    covenant.drafted_by = actor
    covenant.state = CovenantState.DRAFT
    covenant.save(update_fields=["targets", "drafted_by", "state"])
    return covenant


@transaction.atomic
def covenant_open_for_signature(*, covenant, actor: User):
    from .models import Covenant, CovenantState

    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if covenant.state != CovenantState.DRAFT:
        raise ValidationError(_("Only a draft covenant can be opened for signature."))
    covenant.state = CovenantState.SIGNING
    covenant.save(update_fields=["state"])
    return covenant


@transaction.atomic
def covenant_sign(*, covenant, unit: Unit, actor: User):
    """The member unit's head signs; the last signature completes the covenant. Signing
    twice is refused, and only the bloc's members of the year sign."""
    from .models import BlocMembership, Covenant, CovenantSignature, CovenantState

    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if covenant.state != CovenantState.SIGNING:
        raise ValidationError(_("The covenant is not open for signature."))
    members = set(
        BlocMembership.objects.filter(bloc=covenant.bloc, year=covenant.year).values_list(
            "unit_id", flat=True
        )
    )
    if unit.pk not in members:
        raise ValidationError(_("Only the bloc's members sign its covenant."))
    if CovenantSignature.objects.filter(covenant=covenant, unit=unit).exists():
        raise ValidationError(_("This unit has already signed the covenant."))
    signature = CovenantSignature.objects.create(covenant=covenant, unit=unit, signed_by=actor)
    if set(covenant.signatures.values_list("unit_id", flat=True)) >= members:
        covenant.state = CovenantState.SIGNED
        covenant.save(update_fields=["state"])
    return signature


# --- Scoring tables ------------------------------------------------------------------------


@transaction.atomic
def table_new_version(*, table, actor: User):
    """A copy of ``table`` as the next version (draft): a locked table is never edited."""
    from .models import AdjustmentRule, ScoringCriterion, ScoringTable

    latest = (
        ScoringTable.objects.filter(bloc_kind=table.bloc_kind, year=table.year)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    groups = list(table.groups.prefetch_related("criteria"))
    rules = list(table.rules.all())
    copy = ScoringTable.objects.get(pk=table.pk)
    copy.pk = None
    copy.id = None
    copy.version = latest + 1
    copy.state = TableState.DRAFT
    copy.locked_at = None
    copy.save()
    for group in groups:
        criteria = list(group.criteria.all())
        group.pk = None
        group.table = copy
        group.save()
        for criterion in criteria:
            criterion.pk = None
            criterion.group = group
        ScoringCriterion.objects.bulk_create(criteria)
    for rule in rules:
        rule.pk = None
        rule.table = copy
    AdjustmentRule.objects.bulk_create(rules)
    return copy


def table_check_editable(table) -> None:
    """Refuse any change to a locked table (the pages and the XLSX import call this)."""
    if table.state == TableState.LOCKED:
        raise ValidationError(
            _("This scoring table is locked since scoring opened; make a new version instead.")
        )
