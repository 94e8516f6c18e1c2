"""Import and export of units and people as XLSX (django-import-export).

Import is two steps: the uploaded file is checked, kept under a generated name in the
private media folder and run as a dry run whose rows and errors are shown; only a
confirmation with a signed token imports it, in one transaction, and any row error
rolls everything back.
"""

import uuid
from pathlib import Path

import tablib
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .. import selectors
from ..filters import PersonFilter, UnitFilter
from ..imports import import_dir, import_max_age
from ..models import SecurityEventKind
from ..resources import PersonResource, UnitResource
from ..security import log_event
from ..spreadsheet import dataset_document
from ..uploads import SafeFileField, UploadKind
from .helpers import require_perm

IMPORT_SALT = "units.import"

TARGETS = {
    "unit": {
        "resource": UnitResource,
        "perm_import": "units.import_unit",
        "perm_export": "units.export_unit",
        "list_url": "units:unit_list",
        "title": gettext_lazy("Import units"),
        "filename": "don-vi",
        "sheet": "Đơn vị",
        "required": ["Mã đơn vị", "Tên đơn vị", "Loại"],
    },
    "person": {
        "resource": PersonResource,
        "perm_import": "units.import_person",
        "perm_export": "units.export_person",
        "list_url": "units:person_list",
        "title": gettext_lazy("Import people"),
        "filename": "ca-nhan",
        "sheet": "Cá nhân",
        "required": ["Họ và tên", "Giới tính", "Mã đơn vị"],
    },
}


class ImportForm(forms.Form):
    file = SafeFileField(label=gettext_lazy("Excel file (.xlsx)"), allowed=[UploadKind.XLSX])


def _import_dir() -> Path:
    return import_dir()


def _load_dataset(path: Path) -> tablib.Dataset:
    with path.open("rb") as handle:
        return tablib.Dataset().load(handle.read(), format="xlsx")


def _run_import(resource, dataset: tablib.Dataset, *, dry_run: bool, user):
    return resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
        user=user,
    )


def _row_errors(result) -> list[dict]:
    """Every failing row with its number in the sheet (header is row 1) and messages."""
    rows = []
    for invalid in result.invalid_rows:
        for field, errors in invalid.error_dict.items():
            rows.append({"row": invalid.number + 1, "column": _column(field), "errors": errors})
    for number, errors in result.row_errors():
        rows.append(
            {
                "row": number + 1,
                "column": "",
                "errors": [str(error.error) for error in errors],
            }
        )
    return sorted(rows, key=lambda item: item["row"])


def _column(field_name: str) -> str:
    for resource in (UnitResource, PersonResource):
        field = resource.fields.get(field_name)
        if field is not None:
            return field.column_name
    return "" if field_name == "__all__" else field_name


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request, target: str):
    config = TARGETS[target]
    require_perm(request, config["perm_import"])
    resource = config["resource"]()
    context = {"target": target, "title": config["title"], "list_url": config["list_url"]}

    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, config, resource, context)

    form = ImportForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = f"{uuid.uuid4().hex}.xlsx"
        path = _import_dir() / name
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            dataset = _load_dataset(path)
        except Exception:  # noqa: BLE001 - any unreadable workbook is the user's bad file
            path.unlink(missing_ok=True)
            form.add_error("file", _("The workbook could not be read. Save it again as .xlsx."))
            return render(request, "units/import.html", context)
        if dataset.height > settings.TDKT_IMPORT_MAX_ROWS:
            path.unlink(missing_ok=True)
            form.add_error(
                "file",
                _("The file has more than %(max)s rows.") % {"max": settings.TDKT_IMPORT_MAX_ROWS},
            )
            return render(request, "units/import.html", context)
        missing = [h for h in config["required"] if h not in (dataset.headers or [])]
        if missing:
            path.unlink(missing_ok=True)
            form.add_error(
                "file",
                _("These columns are missing: %(columns)s.") % {"columns": ", ".join(missing)},
            )
            return render(request, "units/import.html", context)
        result = _run_import(resource, dataset, dry_run=True, user=request.user)
        context["result"] = result
        context["errors"] = _row_errors(result)
        context["totals"] = result.totals
        context["rows"] = result.rows[:200]
        if context["errors"]:
            path.unlink(missing_ok=True)
        else:
            context["token"] = signing.dumps(
                {"file": name, "user": request.user.pk, "target": target}, salt=IMPORT_SALT
            )
    return render(request, "units/import.html", context)


def _confirm(request, config, resource, context):
    try:
        data = signing.loads(request.POST["token"], salt=IMPORT_SALT, max_age=import_max_age())
    except signing.BadSignature:
        messages.error(request, _("The import has expired. Please upload the file again."))
        return redirect(request.path)
    path = _import_dir() / Path(data["file"]).name
    if data["user"] != request.user.pk or data["target"] != context["target"] or not path.exists():
        messages.error(request, _("The import has expired. Please upload the file again."))
        return redirect(request.path)
    dataset = _load_dataset(path)
    result = _run_import(resource, dataset, dry_run=False, user=request.user)
    path.unlink(missing_ok=True)
    errors = _row_errors(result)
    if errors:
        context.update({"form": ImportForm(), "errors": errors, "totals": result.totals})
        messages.error(request, _("Nothing was saved: some rows have errors."))
        return render(request, "units/import.html", context)
    totals = result.totals
    messages.success(
        request,
        _("Import finished: %(new)s added, %(update)s changed, %(skip)s unchanged.")
        % {"new": totals["new"], "update": totals["update"], "skip": totals["skip"]},
    )
    return redirect(config["list_url"])


@login_required
def export_view(request, target: str):
    config = TARGETS[target]
    require_perm(request, config["perm_export"])
    if target == "unit":
        queryset = UnitFilter(
            request.GET or None, queryset=selectors.unit_list_visible(user=request.user)
        ).qs
    else:
        queryset = PersonFilter(
            request.GET or None,
            queryset=selectors.person_list_visible(user=request.user),
            unit_queryset=selectors.unit_list_visible(user=request.user),
        ).qs
        log_event(
            SecurityEventKind.PERSONAL_DATA_EXPORTED,
            request=request,
            filters=request.GET.dict(),
        )
    dataset = config["resource"]().export(queryset=queryset)
    # No title rows: this workbook is also the template the import reads (header first).
    response = HttpResponse(
        dataset_document(dataset, sheet=config["sheet"]),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{config["filename"]}-{stamp}.xlsx"'
    return response
