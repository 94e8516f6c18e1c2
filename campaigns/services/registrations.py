"""Registrations: one a unit and year within the window; staff draft, the head submits,
the secretariat or the launching unit returns or accepts; reminders; actuals."""

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

from ..models import (
    REGISTRATION_EDITABLE,
    Movement,
    MovementState,
    Progress,
    RegisteredTarget,
    RegisteredTitle,
    Registration,
    RegistrationReturn,
    RegistrationState,
    Target,
)
from ._common import _lock, parse_number, registration_deadline

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
        % {"unit": unit.full_name, "year": year}
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
        % {"unit": registration.unit.full_name, "year": registration.year},
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
