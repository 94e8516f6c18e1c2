"""The nominees of a dossier: add, edit and remove, with the person search, the quick
add to the registry, the live eligibility verdict and the achievement report's download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.models import SubjectKind
from units.models import SecurityEventKind
from units.security import log_event
from units.services import person_create
from units.views.helpers import apply_form_errors, require_perm

from ...forms.dossiers import NomineeForm, PersonQuickForm
from ...models import Dossier, Nominee
from ...selectors import dossiers as selectors
from ...services import dossiers as services
from ...services._core import nominee_verdict as core_nominee_verdict
from ._common import CONTENT_TYPES, _dossier, _error_messages, _nominee, _with_version


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
                recipient_class=data.get("recipient_class", ""),
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
                recipient_class=data.get("recipient_class", ""),
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
