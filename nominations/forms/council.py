"""Forms of Council sessions: scheduling, the agenda, attendance and the ballot."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Choice, CouncilSession


class SessionForm(forms.ModelForm):
    class Meta:
        model = CouncilSession
        fields = ["title", "held_on", "place"]
        labels = {"held_on": _("Date of the session")}
        widgets = {
            "title": forms.TextInput(attrs={"class": "form-control"}),
            "held_on": forms.DateInput(attrs={"class": "form-control", "type": "date"}),
            "place": forms.TextInput(attrs={"class": "form-control"}),
        }


class AgendaForm(forms.Form):
    """The nominees to put on the agenda, chosen from the candidates."""

    nominees = forms.ModelMultipleChoiceField(
        label=_("Nominees on the agenda"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominees"].queryset = candidates


class AttendanceForm(forms.Form):
    """One "present" box and one written-opinion field per current member."""

    def __init__(self, *args, rows: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in rows:
            member = row["member"]
            present = f"present_{member.pk}"
            opinion = f"opinion_{member.pk}"
            self.fields[present] = forms.BooleanField(
                label=_("Present"), required=False, initial=row["present"]
            )
            self.fields[opinion] = forms.CharField(
                label=_("Written opinion (absent member)"),
                required=False,
                max_length=4000,
                initial=row["written_opinion"],
                widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
            )
            self.rows.append(
                {
                    "member": member,
                    "seat": row.get("seat"),
                    "present": self[present],
                    "opinion": self[opinion],
                }
            )

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            member = row["member"]
            if cleaned.get(f"present_{member.pk}") and cleaned.get(f"opinion_{member.pk}"):
                self.add_error(
                    f"opinion_{member.pk}",
                    _("A written opinion is only for absent members."),
                )
        return cleaned

    def attendance(self) -> dict[int, tuple[bool, str]]:
        return {
            row["member"].pk: (
                self.cleaned_data.get(f"present_{row['member'].pk}", False),
                self.cleaned_data.get(f"opinion_{row['member'].pk}", ""),
            )
            for row in self.rows
        }


class BallotForm(forms.Form):
    """One radio group per agenda item: Agree, Disagree, Abstain."""

    def __init__(self, *args, items: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = []
        for item in items:
            name = f"item_{item['item_id']}"
            self.fields[name] = forms.ChoiceField(
                label=item["name"],
                choices=Choice.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one of the three answers.")},
            )
            self.items.append({**item, "field": self[name]})

    def choices(self) -> dict[int, str]:
        return {
            item["item_id"]: self.cleaned_data[f"item_{item['item_id']}"] for item in self.items
        }
