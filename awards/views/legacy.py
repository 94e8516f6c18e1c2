"""Legacy import page: award lists of past years from Excel, in two steps.

The same steps as the units and people import (``units.views.transfer``): the uploaded
file is checked by ``SafeFileField`` (XLSX only), kept under a generated name in the
private media folder and run as a dry run whose totals, first rows and errors are shown;
nothing is saved. Only a confirmation with a signed token, bound to the user and to the
file's content, imports it, in one transaction; any row error rolls everything back. The
file is deleted after the confirmation, so a token works once.
"""

import hashlib
import uuid
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from units.views.organisation import require_perm
from units.views.transfer import IMPORT_MAX_AGE, ImportForm, _import_dir

from ..legacy import (
    COL_AWARD,
    COL_DECISION_NUMBER,
    COL_NAME,
    COL_UNIT,
    COL_YEAR,
    LEGACY_COLUMNS,
    PREVIEW_ROWS,
    LegacyFileError,
    file_errors,
    import_legacy,
    read_workbook,
    row_errors,
)

PERM = "awards.import_awardgrant"
SALT = "awards.legacy_import"
TEMPLATE = "awards/legacy/import.html"


def _digest(file_path: Path) -> str:
    return hashlib.sha256(file_path.read_bytes()).hexdigest()


def _preview_rows(result) -> list[dict]:
    rows = []
    for number, row in enumerate(result.rows[:PREVIEW_ROWS], start=2):
        values = row.row_values or {}
        rows.append(
            {
                "number": number,
                "type": row.import_type,
                "name": values.get(COL_NAME) or "",
                "unit": values.get(COL_UNIT) or "",
                "award": values.get(COL_AWARD) or "",
                "year": values.get(COL_YEAR) or "",
                "decision": values.get(COL_DECISION_NUMBER) or "",
            }
        )
    return rows


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

    name = f"{uuid.uuid4().hex}.xlsx"
    file_path = _import_dir() / name
    with file_path.open("wb") as handle:
        for chunk in form.cleaned_data["file"].chunks():
            handle.write(chunk)
    keep = False
    try:
        try:
            dataset = read_workbook(file_path)
        except LegacyFileError as error:
            form.add_error("file", str(error))
            return render(request, TEMPLATE, context)
        result = import_legacy(dataset, dry_run=True, user=request.user)
        problems = file_errors(result)
        if problems:
            for problem in problems:
                form.add_error("file", problem)
            return render(request, TEMPLATE, context)
        context.update(
            {
                "errors": row_errors(result),
                "totals": result.totals,
                "total_rows": result.total_rows,
                "rows": _preview_rows(result),
                "preview_limit": PREVIEW_ROWS,
            }
        )
        if not context["errors"] and result.totals["new"]:
            context["token"] = signing.dumps(
                {"file": name, "user": request.user.pk, "sha256": _digest(file_path)},
                salt=SALT,
            )
            keep = True
        return render(request, TEMPLATE, context)
    finally:
        if not keep:
            file_path.unlink(missing_ok=True)


def _expired(request):
    messages.error(request, _("The import has expired. Please upload the file again."))
    return redirect(request.path)


def _confirm(request):
    try:
        data = signing.loads(request.POST["token"], salt=SALT, max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:
        return _expired(request)
    file_path = _import_dir() / Path(str(data.get("file", ""))).name
    if data.get("user") != request.user.pk or not file_path.is_file():
        return _expired(request)
    try:
        if _digest(file_path) != data.get("sha256"):
            return _expired(request)
        dataset = read_workbook(file_path)
        result = import_legacy(dataset, dry_run=False, user=request.user)
    except LegacyFileError:
        return _expired(request)
    finally:
        file_path.unlink(missing_ok=True)
    errors = row_errors(result)
    problems = file_errors(result)
    if errors or problems:
        form = ImportForm()
        for problem in problems:
            form.add_error(None, problem)
        messages.error(request, _("Nothing was saved: some rows have errors."))
        return render(request, TEMPLATE, _context(form=form, errors=errors, totals=result.totals))
    totals = result.totals
    messages.success(
        request,
        _(
            "Import finished: %(new)s awards added, %(skip)s rows skipped "
            "(already in the archive, repeated or empty)."
        )
        % {"new": totals["new"], "skip": totals["skip"]},
    )
    return redirect(request.path)


urlpatterns = [
    path("khen-thuong/nhap-du-lieu-cu/", legacy_import, name="legacy_import"),
]
