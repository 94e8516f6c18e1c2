"""The unit's pages of the grassroots path (/co-so/): the dossiers waiting for the unit's
emulation council and its head's decision, the council's review, the head's approval,
return or refusal, the decisions (PDF/DOCX with the unit as issuer) and their issuing by
the unit's clerk with the number from the unit's own register.

The unit's staff and head see the pages; the head records the review and decides; the
staff (or the head) issue. Anything else answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from units import issuing
from units.models import IssuedDocument
from units.views.helpers import apply_form_errors, require_perm

from ..forms.grassroots import UnitIssueForm, UnitReasonForm, UnitReviewForm
from ..models import Dossier, UnitDecision
from ..selectors import grassroots as selectors
from ..selectors._core import dossier_events, dossier_list_visible
from ..services import grassroots as services

DOCUMENT_KIND = "unit_decision"


def _dossier(request, pk: int, perm: str = "nominations.view_grassroots") -> Dossier:
    dossier = get_object_or_404(dossier_list_visible(user=request.user), pk=pk)
    require_perm(request, perm, dossier)
    return dossier


def _nominees(dossier: Dossier):
    return list(
        dossier.nominees.select_related(
            "award", "person", "collective", "household", "grant"
        ).order_by("sort_order", "pk")
    )


def _symbol(unit_decision: UnitDecision) -> str:
    """The issuer's symbol to offer: a commune's "UBND", else the one the unit's register
    used last for a decision ("" when the clerk must type it)."""
    wording = selectors.issuer_wording(unit_decision.issuer, province_body="", province_place="")
    if wording.default_symbol:
        return wording.default_symbol
    last = (
        IssuedDocument.objects.filter(issuer=unit_decision.issuer, doc_type=services.DECISION_TYPE)
        .order_by("-year", "-number")
        .values_list("issuer_symbol", flat=True)
        .first()
    )
    return last or ""


def _issue_form(unit_decision: UnitDecision, data=None, files=None) -> UnitIssueForm:
    issuer = unit_decision.issuer
    wording = selectors.issuer_wording(issuer, province_body="", province_place="")
    year = timezone.localdate().year
    return UnitIssueForm(
        data,
        files,
        prefix=f"d{unit_decision.pk}",
        signers=issuing.active_signers(issuer),
        authority_choices=issuing.authority_line_choices(
            body=wording.body, head=wording.head_title, collective=False
        ),
        suggested=issuing.suggested_number(
            issuer=issuer, doc_type=services.DECISION_TYPE, year=year
        ),
        initial={
            "issuer_symbol": _symbol(unit_decision),
            "signer": issuing.active_signers(issuer).values_list("pk", flat=True).first(),
        },
    )


@login_required
def grassroots_list(request):
    """The grassroots dossiers of the user's units waiting for the council or issuing."""
    require_perm(request, "nominations.view_dossier_list")
    dossiers = list(selectors.unit_path_dossiers(user=request.user))
    for dossier in dossiers:
        dossier.can_review = request.user.has_perm("nominations.review_unit_dossier", dossier)
    return render(request, "nominations/grassroots/list.html", {"dossiers": dossiers})


@login_required
def grassroots_detail(
    request, pk: int, *, review_form=None, reason_form=None, issue_forms=None, status=200
):
    dossier = _dossier(request, pk)
    user = request.user
    nominees = _nominees(dossier)
    review = selectors.current_review(dossier=dossier)
    results = {r.nominee_id: r for r in review.results.all()} if review else {}
    for nominee in nominees:
        nominee.unit_result = results.get(nominee.pk)
    can_review = user.has_perm("nominations.review_unit_dossier", dossier)
    decisions = selectors.unit_decisions(dossier=dossier)
    issue_forms = issue_forms or {}
    for decision in decisions:
        decision.can_issue = user.has_perm("nominations.issue_unit_decision", decision)
        if decision.can_issue:
            decision.form = issue_forms.get(decision.pk) or _issue_form(decision)
            decision.has_signers = decision.form.fields["signer"].queryset.exists()
    if can_review and review_form is None:
        initial = {}
        if review:
            initial = {
                "held_on": review.held_on,
                "members_total": review.members_total,
                "present_names": review.present_names,
                "notes": review.notes,
            }
            for nominee in nominees:
                result = results.get(nominee.pk)
                if result:
                    initial.update(
                        {
                            f"n{nominee.pk}_agree": result.agree,
                            f"n{nominee.pk}_disagree": result.disagree,
                            f"n{nominee.pk}_approved": result.approved,
                            f"n{nominee.pk}_note": result.note,
                        }
                    )
        review_form = UnitReviewForm(nominees=nominees, initial=initial)
    return render(
        request,
        "nominations/grassroots/detail.html",
        {
            "dossier": dossier,
            "deciding_unit": selectors.deciding_unit(dossier.unit),
            "nominees": nominees,
            "review": review,
            "can_review": can_review,
            "review_form": review_form if can_review else None,
            "reason_form": reason_form or UnitReasonForm(),
            "decisions": decisions,
            "document_kind": DOCUMENT_KIND,
            "events": list(dossier_events(dossier=dossier)),
        },
        status=status,
    )


