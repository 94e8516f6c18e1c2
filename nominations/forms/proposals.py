"""Forms of the proposal step: the secretariat's tờ trình, the chairman's decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Nominee, Proposal


class NomineeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, nominee: Nominee) -> str:
        parts = [nominee.display_name]
        if nominee.position:
            parts.append(nominee.position)
        parts.append(nominee.unit_name or nominee.dossier.unit.name)
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


class ApproveForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have read the tờ trình and the draft decision and approve them."),
        error_messages={"required": _("Tick the box to confirm the approval.")},
    )
