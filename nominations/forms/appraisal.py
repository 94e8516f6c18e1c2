"""Forms of the appraisal pages: the queue's filter, returning a dossier with reasons,
accepting it with a decision per nominee."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import CommendationKind

from ..models import QUEUE_STATES, DossierState, Nominee

APPROVE, REFUSE = "approve", "refuse"


class QueueFilterForm(forms.Form):
    unit = forms.CharField(label=_("Unit"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind of commendation"),
        required=False,
        choices=[("", _("All")), *CommendationKind.choices],
    )
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *[(s, DossierState(s).label) for s in QUEUE_STATES]],
    )
    overdue = forms.ChoiceField(
        label=_("Time limit"),
        required=False,
        choices=[("", _("All")), ("on", _("Overdue only"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def filters(self) -> dict:
        """The selector's filters from the valid input (nothing when invalid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "unit": data["unit"],
            "kind": data["kind"],
            "state": data["state"],
            "overdue": data["overdue"] == "on",
        }


def _textarea(rows: int = 2, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "class": "form-control", **attrs})


class ReturnForm(forms.Form):
    """A general reason and one reason per nominee (``reason_<id>``); at least one."""

    general_reason = forms.CharField(
        label=_("Reason for the whole dossier"),
        required=False,
        max_length=4000,
        widget=_textarea(3),
    )

    def __init__(self, *args, nominees: list[Nominee], **kwargs):
        kwargs.setdefault("auto_id", "return_%s")  # unique ids beside the accept form
        super().__init__(*args, **kwargs)
        self.nominees = nominees
        for nominee in nominees:
            self.fields[f"reason_{nominee.pk}"] = forms.CharField(
                label=nominee.display_name, required=False, max_length=4000, widget=_textarea()
            )

    def clean(self):
        data = super().clean()
        if not any((data.get(name) or "").strip() for name in self.fields):
            raise forms.ValidationError(
                _("Give at least one reason: for the whole dossier or for a nominee.")
            )
        return data

    def rows(self):
        return [(n, self[f"reason_{n.pk}"]) for n in self.nominees]

    def nominee_reasons(self) -> dict[int, str]:
        return {n.pk: self.cleaned_data.get(f"reason_{n.pk}", "") for n in self.nominees}


class AcceptForm(forms.Form):
    """Per nominee: approve or not (``decision_<id>``), a reason (``reason_<id>``, needed
    when not approved) and the consultation tick (``consultation_<id>``)."""

    def __init__(self, *args, nominees: list[Nominee], **kwargs):
        kwargs.setdefault("auto_id", "accept_%s")
        super().__init__(*args, **kwargs)
        self.nominees = nominees
        for nominee in nominees:
            self.fields[f"decision_{nominee.pk}"] = forms.ChoiceField(
                label=_("Decision on %(name)s") % {"name": nominee.display_name},
                choices=[(APPROVE, _("Approve")), (REFUSE, _("Do not approve"))],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"required": _("Choose approve or do not approve.")},
            )
            self.fields[f"reason_{nominee.pk}"] = forms.CharField(
                label=_("Reason"), required=False, max_length=4000, widget=_textarea()
            )
            required = nominee.award.needs_consultation
            self.fields[f"consultation_{nominee.pk}"] = forms.BooleanField(
                label=_("Put to public consultation"),
                required=False,
                initial=required,
                disabled=required,
                help_text=_("Required by the award.") if required else "",
            )

    def clean(self):
        data = super().clean()
        for nominee in self.nominees:
            refused = data.get(f"decision_{nominee.pk}") == REFUSE
            if refused and not (data.get(f"reason_{nominee.pk}") or "").strip():
                self.add_error(
                    f"reason_{nominee.pk}", _("Give the reason why the nominee is not approved.")
                )
        return data

    def rows(self):
        return [
            (n, self[f"decision_{n.pk}"], self[f"reason_{n.pk}"], self[f"consultation_{n.pk}"])
            for n in self.nominees
        ]

    def decisions(self) -> dict[int, tuple[bool, str, bool]]:
        data = self.cleaned_data
        return {
            n.pk: (
                data[f"decision_{n.pk}"] == APPROVE,
                data.get(f"reason_{n.pk}", ""),
                bool(data.get(f"consultation_{n.pk}")),
            )
            for n in self.nominees
        }
