"""The certificates page of an issued decision (issue 12 point 5): choose the paper and
the awards, give the reason for a reprint, and follow the job that makes the PDF; the
printings of the decision are listed with who asked, when, for which awards and why."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import REVOCATION_KIND, AwardGrant, Decision
from units.views.helpers import apply_form_errors, require_perm

from .certificate_models import CertificatePrint, CertificateStock
from .kinds_certificates import PERMISSION, certificates_request, printable_grants, printed_before


class CertificatesForm(forms.Form):
    stock = forms.ChoiceField(
        label=gettext_lazy("Paper"),
        choices=CertificateStock.choices,
        widget=forms.RadioSelect,
    )
    grants = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Awards"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every award of the decision in force."),
        error_messages={"invalid_choice": gettext_lazy("Choose awards of this decision.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for reprinting"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=gettext_lazy("Required when a certificate was printed before."),
    )

    def __init__(self, *args, grants=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("stock", settings.TDKT_CERTIFICATE_STOCK)
        super().__init__(*args, **kwargs)
        self.fields["grants"].choices = [(g.pk, g.recipient_name) for g in grants]


@login_required
def certificates(request, pk: int):
    require_perm(request, PERMISSION)
    decision = get_object_or_404(Decision.objects.exclude(kind=REVOCATION_KIND), pk=pk)
    grants = list(printable_grants(decision).select_related("award").order_by("recipient_name"))
    form = CertificatesForm(request.POST or None, grants=grants)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            printing = certificates_request(
                user=request.user,
                decision=decision,
                stock=data["stock"],
                grant_ids=data["grants"] or None,
                reason=data["reason"],
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            if printing.job.dispatch_failed:
                messages.warning(
                    request,
                    _(
                        "The report queue cannot be reached right now. Your request is saved "
                        "and the report will be prepared as soon as the queue is back; you do "
                        "not need to ask again."
                    ),
                )
            else:
                messages.success(request, _("The certificates are being prepared."))
            return redirect("reports:certificates", pk=decision.pk)
    prints = list(
        CertificatePrint.objects.filter(decision=decision)
        .select_related("printed_by", "job")
        .annotate(count=Count("grants"))
        .prefetch_related(
            Prefetch("grants", queryset=AwardGrant.objects.only("pk", "recipient_name"))
        )
        .order_by("-printed_at", "-id")[:50]
    )
    again = printed_before([g.pk for g in grants])
    context = {
        "decision": decision,
        "grants": grants,
        "form": form,
        "prints": prints,
        "printed": again,
        "revoked": decision.grants.filter(revoked_on__isnull=False).count(),
    }
    return render(request, "reports/certificates/page.html", context)


urlpatterns = [
    path("bao-cao/bang-khen/<int:pk>/", certificates, name="certificates"),
]
