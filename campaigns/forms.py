"""Forms of the movements: the list filters, the movement and its targets, the
registration's parts, actuals, reviews and exemplars, and the public gallery's filter."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Award, AwardCategory
from units.forms.choices import use_unit_choices
from units.models import COMMUNE_LEVEL_KINDS, Person, Signer, Unit, UnitKind
from units.search import normalize
from units.uploads import SafeFileField, UploadKind

from .models import (
    AREA_FLAGS,
    Exemplar,
    ExemplarField,
    Movement,
    MovementKind,
    MovementState,
    Registration,
    RegistrationState,
    Review,
    ReviewStage,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER_WIDGET = forms.TextInput(attrs={"inputmode": "decimal"})


class MovementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="kind", choices=MovementKind.choices, empty_label=_("All")
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"), field_name="state", choices=MovementState.choices, empty_label=_("All")
    )

    class Meta:
        model = Movement
        fields = ["q", "kind", "state"]

    def filter_q(self, queryset, name, value):
        folded = normalize(value)
        return queryset.filter(search_name__contains=folded) if folded else queryset


class RegistrationFilter(django_filters.FilterSet):
    unit = django_filters.CharFilter(label=_("Unit"), method="filter_unit")
    year = django_filters.NumberFilter(label=_("Year"), field_name="year")
    state = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="state",
        choices=RegistrationState.choices,
        empty_label=_("All"),
    )

    class Meta:
        model = Registration
        fields = ["unit", "year", "state"]

    def filter_unit(self, queryset, name, value):
        folded = normalize(value)
        return queryset.filter(unit__search_name__contains=folded) if folded else queryset


class ExemplarFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    stage = django_filters.ChoiceFilter(
        label=_("Stage"),
        field_name="stage",
        choices=Exemplar._meta.get_field("stage").choices,
        empty_label=_("All"),
    )
    field = django_filters.ChoiceFilter(
        label=_("Field"), field_name="field", choices=ExemplarField.choices, empty_label=_("All")
    )

    class Meta:
        model = Exemplar
        fields = ["q", "stage", "field"]

    def filter_q(self, queryset, name, value):
        folded = normalize(value)
        return queryset.filter(search_name__contains=folded) if folded else queryset


class MovementForm(forms.ModelForm):
    participant_kinds = forms.MultipleChoiceField(
        label=_("Unit kinds"),
        required=False,
        choices=UnitKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    participant_flags = forms.MultipleChoiceField(
        label=_("Area flags"),
        required=False,
        choices=list(AREA_FLAGS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    offered_awards = forms.CharField(
        label=_("Awards offered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line: catalogue code, then the quota if any (for example “BK_TINH 10”)."
        ),
    )

    class Meta:
        model = Movement
        fields = [
            "code",
            "name",
            "slogan",
            "kind",
            "scope",
            "launch_level",
            "launching_unit",
            "start_date",
            "end_date",
            "objectives",
            "content",
            "criteria",
            "participants_rule",
            "participant_kinds",
            "participant_flags",
            "participant_units",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "content": forms.Textarea(attrs={"rows": 3}),
            "criteria": forms.Textarea(attrs={"rows": 3}),
            "participant_units": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units if units is not None else Unit.objects.filter(is_active=True)
        use_unit_choices(self.fields["launching_unit"], units)
        use_unit_choices(self.fields["participant_units"], Unit.objects.filter(is_active=True))
        self.fields["participant_units"].required = False
        self.fields["participants_rule"].required = False
        if self.instance.pk:
            self.initial["offered_awards"] = "\n".join(
                f"{o.award.code} {o.quota or ''}".strip()
                for o in self.instance.awards.select_related("award")
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        return data

    def clean_offered_awards(self):
        pairs = []
        codes = {a.code: a for a in Award.objects.all()}
        for line in self.cleaned_data["offered_awards"].splitlines():
            parts = line.split()
            if not parts:
                continue
            award = codes.get(parts[0].upper()) or codes.get(parts[0])
            if award is None:
                raise forms.ValidationError(
                    _("“%(code)s” is not a code of the award catalogue.") % {"code": parts[0]}
                )
            quota = None
            if len(parts) > 1:
                if not parts[1].isdigit():
                    raise forms.ValidationError(
                        _("The quota of %(code)s must be a whole number.") % {"code": award.code}
                    )
                quota = int(parts[1])
            pairs.append((award, quota))
        return pairs


class TargetForm(forms.Form):
    content = forms.CharField(label=_("Content"), max_length=500)
    measure = forms.CharField(label=_("Unit of measure"), max_length=60)
    plan_value = forms.CharField(label=_("Plan value"), max_length=20, widget=NUMBER_WIDGET)


class RegistrationCreateForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        use_unit_choices(self.fields["unit"], units if units is not None else Unit.objects.none())


class RegistrationMovementsForm(forms.Form):
    movements = forms.ModelMultipleChoiceField(
        label=_("Movements joined"),
        queryset=Movement.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, movements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["movements"].queryset = Movement.objects.filter(
            pk__in=[m.pk for m in movements]
        )


class RegisteredTargetForm(forms.Form):
    movement = forms.ModelChoiceField(label=_("Movement"), queryset=Movement.objects.none())
    content = forms.CharField(label=_("Content"), max_length=500)
    measure = forms.CharField(label=_("Unit of measure"), max_length=60)
    plan_value = forms.CharField(label=_("Plan value"), max_length=20, widget=NUMBER_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, movements=None, **kwargs):
        super().__init__(*args, **kwargs)
        if movements is not None:
            self.fields["movement"].queryset = movements


class RegisteredTitleForm(forms.Form):
    award = forms.ModelChoiceField(label=_("Title or form"), queryset=Award.objects.none())
    person = forms.ModelChoiceField(
        label=_("Person (empty: the collective)"), queryset=Person.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = Award.objects.filter(
            is_active=True, category=AwardCategory.TITLE
        ) | Award.objects.filter(is_active=True, code__in=["GK", "BK_TINH"])
        if people is not None:
            self.fields["person"].queryset = people


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reasons for returning"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["stage", "held_on", "organisation", "limits", "direction"]
        widgets = {
            "held_on": DATE_WIDGET,
            "organisation": forms.Textarea(attrs={"rows": 4}),
            "limits": forms.Textarea(attrs={"rows": 4}),
            "direction": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = ReviewStage.choices
        self.fields["stage"].label = _("Kind of review")


class ExemplarForm(forms.ModelForm):
    class Meta:
        model = Exemplar
        fields = [
            "subject_kind",
            "name",
            "unit",
            "commune",
            "field",
            "movement",
            "summary",
            "evidence",
            "media_links",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "media_links": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        use_unit_choices(self.fields["unit"], units if units is not None else Unit.objects.all())
        communes = Unit.objects.filter(is_active=True, kind__in=COMMUNE_LEVEL_KINDS)
        use_unit_choices(self.fields["commune"], communes)
        self.fields["movement"].queryset = Movement.objects.exclude(state=MovementState.DRAFT)


class StageForm(forms.Form):
    responsible_unit = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.filter(is_active=True)
    )
    on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_unit_choices(self.fields["responsible_unit"], Unit.objects.filter(is_active=True))


class ConsentForm(forms.Form):
    consent_on = forms.DateField(label=_("Consent dated"), widget=DATE_WIDGET)


class PhotoForm(forms.Form):
    image = SafeFileField(label=_("Photo"), allowed=(UploadKind.JPEG, UploadKind.PNG))
    caption = forms.CharField(label=_("Caption"), max_length=255, required=False)


class QuickSelect(forms.Select):
    """A select whose options are written by one template loop instead of one template
    include per option: the gallery's commune list has hundreds of options, and the
    includes took most of the page's time (benchmark_campaigns)."""

    template_name = "campaigns/widgets/quick_select.html"


class GalleryFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    movement = forms.ModelChoiceField(
        label=_("Movement"), queryset=Movement.objects.none(), required=False, widget=QuickSelect
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=Unit.objects.none(), required=False, widget=QuickSelect
    )
    field = forms.ChoiceField(
        label=_("Field"), choices=[("", _("All")), *ExemplarField.choices], required=False
    )

    def __init__(self, *args, movements=None, communes=None, choices=None, **kwargs):
        """``choices``: the options of a previous form (``options()``), from the gallery's
        cache: the dropdowns are then drawn without reading the exemplars again; the
        querysets only validate a submitted value."""
        super().__init__(*args, **kwargs)
        if movements is not None:
            self.fields["movement"].queryset = movements
        if communes is not None and choices is None:
            use_unit_choices(self.fields["commune"], communes)
        elif communes is not None:
            use_unit_choices(self.fields["commune"], Unit.objects.none())
            self.fields["commune"].queryset = communes
        if choices is not None:
            self.fields["movement"].widget.choices = choices["movement"]
            self.fields["commune"].widget.choices = choices["commune"]

    def options(self) -> dict:
        """The dropdowns' options as plain lists, to keep in the cache."""
        # A comprehension, not list(): list() asks the model iterator its length first,
        # which is a COUNT query.
        return {
            "movement": [choice for choice in self.fields["movement"].widget.choices],
            "commune": [choice for choice in self.fields["commune"].widget.choices],
        }

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "movement": data["movement"].pk if data.get("movement") else None,
            "commune": data["commune"].pk if data.get("commune") else None,
            "field": data.get("field") or "",
        }


