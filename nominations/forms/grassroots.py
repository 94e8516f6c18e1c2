"""Forms of the grassroots path: the unit council's review (one row per nominee), the
head's reason to return or turn down a dossier, and the clerk's issuing of a decision."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import Signer
from units.uploads import SafeFileField, UploadKind

from ..models import Nominee

VOTE_ERRORS = {
    "invalid": _("Enter the votes as a whole number from 0."),
    "min_value": _("Enter the votes as a whole number from 0."),
    "max_value": _("Enter the votes as a whole number from 0."),
}


def _votes(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=9_999,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "min": 0}),
        error_messages=VOTE_ERRORS,
    )


class UnitReviewForm(forms.Form):
    """The meeting of the unit's emulation council and its conclusion on each nominee."""

    held_on = forms.DateField(
        label=_("Date of the meeting"),
        widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date of the meeting."),
            "invalid": _("Enter the date of the meeting."),
        },
    )
    members_total = forms.IntegerField(
        label=_("Members of the unit's council"),
        min_value=1,
        max_value=999,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 1}),
        error_messages={
            "required": _("Enter the number of members of the unit's council."),
            "invalid": _("Enter the number of members of the unit's council."),
            "min_value": _("Enter the number of members of the unit's council."),
            "max_value": _("Enter the number of members of the unit's council."),
        },
    )
    present_names = forms.CharField(
        label=_("Members present (one per line)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
        error_messages={"required": _("Name the members present, one per line.")},
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )

    def __init__(self, *args, nominees: list[Nominee], **kwargs):
        super().__init__(*args, **kwargs)
        self.nominees = nominees
        self.rows = []
        for nominee in nominees:
            prefix = f"n{nominee.pk}"
            vote = nominee.award.council_vote != "none"
            self.fields[f"{prefix}_agree"] = _votes(_("Agree"))
            self.fields[f"{prefix}_disagree"] = _votes(_("Disagree"))
            self.fields[f"{prefix}_approved"] = forms.BooleanField(
                label=_("Agreed"),
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"{prefix}_note"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=1000,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )
            self.rows.append(
                {
                    "nominee": nominee,
                    "vote": vote,
                    "agree": self[f"{prefix}_agree"],
                    "disagree": self[f"{prefix}_disagree"],
                    "approved": self[f"{prefix}_approved"],
                    "note": self[f"{prefix}_note"],
                }
            )

    def results(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {
            n.pk: {
                "agree": data.get(f"n{n.pk}_agree"),
                "disagree": data.get(f"n{n.pk}_disagree"),
                "approved": bool(data.get(f"n{n.pk}_approved")),
                "note": data.get(f"n{n.pk}_note", ""),
            }
            for n in self.nominees
        }


class UnitReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
        error_messages={"required": _("Give the reason.")},
    )


class SignerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, signer: Signer) -> str:
        return f"{signer.position} — {signer.full_name}"


class UnitIssueForm(forms.Form):
    """The unit clerk's entry in the unit's own register: the number (a suggestion from the
    register's last one), the symbol, the date, who signed and how, the signed original."""

    number = forms.IntegerField(
        label=_("Number in the register"),
        min_value=1,
        max_value=999_999,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the number from the register."),
            "invalid": _("Enter the number from the register (a whole number from 1)."),
            "min_value": _("Enter the number from the register (a whole number from 1)."),
            "max_value": _("Enter the number from the register (a whole number from 1)."),
        },
    )
    issuer_symbol = forms.CharField(
        label=_("Issuer's symbol"),
        max_length=30,
        help_text=_("As in the number: QĐ-UBND for a commune's People's Committee."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": _("Enter the issuer's symbol, e.g. UBND.")},
    )
    issued_on = forms.DateField(
        label=_("Date of issue"),
        widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date of issue."),
            "invalid": _("Enter the date of issue."),
        },
    )
    signer = SignerChoiceField(
        label=_("Signed by"),
        queryset=Signer.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": _("Choose who signs the document.")},
    )
    authority_line = forms.ChoiceField(
        label=_("Authority line"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Choose an authority line from the list.")},
    )
    signed_file = SafeFileField(
        label=_("Signed original (PDF)"),
        allowed=[UploadKind.PDF],
        help_text=_("The scanned or digitally signed document, as issued."),
        error_messages={"required": _("Attach the signed original (PDF).")},
    )

    def __init__(self, *args, signers=None, authority_choices=(), suggested=None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("issued_on", timezone.localdate())
        if suggested is not None:
            kwargs["initial"].setdefault("number", suggested)
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = signers if signers is not None else Signer.objects.none()
        self.fields["authority_line"].choices = list(authority_choices)
        self.fields["signed_file"].widget.attrs["class"] = "form-control"
        if suggested is not None:
            self.fields["number"].help_text = _(
                "Suggested from the register: %(number)s (the last recorded number plus one). "
                "Check it against the register before saving."
            ) % {"number": f"{suggested:02d}"}
