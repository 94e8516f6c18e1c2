"""Pages of the clusters app: the blocs, a round's sheets to fill, a sheet's form, the
ranking page with its flags, and the secretariat's actions (open, close, reopen, resolve).

Every object is fetched through a visibility check that answers 404, never 403: a unit
asking for another unit's sheet learns nothing, not even that it exists.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from units.models import Unit
from units.pagecache import cached_page
from units.selectors import roles_of

from . import selectors, services
from .models import (
    FlagOutcome,
    ScoringCriterion,
    ScoringRound,
    Sheet,
    SheetRole,
    SheetState,
)
from .movement_results import sheet_suggestions
from .services import line_field


def _round(request, pk: int) -> ScoringRound:
    scoring_round = get_object_or_404(selectors.round_list_visible(user=request.user), pk=pk)
    return scoring_round


def _sheet(request, pk: int) -> Sheet:
    sheet = get_object_or_404(
        Sheet.objects.select_related("round__bloc", "round__table", "target", "scorer_unit"),
        pk=pk,
    )
    if not selectors.may_see_sheet(request.user, sheet):
        raise Http404
    return sheet


@login_required
def bloc_list(request):
    blocs = selectors.bloc_list_visible(user=request.user).prefetch_related("rounds")
    if not roles_of(request.user).roles:
        raise Http404
    return render(request, "clusters/bloc_list.html", {"blocs": blocs})


@login_required
def round_sheets(request, pk: int):
    scoring_round = _round(request, pk)
    wanted = selectors.sheets_to_fill(user=request.user, scoring_round=scoring_round)
    return render(
        request,
        "clusters/round_sheets.html",
        {
            "round": scoring_round,
            "wanted": wanted,
            "may_manage": selectors.may_manage(request.user, scoring_round),
            "may_see_ranking": selectors.may_see_ranking(request.user, scoring_round),
            "is_secretariat": "secretariat" in roles_of(request.user).roles,
        },
    )


@login_required
@require_POST
def sheet_start(request, pk: int):
    """Open (creating when missing) one of the sheets the user's side must fill."""
    scoring_round = _round(request, pk)
    role, target_id = request.POST.get("role"), request.POST.get("target")
    wanted = selectors.sheets_to_fill(user=request.user, scoring_round=scoring_round)
    match = next(
        (w for w in wanted if w["role"] == role and str(w["target"].pk) == str(target_id)), None
    )
    if match is None:
        raise Http404
    scorer_unit = None
    if role in (SheetRole.SELF, SheetRole.PEER, SheetRole.HEAD):
        scorer_unit = selectors.own_member_unit(
            request.user, scoring_round.bloc, scoring_round.year
        )
    try:
        sheet = services.sheet_start(
            scoring_round=scoring_round,
            role=role,
            target=match["target"],
            actor=request.user,
            scorer_unit=scorer_unit,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("clusters:round_sheets", scoring_round.pk)
    return redirect("clusters:sheet_edit", sheet.pk)


class SheetForm(forms.Form):
    """One field per criterion, named ``line_<code>``; the service checks the maxima."""

    def __init__(self, *args, criteria, initial_points=None, editable=True, **kwargs):
        super().__init__(*args, **kwargs)
        initial_points = initial_points or {}
        self.criteria = criteria
        for criterion in criteria:
            self.fields[line_field(criterion.code)] = forms.CharField(
                label=f"{criterion.code}. {criterion.title}",
                required=False,
                initial=initial_points.get(criterion.code),
                disabled=not editable,
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "decimal",
                        "class": "form-control input-points",
                    }
                ),
                help_text=criterion.evidence_hint,
            )

    def points(self) -> dict[str, str]:
        return {c.code: self.data.get(line_field(c.code)) for c in self.criteria}

    def rows(self):
        for criterion in self.criteria:
            yield criterion, self[line_field(criterion.code)]


