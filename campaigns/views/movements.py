"""Movement pages: the list, the detail (targets, offered awards, registrations, the
dossiers and awards that came from it), the form, targets, launch, lifecycle steps and
the review page with its computed figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from units import issuing
from units.models import Role, Unit
from units.selectors import roles_of

from .. import services
from ..forms import (
    AttachmentForm,
    MovementFilter,
    MovementForm,
    PlanIssueForm,
    ReviewForm,
    TargetForm,
)
from ..hooks import movement_links
from ..models import LaunchLevel, Movement, MovementState, ReviewStage
from ..selectors import movement_figures, movement_list_visible
from ._common import apply_form_errors, error_messages, paginate, require_perm


def _movement(request, pk: int, perm: str = "campaigns.view_movement") -> Movement:
    movement = get_object_or_404(movement_list_visible(user=request.user), pk=pk)
    require_perm(request, perm, movement)
    return movement


def _launching_units(user):
    roles = roles_of(user)
    if roles.has(Role.SECRETARIAT):
        return Unit.objects.filter(is_active=True).order_by("path")
    return Unit.objects.filter(pk__in=roles.unit_ids, is_active=True).order_by("path")


@login_required
def movement_list(request):
    require_perm(request, "campaigns.view_movement")
    visible = movement_list_visible(user=request.user)
    movement_filter = MovementFilter(request.GET or None, queryset=visible)
    movements = movement_filter.qs if movement_filter.is_bound else visible
    return render(
        request,
        "campaigns/movement_list.html",
        {
            "filter": movement_filter,
            "page": paginate(request, movements),
            "can_add": request.user.has_perm("campaigns.add_movement"),
        },
    )


def _plan_issue_form(movement: Movement, data=None, files=None) -> PlanIssueForm:
    """The clerk's form: signers of the launching unit, the authority lines of a Council
    plan ("TM. HỘI ĐỒNG") or a unit's, the register's next number suggested."""
    issuer = movement.launching_unit
    council = movement.launch_level == LaunchLevel.COUNCIL
    return PlanIssueForm(
        data,
        files,
        signers=issuing.active_signers(issuer),
        authority_choices=issuing.authority_line_choices(
            body="Hội đồng" if council else issuer.name,
            head="Chủ tịch" if council else "Thủ trưởng đơn vị",
            collective=council,
        ),
        suggested=issuing.suggested_number(
            issuer=issuer, doc_type=services.PLAN_TYPE, year=timezone.localdate().year
        ),
        initial={
            "issuer_symbol": services.plan_symbol(movement),
            "signer": issuing.active_signers(issuer).values_list("pk", flat=True).first(),
        },
    )


@login_required
def movement_detail(request, pk: int, *, plan_form=None, attachment_form=None, status=200):
    movement = _movement(request, pk)
    figures = None
    if movement.state != MovementState.DRAFT:
        roles = roles_of(request.user)
        sees_all = roles.has(Role.SECRETARIAT, Role.CHAIRMAN) or request.user.has_perm(
            "campaigns.review_movement", movement
        )
        figures = movement_figures(
            movement=movement, unit_paths=None if sees_all else roles.unit_paths
        )
    can_issue = (
        movement.state != MovementState.DRAFT
        and not movement.plan_register_id
        and request.user.has_perm("campaigns.issue_movement_plan", movement)
    )
    return render(
        request,
        "campaigns/movement_detail.html",
        {
            "movement": movement,
            "targets": movement.targets.all(),
            "offered": movement.awards.select_related("award"),
            "reviews": movement.reviews.all(),
            "figures": figures,
            "links": movement_links(movement=movement, user=request.user),
            "missing": services.launch_missing(movement)
            if movement.state == MovementState.DRAFT
            else [],
            "target_form": TargetForm(),
            "can_change": movement.state == MovementState.DRAFT
            and request.user.has_perm("campaigns.change_movement", movement),
            "can_launch": movement.state == MovementState.DRAFT
            and request.user.has_perm("campaigns.launch_movement", movement),
            "can_review": request.user.has_perm("campaigns.review_movement", movement),
            "plan_number_line": services.plan_number_line(movement),
            "plan_form": (plan_form or _plan_issue_form(movement)) if can_issue else None,
            "attachments": movement.attachments.order_by("uploaded_at", "pk"),
            "attachment_form": (attachment_form or AttachmentForm())
            if request.user.has_perm("campaigns.attach_movement_document", movement)
            else None,
        },
        status=status,
    )


@login_required
@require_POST
def movement_plan_issue(request, pk: int):
    """The launching unit's clerk issues the signed plan with its register number."""
    movement = _movement(request, pk, "campaigns.issue_movement_plan")
    form = _plan_issue_form(movement, request.POST, request.FILES)
    if form.is_valid():
        try:
            movement = services.movement_plan_issue(
                movement=movement, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(
                request,
                _("The launch plan was issued as no. %(number)s.")
                % {"number": movement.plan_number},
            )
            return redirect("campaigns:movement_detail", pk=movement.pk)
    return movement_detail(request, pk, plan_form=form, status=400)


def _save_movement(request, form, movement=None):
    data = dict(form.cleaned_data)
    units = data.pop("participant_units", [])
    awards = data.pop("offered_awards", [])
    if not request.user.has_perm("campaigns.add_movement") or (
        data["launching_unit"] not in _launching_units(request.user)
    ):
        raise ValidationError(
            {"launching_unit": _("You may launch movements only for your own unit.")}
        )
    if movement is None:
        return services.movement_create(
            actor=request.user, participant_units=units, awards=awards, **data
        )
    return services.movement_update(
        movement=movement, actor=request.user, participant_units=units, awards=awards, **data
    )


@login_required
@require_http_methods(["GET", "POST"])
def movement_create(request):
    require_perm(request, "campaigns.add_movement")
    units = _launching_units(request.user)
    form = MovementForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            movement = _save_movement(request, form)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The movement was saved as a draft."))
            return redirect("campaigns:movement_detail", pk=movement.pk)
    return render(request, "campaigns/movement_form.html", {"form": form, "movement": None})


@login_required
@require_http_methods(["GET", "POST"])
def movement_update(request, pk: int):
    movement = _movement(request, pk, "campaigns.change_movement")
    if movement.state != MovementState.DRAFT:
        raise_404()
    form = MovementForm(
        request.POST or None,
        instance=Movement.objects.get(pk=pk),
        units=_launching_units(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_movement(request, form, movement)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The movement was saved."))
            return redirect("campaigns:movement_detail", pk=movement.pk)
    return render(request, "campaigns/movement_form.html", {"form": form, "movement": movement})


def raise_404():
    from django.http import Http404

    raise Http404


@login_required
@require_POST
def target_add(request, pk: int):
    movement = _movement(request, pk, "campaigns.change_movement")
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            services.target_add(movement=movement, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
    if form.errors:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, _("The target was added."))
    return redirect("campaigns:movement_detail", pk=movement.pk)


@login_required
@require_POST
def target_remove(request, pk: int, target_pk: int):
    movement = _movement(request, pk, "campaigns.change_movement")
    target = get_object_or_404(movement.targets, pk=target_pk)
    try:
        services.target_remove(target=target, actor=request.user)
    except ValidationError as error:
        error_messages(request, error)
    return redirect("campaigns:movement_detail", pk=movement.pk)


@login_required
@require_POST
def movement_launch(request, pk: int):
    movement = _movement(request, pk, "campaigns.launch_movement")
    try:
        movement = services.movement_launch(movement=movement, actor=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _(
                "The movement was launched. Print the plan for signature: it takes its "
                "number from the register when the clerk issues it."
            ),
        )
    return redirect("campaigns:movement_detail", pk=movement.pk)


@login_required
@require_POST
def movement_transition(request, pk: int):
    movement = _movement(request, pk, "campaigns.review_movement")
    try:
        services.movement_transition(
            movement=movement, actor=request.user, to=request.POST.get("to", "")
        )
    except (ValidationError, ValueError) as error:
        if isinstance(error, ValidationError):
            error_messages(request, error)
        else:
            messages.error(request, _("Unknown step."))
    else:
        messages.success(request, _("The movement's status was changed."))
    return redirect("campaigns:movement_detail", pk=movement.pk)


@login_required
@require_http_methods(["GET", "POST"])
def movement_review(request, pk: int):
    """The review page: computed figures per target and unit, and the narrative sections."""
    movement = _movement(request, pk, "campaigns.review_movement")
    if movement.state == MovementState.DRAFT:
        raise_404()
    stage = request.POST.get("stage") or request.GET.get("stage") or ReviewStage.FINAL
    instance = movement.reviews.filter(stage=stage).first()
    form = ReviewForm(
        request.POST or None,
        instance=instance,
        initial={"stage": stage, "held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.review_save(
                movement=movement, actor=request.user, stage=data.pop("stage"), **data
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The review was saved."))
            return redirect("campaigns:movement_review", pk=movement.pk)
    return render(
        request,
        "campaigns/movement_review.html",
        {
            "movement": movement,
            "form": form,
            "figures": movement_figures(movement=movement),
            "reviews": movement.reviews.all(),
        },
    )


urlpatterns = [
    path("phong-trao/", movement_list, name="movement_list"),
    path("phong-trao/them/", movement_create, name="movement_create"),
    path("phong-trao/<int:pk>/", movement_detail, name="movement_detail"),
    path("phong-trao/<int:pk>/sua/", movement_update, name="movement_update"),
    path("phong-trao/<int:pk>/chi-tieu/", target_add, name="target_add"),
    path("phong-trao/<int:pk>/chi-tieu/<int:target_pk>/xoa/", target_remove, name="target_remove"),
    path("phong-trao/<int:pk>/phat-dong/", movement_launch, name="movement_launch"),
    path("phong-trao/<int:pk>/ban-hanh-ke-hoach/", movement_plan_issue, name="movement_plan_issue"),
    path("phong-trao/<int:pk>/trang-thai/", movement_transition, name="movement_transition"),
    path("phong-trao/<int:pk>/so-ket-tong-ket/", movement_review, name="movement_review"),
]
