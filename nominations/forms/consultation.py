"""Forms of the public consultation: the public's opinion (with its honeypot), the
secretariat's window and its handling of each opinion."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Nominee, OpinionStatus
from ..services.consultation import (
    BODY_MAX,
    HANDLED_STATUSES,
    MAX_DAYS,
    SENDER_MAX,
    TEXT_MAX,
    default_days,
)

# The honeypot's name: a field people never see (hidden by CSS) and bots fill in.
HONEYPOT = "website"


class NomineeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Nominee) -> str:
        return f"{obj.display_name} — {obj.award.name}"


class OpinionForm(forms.Form):
    nominee = NomineeChoiceField(
        label=_("Nominee"),
        queryset=Nominee.objects.none(),
        empty_label=_("— choose a nominee —"),
        error_messages={
            "required": _("Choose the nominee your opinion is about."),
            "invalid_choice": _("Choose one of the nominees of this consultation."),
        },
    )
    is_objection = forms.TypedChoiceField(
        label=_("Your opinion"),
        choices=(
            ("1", _("I object to this nomination")),
            ("0", _("I agree, or I have a comment")),
        ),
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you object or not.")},
    )
    body = forms.CharField(
        label=_("Content"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text, at most 4000 characters."),
        error_messages={
            "required": _("Write your opinion."),
            "max_length": _("Your opinion is too long (at most 4000 characters)."),
        },
    )
    sender_name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=SENDER_MAX,
        required=False,
        error_messages={"max_length": _("The name is too long (at most 150 characters).")},
    )
    sender_contact = forms.CharField(
        label=_("Phone or e-mail (optional)"),
        max_length=SENDER_MAX,
        required=False,
        help_text=_("Only so that the standing agency can answer you; never published."),
        error_messages={"max_length": _("The contact is too long (at most 150 characters).")},
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my name and contact are kept by the standing agency only to answer "
            "this opinion, and deleted after the consultation's retention period."
        ),
        required=False,
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominee"].queryset = consultation.nominees.select_related("award").order_by(
            "display_name", "pk"
        )

    def clean(self):
        data = super().clean()
        given = (data.get("sender_name") or "").strip() or (
            data.get("sender_contact") or ""
        ).strip()
        if given and not data.get("consent"):
            self.add_error(
                "consent",
                _(
                    "Tick the box to agree to how your name and contact are kept, "
                    "or leave them out."
                ),
            )
        return data

    @property
    def is_bot(self) -> bool:
        """Whether the honeypot was filled (read from the raw data, valid or not)."""
        return bool(self.data.get(HONEYPOT, "").strip())


class ConsultationForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        error_messages={"required": _("Enter a title for the consultation.")},
    )
    opens_on = forms.DateField(
        label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    days = forms.IntegerField(
        label=_("Window (working days)"),
        min_value=1,
        max_value=MAX_DAYS,
        help_text=_("Weekends and public holidays are not counted."),
    )
    nominees = forms.ModelMultipleChoiceField(
        label=_("Nominees"),
        queryset=Nominee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one nominee.")},
    )

    def __init__(self, *args, eligible, **kwargs):
        kwargs.setdefault("initial", {"opens_on": timezone.localdate(), "days": default_days()})
        super().__init__(*args, **kwargs)
        self.fields["nominees"].queryset = eligible


STATUS_CHOICES = [("", _("— choose —"))] + [
    (s.value, s.label) for s in OpinionStatus if s in HANDLED_STATUSES
]


class OpinionHandleForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Handled as"),
        choices=STATUS_CHOICES,
        error_messages={"required": _("Choose how the opinion was handled.")},
    )
    answer = forms.CharField(
        label=_("Answer to the sender"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resolution = forms.CharField(
        label=_("How it was resolved"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when an objection is resolved or upheld."),
    )


class ConsultationCloseForm(forms.Form):
    """Closing a consultation: before its closing day the secretariat says why."""

    reason = forms.CharField(
        label=_("Reason for closing early"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required before the announced closing day; kept in the dossiers' history."),
    )
