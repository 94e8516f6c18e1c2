"""The unit's pages of a dossier: the list, create and edit, nominees (with the person
search, the quick add to the registry and the live eligibility verdict), attachments per
checklist item, submission by the unit head and withdrawal.

Every dossier comes from ``dossier_list_visible``, so one outside the user's scope answers
404; every action checks its permission on the dossier, and a dossier the unit no longer
holds (submitted and beyond) answers 404 to every change.
"""

import uuid
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.models import CommendationKind, SubjectKind
from campaigns.selectors import unregistered_titles
from units.models import SecurityEventKind, Unit
from units.security import log_event
from units.selectors import roles_of
from units.services import person_create
from units.views.helpers import apply_form_errors, paginate, require_perm

from ..forms import dossiers as forms_module
from ..forms.dossiers import (
    AttachmentForm,
    DossierFilter,
    DossierForm,
    NomineeForm,
    PersonQuickForm,
    WithdrawForm,
)
from ..models import Dossier, DossierState, EligibilityStatus, Nominee
from ..selectors import dossiers as selectors
from ..selectors._core import dossier_list_visible
from ..services import dossiers as services
from ..services._core import nominee_verdict as core_nominee_verdict
from ..services._core import nominee_verdicts as core_nominee_verdicts

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
EVENT_DATA_LABELS = {
    "title": gettext_lazy("Title"),
    "year": gettext_lazy("Year"),
    "kind": gettext_lazy("Kind of commendation"),
    "round": gettext_lazy("Round"),
    "nominees": gettext_lazy("Number of nominees"),
    "nominee": gettext_lazy("Nominee"),
    "award": gettext_lazy("Award"),
    "document": gettext_lazy("Document"),
    "file": gettext_lazy("File"),
    "size": gettext_lazy("Size (bytes)"),
    "reason": gettext_lazy("Reason"),
    "reasons": gettext_lazy("Reasons"),
    "changed": gettext_lazy("Changed"),
    "simplified": gettext_lazy("Simplified procedure"),
    "appraisal_due_on": gettext_lazy("Appraisal due on"),
    "verdicts": gettext_lazy("Eligibility at submission"),
    "general": gettext_lazy("Reason for the whole dossier"),
    "approved": gettext_lazy("Approved"),
    "not_approved": gettext_lazy("Not approved"),
    "opens_on": gettext_lazy("Opens on"),
    "closes_on": gettext_lazy("Closes on"),
    "working_days": gettext_lazy("Working days"),
    "resolution": gettext_lazy("How it was resolved"),
    "held_on": gettext_lazy("Date of the session"),
    "member_total": gettext_lazy("Total members of the Council"),
    "present": gettext_lazy("Members present"),
    "quorum": gettext_lazy("Quorum"),
    "number": gettext_lazy("Number"),
    "date": gettext_lazy("Date"),
}
# Keys kept for the machines (ids, raw statuses, per-item figures the note already tells
# in words) are not shown: only the labelled ones are.


# --- Helpers -------------------------------------------------------------------------------


def _dossier(request, pk: int, perm: str = "nominations.view_dossier") -> Dossier:
    dossier = get_object_or_404(dossier_list_visible(user=request.user), pk=pk)
    require_perm(request, perm, dossier)
    return dossier


def _nominee(request, dossier: Dossier, pk: int) -> Nominee:
    return get_object_or_404(
        Nominee.objects.select_related("award", "person", "collective", "household"),
        pk=pk,
        dossier=dossier,
    )


