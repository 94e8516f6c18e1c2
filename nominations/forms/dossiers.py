"""Forms of the unit's side of a dossier: the list filter, the dossier, a nominee, an
attachment, the withdrawal and the quick add of a person to the registry."""

import uuid

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import CommendationKind, SubjectKind
from awards.recipients import CLASSES_FOR_SUBJECT, derive_recipient_class, nominee_recipient_class
from campaigns.models import Movement, MovementState
from units.forms.choices import use_unit_choices
from units.models import Gender, Person
from units.search import normalize

from ..models import Dossier, DossierState, Nominee

SUBJECT_KINDS = [
    (SubjectKind.INDIVIDUAL.value, SubjectKind.INDIVIDUAL.label),
    (SubjectKind.COLLECTIVE.value, SubjectKind.COLLECTIVE.label),
    (SubjectKind.HOUSEHOLD.value, SubjectKind.HOUSEHOLD.label),
]


class DossierFilter(django_filters.FilterSet):
    """Filters of the dossier list, on the visible dossiers from the selector."""

    unit = django_filters.CharFilter(label=_("Unit"), method="filter_unit")
    year = django_filters.NumberFilter(label=_("Year"), field_name="year")
    kind = django_filters.ChoiceFilter(
        label=_("Kind of commendation"),
        field_name="kind",
        choices=CommendationKind.choices,
        empty_label=_("All"),
    )
    state = django_filters.ChoiceFilter(
        label=_("Status"), field_name="state", choices=DossierState.choices, empty_label=_("All")
    )

    class Meta:
        model = Dossier
        fields = ["unit", "year", "kind", "state"]

    def filter_unit(self, queryset, name, value):
        """Accent-insensitive: "binh son" finds "Xã Bình Sơn"."""
        folded = normalize(value)
        return queryset.filter(unit__search_name__contains=folded) if folded else queryset


STALE_FORM = _("This page has expired. Reload it and enter your changes again.")
HIDDEN_GUARDS = ("creation_token", "version")


def _guard_errors_on_top(form) -> None:
    """A missing or altered hidden token or version is said at the top of the form (the
    hidden field has no place to show its error)."""
    if any(form._errors.pop(name, None) for name in HIDDEN_GUARDS):
        form.add_error(None, STALE_FORM)