@login_required
@require_POST
def grassroots_review(request, pk: int):
    dossier = _dossier(request, pk, "nominations.review_unit_dossier")
    form = UnitReviewForm(request.POST, nominees=_nominees(dossier))
    if form.is_valid():
        try:
            services.unit_review_record(
                dossier=dossier,
                actor=request.user,
                held_on=form.cleaned_data["held_on"],
                members_total=form.cleaned_data["members_total"],
                present_names=form.cleaned_data["present_names"],
                notes=form.cleaned_data["notes"],
                results=form.results(),
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The unit council's review was recorded."))
            return redirect("nominations:grassroots_detail", pk=pk)
    return grassroots_detail(request, pk, review_form=form, status=400)


@login_required
@require_POST
def grassroots_approve(request, pk: int):
    dossier = _dossier(request, pk, "nominations.review_unit_dossier")
    try:
        decisions = services.unit_decision_approve(dossier=dossier, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if decisions:
            messages.success(
                request,
                _("Approved. %(count)s decision(s) wait for the clerk to issue them.")
                % {"count": len(decisions)},
            )
        else:
            messages.warning(request, _("The council agreed to none of the nominees."))
    return redirect("nominations:grassroots_detail", pk=pk)


def _with_reason(request, pk: int, service, done: str):
    dossier = _dossier(request, pk, "nominations.review_unit_dossier")
    form = UnitReasonForm(request.POST)
    if form.is_valid():
        try:
            service(dossier=dossier, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("nominations:grassroots_detail", pk=pk)
    return grassroots_detail(request, pk, reason_form=form, status=400)


@login_required
@require_POST
def grassroots_return(request, pk: int):
    return _with_reason(
        request, pk, services.unit_dossier_return, _("The dossier was returned to the staff.")
    )


@login_required
@require_POST
def grassroots_reject(request, pk: int):
    return _with_reason(
        request, pk, services.unit_dossier_reject, _("The dossier was not approved.")
    )


@login_required
@require_POST
def grassroots_issue(request, pk: int):
    decision = get_object_or_404(
        selectors.unit_decision_visible(user=request.user).select_related("issuer"), pk=pk
    )
    require_perm(request, "nominations.issue_unit_decision", decision)
    form = _issue_form(decision, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.unit_decision_issue(
                unit_decision=decision,
                actor=request.user,
                number=data["number"],
                issued_on=data["issued_on"],
                signer=data["signer"],
                authority_line=data["authority_line"],
                issuer_symbol=data["issuer_symbol"],
                signed_file=data["signed_file"],
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The decision was issued; the awards are in the archive."))
            return redirect("nominations:grassroots_detail", pk=decision.dossier_id)
    if "signed_file" not in form.errors and form.add_prefix("signed_file") in request.FILES:
        form.add_error(None, _("For your safety the signed file was not kept: choose it again."))
    return grassroots_detail(
        request, decision.dossier_id, issue_forms={decision.pk: form}, status=400
    )


urlpatterns = [
    path("co-so/", grassroots_list, name="grassroots_list"),
    path("co-so/<int:pk>/", grassroots_detail, name="grassroots_detail"),
    path("co-so/<int:pk>/binh-xet/", grassroots_review, name="grassroots_review"),
    path("co-so/<int:pk>/phe-duyet/", grassroots_approve, name="grassroots_approve"),
    path("co-so/<int:pk>/tra-lai/", grassroots_return, name="grassroots_return"),
    path("co-so/<int:pk>/khong-duyet/", grassroots_reject, name="grassroots_reject"),
    path("co-so/quyet-dinh/<int:pk>/ban-hanh/", grassroots_issue, name="grassroots_issue"),
]
