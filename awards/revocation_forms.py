"""The forms of the revocation page: step one chooses the awards and gives the reason;
step two records the revoking decision in the register and asks for confirmation."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import Signer
from units.uploads import SafeFileField, UploadKind

from .revocation import REASON_MAX


class RevocationChoiceForm(forms.Form):
    grants = forms.TypedMultipleChoiceField(
        label=_("Awards to revoke"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one award to revoke."),
            "invalid_choice": _("Choose awards granted by this decision."),
        },
    )
    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_(
            "Law 06/2022, Art. 93: false declarations, a forged dossier, unlawful appraisal, "
            "or violations found later within the achievement period."
        ),
        error_messages={
            "required": _("Give the reason for revoking these awards."),
            "max_length": _("Keep the reason under 500 characters."),
        },
    )

    def __init__(self, *args, grants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grants"].choices = [
            (g.pk, f"{g.recipient_name} — {g.award.name} ({g.year})") for g in grants
        ]


class RevocationIssueForm(RevocationChoiceForm):
    """Step two: the revoking decision as the register records it, and the confirmation."""

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
    signer = forms.ModelChoiceField(
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
        help_text=_("The scanned or digitally signed revoking decision, as issued."),
        error_messages={"required": _("Attach the signed original (PDF).")},
    )
    confirm = forms.BooleanField(
        label=_("I have checked the list: revoking cannot be undone."),
        error_messages={"required": _("Tick the box to confirm the revocation.")},
    )

    def __init__(self, *args, signers=None, authority_choices=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("issued_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = signers if signers is not None else Signer.objects.none()
        self.fields["authority_line"].choices = list(authority_choices)
        self.fields["signed_file"].widget.attrs["class"] = "form-control"
        self.fields["grants"].widget = forms.MultipleHiddenInput()
        self.fields["reason"].widget = forms.HiddenInput()