class DossierForm(forms.ModelForm):
    """The dossier's fields. A new dossier's form carries a one-time token made when it
    is rendered (a second post of it creates nothing); an edit form carries the version
    it was rendered from (a stale one is refused by the service)."""

    creation_token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": STALE_FORM, "invalid": STALE_FORM},
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": STALE_FORM, "invalid": STALE_FORM},
    )

    class Meta:
        model = Dossier
        fields = ["unit", "year", "kind", "title", "campaign", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, unit_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"]
            del self.fields["creation_token"]
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
            self.fields["creation_token"].initial = uuid.uuid4()
            if unit_queryset is not None:
                use_unit_choices(self.fields["unit"], unit_queryset)
                # One unit to choose from: chosen already (read from the options, no query).
                options = [
                    option
                    for value, label in self.fields["unit"].widget.choices
                    if value != ""
                    for option in (label if isinstance(label, list) else [(value, label)])
                ]
                if len(options) == 1:
                    self.fields["unit"].initial = options[0][0]
        if not self.instance.pk and not self.initial.get("year"):
            self.fields["year"].initial = timezone.localdate().year
        self.fields["year"].widget.attrs.update({"min": 2000, "max": 2100})
        # Launched movements only (campaigns); the old free text is kept, not edited.
        self.fields["campaign"].queryset = Movement.objects.exclude(
            state=MovementState.DRAFT
        ).order_by("name")
        self.fields["title"].widget.attrs["placeholder"] = _(
            "e.g. Tờ trình đề nghị khen thưởng tổng kết năm 2026"
        )

    def clean(self):
        data = super().clean()
        _guard_errors_on_top(self)
        if data.get("kind") == CommendationKind.MOVEMENT and not data.get("campaign"):
            self.add_error(
                "campaign",
                _("Choose the emulation movement of a movement or thematic commendation."),
            )
        return data


class NomineeForm(forms.ModelForm):
    """One nominee. The subject is chosen by kind; the award list follows the subject's
    kind and the dossier's kind of commendation. Files are checked by the service."""

    subject_kind = forms.ChoiceField(
        label=_("Nominee is"), choices=SUBJECT_KINDS, widget=forms.RadioSelect
    )
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.none(), required=False, widget=forms.HiddenInput
    )
    report_file = forms.FileField(
        label=_("Achievement report file"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, JPEG or PNG. Optional when the report is written above."),
    )
    remove_report_file = forms.BooleanField(label=_("Remove the uploaded file"), required=False)
    # The nominee's version the edit form was rendered from (the service refuses a stale one).
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": STALE_FORM, "invalid": STALE_FORM},
    )

    class Meta:
        model = Nominee
        fields = [
            "person",
            "collective",
            "household",
            "award",
            "position",
            "recipient_class",
            "achievement_summary",
            "achievement_report",
        ]
        widgets = {
            "achievement_summary": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
            "achievement_report": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(
        self,
        *args,
        people,
        units,
        households,
        awards_by_kind: dict,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        self.fields["person"].queryset = people
        use_unit_choices(self.fields["collective"], units)
        self.fields["household"].queryset = households
        self.fields["collective"].required = self.fields["household"].required = False
        self.fields["report_file"].widget.attrs["accept"] = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"
        self.fields["position"].help_text = _(
            "For a person: left empty, the position in the registry is used."
        )
        self._recipient_class_field()
        self.fields["achievement_summary"].required = True
        self.fields["achievement_summary"].help_text = _(
            "Shown on the public consultation page: no personal data."
        )
        kind = self._subject_kind()
        self.fields["award"].queryset = awards_by_kind[kind]
        self.fields["subject_kind"].initial = kind
        if editing:
            for name in ("subject_kind", "person", "collective", "household"):
                del self.fields[name]
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        if not editing or not self.instance.report_file:
            del self.fields["remove_report_file"]

    def _recipient_class_field(self) -> None:
        """The recipient class (statistics forms 0602, 0603), prefilled with the class the
        position gives; the unit confirms it (required for an individual)."""
        field = self.fields["recipient_class"]
        field.label = _("Recipient class (statistics)")
        kind = self._subject_kind()
        field.choices = [("", "---------")] + [
            (value, label)
            for value, label in field.choices
            if value in CLASSES_FOR_SUBJECT.get(kind, ())
        ]
        field.help_text = _(
            "Prefilled from the position: confirm or correct it. Required for an individual."
        )
        if self.initial.get("recipient_class"):
            return
        if self.instance.pk:
            self.initial["recipient_class"] = nominee_recipient_class(self.instance)
        else:
            person = self.initial.get("person")
            if isinstance(person, str) and person.isdigit():
                person = self.fields["person"].queryset.filter(pk=person).first()
            if isinstance(person, Person):
                self.initial["recipient_class"] = derive_recipient_class(
                    subject_kind=SubjectKind.INDIVIDUAL,
                    position=person.position,
                    is_direct_worker=person.is_direct_worker,
                    is_manager=person.is_manager,
                )

    def _clean_recipient_class(self, data: dict) -> None:
        """Left empty, the class is derived from the position; on a new nominee (whose
        person is chosen on the page, after the prefill) an underivable one stays empty
        ("chưa phân loại" in the forms) and the edit form asks for it; a class must fit
        the subject."""
        kind = self._subject_kind()
        chosen = data.get("recipient_class") or ""
        if not chosen:
            person = self.instance.person if self.instance.pk else data.get("person")
            collective = self.instance.collective if self.instance.pk else data.get("collective")
            derived = derive_recipient_class(
                subject_kind=kind,
                position=data.get("position") or (person.position if person else ""),
                unit_kind=collective.kind if collective else "",
                is_direct_worker=bool(person and person.is_direct_worker),
                is_manager=bool(person and person.is_manager),
            )
            if kind == SubjectKind.INDIVIDUAL and not derived and self.instance.pk:
                self.add_error("recipient_class", _("Choose the recipient's class."))
                return
            data["recipient_class"] = derived
        elif chosen not in CLASSES_FOR_SUBJECT.get(kind, ()):
            self.add_error("recipient_class", _("This class does not fit the nominee."))

    def _subject_kind(self) -> str:
        if self.instance.pk:
            return self.instance.subject_kind
        raw = (self.data.get("subject_kind") if self.is_bound else None) or self.initial.get(
            "subject_kind"
        )
        return raw if raw in dict(SUBJECT_KINDS) else SubjectKind.INDIVIDUAL.value

    @property
    def subject_kind_value(self) -> str:
        return self._subject_kind()

    def clean(self):
        data = super().clean()
        _guard_errors_on_top(self)
        if self.instance.pk:
            self._clean_recipient_class(data)
            return data
        kind = data.get("subject_kind")
        field = {"individual": "person", "collective": "collective", "household": "household"}
        for other in field.values():
            if other != field.get(kind):
                data[other] = None
        if kind in field and not data.get(field[kind]) and field[kind] not in self.errors:
            message = {
                "person": _("Find and choose the person."),
                "collective": _("Choose the collective."),
                "household": _("Choose the household."),
            }[field[kind]]
            self.add_error(field[kind] if field[kind] != "person" else None, message)
        if "recipient_class" not in self.errors:
            self._clean_recipient_class(data)
        return data


class AttachmentForm(forms.Form):
    document_code = forms.ChoiceField(label=_("Document"))
    nominee = forms.ModelChoiceField(
        label=_("For the nominee"), queryset=Nominee.objects.none(), required=False
    )
    file = forms.FileField(label=_("File"), help_text=_("PDF, DOCX, XLSX, JPEG or PNG."))

    def __init__(self, *args, documents, nominees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_code"].choices = documents
        self.fields["nominee"].queryset = nominees
        self.fields["nominee"].empty_label = _("The whole dossier")
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class PersonQuickForm(forms.ModelForm):
    """The few fields needed to add someone to the registry from a dossier."""

    class Meta:
        model = Person
        fields = ["full_name", "gender", "birth_year", "position", "unit"]

    def __init__(self, *args, unit_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        use_unit_choices(self.fields["unit"], unit_queryset)
        self.fields["gender"].choices = Gender.choices

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year and not (1900 <= year <= timezone.localdate().year):
            raise forms.ValidationError(_("Enter a year between 1900 and this year."))
        return year
