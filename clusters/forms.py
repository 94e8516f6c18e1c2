"""Forms of the bloc, covenant, scoring table and review pages. The forms check the
shape of the input; the services check the rules (and put their errors on the fields)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Movement, MovementState
from units.models import COMMUNE_LEVEL_KINDS, Role, Unit, User

from .models import (
    AdjustmentRule,
    Bloc,
    BlocKind,
    RecheckState,
    ScoringCriterion,
    ScoringGroup,
    ScoringTable,
)

TEXTAREA = {"rows": 3, "class": "form-control"}


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


def year_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Year"), min_value=2020, max_value=2100, initial=timezone.localdate().year
    )


class BlocForm(StyledModelForm):
    class Meta:
        model = Bloc
        fields = ["name", "code", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs=TEXTAREA)}

    def validate_unique(self):
        """The service answers a duplicate code beside the field, in Vietnamese."""


class MemberForm(StyledForm):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Unit"))
    women_led = forms.BooleanField(label=_("led by a woman"), required=False)

    def __init__(self, *args, bloc: Bloc, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True).order_by("path")
        if bloc.kind == BlocKind.COMMUNES:
            units = units.filter(kind__in=COMMUNE_LEVEL_KINDS)
        else:
            units = units.exclude(kind__in=COMMUNE_LEVEL_KINDS)
        self.fields["unit"].queryset = units


class LeadershipForm(StyledForm):
    head = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("head unit"))
    deputy = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=_("deputy unit"), required=False
    )
    elected_on = forms.DateField(
        label=_("elected on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = members
        self.fields["deputy"].queryset = members


class CouncilAssignForm(StyledForm):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Council member"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, roles__role=Role.COUNCIL_MEMBER)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username


class RulesDocumentForm(StyledForm):
    title = forms.CharField(label=_("title"), max_length=255)
    file = forms.FileField(label=_("File (PDF or DOCX)"))


class CovenantForm(StyledForm):
    targets = forms.CharField(
        label=_("targets"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("One target per line: what every member commits to in the year."),
    )


class TableForm(StyledModelForm):
    tie_break_text = forms.CharField(
        label=_("tie-break order"),
        required=False,
        help_text=_('In order, separated by commas: "group:A", "deductions", "women_led".'),
    )

    class Meta:
        model = ScoringTable
        fields = [
            "title",
            "legal_basis",
            "is_unconfirmed",
            "bonus_cap",
            "deduction_cap",
            "flag_quota",
            "certificate_quota",
            "everyone_scores_everyone",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["tie_break_text"] = ", ".join(self.instance.tie_break or [])


class GroupForm(StyledModelForm):
    class Meta:
        model = ScoringGroup
        fields = ["code", "title", "max_points", "order"]


class CriterionForm(StyledModelForm):
    group = forms.ModelChoiceField(queryset=ScoringGroup.objects.none(), label=_("group"))

    class Meta:
        model = ScoringCriterion
        fields = [
            "code",
            "title",
            "max_points",
            "is_veto",
            "evidence_required",
            "evidence_hint",
            "movement",
            "order",
        ]

    def __init__(self, *args, table: ScoringTable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = table.groups.all()
        # A movement whose results the criterion scores: launched ones, running in the year.
        self.fields["movement"].queryset = Movement.objects.exclude(
            state=MovementState.DRAFT
        ).filter(start_date__year__lte=table.year, end_date__year__gte=table.year)
        self.fields["movement"].required = False
        self.fields["movement"].help_text = _(
            "Optional: the sheets suggest this criterion's points from the share of its "
            "registered targets each unit achieved."
        )
        self.order_fields(["group"])
        if self.instance.pk and not self.is_bound:
            self.initial["group"] = self.instance.group_id

    def validate_unique(self):
        """The service checks the code within the table."""


class RuleForm(StyledModelForm):
    class Meta:
        model = AdjustmentRule
        fields = ["kind", "title", "points", "order"]


class ImportForm(StyledForm):
    file = forms.FileField(label=_("XLSX file"))


class CommentForm(StyledForm):
    text = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 3}))


class RecheckForm(StyledForm):
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        label=_("Unit"),
        required=False,
        empty_label=_("The whole ranking"),
    )
    reason = forms.CharField(label=_("what to re-check"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = members


class AnswerForm(StyledForm):
    state = forms.ChoiceField(
        label=_("answer"),
        choices=[(RecheckState.DONE, RecheckState.DONE.label)]
        + [(RecheckState.DECLINED, RecheckState.DECLINED.label)],
    )
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 2}))
