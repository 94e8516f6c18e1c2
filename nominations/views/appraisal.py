"""The secretariat's appraisal pages (thẩm định): the queue of received dossiers and the
review page of one dossier, with its actions (start, re-check eligibility, return with
reasons, accept with a decision per nominee).

Only the secretariat appraises: anyone else gets 404 for every page and action.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from units.pagecache import cached_page
from units.views.helpers import apply_form_errors, paginate, require_perm

from ..forms.appraisal import AcceptForm, QueueFilterForm, ReturnForm
from ..models import QUEUE_STATES, Dossier, DossierState, ReturnReason
from ..selectors import appraisal as selectors
from ..selectors._core import dossier_events, dossiers_openable
from ..selectors.dossiers import dossier_attachments, dossier_checklist, verdict_status
from ..services import appraisal as services

PERM = "nominations.appraise_dossier"


def _dossier(request, pk: int) -> Dossier:
    require_perm(request, PERM)
    try:
        dossier = selectors.dossier_for_appraisal(pk=pk)
    except Dossier.DoesNotExist:
        raise Http404 from None
    require_perm(request, PERM, dossier)
    return dossier


@login_required
@require_GET
@cached_page
def appraisal_queue(request):
    require_perm(request, PERM)
    form = QueueFilterForm(request.GET or None)
    page = paginate(request, selectors.appraisal_queue(filters=form.filters()))
    rows = selectors.queue_timing(dossiers=page.object_list)
    return render(
        request,
        "nominations/appraisal/queue.html",
        {"filter": {"form": form}, "page": page, "rows": rows},
    )


def _render_detail(request, dossier, *, return_form=None, accept_form=None, status=200):
    nominees = selectors.dossier_nominees(dossier=dossier)
    attachments = dossier_attachments(dossier=dossier)
    open_for_review = dossier.state in QUEUE_STATES
    if open_for_review:
        return_form = return_form or ReturnForm(nominees=nominees)
        accept_form = accept_form or AcceptForm(nominees=nominees)
        # The forms list the nominees read here, with the blocks and verdicts set below.
        return_form.nominees = accept_form.nominees = nominees
    returns = ReturnReason.objects.filter(dossier=dossier).select_related("created_by")
    rounds: dict[int, list[ReturnReason]] = {}
    for reason in returns.order_by("-round", "id"):
        rounds.setdefault(reason.round, []).append(reason)
    blocks = selectors.nominee_blocks(nominees=nominees)
    for nominee in nominees:
        nominee.blocks_now = blocks.get(nominee.pk, [])
        # The stored status, or the verdict inside the stored result (the engine's name).
        nominee.status_at_submission = nominee.eligibility_status or verdict_status(
            nominee.eligibility_result
        )
        nominee.status_at_appraisal = nominee.appraisal_status or verdict_status(
            nominee.appraisal_result
        )
    return render(
        request,
        "nominations/appraisal/detail.html",
        {
            "dossier": dossier,
            # Who may appraise but not open the dossier (an administrator's superuser
            # account) reads its documents' names without links that would answer 404.
            "dossier_closed": not dossiers_openable(user=request.user, ids=[dossier.pk]),
            "nominees": nominees,
            # The same checklist the unit saw when it submitted (selectors.dossiers).
            "checklist": dossier_checklist(
                dossier=dossier, nominees=nominees, attachments=attachments
            ),
            "conflicts": selectors.dossier_conflicts(dossier=dossier, nominees=nominees),
            "return_rounds": sorted(rounds.items(), reverse=True),
            "events": dossier_events(dossier=dossier),
            "timing": selectors.queue_timing(dossiers=[dossier])[0],
            "open_for_review": open_for_review,
            "can_start": dossier.state == DossierState.SUBMITTED,
            "return_form": return_form,
            "accept_form": accept_form,
        },
        status=status,
    )


@login_required
@require_GET
def appraisal_detail(request, pk: int):
    return _render_detail(request, _dossier(request, pk))


def _run(request, dossier, service, success: str):
    try:
        service(dossier=dossier, actor=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, success)
    return redirect("nominations:appraisal_detail", pk=dossier.pk)


@login_required
@require_POST
def appraisal_start(request, pk: int):
    dossier = _dossier(request, pk)
    return _run(request, dossier, services.appraisal_start, _("The appraisal has started."))


@login_required
@require_POST
def appraisal_recheck(request, pk: int):
    dossier = _dossier(request, pk)
    return _run(
        request,
        dossier,
        services.appraisal_recheck,
        _("Eligibility was checked again for every nominee."),
    )


@login_required
@require_POST
def appraisal_return(request, pk: int):
    dossier = _dossier(request, pk)
    nominees = selectors.dossier_nominees(dossier=dossier)
    form = ReturnForm(request.POST, nominees=nominees)
    if form.is_valid():
        try:
            services.dossier_return(
                dossier=dossier,
                general_reason=form.cleaned_data["general_reason"],
                nominee_reasons=form.nominee_reasons(),
                actor=request.user,
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The dossier was returned to its unit."))
            return redirect("nominations:appraisal_detail", pk=dossier.pk)
    return _render_detail(request, dossier, return_form=form, status=200)


@login_required
@require_POST
def appraisal_accept(request, pk: int):
    dossier = _dossier(request, pk)
    nominees = selectors.dossier_nominees(dossier=dossier)
    form = AcceptForm(request.POST, nominees=nominees)
    if form.is_valid():
        try:
            dossier = services.dossier_accept(
                dossier=dossier, decisions=form.decisions(), actor=request.user
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(
                request,
                _("The dossier was accepted; it is now “%(state)s”.")
                % {"state": dossier.get_state_display()},
            )
            return redirect("nominations:appraisal_detail", pk=dossier.pk)
    return _render_detail(request, dossier, accept_form=form, status=200)


urlpatterns = [
    path("tham-dinh/", appraisal_queue, name="appraisal_queue"),
    path("tham-dinh/<int:pk>/", appraisal_detail, name="appraisal_detail"),
    path("tham-dinh/<int:pk>/bat-dau/", appraisal_start, name="appraisal_start"),
    path("tham-dinh/<int:pk>/kiem-tra-lai/", appraisal_recheck, name="appraisal_recheck"),
    path("tham-dinh/<int:pk>/tra-lai/", appraisal_return, name="appraisal_return"),
    path("tham-dinh/<int:pk>/tiep-nhan/", appraisal_accept, name="appraisal_accept"),
]
