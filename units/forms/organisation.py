"""Forms for units and people. Only the fields a user may set are on the form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Person, Unit
from .choices import use_unit_choices


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "code",
            "kind",
            "parent",
            "is_mountainous",
            "is_remote",
            "is_island",
            "is_ethnic_minority_area",
        ]
        help_texts = {
            "code": _("Letters, digits and hyphens; stable once other records use it."),
        }

    def __init__(self, *args, parent_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = parent_queryset if parent_queryset is not None else Unit.objects.all()
        queryset = queryset.filter(is_active=True)
        if self.instance.pk:
            queryset = queryset.exclude(path__startswith=self.instance.path)
        use_unit_choices(self.fields["parent"], queryset)


class PersonForm(forms.ModelForm):
    """The registry entry. Personal-data fields are removed for users who may not see them."""

    PERSONAL_FIELDS = ("birth_date", "id_number", "ethnicity")

    class Meta:
        model = Person
        fields = [
            "full_name",
            "gender",
            "birth_date",
            "birth_year",
            "ethnicity",
            "id_number",
            "position",
            "unit",
            "is_manager",
            "is_direct_worker",
            "is_active",
        ]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, unit_queryset, show_personal_data: bool, **kwargs):
        super().__init__(*args, **kwargs)
        use_unit_choices(self.fields["unit"], unit_queryset.filter(is_active=True))
        if not show_personal_data:
            for name in self.PERSONAL_FIELDS:
                del self.fields[name]

    def clean_id_number(self):
        value = (self.cleaned_data.get("id_number") or "").strip()
        if value and (not value.isdigit() or len(value) != 12):
            raise forms.ValidationError(_("A citizen ID number has exactly 12 digits."))
        return value

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year and not (1900 <= year <= timezone.localdate().year):
            raise forms.ValidationError(_("Enter a year between 1900 and this year."))
        return year

    def clean(self):
        cleaned = super().clean()
        birth_date = cleaned.get("birth_date")
        year = cleaned.get("birth_year")
        if birth_date and year and birth_date.year != year:
            self.add_error("birth_year", _("The year of birth does not match the date of birth."))
        if birth_date and birth_date > timezone.localdate():
            self.add_error("birth_date", _("The date of birth is in the future."))
        return cleaned
