"""Every write of the campaigns app: ``<entity>_<action>(*, ...)`` in one transaction.

Guards: a movement is launched only with objectives, targets, criteria and participants
(one Vietnamese message listing what is missing) and closed only after its final review;
a unit registers once a year (a unique constraint: two concurrent posts store one),
within the registration window (TDKT_REGISTRATION_DEADLINE); staff draft, the head
submits, the secretariat or the launching unit returns (every round's reasons kept) or
accepts; a unit reports actuals only for its own targets; exemplars move through their
stages in order and are published only with a recorded consent, which withdrawn hides
them at once.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Award
from notifications.models import NotificationKind
from notifications.services import notify
from units.models import Person, Role, Unit, User
from units.selectors import roles_of

from . import hooks
from .models import (
    MOVEMENT_TRANSITIONS,
    REGISTRATION_EDITABLE,
    STAGE_ORDER,
    Exemplar,
    ExemplarStage,
    ExemplarStageEntry,
    Movement,
    MovementState,
    OfferedAward,
    ParticipantsRule,
    Progress,
    RegisteredTarget,
    RegisteredTitle,
    Registration,
    RegistrationReturn,
    RegistrationState,
    Review,
    ReviewStage,
    Target,
)

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


# --- Shared checks -------------------------------------------------------------------------


def parse_number(value, *, field: str) -> Decimal:
    """A plan or actual value: a number ≥ 0, with "," or "." as the decimal mark."""
    text = str(value if value is not None else "").strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0 or number >= Decimal("1e12"):
        raise ValidationError(
            {
                field: _("Enter a number (for example 12 or 12.5), not “%(value)s”.")
                % {"value": value}
            }
        )
    return number.quantize(Decimal("0.01"))


def registration_deadline(year: int) -> date:
    """The last day units may register for ``year`` (TDKT_REGISTRATION_DEADLINE "dd/mm",
    default 31/03, unconfirmed for Quảng Ngãi)."""
    day, month = (int(part) for part in settings.TDKT_REGISTRATION_DEADLINE.split("/"))
    return date(year, month, day)


def _check_dates(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end_date": _("The end date must not be before the start date.")})


def _lock(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


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
    """Launch a complete draft: it takes the plan's number (Kế hoạch, Decree 30) and the
    launch date; units may register from now on."""
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
    today = timezone.localdate()
    movement.plan_number = hooks.document_number_next(
        issuer_code=movement.launching_unit.code,
        issuer_symbol=settings.TDKT_MOVEMENT_PLAN_SYMBOL,
        doc_type="KH",
        year=today.year,
    )
    movement.launched_on = today
    movement.state = MovementState.LAUNCHED
    movement.save(update_fields=["plan_number", "launched_on", "state"])
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


# --- Registrations -------------------------------------------------------------------------


def _check_window(year: int) -> None:
    today = timezone.localdate()
    deadline = registration_deadline(year)
    if year < today.year or today > deadline:
        raise ValidationError(
            _("Registrations for %(year)s closed on %(deadline)s.")
            % {"year": year, "deadline": deadline.strftime("%d/%m/%Y")}
        )


def registration_create(*, actor: User, unit: Unit, year: int, movements=()) -> Registration:
    """The unit's draft registration for ``year``; refused after the window and when the
    unit has one already (two posts at the same moment store one)."""
    if not roles_of(actor).covers_unit(unit) or not roles_of(actor).has(
        Role.UNIT_STAFF, Role.UNIT_HEAD
    ):
        raise ValidationError(_("You may register only for your own unit."))
    _check_window(year)
    duplicate = ValidationError(
        _("%(unit)s has already registered for %(year)s: open that registration instead.")
        % {"unit": unit.name, "year": year}
    )
    if Registration.objects.filter(unit=unit, year=year).exists():
        raise duplicate
    try:
        with transaction.atomic():
            registration = Registration.objects.create(unit=unit, year=year, created_by=actor)
            registration.movements.set(movements)
    except IntegrityError:
        raise duplicate from None
    return registration


def _editable(registration: Registration, actor: User) -> Registration:
    registration = _lock(Registration, registration)
    if registration.state not in REGISTRATION_EDITABLE:
        raise ValidationError(
            _("The registration is “%(state)s” and cannot be changed.")
            % {"state": registration.get_state_display()}
        )
    if not actor.has_perm("campaigns.change_registration", registration):
        raise ValidationError(_("You may change only your own unit's registration."))
    return registration


@transaction.atomic
def registration_set_movements(*, registration: Registration, actor: User, movements) -> None:
    registration = _editable(registration, actor)
    registration.movements.set(movements)
    registration.targets.exclude(movement__in=movements).delete()


@transaction.atomic
def registered_target_add(
    *,
    registration: Registration,
    actor: User,
    movement: Movement,
    plan_value,
    target: Target | None = None,
    content: str = "",
    measure: str = "",
    note: str = "",
) -> RegisteredTarget:
    registration = _editable(registration, actor)
    errors = {}
    if not registration.movements.filter(pk=movement.pk).exists():
        errors["movement"] = _("Join the movement before registering its targets.")
    if target is not None and target.movement_id != movement.pk:
        errors["target"] = _("This target belongs to another movement.")
    content = (content or (target.content if target else "")).strip()
    measure = (measure or (target.measure if target else "")).strip()
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
    return RegisteredTarget.objects.create(
        registration=registration,
        movement=movement,
        target=target,
        content=content,
        measure=measure,
        plan_value=value,
        note=note,
    )


@transaction.atomic
def registered_target_remove(*, target: RegisteredTarget, actor: User) -> None:
    _editable(target.registration, actor)
    target.delete()


@transaction.atomic
def registered_title_add(
    *, registration: Registration, actor: User, award: Award, person: Person | None = None, note=""
) -> RegisteredTitle:
    registration = _editable(registration, actor)
    if person is not None and not person.unit.path.startswith(registration.unit.path):
        raise ValidationError({"person": _("This person is not of the registering unit.")})
    wanted = "individual" if person is not None else "collective"
    if award.subject_kind not in (wanted, "any"):
        raise ValidationError(
            {"award": _("“%(award)s” is not a title for this subject.") % {"award": award.name}}
        )
    if RegisteredTitle.objects.filter(
        registration=registration, award=award, person=person
    ).exists():
        raise ValidationError({"award": _("This title is already registered.")})
    return RegisteredTitle.objects.create(
        registration=registration, award=award, person=person, note=note
    )


@transaction.atomic
def registered_title_remove(*, title: RegisteredTitle, actor: User) -> None:
    _editable(title.registration, actor)
    title.delete()


def _tell(users, *, title: str, url: str) -> None:
    for user in users:
        notify(user=user, kind=NotificationKind.MOVEMENT, title=title, url=url)


def _secretariat_users():
    today = timezone.localdate()
    return (
        User.objects.filter(is_active=True, roles__role=Role.SECRETARIAT)
        .exclude(roles__term_end__lt=today)
        .distinct()
    )


def _unit_users(unit: Unit, roles=(Role.UNIT_STAFF, Role.UNIT_HEAD)):
    return User.objects.filter(is_active=True, roles__role__in=roles, roles__unit=unit).distinct()


@transaction.atomic
def registration_submit(*, registration: Registration, actor: User) -> Registration:
    """The head sends the registration; it needs a movement and at least one target."""
    registration = _lock(Registration, registration)
    if registration.state not in REGISTRATION_EDITABLE:
        raise ValidationError(
            _("The registration is “%(state)s” and cannot be submitted again.")
            % {"state": registration.get_state_display()}
        )
    if not actor.has_perm("campaigns.submit_registration", registration):
        raise ValidationError(_("Only the head of the unit may submit the registration."))
    problems = []
    if not registration.movements.exists():
        problems.append(_("join at least one movement"))
    if not registration.targets.exists():
        problems.append(_("register at least one target"))
    if problems:
        raise ValidationError(
            _("The registration cannot be submitted yet: %(problems)s.")
            % {"problems": "; ".join(problems)}
        )
    registration.state = RegistrationState.SUBMITTED
    registration.round += 1
    registration.submitted_at = timezone.now()
    registration.submitted_by = actor
    registration.save(update_fields=["state", "round", "submitted_at", "submitted_by"])
    _tell(
        _secretariat_users(),
        title=_("Registration of %(unit)s for %(year)s submitted")
        % {"unit": registration.unit.name, "year": registration.year},
        url=reverse("campaigns:registration_detail", args=[registration.pk]),
    )
    return registration


def _decidable(registration: Registration, actor: User) -> Registration:
    registration = _lock(Registration, registration)
    if registration.state != RegistrationState.SUBMITTED:
        raise ValidationError(
            _("The registration is “%(state)s”: only a submitted one can be decided.")
            % {"state": registration.get_state_display()}
        )
    if not actor.has_perm("campaigns.decide_registration", registration):
        raise ValidationError(_("You may not decide on this registration."))
    return registration


@transaction.atomic
def registration_return(*, registration: Registration, actor: User, reason: str) -> Registration:
    registration = _decidable(registration, actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the registration is returned.")})
    RegistrationReturn.objects.create(
        registration=registration, round=registration.round, reason=reason.strip(), created_by=actor
    )
    registration.state = RegistrationState.RETURNED
    registration.save(update_fields=["state"])
    _tell(
        _unit_users(registration.unit),
        title=_("Your registration for %(year)s was returned: %(reason)s")
        % {"year": registration.year, "reason": reason.strip()},
        url=reverse("campaigns:registration_detail", args=[registration.pk]),
    )
    return registration


@transaction.atomic
def registration_accept(*, registration: Registration, actor: User) -> Registration:
    registration = _decidable(registration, actor)
    registration.state = RegistrationState.ACCEPTED
    registration.decided_at = timezone.now()
    registration.decided_by = actor
    registration.save(update_fields=["state", "decided_at", "decided_by"])
    _tell(
        _unit_users(registration.unit),
        title=_("Your registration for %(year)s was accepted") % {"year": registration.year},
        url=reverse("campaigns:registration_detail", args=[registration.pk]),
    )
    return registration


@transaction.atomic
def registration_remind_laggards(*, actor: User, year: int, units) -> int:
    """Remind the staff and heads of units that have not submitted for ``year``."""
    if not actor.has_perm("campaigns.remind_registration"):
        raise ValidationError(_("Only the secretariat reminds units."))
    deadline = registration_deadline(year)
    unit_ids = [u.pk for u in units]
    users = (
        User.objects.filter(
            is_active=True,
            roles__role__in=(Role.UNIT_STAFF, Role.UNIT_HEAD),
            roles__unit_id__in=unit_ids,
        )
        .distinct()
        .only("pk", "email")
    )
    title = _("Reminder: register your unit's emulation for %(year)s by %(deadline)s") % {
        "year": year,
        "deadline": deadline.strftime("%d/%m/%Y"),
    }
    count = 0
    for user in users:
        notify(
            user=user,
            kind=NotificationKind.MOVEMENT,
            title=title,
            url=reverse("campaigns:registration_list"),
        )
        count += 1
    return count


# --- Progress ------------------------------------------------------------------------------


@transaction.atomic
def progress_report(
    *, target: RegisteredTarget, actor: User, actual_value, note: str = "", review=None
) -> Progress:
    """An actual against one of the unit's own accepted (or submitted) targets."""
    registration = Registration.objects.select_related("unit").get(pk=target.registration_id)
    if not actor.has_perm("campaigns.report_progress", registration):
        raise ValidationError(_("You may report actuals only for your own unit's targets."))
    if registration.state == RegistrationState.DRAFT:
        raise ValidationError(_("Submit the registration before reporting actuals."))
    if target.movement.state in (MovementState.DRAFT, MovementState.CLOSED):
        raise ValidationError(_("The movement is closed: no more actuals."))
    value = parse_number(actual_value, field="actual_value")
    return Progress.objects.create(
        target=target,
        review=review,
        actual_value=value,
        reported_on=timezone.localdate(),
        note=note,
        reported_by=actor,
    )


