"""Forms of the proposal step: the secretariat's tờ trình, the chairman's approval and
the clerk's issuing (number, date, signer and signed original)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import Signer
from units.uploads import SafeFileField, UploadKind

from ..models import Nominee, Proposal


class NomineeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, nominee: Nominee) -> str:
        parts = [nominee.display_name]
        if nominee.position:
            parts.append(nominee.position)
        parts.append(nominee.unit_name or nominee.dossier.unit.label)
        return " — ".join(parts)


class ProposalForm(forms.ModelForm):
    """Title, wording of Article 1 and the nominees of a proposal; ``candidates`` are the
    nominees that may be in it (the ready ones of its award, kind and year)."""

    nominees = NomineeChoiceField(
        label=_("Nominees in the tờ trình"),
        queryset=Nominee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one nominee.")},
    )

    class Meta:
        model = Proposal
        fields = ["title", "reason_text"]
        widgets = {
            "title": forms.TextInput(attrs={"class": "form-control"}),
            "reason_text": forms.Textarea(attrs={"class": "form-control", "rows": 2}),
        }

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominees"].queryset = candidates


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for not approving"),
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
        error_messages={"required": _("Give the reason for not approving.")},
    )


class SignerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, signer: Signer) -> str:
        return f"{signer.position} — {signer.full_name}"


def _signer_field(label) -> SignerChoiceField:
    return SignerChoiceField(
        label=label,
        queryset=Signer.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": _("Choose who signs the document.")},
    )


def _authority_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Authority line"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Choose an authority line from the list.")},
    )


class ApproveForm(forms.Form):
    """The chairman approves and says who signs, and how: himself, or a vice-chairman
    "KT. CHỦ TỊCH"."""

    signer = _signer_field(_("Signed by"))
    authority_line = _authority_field()
    confirm = forms.BooleanField(
        label=_("I have read the tờ trình and the draft decision and approve them."),
        error_messages={"required": _("Tick the box to confirm the approval.")},
    )

    def __init__(self, *args, signers=None, authority_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = signers if signers is not None else Signer.objects.none()
        self.fields["authority_line"].choices = list(authority_choices)


class IssueForm(forms.Form):
    """The clerk's entry in the register: the number (a suggestion from the register's
    last one, to be checked), the date, who signed and how, the signed original (PDF)."""

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
    issued_on = forms.DateField(
        label=_("Date of issue"),
        widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date of issue."),
            "invalid": _("Enter the date of issue."),
        },
    )
    signer = _signer_field(_("Signed by"))
    authority_line = _authority_field()
    signed_file = SafeFileField(
        label=_("Signed original (PDF)"),
        allowed=[UploadKind.PDF],
        help_text=_("The scanned or digitally signed document, as issued."),
        error_messages={"required": _("Attach the signed original (PDF).")},
    )

    def __init__(
        self, *args, signers=None, authority_choices=(), symbol: str = "", suggested=None, **kwargs
    ):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("issued_on", timezone.localdate())
        if suggested is not None:
            kwargs["initial"].setdefault("number", suggested)
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = signers if signers is not None else Signer.objects.none()
        self.fields["authority_line"].choices = list(authority_choices)
        self.fields["signed_file"].widget.attrs["class"] = "form-control"
        self.symbol = symbol
        if suggested is not None:
            self.fields["number"].help_text = _(
                "Suggested from the register: %(number)s (the last recorded number plus one). "
                "Check it against the register before saving."
            ) % {"number": f"{suggested:02d}/{symbol}"}
