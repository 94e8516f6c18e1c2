"""Forms of Council sessions: scheduling, the agenda, attendance, the absent members'
written opinions, the record of the meeting and the ballot."""

from django import forms
from django.utils.translation import gettext_lazy as _

from units.uploads import SafeFileField

from ..models import Choice, CouncilSession, WrittenChoice
from ..services.council import OPINION_PAPER_KINDS


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
    """One "present" box and one note on the absence per current member (the written
    opinions per nominee are recorded apart, with the signed paper)."""

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
                label=_("Note on the absence"),
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
                    _("A note on the absence is only for absent members."),
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


class WrittenOpinionForm(forms.Form):
    """An absent member's written opinion: agree / disagree per nominee on the agenda and
    the signed paper."""

    member = forms.ModelChoiceField(
        label=_("Absent member"),
        queryset=None,
        empty_label=_("Choose the member"),
        error_messages={
            "required": _("Choose the absent member who gave the opinion."),
            "invalid_choice": _(
                "This member cannot give a written opinion: present, or already recorded."
            ),
        },
    )
    paper = SafeFileField(
        label=_("Signed paper (PDF or photo)"),
        allowed=OPINION_PAPER_KINDS,
        error_messages={"required": _("Attach the signed paper of the written opinion.")},
    )

    def __init__(self, *args, members, items: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.items = []
        for item in items:
            name = f"item_{item['item_id']}"
            self.fields[name] = forms.ChoiceField(
                label=item["name"],
                choices=[("", _("No opinion")), *WrittenChoice.choices],
                required=False,
                widget=forms.RadioSelect,
            )
            self.items.append({**item, "field": self[name]})

    def clean(self):
        cleaned = super().clean()
        if self.items and not any(cleaned.get(f"item_{i['item_id']}") for i in self.items):
            raise forms.ValidationError(
                _("Record the member's opinion (agree or disagree) on at least one nominee.")
            )
        return cleaned

    def opinions(self) -> dict[int, str]:
        return {
            item["item_id"]: self.cleaned_data[f"item_{item['item_id']}"]
            for item in self.items
            if self.cleaned_data.get(f"item_{item['item_id']}")
        }


class SessionRecordForm(forms.Form):
    """The record of the meeting for the minutes: who keeps the minutes, the counting
    committee and the hours."""

    secretary = forms.ModelChoiceField(
        label=_("Secretary at the session"),
        queryset=None,
        empty_label=_("Choose a member present"),
        help_text=_("The Council's secretary, or a member present acting as secretary."),
        error_messages={"required": _("Choose who keeps the minutes at this session.")},
    )
    counting_committee = forms.ModelMultipleChoiceField(
        label=_("Counting committee"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    started_at = forms.TimeField(
        label=_("Start time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M"),
    )
    ended_at = forms.TimeField(
        label=_("End time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M"),
    )

    def __init__(self, *args, present, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secretary"].queryset = present
        self.fields["counting_committee"].queryset = present
        self.fields["secretary"].label_from_instance = lambda user: user.get_full_name()
        self.fields["counting_committee"].label_from_instance = lambda user: user.get_full_name()
