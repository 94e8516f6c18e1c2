"""The dossier itself: the list, create and edit, the page, submission by the unit head
and withdrawal."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaigns.selectors import unregistered_titles
from units.models import Unit
from units.pagecache import cached_page
from units.selectors import roles_of
from units.views.helpers import apply_form_errors, paginate, require_perm

from ...forms import dossiers as forms_module
from ...forms.dossiers import DossierFilter, DossierForm, WithdrawForm
from ...models import Dossier, DossierState
from ...selectors import dossiers as selectors
from ...services import dossiers as services
from ...services._core import nominee_verdicts as core_nominee_verdicts
from ._common import _dossier, _error_messages, _with_version, event_details

# --- Dossiers ------------------------------------------------------------------------------


@login_required
@cached_page
def dossier_list(request):
    require_perm(request, "nominations.view_dossier_list")
    visible = selectors.dossier_list(user=request.user)
    dossier_filter = DossierFilter(request.GET or None, queryset=visible)
    dossiers = dossier_filter.qs if dossier_filter.is_bound else visible
    return render(
        request,
        "nominations/dossiers/list.html",
        {
            "filter": dossier_filter,
            "page": paginate(request, dossiers),
            "can_add": request.user.has_perm("nominations.add_dossier"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_create(request):
    require_perm(request, "nominations.add_dossier")
    units = Unit.objects.filter(pk__in=roles_of(request.user).unit_ids, is_active=True).order_by(
        "path"
    )
    form = DossierForm(request.POST or None, unit_queryset=units)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_create(actor=request.user, **form.cleaned_data)
        except services.DossierAlreadyCreated as already:
            # The same form posted again (double click, back button): no second dossier.
            if request.user.has_perm("nominations.view_dossier", already.dossier):
                messages.info(
                    request,
                    _("This form was already sent: the dossier “%(title)s” was created then.")
                    % {"title": already.dossier.title},
                )
                return redirect("nominations:dossier_detail", pk=already.dossier.pk)
            # Someone else's token (it cannot be guessed): say nothing of that dossier;
            # the input stays, with a fresh token.
            data = request.POST.copy()
            data["creation_token"] = str(uuid.uuid4())
            form = DossierForm(data, unit_queryset=units)
            form.is_valid()
            form.add_error(None, forms_module.STALE_FORM)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The dossier was created. Now add its nominees."))
            return redirect("nominations:dossier_detail", pk=dossier.pk)
    return render(request, "nominations/dossiers/form.html", {"form": form, "dossier": None})


@login_required
@require_http_methods(["GET", "POST"])
def dossier_update(request, pk: int):
    dossier = _dossier(request, pk, "nominations.change_dossier")
    form = DossierForm(request.POST or None, instance=Dossier.objects.get(pk=dossier.pk))
    current = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        try:
            services.dossier_update(
                dossier=dossier, actor=request.user, expected_version=expected, **data
            )
        except services.EditConflict as conflict:
            current = conflict.current
            # A second copy for the form: validating it writes the input onto its instance.
            form = DossierForm(
                _with_version(request, current.version), instance=Dossier.objects.get(pk=pk)
            )
            form.is_valid()
            form.add_error(None, conflict.messages[0])
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("nominations:dossier_detail", pk=dossier.pk)
    return render(
        request,
        "nominations/dossiers/form.html",
        {"form": form, "dossier": dossier, "current": current},
    )


@login_required
def dossier_detail(request, pk: int):
    dossier = _dossier(request, pk)
    user = request.user
    can_change = user.has_perm("nominations.change_dossier", dossier)
    nominees = selectors.dossier_nominees(dossier=dossier)
    attachments = selectors.dossier_attachments(dossier=dossier)
    for nominee in nominees:
        nominee.dossier = dossier
    # The unit sees the verdict on today's records: all nominees' records in one batch.
    live = core_nominee_verdicts(nominees) if can_change else [None] * len(nominees)
    for nominee, verdict in zip(nominees, live, strict=True):
        stored = verdict if can_change else nominee.eligibility_result
        nominee.verdict = selectors.verdict_view(stored)
        nominee.appraisal_verdict = selectors.verdict_view(nominee.appraisal_result)
    checklist = selectors.dossier_checklist(
        dossier=dossier, nominees=nominees, attachments=attachments
    )
    events = list(selectors.dossier_events(dossier=dossier))
    for event in events:
        event.details = event_details(event)
    return render(
        request,
        "nominations/dossiers/detail.html",
        {
            "dossier": dossier,
            "nominees": nominees,
            "checklist": checklist,
            "returns": selectors.dossier_returns(dossier=dossier),
            "events": events,
            "can_change": can_change,
            "can_submit": user.has_perm("nominations.submit_dossier", dossier),
            "can_withdraw": user.has_perm("nominations.withdraw_dossier", dossier),
            "withdraw_form": WithdrawForm(),
            "documents": selectors.document_choices(dossier=dossier, nominees=nominees),
            # Titles proposed but not registered (campaigns): warned, or blocked at
            # submission when TDKT_UNREGISTERED_TITLE_RULE is "block".
            "unregistered": unregistered_titles(year=dossier.year, nominees=nominees),
            "unregistered_blocks": settings.TDKT_UNREGISTERED_TITLE_RULE == "block",
        },
    )


@login_required
@require_POST
def dossier_submit(request, pk: int):
    dossier = _dossier(request, pk, "nominations.submit_dossier")
    try:
        dossier = services.dossier_submit(dossier=dossier, actor=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        if dossier.state == DossierState.UNIT_REVIEW:  # a grassroots dossier (issue 9.9)
            messages.success(
                request,
                _("The dossier was sent to the unit's emulation council (round %(round)s).")
                % {"round": dossier.round},
            )
            return redirect("nominations:grassroots_detail", pk=pk)
        messages.success(
            request,
            _("The dossier was submitted to the secretariat (round %(round)s).")
            % {"round": dossier.round},
        )
    return redirect("nominations:dossier_detail", pk=pk)


@login_required
@require_POST
def dossier_withdraw(request, pk: int):
    dossier = _dossier(request, pk, "nominations.withdraw_dossier")
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for withdrawing the dossier."))
        return redirect("nominations:dossier_detail", pk=pk)
    try:
        services.dossier_withdraw(
            dossier=dossier, reason=form.cleaned_data["reason"], actor=request.user
        )
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("The dossier was withdrawn."))
    return redirect("nominations:dossier_detail", pk=pk)
