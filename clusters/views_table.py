"""The scoring table pages (issue 11, point 3): the tables by bloc kind and year, a
table's settings (caps, tie-break order, quotas, cross-scoring), its groups, criteria and
bonus/deduction rules, versions, the head's proposal and the secretariat's acceptance,
XLSX export and import. A locked table (scoring opened) is read-only: a change makes the
next version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from units.selectors import roles_of
from units.uploads import UploadKind, validate_upload
from units.views.helpers import apply_form_errors, require_perm

from . import services, services_admin, spreadsheet
from .forms import CriterionForm, GroupForm, ImportForm, RuleForm, TableForm
from .models import (
    AdjustmentRule,
    BlocLeadership,
    ScoringCriterion,
    ScoringGroup,
    ScoringTable,
    TableState,
)
from .rules import is_secretariat

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def may_edit(user, table: ScoringTable) -> bool:
    """The secretariat edits a draft or proposed table; a bloc's head of the year edits
    the proposal it made for its bloc kind; nobody edits a locked table."""
    if table.state == TableState.LOCKED:
        return False
    if is_secretariat(user):
        return True
    if table.state != TableState.PROPOSED:
        return False
    return BlocLeadership.objects.filter(
        year=timezone.localdate().year,
        bloc__kind=table.bloc_kind,
        head_id__in=roles_of(user).unit_ids,
    ).exists()


def may_propose(user, table: ScoringTable) -> bool:
    return (
        not is_secretariat(user)
        and BlocLeadership.objects.filter(
            year=timezone.localdate().year,
            bloc__kind=table.bloc_kind,
            head_id__in=roles_of(user).unit_ids,
        ).exists()
    )


def _table(request, pk: int) -> ScoringTable:
    require_perm(request, "clusters.view_table")
    return get_object_or_404(ScoringTable, pk=pk)


def _editable(request, pk: int) -> ScoringTable:
    table = _table(request, pk)
    if not may_edit(request.user, table):
        raise Http404
    return table


@login_required
def table_list(request):
    require_perm(request, "clusters.view_table")
    tables = ScoringTable.objects.annotate(
        criteria_count=Count("groups__criteria", distinct=True)
    ).order_by("-year", "bloc_kind", "-version")
    return render(request, "clusters/table_list.html", {"tables": tables})


def table_context(request, table: ScoringTable, **forms) -> dict:
    groups = list(
        table.groups.order_by("order", "code").prefetch_related(
            Prefetch(
                "criteria",
                queryset=ScoringCriterion.objects.select_related("movement").order_by(
                    "order", "code"
                ),
            )
        )
    )
    editable = may_edit(request.user, table)
    versions = list(
        ScoringTable.objects.filter(bloc_kind=table.bloc_kind, year=table.year).order_by("-version")
    )
    return {
        "table": table,
        "groups": groups,
        "rules": list(table.rules.order_by("kind", "order")),
        "total": sum((g.max_points for g in groups), 0),
        "editable": editable,
        "versions": versions,
        "is_secretariat": is_secretariat(request.user),
        "may_propose": may_propose(request.user, table),
        "table_form": forms.get("table_form") or (TableForm(instance=table) if editable else None),
        "group_form": forms.get("group_form") or (GroupForm(prefix="g") if editable else None),
        "criterion_form": forms.get("criterion_form")
        or (CriterionForm(table=table, prefix="c") if editable else None),
        "rule_form": forms.get("rule_form") or (RuleForm(prefix="r") if editable else None),
        "import_form": forms.get("import_form") or (ImportForm() if editable else None),
    }


@login_required
def table_detail(request, pk: int):
    table = _table(request, pk)
    return render(request, "clusters/table_detail.html", table_context(request, table))


def _again(request, table, **forms):
    return render(request, "clusters/table_detail.html", table_context(request, table, **forms))


@login_required
@require_POST
def table_settings(request, pk: int):
    table = _editable(request, pk)
    form = TableForm(request.POST, instance=ScoringTable.objects.get(pk=table.pk))
    if form.is_valid():
        try:
            services_admin.table_update(table=table, data=form.cleaned_data, actor=request.user)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The table's settings were saved."))
            return redirect("clusters:table_detail", table.pk)
    return _again(request, table, table_form=form)


def _item_add(request, pk: int, *, form, form_key: str, save, message: str):
    """Add a group, a criterion or a rule to an editable table: the form is checked, the
    service saves it, and the table page comes back with the form's errors if it refused."""
    table = _editable(request, pk)
    form = form(table)
    if form.is_valid():
        try:
            save(table, form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("clusters:table_detail", table.pk)
    return _again(request, table, **{form_key: form})


@login_required
@require_POST
def group_add(request, pk: int):
    return _item_add(
        request,
        pk,
        form=lambda table: GroupForm(request.POST, prefix="g"),
        form_key="group_form",
        save=lambda table, data: services_admin.group_save(
            table=table, data=data, actor=request.user
        ),
        message=_("The group was added."),
    )


@login_required
@require_POST
def criterion_add(request, pk: int):
    return _item_add(
        request,
        pk,
        form=lambda table: CriterionForm(request.POST, table=table, prefix="c"),
        form_key="criterion_form",
        save=lambda table, data: services_admin.criterion_save(
            group=data["group"], data=data, actor=request.user
        ),
        message=_("The criterion was added."),
    )


@login_required
@require_POST
def rule_add(request, pk: int):
    return _item_add(
        request,
        pk,
        form=lambda table: RuleForm(request.POST, prefix="r"),
        form_key="rule_form",
        save=lambda table, data: services_admin.rule_save(
            table=table, data=data, actor=request.user
        ),
        message=_("The rule was added."),
    )


ITEMS = {
    "nhom": (ScoringGroup, "table", GroupForm),
    "tieu-chi": (ScoringCriterion, "group__table", CriterionForm),
    "thuong-tru": (AdjustmentRule, "table", RuleForm),
}


def _item(request, kind: str, pk: int):
    if kind not in ITEMS:
        raise Http404
    model, to_table, _form = ITEMS[kind]
    require_perm(request, "clusters.view_table")
    item = get_object_or_404(model.objects.select_related(to_table), pk=pk)
    table = item.table if hasattr(item, "table_id") else item.group.table
    if not may_edit(request.user, table):
        raise Http404
    return item, table


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, kind: str, pk: int):
    item, table = _item(request, kind, pk)
    form_class = ITEMS[kind][2]
    extra = {"table": table} if form_class is CriterionForm else {}
    form = form_class(request.POST or None, instance=item, **extra)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "nhom":
                services_admin.group_save(
                    table=table,
                    data=data,
                    actor=request.user,
                    group=ScoringGroup.objects.get(pk=item.pk),
                )
            elif kind == "tieu-chi":
                services_admin.criterion_save(
                    group=data["group"],
                    data=data,
                    actor=request.user,
                    criterion=ScoringCriterion.objects.get(pk=item.pk),
                )
            else:
                services_admin.rule_save(
                    table=table,
                    data=data,
                    actor=request.user,
                    rule=AdjustmentRule.objects.get(pk=item.pk),
                )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The change was saved."))
            return redirect("clusters:table_detail", table.pk)
    return render(
        request, "clusters/table_item_form.html", {"table": table, "form": form, "item": item}
    )


