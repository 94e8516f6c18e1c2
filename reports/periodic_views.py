"""Pages of the periodic report to the chairman: the list, one report (its figures, each
linking to the records it counts; its charts; the narrative; review and issuing), the
downloads and the figure drill-down. The secretariat prepares and issues; the chairman
reads. Anyone else gets 404."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nominations.forms.grassroots import UnitIssueForm
from units import issuing
from units.views.helpers import apply_form_errors, paginate, require_perm

from . import periodic_services as services
from .kinds import FORMATS
from .models import PeriodicReport, PeriodicReportState, PeriodKind
from .periodic_charts import data_uri, report_charts
from .periodic_figures import figure_records
from .periodic_tables import report_tables

ISSUER_SYMBOL = "SNV"


class PrepareForm(forms.Form):
    period_kind = forms.ChoiceField(
        label=gettext_lazy("Reporting period"),
        choices=PeriodKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={"invalid": gettext_lazy("Choose a year between 2000 and next year.")},
    )


class NarrativeForm(forms.Form):
    results = forms.CharField(
        label=gettext_lazy("Results achieved"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 5}),
    )
    limits = forms.CharField(
        label=gettext_lazy("Limits and shortcomings"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
    causes = forms.CharField(
        label=gettext_lazy("Causes"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
    direction = forms.CharField(
        label=gettext_lazy("Direction and tasks ahead"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )


def _report(request, pk: int, perm: str = "reports.view_periodic_report") -> PeriodicReport:
    require_perm(request, perm)
    return get_object_or_404(
        PeriodicReport.objects.select_related("issued_document", "created_by", "reviewed_by"),
        pk=pk,
    )


def _issue_form(data=None, files=None) -> UnitIssueForm:
    issuer = issuing.home_affairs()
    signers = issuing.active_signers(issuer)
    year = timezone.localdate().year
    return UnitIssueForm(
        data,
        files,
        signers=signers,
        authority_choices=issuing.authority_line_choices(
            body="Sở Nội vụ", head="Giám đốc", collective=False
        ),
        suggested=issuing.suggested_number(issuer=issuer, doc_type=services.DOC_TYPE, year=year)
        if issuer
        else None,
        initial={
            "issuer_symbol": ISSUER_SYMBOL,
            "signer": signers.values_list("pk", flat=True).first(),
        },
    )


@login_required
def periodic_list(request, *, form=None, status=200):
    require_perm(request, "reports.view_periodic_report")
    reports = PeriodicReport.objects.select_related("issued_document")
    if not request.user.has_perm("reports.manage_periodic_report"):
        reports = reports.filter(state=PeriodicReportState.ISSUED)
    if form is None and request.user.has_perm("reports.manage_periodic_report"):
        form = PrepareForm(
            initial={"period_kind": PeriodKind.YEAR, "year": timezone.localdate().year}
        )
    return render(
        request,
        "reports/periodic_list.html",
        {"page": paginate(request, reports), "form": form},
        status=status,
    )


@login_required
@require_POST
def periodic_prepare(request):
    require_perm(request, "reports.manage_periodic_report")
    form = PrepareForm(request.POST)
    if form.is_valid():
        try:
            report, created = services.periodic_report_prepare(
                kind=form.cleaned_data["period_kind"],
                year=form.cleaned_data["year"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            if created:
                messages.success(request, _("The draft has been prepared."))
            else:
                messages.info(request, _("This period's report already exists."))
            return redirect("reports:periodic_detail", pk=report.pk)
    return periodic_list(request, form=form, status=400)


@login_required
def periodic_detail(request, pk: int, *, narrative=None, issue_form=None, status=200):
    report = _report(request, pk)
    manage = request.user.has_perm("reports.manage_periodic_report")
    if not manage and not report.is_issued:
        raise Http404
    figures = services.figures_of(report)
    if manage and narrative is None and not report.is_issued:
        narrative = NarrativeForm(
            initial={name: getattr(report, name) for name in services.NARRATIVE_FIELDS}
        )
    if manage and issue_form is None and report.state == PeriodicReportState.REVIEWED:
        issue_form = _issue_form()
    context = {
        "report": report,
        "figures": figures,
        "tables": report_tables(figures),
        "charts": [(title, data_uri(svg)) for title, svg in report_charts(figures)],
        "narrative": narrative,
        "issue_form": issue_form,
        "can_manage": manage,
        "formats": ("pdf", "docx", "xlsx"),
    }
    return render(request, "reports/periodic_detail.html", context, status=status)


@login_required
@require_POST
def periodic_write(request, pk: int):
    report = _report(request, pk, "reports.manage_periodic_report")
    form = NarrativeForm(request.POST)
    if form.is_valid():
        try:
            services.periodic_report_write(report=report, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The narrative has been saved."))
            return redirect("reports:periodic_detail", pk=report.pk)
    return periodic_detail(request, pk, narrative=form, status=400)


@login_required
@require_POST
def periodic_review(request, pk: int):
    report = _report(request, pk, "reports.manage_periodic_report")
    try:
        services.periodic_report_review(report=report, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is marked as reviewed."))
    return redirect("reports:periodic_detail", pk=report.pk)


@login_required
@require_POST
def periodic_issue(request, pk: int):
    report = _report(request, pk, "reports.manage_periodic_report")
    form = _issue_form(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.periodic_report_issue(
                report=report,
                actor=request.user,
                number=data["number"],
                issuer_symbol=data["issuer_symbol"],
                issued_on=data["issued_on"],
                signer=data["signer"],
                authority_line=data["authority_line"],
                signed_file=data["signed_file"],
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The report has been issued and sent to the chairman."))
            return redirect("reports:periodic_detail", pk=report.pk)
    return periodic_detail(request, pk, issue_form=form, status=400)


@login_required
def periodic_download(request, pk: int, fmt: str):
    report = _report(request, pk)
    if fmt not in ("pdf", "docx", "xlsx"):
        raise Http404
    if not report.is_issued and not request.user.has_perm("reports.manage_periodic_report"):
        raise Http404
    data, filename = services.periodic_report_file(report=report, fmt=fmt)
    response = HttpResponse(data, content_type=FORMATS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def periodic_signed(request, pk: int):
    """The signed original recorded in the register."""
    report = _report(request, pk)
    register = report.issued_document
    if register is None or not register.signed_file:
        raise Http404
    return FileResponse(
        register.signed_file.open("rb"),
        as_attachment=True,
        filename=f"{register.number_text.replace('/', '-')}.pdf",
        content_type="application/pdf",
    )


@login_required
def periodic_figure(request, pk: int, key: str):
    """The records one figure counts (the same condition as the count)."""
    report = _report(request, pk)
    if not report.is_issued and not request.user.has_perm("reports.manage_periodic_report"):
        raise Http404
    previous = request.GET.get("ky") == "truoc"
    period = services.period_of(report)
    found = figure_records(key, period.previous if previous else period)
    if found is None:
        raise Http404
    row_kind, records = found
    context = {
        "report": report,
        "key": key,
        "row_kind": row_kind,
        "page": paginate(request, records.order_by("pk")),
        "count": records.count(),
        "previous": previous,
        "period": period.previous if previous else period,
        "back": reverse("reports:periodic_detail", args=[report.pk]),
    }
    return render(request, "reports/periodic_figure.html", context)


urlpatterns = [
    path("bao-cao/dinh-ky/", periodic_list, name="periodic_list"),
    path("bao-cao/dinh-ky/tao/", periodic_prepare, name="periodic_prepare"),
    path("bao-cao/dinh-ky/<int:pk>/", periodic_detail, name="periodic_detail"),
    path("bao-cao/dinh-ky/<int:pk>/noi-dung/", periodic_write, name="periodic_write"),
    path("bao-cao/dinh-ky/<int:pk>/ra-soat/", periodic_review, name="periodic_review"),
    path("bao-cao/dinh-ky/<int:pk>/ban-hanh/", periodic_issue, name="periodic_issue"),
    path("bao-cao/dinh-ky/<int:pk>/ban-ky/", periodic_signed, name="periodic_signed"),
    path(
        "bao-cao/dinh-ky/<int:pk>/tai-ve/<slug:fmt>/", periodic_download, name="periodic_download"
    ),
    path("bao-cao/dinh-ky/<int:pk>/so-lieu/<str:key>/", periodic_figure, name="periodic_figure"),
]
