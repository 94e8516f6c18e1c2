"""Services of the secretariat's bloc pages and the scoring table pages: blocs, their
members, heads and deputies, Council members and rules documents; the table's settings,
groups, criteria and bonus/deduction rules, and the head's proposal of a change.

Each runs in one transaction and either does all of its work or raises
``ValidationError`` (by field where it can) with nothing saved.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from units.models import Role, RoleAssignment, Unit, User
from units.uploads import UploadKind, safe_storage_name, validate_upload

from .models import (
    TIE_BREAK_CHOICES,
    AdjustmentRule,
    Bloc,
    BlocCouncilMember,
    BlocLeadership,
    BlocMembership,
    BlocRulesDocument,
    RoundState,
    ScoringCriterion,
    ScoringGroup,
    ScoringRound,
    ScoringTable,
    TableState,
)
from .services import table_check_editable, table_new_version

DOCUMENT_KINDS = (UploadKind.PDF, UploadKind.DOCX)

# --- Blocs ---------------------------------------------------------------------------------


@transaction.atomic
def bloc_create(*, name: str, code: str, kind: str, description: str = "", actor: User) -> Bloc:
    if Bloc.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Another bloc already has this short code.")})
    return Bloc.objects.create(name=name.strip(), code=code, kind=kind, description=description)


def _round_started(bloc: Bloc, year: int) -> bool:
    return (
        ScoringRound.objects.filter(bloc=bloc, year=year).exclude(state=RoundState.DRAFT).exists()
    )


@transaction.atomic
def membership_add(
    *, bloc: Bloc, unit: Unit, year: int, women_led: bool = False, actor: User
) -> BlocMembership:
    """Add a member for the year; a unit sits in one bloc a year, and members are fixed
    once the year's scoring opened."""
    if _round_started(bloc, year):
        raise ValidationError(_("Scoring has opened for this year; the members are fixed."))
    other = BlocMembership.objects.filter(unit=unit, year=year).select_related("bloc").first()
    if other is not None:
        raise ValidationError(
            {
                "unit": _("%(unit)s is already a member of %(bloc)s in %(year)s.")
                % {"unit": unit.name, "bloc": other.bloc.name, "year": year}
            }
        )
    return BlocMembership.objects.create(bloc=bloc, unit=unit, year=year, women_led=women_led)


@transaction.atomic
def membership_remove(*, membership: BlocMembership, actor: User) -> None:
    if _round_started(membership.bloc, membership.year):
        raise ValidationError(_("Scoring has opened for this year; the members are fixed."))
    if (
        BlocLeadership.objects.filter(bloc=membership.bloc, year=membership.year)
        .filter(head=membership.unit)
        .exists()
        or BlocLeadership.objects.filter(
            bloc=membership.bloc, year=membership.year, deputy=membership.unit
        ).exists()
    ):
        raise ValidationError(
            _("This unit is the head or deputy of the year; choose another one first.")
        )
    membership.delete()


@transaction.atomic
def leadership_set(
    *, bloc: Bloc, year: int, head: Unit, deputy: Unit | None, elected_on=None, actor: User
) -> BlocLeadership:
    """Set the head and deputy of the year (each change is kept in the history)."""
    members = set(
        BlocMembership.objects.filter(bloc=bloc, year=year).values_list("unit_id", flat=True)
    )
    errors = {}
    if head.pk not in members:
        errors["head"] = _("The head must be a member of the bloc in that year.")
    if deputy is not None and deputy.pk not in members:
        errors["deputy"] = _("The deputy must be a member of the bloc in that year.")
    if deputy is not None and deputy.pk == head.pk:
        errors["deputy"] = _("The deputy cannot be the head.")
    if errors:
        raise ValidationError(errors)
    leadership, _created = BlocLeadership.objects.update_or_create(
        bloc=bloc,
        year=year,
        defaults={"head": head, "deputy": deputy, "elected_on": elected_on},
    )
    return leadership


@transaction.atomic
def council_assign(*, bloc: Bloc, year: int, user: User, actor: User) -> BlocCouncilMember:
    if not RoleAssignment.objects.filter(user=user, role=Role.COUNCIL_MEMBER).exists():
        raise ValidationError({"user": _("Only a member of the Council can be assigned.")})
    if BlocCouncilMember.objects.filter(bloc=bloc, year=year, user=user).exists():
        raise ValidationError({"user": _("This Council member is already assigned.")})
    return BlocCouncilMember.objects.create(bloc=bloc, year=year, user=user)


@transaction.atomic
def council_unassign(*, assignment: BlocCouncilMember, actor: User) -> None:
    assignment.delete()


@transaction.atomic
def rules_document_add(
    *, bloc: Bloc, year: int, title: str, upload, actor: User
) -> BlocRulesDocument:
    """Store an operating rules document through the one upload validator."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the document a title.")})
    kind = validate_upload(upload, allowed=DOCUMENT_KINDS)
    upload.seek(0)
    document = BlocRulesDocument(
        bloc=bloc, year=year, title=title, original_name=upload.name[:255], uploaded_by=actor
    )
    document.file.save(safe_storage_name(upload.name, kind), upload, save=False)
    document.save()
    return document


# --- Scoring tables ------------------------------------------------------------------------


def parse_tie_break(text: str, group_codes: set[str]) -> list[str]:
    """ "group:A, deductions, women_led" → the table's tie-break list, each item checked."""
    items = [item.strip() for item in (text or "").replace(";", ",").split(",") if item.strip()]
    for item in items:
        if item in TIE_BREAK_CHOICES:
            continue
        if item.startswith("group:") and item[6:] in group_codes:
            continue
        raise ValidationError(
            {
                "tie_break": _(
                    '"%(item)s" is not a tie-break: use "group:<code>" of a group of the '
                    'table, "deductions" or "women_led".'
                )
                % {"item": item}
            }
        )
    if len(set(items)) != len(items):
        raise ValidationError({"tie_break": _("A tie-break appears twice.")})
    return items