@login_required
@require_POST
def item_delete(request, kind: str, pk: int):
    item, table = _item(request, kind, pk)
    try:
        services_admin.table_item_delete(item=item, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The item was deleted."))
    return redirect("clusters:table_detail", table.pk)


@login_required
@require_POST
def table_version(request, pk: int):
    require_perm(request, "clusters.change_table")
    table = _table(request, pk)
    copy = services.table_new_version(table=table, actor=request.user)
    messages.success(request, _("Version %(v)s was made as a draft.") % {"v": copy.version})
    return redirect("clusters:table_detail", copy.pk)


@login_required
@require_POST
def table_propose(request, pk: int):
    table = _table(request, pk)
    if not may_propose(request.user, table):
        raise Http404
    proposal = services_admin.table_propose(table=table, actor=request.user)
    messages.success(
        request,
        _("Version %(v)s was made as your proposal: edit it, the secretariat accepts it.")
        % {"v": proposal.version},
    )
    return redirect("clusters:table_detail", proposal.pk)


@login_required
@require_POST
def table_accept(request, pk: int):
    require_perm(request, "clusters.change_table")
    table = _table(request, pk)
    try:
        services_admin.table_accept(table=table, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The proposal was accepted as a draft of the secretariat."))
    return redirect("clusters:table_detail", table.pk)


@login_required
def table_export(request, pk: int):
    table = _table(request, pk)
    response = HttpResponse(spreadsheet.table_export(table), content_type=XLSX)
    name = f"bang-diem-{table.bloc_kind}-{table.year}-v{table.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def table_import(request, pk: int):
    table = _editable(request, pk)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            validate_upload(upload, allowed=(UploadKind.XLSX,))
            upload.seek(0)
            spreadsheet.table_import(table=table, data=upload.read())
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("The table was imported from the file."))
            return redirect("clusters:table_detail", table.pk)
    return _again(request, table, import_form=form)


urlpatterns = [
    path("cum-khoi/bang-diem/", table_list, name="table_list"),
    path("cum-khoi/bang-diem/<int:pk>/", table_detail, name="table_detail"),
    path("cum-khoi/bang-diem/<int:pk>/cai-dat/", table_settings, name="table_settings"),
    path("cum-khoi/bang-diem/<int:pk>/nhom/", group_add, name="group_add"),
    path("cum-khoi/bang-diem/<int:pk>/tieu-chi/", criterion_add, name="criterion_add"),
    path("cum-khoi/bang-diem/<int:pk>/thuong-tru/", rule_add, name="rule_add"),
    path("cum-khoi/bang-diem/<int:pk>/phien-ban/", table_version, name="table_version"),
    path("cum-khoi/bang-diem/<int:pk>/de-xuat/", table_propose, name="table_propose"),
    path("cum-khoi/bang-diem/<int:pk>/chap-nhan/", table_accept, name="table_accept"),
    path("cum-khoi/bang-diem/<int:pk>/xuat/", table_export, name="table_export"),
    path("cum-khoi/bang-diem/<int:pk>/nhap/", table_import, name="table_import"),
    path("cum-khoi/bang-diem/<slug:kind>/<int:pk>/sua/", item_edit, name="table_item_edit"),
    path("cum-khoi/bang-diem/<slug:kind>/<int:pk>/xoa/", item_delete, name="table_item_delete"),
]
