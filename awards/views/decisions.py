"""A decision's page for the secretariat (its awards, revoked or in force, with the ways
to print their certificates) and the revocation of awards by a later decision
(``awards.revocation``): step one chooses the awards and the reason, step two records the
revoking decision and asks for confirmation before the irreversible step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from units import issuing
from units.models import UnitKind
from units.views.helpers import apply_form_errors, require_perm

from ..models import REVOCATION_KIND, Decision
from ..revocation import grants_revoke, revocable_grants, revocation_issuer
from ..revocation_forms import RevocationChoiceForm, RevocationIssueForm


def _decision(pk: int) -> Decision:
    return get_object_or_404(Decision.objects.select_related("issuer"), pk=pk)


@login_required
def decision_detail(request, pk: int):
    require_perm(request, "awards.revoke_grant")
    decision = _decision(pk)
    grants = list(
        decision.grants.select_related("award", "revoked_by").order_by("recipient_name", "pk")
    )
    revoked = list(decision.revoked_grants.select_related("award", "decision"))
    context = {
        "decision": decision,
        "grants": grants,
        "in_force": sum(1 for g in grants if not g.is_revoked),
        "revokes": revoked,
        "is_revocation": decision.kind == REVOCATION_KIND,
    }
    return render(request, "awards/decisions/detail.html", context)


def _issue_form_kwargs(decision: Decision) -> dict:
    issuer = revocation_issuer(decision)
    collective = issuer is not None and issuer.kind == UnitKind.PEOPLES_COMMITTEE
    return {
        "signers": issuing.active_signers(issuer),
        "authority_choices": issuing.authority_line_choices(
            body=issuer.name if collective else (issuer.name if issuer else ""),
            head=_("Chairman") if collective else _("Head"),
            collective=collective,
        )
        if issuer
        else [],
    }


@login_required
def decision_revoke(request, pk: int):
    """GET: step one. POST step=review: step two (the chosen awards and the reason are
    repeated read-only with the register's fields and the confirmation). POST
    step=confirm: the revocation, in one transaction."""
    require_perm(request, "awards.revoke_grant")
    decision = _decision(pk)
    if decision.kind == REVOCATION_KIND:
        raise Http404  # a revoking decision grants nothing to revoke
    grants = list(revocable_grants(decision).select_related("award").order_by("recipient_name"))
    step = request.POST.get("step") if request.method == "POST" else None
    chosen = []
    if step == "confirm":
        form = RevocationIssueForm(
            request.POST, request.FILES, grants=grants, **_issue_form_kwargs(decision)
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                revoking = grants_revoke(
                    decision=decision,
                    grant_ids=data["grants"],
                    actor=request.user,
                    number=data["number"],
                    issued_on=data["issued_on"],
                    signer=data["signer"],
                    authority_line=data["authority_line"],
                    signed_file=data["signed_file"],
                    reason=data["reason"],
                )
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(n)s awards revoked by decision %(number)s.")
                    % {"n": len(data["grants"]), "number": revoking.number},
                )
                return redirect("awards:decision_detail", pk=decision.pk)
        template = "awards/decisions/revoke_confirm.html"
    elif step == "review":
        choice = RevocationChoiceForm(request.POST, grants=grants)
        if choice.is_valid():
            form = RevocationIssueForm(
                initial={
                    "grants": choice.cleaned_data["grants"],
                    "reason": choice.cleaned_data["reason"],
                },
                grants=grants,
                **_issue_form_kwargs(decision),
            )
            template = "awards/decisions/revoke_confirm.html"
        else:
            form = choice
            template = "awards/decisions/revoke.html"
    else:
        form = RevocationChoiceForm(grants=grants)
        template = "awards/decisions/revoke.html"
    if template.endswith("confirm.html"):
        wanted = {int(pk) for pk in (form["grants"].value() or [])}
        chosen = [g for g in grants if g.pk in wanted]
    context = {"decision": decision, "grants": grants, "form": form, "chosen": chosen}
    return render(request, template, context)


urlpatterns = [
    path("khen-thuong/quyet-dinh/<int:pk>/", decision_detail, name="decision_detail"),
    path("khen-thuong/quyet-dinh/<int:pk>/thu-hoi/", decision_revoke, name="decision_revoke"),
]