def _locked_row(table: ScoringTable) -> ScoringTable:
    table = ScoringTable.objects.select_for_update().get(pk=table.pk)
    table_check_editable(table)
    return table


@transaction.atomic
def table_update(*, table: ScoringTable, data: dict, actor: User) -> ScoringTable:
    """Change the table's settings (title, caps, tie-break, quotas, cross-scoring)."""
    table = _locked_row(table)
    codes = set(table.groups.values_list("code", flat=True))
    tie_break = parse_tie_break(data.get("tie_break_text", ""), codes)
    for field in (
        "title",
        "legal_basis",
        "is_unconfirmed",
        "bonus_cap",
        "deduction_cap",
        "flag_quota",
        "certificate_quota",
        "everyone_scores_everyone",
    ):
        if field in data:
            setattr(table, field, data[field])
    table.tie_break = tie_break
    table.save()
    return table


def _check_group_sum(group: ScoringGroup, extra: Decimal, exclude_pk=None) -> None:
    used = group.criteria.exclude(pk=exclude_pk).aggregate(total=Sum("max_points"))[
        "total"
    ] or Decimal(0)
    if used + extra > group.max_points:
        raise ValidationError(
            {
                "max_points": _(
                    "The criteria of group %(group)s would total %(total)s points, above the "
                    "group's maximum of %(max)s."
                )
                % {
                    "group": group.code,
                    "total": number_format((used + extra).normalize()),
                    "max": number_format(group.max_points.normalize()),
                }
            }
        )


@transaction.atomic
def group_save(
    *, table: ScoringTable, data: dict, actor: User, group: ScoringGroup | None = None
) -> ScoringGroup:
    table = _locked_row(table)
    duplicate = table.groups.filter(code=data["code"])
    if group is not None:
        duplicate = duplicate.exclude(pk=group.pk)
    if duplicate.exists():
        raise ValidationError({"code": _("The table already has a group with this code.")})
    group = group or ScoringGroup(table=table)
    for field in ("code", "title", "max_points", "order"):
        setattr(group, field, data[field])
    if group.pk:
        total = group.criteria.aggregate(total=Sum("max_points"))["total"] or Decimal(0)
        if total > group.max_points:
            raise ValidationError(
                {
                    "max_points": _(
                        "The group's criteria already total %(total)s points; the maximum "
                        "cannot be lower."
                    )
                    % {"total": number_format(total.normalize())}
                }
            )
    group.save()
    return group


@transaction.atomic
def criterion_save(
    *, group: ScoringGroup, data: dict, actor: User, criterion: ScoringCriterion | None = None
) -> ScoringCriterion:
    _locked_row(group.table)
    codes = ScoringCriterion.objects.filter(group__table=group.table, code=data["code"])
    if criterion is not None:
        codes = codes.exclude(pk=criterion.pk)
    if codes.exists():
        raise ValidationError({"code": _("The table already has a criterion with this code.")})
    _check_group_sum(group, data["max_points"], exclude_pk=criterion.pk if criterion else None)
    criterion = criterion or ScoringCriterion(group=group)
    criterion.group = group
    for field in (
        "code",
        "title",
        "max_points",
        "is_veto",
        "evidence_required",
        "evidence_hint",
        "order",
    ):
        setattr(criterion, field, data[field])
    criterion.movement = data.get("movement")
    criterion.save()
    return criterion


@transaction.atomic
def rule_save(
    *, table: ScoringTable, data: dict, actor: User, rule: AdjustmentRule | None = None
) -> AdjustmentRule:
    table = _locked_row(table)
    rule = rule or AdjustmentRule(table=table)
    for field in ("kind", "title", "points", "order"):
        setattr(rule, field, data[field])
    rule.save()
    return rule


@transaction.atomic
def table_item_delete(*, item, actor: User) -> None:
    """Delete a group (with its criteria), a criterion or a rule of an editable table."""
    table = item.table if hasattr(item, "table") else item.group.table
    _locked_row(table)
    item.delete()


@transaction.atomic
def table_propose(*, table: ScoringTable, actor: User) -> ScoringTable:
    """The head proposes a change: a copy of the table as the next version, marked
    proposed; the head edits it, the secretariat accepts it (or leaves it)."""
    proposal = table_new_version(table=table, actor=actor)
    proposal.state = TableState.PROPOSED
    proposal.save(update_fields=["state"])
    return proposal


@transaction.atomic
def table_accept(*, table: ScoringTable, actor: User) -> ScoringTable:
    table = ScoringTable.objects.select_for_update().get(pk=table.pk)
    if table.state != TableState.PROPOSED:
        raise ValidationError(_("Only a proposed table can be accepted."))
    table.state = TableState.DRAFT
    table.save(update_fields=["state"])
    return table