def _error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _value(key: str, value):
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if key == "kind" and value in CommendationKind.values:
        return CommendationKind(value).label
    if key == "verdicts" and isinstance(value, dict):
        return ", ".join(
            f"{EligibilityStatus(k).label if k in EligibilityStatus.values else k}: {v}"
            for k, v in value.items()
        )
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(k, v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(str(_value(key, v)) for v in value)
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return value


def _nominees_value(value):
    """A list of nominees ({name, reason/outcome…}) as names with their reason; a list of
    ids or a number as a count."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return "; ".join(
            str(v.get("name", "")) + (f": {v['reason']}" if v.get("reason") else "") for v in value
        )
    if isinstance(value, list):
        return len(value)
    return value


def event_details(event) -> list[tuple[str, str]]:
    """The figures of a history entry as (label, value) pairs, in Vietnamese; only the
    keys with a label are shown."""
    details = []
    for key, value in (event.data or {}).items():
        if key not in EVENT_DATA_LABELS or value in ("", None, [], {}):
            continue
        if key == "nominees":
            shown = _nominees_value(value)
            label = (
                _("Nominees")
                if isinstance(value, list) and value and isinstance(value[0], dict)
                else EVENT_DATA_LABELS[key]
            )
            details.append((str(label), shown))
            continue
        details.append((str(EVENT_DATA_LABELS[key]), _value(key, value)))
    return details


def _awards_by_kind(dossier: Dossier) -> dict:
    return {
        kind: selectors.awards_for(subject_kind=kind, kind=dossier.kind)
        for kind in (SubjectKind.INDIVIDUAL, SubjectKind.COLLECTIVE, SubjectKind.HOUSEHOLD)
    }


def _nominee_form(request, dossier: Dossier, instance: Nominee | None = None, initial=None):
    return NomineeForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=instance,
        initial=initial,
        people=selectors.subtree_people(user=request.user, dossier=dossier),
        units=selectors.subtree_units(user=request.user, dossier=dossier),
        households=selectors.subtree_households(user=request.user, dossier=dossier),
        awards_by_kind=_awards_by_kind(dossier),
    )


def _live_verdict(nominee: Nominee):
    return selectors.verdict_view(core_nominee_verdict(nominee))


# --- Dossiers ------------------------------------------------------------------------------


@login_required
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


def _with_version(request, version: int):
    """The posted data with the hidden version replaced by the current one: after a
    conflict the form keeps the user's input and, once they have seen the current values,
    saving again is their informed choice."""
    data = request.POST.copy()
    data["version"] = str(version)
    return data


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


# --- Nominees ------------------------------------------------------------------------------


def _initial_from_query(request, dossier: Dossier) -> dict:
    """The nominee form's starting values from the query (after a search or a quick add)."""
    initial = {}
    for key in ("subject_kind", "person", "collective", "household", "award"):
        value = request.GET.get(key, "")
        if value:
            initial[key] = value
    if initial.get("person", "").isdigit():
        person = (
            selectors.subtree_people(user=request.user, dossier=dossier)
            .filter(pk=initial["person"])
            .first()
        )
        if person is not None:
            initial["position"] = person.position
    return initial


def _chosen_person(request, form, dossier: Dossier):
    raw = form["person"].value() if "person" in form.fields else None
    if raw and str(raw).isdigit():
        return selectors.subtree_people(user=request.user, dossier=dossier).filter(pk=raw).first()
    return None


@login_required
@require_http_methods(["GET", "POST"])
def nominee_create(request, pk: int):
    dossier = _dossier(request, pk, "nominations.change_dossier")
    form = _nominee_form(request, dossier, initial=_initial_from_query(request, dossier))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.nominee_add(
                dossier=dossier,
                award=data["award"],
                person=data.get("person"),
                collective=data.get("collective"),
                household=data.get("household"),
                position=data.get("position", ""),
                achievement_summary=data.get("achievement_summary", ""),
                achievement_report=data.get("achievement_report", ""),
                report_file=data.get("report_file"),
                actor=request.user,
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The nominee was added."))
            return redirect(reverse("nominations:dossier_detail", args=[pk]) + "#nominees")
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "nominations/dossiers/nominee_form.html",
        {
            "dossier": dossier,
            "form": form,
            "nominee": None,
            "chosen_person": _chosen_person(request, form, dossier),
            "query": query,
            "matches": selectors.people_matching(user=request.user, dossier=dossier, text=query),
            "can_add_person": request.user.has_perm("units.add_person"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def nominee_update(request, pk: int, nominee_pk: int):
    dossier = _dossier(request, pk, "nominations.change_dossier")
    nominee = _nominee(request, dossier, nominee_pk)
    form = _nominee_form(request, dossier, instance=nominee)
    current = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.nominee_update(
                nominee=nominee,
                actor=request.user,
                award=data["award"],
                position=data.get("position", ""),
                achievement_summary=data.get("achievement_summary", ""),
                achievement_report=data.get("achievement_report", ""),
                report_file=data.get("report_file"),
                remove_report_file=data.get("remove_report_file", False),
                expected_version=data["version"],
            )
        except services.EditConflict as conflict:
            current = _nominee(request, dossier, nominee_pk)
            form = NomineeForm(
                _with_version(request, current.version),
                instance=_nominee(request, dossier, nominee_pk),
                people=selectors.subtree_people(user=request.user, dossier=dossier),
                units=selectors.subtree_units(user=request.user, dossier=dossier),
                households=selectors.subtree_households(user=request.user, dossier=dossier),
                awards_by_kind=_awards_by_kind(dossier),
            )
            form.is_valid()
            form.add_error(None, conflict.messages[0])
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(reverse("nominations:dossier_detail", args=[pk]) + "#nominees")
    return render(
        request,
        "nominations/dossiers/nominee_form.html",
        {"dossier": dossier, "form": form, "nominee": nominee, "current": current},
    )


@login_required
@require_POST
def nominee_remove(request, pk: int, nominee_pk: int):
    dossier = _dossier(request, pk, "nominations.change_dossier")
    nominee = _nominee(request, dossier, nominee_pk)
    try:
        services.nominee_remove(nominee=nominee, actor=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(
            request, _("%(name)s was removed from the dossier.") % {"name": nominee.display_name}
        )
    return redirect(reverse("nominations:dossier_detail", args=[pk]) + "#nominees")


@login_required
@require_GET
def nominee_verdict(request, pk: int):
    """The htmx partial: the engine's verdict for the subject and award being chosen,
    computed on an unsaved nominee (nothing is written)."""
    dossier = _dossier(request, pk, "nominations.change_dossier")
    params = request.GET
    probe = Nominee(dossier=dossier)
    if params.get("nominee", "").isdigit():
        saved = _nominee(request, dossier, int(params["nominee"]))
        probe.person, probe.collective, probe.household = (
            saved.person,
            saved.collective,
            saved.household,
        )
        kind = saved.subject_kind
    else:
        kind = params.get("subject_kind") or SubjectKind.INDIVIDUAL
        source = {
            SubjectKind.INDIVIDUAL: ("person", selectors.subtree_people),
            SubjectKind.COLLECTIVE: ("collective", selectors.subtree_units),
            SubjectKind.HOUSEHOLD: ("household", selectors.subtree_households),
        }.get(kind)
        if source is not None and params.get(source[0], "").isdigit():
            subject = (
                source[1](user=request.user, dossier=dossier).filter(pk=params[source[0]]).first()
            )
            setattr(probe, source[0], subject)
    award = None
    if params.get("award", "").isdigit():
        award = (
            selectors.awards_for(subject_kind=kind, kind=dossier.kind)
            .filter(pk=params["award"])
            .first()
        )
    verdict = None
    if award is not None and probe.subject is not None:
        probe.award = award
        verdict = _live_verdict(probe)
    return render(
        request,
        "nominations/dossiers/_verdict.html",
        {"verdict": verdict, "award": award, "subject": probe.subject, "dossier": dossier},
    )


@login_required
@require_GET
def nominee_person_search(request, pk: int):
    """The htmx partial: people of the dossier's unit (and below) matching the name."""
    dossier = _dossier(request, pk, "nominations.change_dossier")
    query = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "nominations/dossiers/_person_matches.html",
        {
            "dossier": dossier,
            "query": query,
            "matches": selectors.people_matching(user=request.user, dossier=dossier, text=query),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def nominee_person_create(request, pk: int):
    """Add someone missing from the registry, then come back to the nominee form."""
    dossier = _dossier(request, pk, "nominations.change_dossier")
    require_perm(request, "units.add_person")
    units = selectors.subtree_units(user=request.user, dossier=dossier)
    form = PersonQuickForm(
        request.POST or None, unit_queryset=units, initial={"unit": dossier.unit_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = person_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s was added to the registry.") % {"name": person.full_name}
            )
            url = reverse("nominations:nominee_create", args=[pk])
            return redirect(f"{url}?subject_kind=individual&person={person.pk}")
    return render(
        request, "nominations/dossiers/person_form.html", {"dossier": dossier, "form": form}
    )


@login_required
def nominee_report_download(request, pk: int, nominee_pk: int):
    dossier = _dossier(request, pk)
    nominee = _nominee(request, dossier, nominee_pk)
    if not nominee.report_file:
        raise Http404
    ext = nominee.report_file.name.rsplit(".", 1)[-1].lower()
    # A dossier's files carry personal data: each download is a security event.
    log_event(
        SecurityEventKind.PERSONAL_DATA_EXPORTED,
        request=request,
        dossier=dossier.pk,
        nominee_report=nominee.pk,
    )
    return FileResponse(
        nominee.report_file.open("rb"),
        as_attachment=True,
        filename=nominee.report_file_name or nominee.report_file.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES.get("jpeg" if ext == "jpg" else ext, "application/octet-stream"),
    )


# --- Attachments ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add(request, pk: int):
    dossier = _dossier(request, pk, "nominations.change_dossier")
    nominees = selectors.dossier_nominees(dossier=dossier)
    form = AttachmentForm(
        request.POST or None,
        request.FILES or None,
        initial={"document_code": request.GET.get("code"), "nominee": request.GET.get("nominee")},
        documents=selectors.document_choices(dossier=dossier, nominees=nominees),
        nominees=dossier.nominees.all(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.attachment_add(
                dossier=dossier,
                document_code=data["document_code"],
                nominee=data.get("nominee"),
                file=data["file"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The document was attached."))
            return redirect(reverse("nominations:dossier_detail", args=[pk]) + "#checklist")
    return render(
        request, "nominations/dossiers/attachment_form.html", {"dossier": dossier, "form": form}
    )


@login_required
def attachment_download(request, pk: int):
    """Serve an attachment to whoever may see its dossier, as a download under the name
    it was uploaded with."""
    attachment = selectors.attachment_visible(user=request.user, pk=pk)
    if attachment is None:
        raise Http404
    require_perm(request, "nominations.view_dossier", attachment.dossier)
    log_event(
        SecurityEventKind.PERSONAL_DATA_EXPORTED,
        request=request,
        dossier=attachment.dossier_id,
        attachment=attachment.pk,
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=CONTENT_TYPES.get(attachment.file_kind, "application/octet-stream"),
    )


@login_required
@require_POST
def attachment_remove(request, pk: int):
    attachment = selectors.attachment_visible(user=request.user, pk=pk)
    if attachment is None:
        raise Http404
    require_perm(request, "nominations.change_dossier", attachment.dossier)
    try:
        services.attachment_remove(attachment=attachment, actor=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("The document was removed."))
    return redirect(
        reverse("nominations:dossier_detail", args=[attachment.dossier_id]) + "#checklist"
    )


urlpatterns = [
    path("ho-so/", dossier_list, name="dossier_list"),
    path("ho-so/them/", dossier_create, name="dossier_create"),
    path("ho-so/<int:pk>/", dossier_detail, name="dossier_detail"),
    path("ho-so/<int:pk>/sua/", dossier_update, name="dossier_update"),
    path("ho-so/<int:pk>/nop/", dossier_submit, name="dossier_submit"),
    path("ho-so/<int:pk>/rut/", dossier_withdraw, name="dossier_withdraw"),
    path("ho-so/<int:pk>/de-nghi/them/", nominee_create, name="nominee_create"),
    path("ho-so/<int:pk>/de-nghi/<int:nominee_pk>/sua/", nominee_update, name="nominee_update"),
    path("ho-so/<int:pk>/de-nghi/<int:nominee_pk>/xoa/", nominee_remove, name="nominee_remove"),
    path(
        "ho-so/<int:pk>/de-nghi/<int:nominee_pk>/bao-cao/",
        nominee_report_download,
        name="nominee_report_download",
    ),
    path("ho-so/<int:pk>/xet-dieu-kien/", nominee_verdict, name="nominee_verdict"),
    path("ho-so/<int:pk>/tim-nguoi/", nominee_person_search, name="nominee_person_search"),
    path("ho-so/<int:pk>/them-nguoi/", nominee_person_create, name="nominee_person_create"),
    path("ho-so/<int:pk>/tai-lieu/them/", attachment_add, name="attachment_add"),
    path("ho-so/tai-lieu/<int:pk>/", attachment_download, name="attachment_download"),
    path("ho-so/tai-lieu/<int:pk>/xoa/", attachment_remove, name="attachment_remove"),
]
