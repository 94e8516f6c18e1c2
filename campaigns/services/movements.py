"""Movements: drafts, targets, the launch (its guards), the lifecycle steps and the
reviews."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from units.models import User

from ..models import (
    MOVEMENT_TRANSITIONS,
    Movement,
    MovementState,
    OfferedAward,
    ParticipantsRule,
    Review,
    ReviewStage,
    Target,
)
from ._common import _check_dates, _lock, parse_number

MOVEMENT_FIELDS = (
    "code",
    "name",
    "slogan",
    "kind",
    "scope",
    "launch_level",
    "launching_unit",
    "start_date",
    "end_date",
    "objectives",
    "content",
    "criteria",
    "participants_rule",
    "participant_kinds",
    "participant_flags",
)


# --- Movements -----------------------------------------------------------------------------


@transaction.atomic
def movement_create(*, actor: User, participant_units=(), awards=(), **fields) -> Movement:
    """A draft movement. ``awards``: (award, quota) pairs."""
    _check_dates(fields.get("start_date"), fields.get("end_date"))
    data = {k: v for k, v in fields.items() if k in MOVEMENT_FIELDS}
    if Movement.objects.filter(code=data.get("code")).exists():
        raise ValidationError({"code": _("A movement with this code already exists.")})
    movement = Movement.objects.create(created_by=actor, **data)
    movement.participant_units.set(participant_units)
    for award, quota in awards:
        OfferedAward.objects.create(movement=movement, award=award, quota=quota)
    return movement


@transaction.atomic
def movement_update(
    *, movement: Movement, actor: User, participant_units=None, awards=None, **fields
) -> Movement:
    movement = _lock(Movement, movement)
    if movement.state != MovementState.DRAFT:
        raise ValidationError(_("Only a draft movement can be edited."))
    _check_dates(
        fields.get("start_date", movement.start_date), fields.get("end_date", movement.end_date)
    )
    for key, value in fields.items():
        if key in MOVEMENT_FIELDS:
            setattr(movement, key, value)
    if Movement.objects.filter(code=movement.code).exclude(pk=movement.pk).exists():
        raise ValidationError({"code": _("A movement with this code already exists.")})
    movement.save()
    if participant_units is not None:
        movement.participant_units.set(participant_units)
    if awards is not None:
        movement.awards.all().delete()
        for award, quota in awards:
            OfferedAward.objects.create(movement=movement, award=award, quota=quota)
    return movement


@transaction.atomic
def target_add(
    *, movement: Movement, actor: User, content: str, measure: str, plan_value
) -> Target:
    movement = _lock(Movement, movement)
    if movement.state != MovementState.DRAFT:
        raise ValidationError(_("Targets can be changed only while the movement is a draft."))
    content, measure = (content or "").strip(), (measure or "").strip()
    errors = {}
    if not content:
        errors["content"] = _("Describe the target.")
    if not measure:
        errors["measure"] = _("Give the unit of measure (%, households, km…).")
    try:
        value = parse_number(plan_value, field="plan_value")
    except ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    order = movement.targets.count() + 1
    return Target.objects.create(
        movement=movement, content=content, measure=measure, plan_value=value, sort_order=order
    )


@transaction.atomic
def target_remove(*, target: Target, actor: User) -> None:
    movement = _lock(Movement, target.movement)
    if movement.state != MovementState.DRAFT:
        raise ValidationError(_("Targets can be changed only while the movement is a draft."))
    target.delete()


def launch_missing(movement: Movement) -> list[str]:
    """What the movement lacks to be launched, in words."""
    missing = []
    if not movement.objectives.strip():
        missing.append(_("objectives"))
    if not movement.targets.exists():
        missing.append(_("targets"))
    if not movement.criteria.strip():
        missing.append(_("evaluation criteria"))
    rule = movement.participants_rule
    if (
        not rule
        or (rule == ParticipantsRule.KINDS and not movement.participant_kinds)
        or (rule == ParticipantsRule.AREA_FLAGS and not movement.participant_flags)
        or (rule == ParticipantsRule.LIST and not movement.participant_units.exists())
    ):
        missing.append(_("participants"))
    return missing


@transaction.atomic
def movement_launch(*, movement: Movement, actor: User) -> Movement:
    """Launch a complete draft: units may register from now on. The launch plan (Kế
    hoạch, Decree 30) is printed unnumbered ("Số: ..../KH-HĐTĐKT") for signature; it takes
    its number from the launching unit's register when the clerk issues it
    (``plan.movement_plan_issue``), never from a portal counter."""
    movement = _lock(Movement, movement)
    if movement.state != MovementState.DRAFT:
        raise ValidationError(
            _("The movement is “%(state)s” and cannot be launched again.")
            % {"state": movement.get_state_display()}
        )
    if missing := launch_missing(movement):
        raise ValidationError(
            _("The movement cannot be launched yet: %(missing)s are missing.")
            % {"missing": ", ".join(missing)}
        )
    movement.launched_on = timezone.localdate()
    movement.state = MovementState.LAUNCHED
    movement.save(update_fields=["launched_on", "state"])
    return movement


@transaction.atomic
def movement_transition(*, movement: Movement, actor: User, to: str) -> Movement:
    movement = _lock(Movement, movement)
    if to not in MOVEMENT_TRANSITIONS.get(movement.state, ()):
        raise ValidationError(
            _("A movement that is “%(state)s” cannot become “%(to)s”.")
            % {"state": movement.get_state_display(), "to": MovementState(to).label}
        )
    if to == MovementState.CLOSED and not movement.reviews.filter(stage=ReviewStage.FINAL).exists():
        raise ValidationError(_("A movement cannot be closed without its final review."))
    if to in (MovementState.MIDTERM_REVIEWED, MovementState.FINAL_REVIEWED):
        stage = ReviewStage.MIDTERM if to == MovementState.MIDTERM_REVIEWED else ReviewStage.FINAL
        if not movement.reviews.filter(stage=stage).exists():
            raise ValidationError(_("Write the review first."))
    movement.state = to
    movement.save(update_fields=["state"])
    return movement


# --- Reviews -------------------------------------------------------------------------------


@transaction.atomic
def review_save(*, movement: Movement, actor: User, stage: str, **sections) -> Review:
    """Write (or rewrite) the mid-term or final review; the movement moves to the
    matching reviewed state."""
    movement = _lock(Movement, movement)
    if movement.state in (MovementState.DRAFT, MovementState.CLOSED):
        raise ValidationError(_("Only a launched movement that is not closed can be reviewed."))
    if stage == ReviewStage.MIDTERM and movement.state == MovementState.FINAL_REVIEWED:
        raise ValidationError(_("The final review is written: no mid-term review any more."))
    review, _created = Review.objects.update_or_create(
        movement=movement,
        stage=stage,
        defaults={
            "held_on": sections.get("held_on") or timezone.localdate(),
            "organisation": sections.get("organisation", ""),
            "limits": sections.get("limits", ""),
            "direction": sections.get("direction", ""),
            "created_by": actor,
        },
    )
    target = (
        MovementState.FINAL_REVIEWED
        if stage == ReviewStage.FINAL
        else MovementState.MIDTERM_REVIEWED
    )
    if movement.state != target:
        movement.state = target
        movement.save(update_fields=["state"])
    return review
