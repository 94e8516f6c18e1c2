"""Forms of the awards app. Each form carries only what its user may set."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.forms.choices import use_unit_choices

from .models import (
    Award,
    AwardGrant,
    BaseSalary,
    CashCoefficient,
    CommendationKind,
    Decision,
    Discipline,
    Household,
    Initiative,
    LegalBasis,
    MemberStatistics,
    PendingCase,
    Quota,
    TaskRating,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def year_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=kwargs.pop("label", _("Year")), min_value=1945, max_value=2100, **kwargs
    )


class AwardForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of commendation"),
        choices=CommendationKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    required_documents = forms.CharField(
        label=_("Required documents"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("One document per line."),
    )

    class Meta:
        model = Award
        fields = [
            "name",
            "category",
            "subject_kind",
            "level",
            "authority",
            "kinds",
            "required_documents",
            "council_vote",
            "needs_consultation",
            "simplified_procedure",
            "is_active",
            "sort_order",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        documents = self.instance.required_documents or []
        self.initial["required_documents"] = "\n".join(d["name"] for d in documents)

    def clean_required_documents(self) -> list[dict]:
        """Keep the stable codes of documents whose names did not change."""
        known = {d["name"]: d["code"] for d in self.instance.required_documents or []}
        lines = [line.strip() for line in self.cleaned_data["required_documents"].splitlines()]
        documents = []
        for number, name in enumerate(filter(None, lines), start=1):
            documents.append({"code": known.get(name, f"tai_lieu_{number}"), "name": name})
        return documents


class CashCoefficientForm(forms.ModelForm):
    class Meta:
        model = CashCoefficient
        fields = ["subject_kind", "coefficient", "valid_from", "basis"]
        widgets = {"valid_from": DateInput()}


class QuotaForm(forms.ModelForm):
    year = year_field()

    class Meta:
        model = Quota
        fields = ["unit", "award", "year", "limit"]

    def __init__(self, *args, unit_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        use_unit_choices(self.fields["unit"], unit_queryset)
        self.fields["award"].queryset = Award.objects.filter(is_active=True)


class RatingForm(forms.ModelForm):
    year = year_field()

    class Meta:
        model = TaskRating
        fields = ["year", "rating"]


class InitiativeForm(forms.ModelForm):
    year = year_field(label=_("Year recognised"))

    class Meta:
        model = Initiative
        fields = ["code", "title", "year", "level", "recognised_by"]


class DisciplineForm(forms.ModelForm):
    class Meta:
        model = Discipline
        fields = ["level", "starts_on", "ends_on", "decision"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}


class PendingCaseForm(forms.ModelForm):
    class Meta:
        model = PendingCase
        fields = ["kind", "opened_on", "closed_on", "note"]
        widgets = {"opened_on": DateInput(), "closed_on": DateInput()}


class MemberStatisticsForm(forms.ModelForm):
    year = year_field()

    class Meta:
        model = MemberStatistics
        fields = [
            "year",
            "total",
            "ldtt",
            "completed_tasks",
            "cstdcs",
            "disciplined_warning_or_above",
        ]

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("total")
        if total is not None:
            if total < 1:
                self.add_error("total", _("A collective has at least one member."))
            for name in ["ldtt", "completed_tasks", "cstdcs", "disciplined_warning_or_above"]:
                value = cleaned.get(name)
                if value is not None and value > total:
                    self.add_error(name, _("This cannot be more than the number of members."))
        return cleaned


class HouseholdForm(forms.ModelForm):
    class Meta:
        model = Household
        fields = ["head_name", "address"]


class BaseSalaryForm(forms.ModelForm):
    class Meta:
        model = BaseSalary
        fields = ["amount", "valid_from", "basis"]
        widgets = {"valid_from": DateInput()}


class LegalBasisForm(forms.ModelForm):
    class Meta:
        model = LegalBasis
        fields = ["applies_to", "role", "order", "text", "valid_from", "valid_to"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end date cannot be before the start date."))
        return data


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "number",
            "issued_on",
            "signer_name",
            "signer_position",
            "authority",
            "kind",
            "summary",
        ]
        widgets = {"issued_on": DateInput()}


class GrantForm(forms.ModelForm):
    """An award granted to the subject of the page; the recipient is not on the form."""

    year = year_field()

    class Meta:
        model = AwardGrant
        fields = ["award", "year", "kind", "decision", "certificate_number"]

    def __init__(self, *args, subject_kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = Award.objects.filter(
            is_active=True, subject_kind__in=[subject_kind, "any"]
        )
        self.fields["decision"].queryset = Decision.objects.order_by("-issued_on", "number")
        self.fields["decision"].required = False


class EligibilityForm(forms.Form):
    award = forms.ModelChoiceField(label=_("Award"), queryset=Award.objects.none())
    year = year_field(initial=lambda: timezone.localdate().year)

    def __init__(self, *args, subject_kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = Award.objects.filter(
            is_active=True, subject_kind__in=[subject_kind, "any"]
        )


RECORD_FORMS = {
    "rating": RatingForm,
    "initiative": InitiativeForm,
    "discipline": DisciplineForm,
    "pending": PendingCaseForm,
    "stats": MemberStatisticsForm,
}