# --- Exemplars -----------------------------------------------------------------------------

EXEMPLAR_FIELDS = (
    "subject_kind",
    "name",
    "person",
    "unit",
    "commune",
    "field",
    "movement",
    "summary",
    "evidence",
    "media_links",
)


def _check_exemplar(actor: User, fields: dict) -> None:
    unit = fields.get("unit")
    if unit is not None and not (
        roles_of(actor).has(Role.SECRETARIAT) or roles_of(actor).covers_unit(unit)
    ):
        raise ValidationError({"unit": _("You may propose exemplars only for your own unit.")})
    for line in (fields.get("media_links") or "").splitlines():
        if line.strip() and not line.strip().startswith(("https://", "http://")):
            raise ValidationError({"media_links": _("Each media link must start with https://.")})


@transaction.atomic
def exemplar_propose(*, actor: User, responsible_unit: Unit | None = None, **fields) -> Exemplar:
    _check_exemplar(actor, fields)
    data = {k: v for k, v in fields.items() if k in EXEMPLAR_FIELDS}
    exemplar = Exemplar.objects.create(
        created_by=actor, responsible_unit=responsible_unit or data["unit"], **data
    )
    ExemplarStageEntry.objects.create(
        exemplar=exemplar,
        stage=ExemplarStage.DISCOVERED,
        on=timezone.localdate(),
        responsible_unit=exemplar.responsible_unit,
        created_by=actor,
    )
    return exemplar