class PlanIssueForm(forms.Form):
    """The clerk's entry of the signed launch plan in the launching unit's register: the
    number (suggested from the register's last one, to be checked), the date, the
    issuer's symbol, who signed and how, and the signed original (PDF)."""

    number = forms.IntegerField(
        label=_("Number in the register"),
        min_value=1,
        max_value=999_999,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the number from the register."),
            "invalid": _("Enter the number from the register (a whole number from 1)."),
            "min_value": _("Enter the number from the register (a whole number from 1)."),
            "max_value": _("Enter the number from the register (a whole number from 1)."),
        },
    )
    issued_on = forms.DateField(
        label=_("Date of issue"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Enter the date of issue."),
            "invalid": _("Enter the date of issue."),
        },
    )
    issuer_symbol = forms.CharField(label=_("Issuer's symbol"), max_length=30)
    signer = forms.ModelChoiceField(
        label=_("Signed by"),
        queryset=Signer.objects.none(),
        error_messages={"required": _("Choose who signs the document.")},
    )
    authority_line = forms.ChoiceField(label=_("Authority line"), required=False)
    signed_file = SafeFileField(
        label=_("Signed original (PDF)"),
        allowed=[UploadKind.PDF],
        error_messages={"required": _("Attach the signed original (PDF).")},
    )

    def __init__(self, *args, signers=None, authority_choices=(), suggested=None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("issued_on", timezone.localdate())
        if suggested is not None:
            kwargs["initial"].setdefault("number", suggested)
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = signers if signers is not None else Signer.objects.none()
        self.fields["signer"].label_from_instance = lambda s: f"{s.full_name} — {s.position}"
        self.fields["authority_line"].choices = list(authority_choices)
        if suggested is not None:
            self.fields["number"].help_text = _(
                "Suggested from the register: %(number)s (the last recorded number plus one). "
                "Check it against the register before saving."
            ) % {"number": f"{suggested:02d}"}


class AttachmentForm(forms.Form):
    """A document attached to a movement (decision, guidance, forms)."""

    title = forms.CharField(
        label=_("Title"), max_length=255, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    file = forms.FileField(
        label=_("File (PDF, DOCX or XLSX)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".pdf,.docx,.xlsx"}
        ),
    )