class EvidenceForm(forms.Form):
    criterion = forms.ModelChoiceField(
        queryset=ScoringCriterion.objects.none(), label=gettext_lazy("Criterion")
    )
    file = forms.FileField(label=gettext_lazy("File"))


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def sheet_edit(request, pk: int):
    sheet = _sheet(request, pk)
    criteria = list(
        ScoringCriterion.objects.filter(group__table=sheet.round.table)
        .select_related("group", "movement")
        .order_by("group__order", "group__code", "order", "code")
    )
    editable = sheet.state == SheetState.DRAFT and selectors.may_edit_sheet(request.user, sheet)
    current = {line.criterion.code: line.points for line in sheet.lines.select_related("criterion")}
    suggestions = sheet_suggestions(sheet=sheet, criteria=criteria)
    initial = {code: s.points for code, s in suggestions.items() if code not in current}
    initial.update(current)
    form = SheetForm(
        request.POST or None,
        criteria=criteria,
        initial_points={k: f"{v.normalize():f}" for k, v in initial.items()},
        editable=True,
    )
    if request.method == "POST":
        if not selectors.may_edit_sheet(request.user, sheet):
            raise Http404
        try:
            services.sheet_save(
                sheet=sheet,
                points=form.points(),
                actor=request.user,
                submit="submit" in request.POST,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                for message in error.messages:
                    messages.error(request, message)
        else:
            messages.success(
                request,
                _("The sheet was submitted.")
                if "submit" in request.POST
                else _("The draft was saved."),
            )
            return redirect("clusters:sheet_edit", sheet.pk)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    evidence_form = EvidenceForm()
    evidence_form.fields["criterion"].queryset = ScoringCriterion.objects.filter(
        group__table=sheet.round.table
    )
    return render(
        request,
        "clusters/sheet_form.html",
        {
            "sheet": sheet,
            "form": form,
            "editable": editable,
            "evidence": sheet.evidence.select_related("criterion"),
            "evidence_form": evidence_form,
            "reopenings": sheet.reopenings.select_related("reopened_by"),
            "may_reopen": sheet.state != SheetState.DRAFT
            and not sheet.round.is_closed
            and selectors.may_manage(request.user, sheet.round),
            "reason_form": ReasonForm(),
            "suggestions": suggestions,
        },
    )


@login_required
@require_POST
def evidence_add(request, pk: int):
    sheet = _sheet(request, pk)
    if not selectors.may_edit_sheet(request.user, sheet):
        raise Http404
    form = EvidenceForm(request.POST, request.FILES)
    form.fields["criterion"].queryset = ScoringCriterion.objects.filter(
        group__table=sheet.round.table
    )
    if form.is_valid():
        try:
            services.evidence_add(
                sheet=sheet,
                criterion=form.cleaned_data["criterion"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The evidence was attached."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("clusters:sheet_edit", sheet.pk)


@login_required
@require_POST
def sheet_reopen(request, pk: int):
    sheet = _sheet(request, pk)
    if not selectors.may_manage(request.user, sheet.round):
        raise Http404
    form = ReasonForm(request.POST)
    try:
        services.sheet_reopen(
            sheet=sheet, reason=request.POST.get("reason", ""), actor=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The sheet was reopened."))
    del form
    return redirect("clusters:sheet_edit", sheet.pk)


@login_required
@cached_page
def round_ranking(request, pk: int):
    scoring_round = _round(request, pk)
    if not selectors.may_see_ranking(request.user, scoring_round):
        raise Http404
    full = selectors.may_see_full_ranking(request.user, scoring_round)
    data = selectors.ranking(scoring_round)
    return render(
        request,
        "clusters/ranking.html",
        {
            "round": scoring_round,
            "ranking": data,
            "full": full,
            "chart": selectors.chart(data.rows),
            "source_labels": {k: _(v) for k, v in selectors.SOURCE_LABELS.items()},
            "may_manage": selectors.may_manage(request.user, scoring_round),
            "outcomes": FlagOutcome.choices,
            "verification_sheets": Sheet.objects.filter(
                round=scoring_round, role=SheetRole.SECRETARIAT, state__in=selectors.COUNTED_STATES
            ).select_related("target")
            if full
            else [],
        },
    )


@login_required
@require_POST
def flag_resolve(request, pk: int):
    scoring_round = _round(request, pk)
    if not selectors.may_manage(request.user, scoring_round):
        raise Http404
    data = selectors.ranking(scoring_round)
    key = request.POST.get("key", "")
    flag = next((f for f in data.flags if f.key == key), None)
    if flag is None:
        messages.error(request, _("This flag is no longer raised."))
        return redirect("clusters:ranking", scoring_round.pk)

    def sheet_of(field):
        # Not a sheet of this round (or not a number at all): none, which the service
        # refuses with its message where the outcome needs one.
        value = request.POST.get(field, "")
        if not value.isdigit():
            return None
        return Sheet.objects.filter(round=scoring_round, pk=value).first()

    try:
        services.flag_resolve(
            scoring_round=scoring_round,
            key=key,
            kind=flag.kind,
            outcome=request.POST.get("outcome", ""),
            reason=request.POST.get("reason", ""),
            actor=request.user,
            verification_sheet=sheet_of("verification_sheet"),
            sheet_to_reopen=sheet_of("sheet"),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The flag's resolution was recorded."))
    return redirect("clusters:ranking", scoring_round.pk)


@login_required
@require_POST
def round_transition(request, pk: int, action: str):
    scoring_round = _round(request, pk)
    if "secretariat" not in roles_of(request.user).roles:
        raise Http404
    service = {"open": services.round_open, "close": services.round_close}.get(action)
    if service is None:
        raise Http404
    try:
        service(scoring_round=scoring_round, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The scoring round is open.")
            if action == "open"
            else _("The scoring round is closed."),
        )
    return redirect(reverse("clusters:round_sheets", args=[scoring_round.pk]))


urlpatterns = [
    path("cum-khoi/", bloc_list, name="bloc_list"),
    path("cum-khoi/dot-cham/<int:pk>/", round_sheets, name="round_sheets"),
    path("cum-khoi/dot-cham/<int:pk>/phieu-moi/", sheet_start, name="sheet_start"),
    path("cum-khoi/dot-cham/<int:pk>/xep-hang/", round_ranking, name="ranking"),
    path("cum-khoi/dot-cham/<int:pk>/canh-bao/", flag_resolve, name="flag_resolve"),
    path("cum-khoi/dot-cham/<int:pk>/<str:action>/", round_transition, name="round_transition"),
    path("cum-khoi/phieu/<int:pk>/", sheet_edit, name="sheet_edit"),
    path("cum-khoi/phieu/<int:pk>/minh-chung/", evidence_add, name="evidence_add"),
    path("cum-khoi/phieu/<int:pk>/mo-lai/", sheet_reopen, name="sheet_reopen"),
]

# The bloc, covenant, scoring table and Council review pages (their own modules).
from . import views_admin, views_covenant, views_review, views_table  # noqa: E402

urlpatterns += (
    views_admin.urlpatterns
    + views_covenant.urlpatterns
    + views_table.urlpatterns
    + views_review.urlpatterns
)

# The year-end meeting of a bloc (its own module).
from . import views_meetings  # noqa: E402

urlpatterns += views_meetings.urlpatterns

__all__ = ["Unit", "urlpatterns"]