@transaction.atomic
def exemplar_update(*, exemplar: Exemplar, actor: User, **fields) -> Exemplar:
    exemplar = _lock(Exemplar, exemplar)
    _check_exemplar(actor, fields)
    for key, value in fields.items():
        if key in EXEMPLAR_FIELDS:
            setattr(exemplar, key, value)
    exemplar.save()
    return exemplar


@transaction.atomic
def exemplar_advance(
    *, exemplar: Exemplar, actor: User, responsible_unit: Unit, on: date | None = None, note=""
) -> Exemplar:
    """The next stage: discovered → nurtured → summarised → spread."""
    exemplar = _lock(Exemplar, exemplar)
    index = STAGE_ORDER.index(exemplar.stage)
    if index + 1 >= len(STAGE_ORDER):
        raise ValidationError(_("The exemplar has reached its last stage."))
    on = on or timezone.localdate()
    last = exemplar.stages.order_by("-on").first()
    if last and on < last.on:
        raise ValidationError(
            {
                "on": _("The date must not be before the previous stage (%(date)s).")
                % {"date": last.on.strftime("%d/%m/%Y")}
            }
        )
    exemplar.stage = STAGE_ORDER[index + 1]
    exemplar.responsible_unit = responsible_unit
    exemplar.save(update_fields=["stage", "responsible_unit"])
    ExemplarStageEntry.objects.create(
        exemplar=exemplar,
        stage=exemplar.stage,
        on=on,
        responsible_unit=responsible_unit,
        note=note,
        created_by=actor,
    )
    return exemplar


