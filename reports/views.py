"""Report pages: ask for a report, watch it progress (htmx polling), download it."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from units.views.helpers import apply_form_errors, paginate

from . import kinds, selectors, services
from .context_processors import requestable_kinds


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Report"))
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=[(f, f.upper()) for f in kinds.FORMATS]
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k.code, f"{k.title} ({', '.join(f.upper() for f in k.formats)})")
            for k in requestable_kinds(user)
        ]


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request):
    form = ReportRequestForm(
        request.POST or None, user=request.user, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = services.report_request(
                user=request.user, kind=data["kind"], fmt=data["format"], year=data["year"]
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            _tell_queued(request, job)
            return redirect(f"{request.path}#job-{job.pk}")
    jobs = selectors.report_jobs_of(user=request.user)
    context = {
        "form": form,
        "page": paginate(request, jobs),
        "can_ask": bool(form.fields["kind"].choices),
    }
    return render(request, "reports/report_list.html", context)


@login_required
@require_POST
def report_for_object(request, kind: str, fmt: str, object_id: int):
    """Ask for the document of one object (minutes, decision) from that object's page."""
    try:
        job = services.report_request(user=request.user, kind=kind, fmt=fmt, object_id=object_id)
    except (ValidationError, PermissionDenied):
        raise Http404 from None
    _tell_queued(request, job)
    return redirect(f"{reverse('reports:report_list')}#job-{job.pk}")


def _tell_queued(request, job, *, again: bool = False) -> None:
    """Say the report is coming, or, when the queue could not be reached, that the request
    is kept and will run once the queue is back (nothing to do again)."""
    if job.dispatch_failed:
        messages.warning(
            request,
            _(
                "The report queue cannot be reached right now. Your request is saved and "
                "the report will be prepared as soon as the queue is back; you do not need "
                "to ask again."
            ),
        )
    elif again:
        messages.info(request, _("The report is being prepared again."))
    else:
        messages.success(request, _("Your report is being prepared."))


@login_required
def report_status(request, pk: int):
    """The htmx partial for one job: polls itself until the job is finished."""
    job = get_object_or_404(selectors.report_jobs_of(user=request.user), pk=pk)
    return render(request, "reports/_job.html", {"job": job})


@login_required
def report_download(request, pk: int):
    job = get_object_or_404(selectors.report_jobs_of(user=request.user), pk=pk, status="done")
    report = kinds.get(job.kind)
    # The permission is checked again: roles change between request and download.
    if report is None or not request.user.has_perm(report.permission) or not job.file:
        raise Http404
    if report.for_object and not report.object_check(request.user, job.params.get("object")):
        raise Http404
    content_type = kinds.FORMATS[job.format][0]
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=content_type
    )


@login_required
@require_POST
def report_retry(request, pk: int):
    job = get_object_or_404(selectors.report_jobs_of(user=request.user), pk=pk)
    try:
        job = services.report_retry(job=job, user=request.user)
    except PermissionDenied:
        raise Http404 from None
    _tell_queued(request, job, again=True)
    return redirect("reports:report_list")


app_name = "reports"
urlpatterns = [
    path("bao-cao/", report_list, name="report_list"),
    path("bao-cao/<int:pk>/trang-thai/", report_status, name="report_status"),
    path("bao-cao/<int:pk>/tai-ve/", report_download, name="report_download"),
    path("bao-cao/<int:pk>/lam-lai/", report_retry, name="report_retry"),
    path(
        "bao-cao/tao/<slug:kind>/<slug:fmt>/<int:object_id>/",
        report_for_object,
        name="report_for_object",
    ),
]
