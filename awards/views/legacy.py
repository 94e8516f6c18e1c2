"""Legacy import page: award lists of past years from Excel, in two steps.

The form checks the upload (``SafeFileField``, XLSX only); the service
(``awards.legacy.service``) keeps the file, runs the dry run and gives a token, then
imports the file once on the confirmation. Nothing is saved before the confirmation, and
any row error saves nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from units.views.helpers import require_perm
from units.views.transfer import ImportForm

from ..legacy import (
    LEGACY_COLUMNS,
    PREVIEW_ROWS,
    ImportExpired,
    legacy_import_confirm,
    legacy_import_preview,
)

PERM = "awards.import_awardgrant"
TEMPLATE = "awards/legacy/import.html"


def _context(**extra) -> dict:
    return {"title": _("Import award lists of past years"), "columns": LEGACY_COLUMNS, **extra}


@login_required
@require_http_methods(["GET", "POST"])
def legacy_import(request):
    require_perm(request, PERM)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)

    form = ImportForm(request.POST or None, request.FILES or None)
    context = _context(form=form)
    if request.method != "POST" or not form.is_valid():
        return render(request, TEMPLATE, context)
    preview = legacy_import_preview(upload=form.cleaned_data["file"], user=request.user)
    for problem in preview.problems:
        form.add_error("file", problem)
    if not preview.problems:
        context.update(
            {
                "errors": preview.errors,
                "totals": preview.totals,
                "total_rows": preview.total_rows,
                "rows": preview.rows,
                "preview_limit": PREVIEW_ROWS,
            }
        )
        if preview.token:
            context["token"] = preview.token
    return render(request, TEMPLATE, context)


def _confirm(request):
    try:
        outcome = legacy_import_confirm(token=request.POST["token"], user=request.user)
    except ImportExpired:
        messages.error(request, _("The import has expired. Please upload the file again."))
        return redirect(request.path)
    if not outcome.saved:
        form = ImportForm()
        for problem in outcome.problems:
            form.add_error(None, problem)
        messages.error(request, _("Nothing was saved: some rows have errors."))
        return render(
            request,
            TEMPLATE,
            _context(form=form, errors=outcome.errors, totals=outcome.totals),
        )
    messages.success(
        request,
        _(
            "Import finished: %(new)s awards added, %(skip)s rows skipped "
            "(already in the archive, repeated or empty)."
        )
        % {"new": outcome.totals["new"], "skip": outcome.totals["skip"]},
    )
    return redirect(request.path)


urlpatterns = [
    path("khen-thuong/nhap-du-lieu-cu/", legacy_import, name="legacy_import"),
]