@transaction.atomic
def exemplar_record_consent(*, exemplar: Exemplar, actor: User, on: date) -> Exemplar:
    exemplar = _lock(Exemplar, exemplar)
    if on > timezone.localdate():
        raise ValidationError({"consent_on": _("The consent cannot be dated in the future.")})
    exemplar.consent_given = True
    exemplar.consent_on = on
    exemplar.consent_notice_version = settings.TDKT_EXEMPLAR_CONSENT_VERSION
    exemplar.consent_recorded_by = actor
    exemplar.consent_withdrawn_at = None
    exemplar.save()
    return exemplar


@transaction.atomic
def exemplar_withdraw_consent(*, exemplar: Exemplar, actor: User) -> Exemplar:
    """The person withdrew consent: off the gallery at once, and unpublished."""
    exemplar = _lock(Exemplar, exemplar)
    exemplar.consent_given = False
    exemplar.consent_withdrawn_at = timezone.now()
    exemplar.is_published = False
    exemplar.save()
    return exemplar


@transaction.atomic
def exemplar_publish(*, exemplar: Exemplar, actor: User, publish: bool = True) -> Exemplar:
    exemplar = _lock(Exemplar, exemplar)
    if not actor.has_perm("campaigns.curate_exemplar", exemplar):
        raise ValidationError(_("Only the secretariat publishes exemplars."))
    if publish:
        if not exemplar.consent_given or exemplar.consent_withdrawn_at is not None:
            raise ValidationError(
                _("Record the person's consent to publication before publishing.")
            )
        if exemplar.stage not in (ExemplarStage.SUMMARISED, ExemplarStage.SPREAD):
            raise ValidationError(_("Only a summarised exemplar can be published."))
        exemplar.published_at = timezone.now()
    exemplar.is_published = publish
    exemplar.save()
    return exemplar


@transaction.atomic
def exemplar_photo_add(*, exemplar: Exemplar, actor: User, image, caption: str = ""):
    """A photo, re-encoded without its metadata (EXIF, GPS) and stored under a random name."""
    from units.uploads import sanitise_image

    from .models import ExemplarPhoto

    clean = sanitise_image(image)
    return ExemplarPhoto.objects.create(exemplar=exemplar, image=clean, caption=caption)
