"""Forms: notification preferences, a holiday, a manual deadline."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from units.forms.choices import use_unit_choices
from units.forms.organisation import DateInput
from units.models import Unit

from .models import Holiday, ManualDeadline, NotificationKind


def clean_local_url(value: str) -> str:
    """Only a path inside the portal ("/ho-so/12/"): the inbox redirects to it."""
    value = (value or "").strip()
    if value and (
        not value.startswith("/")
        or value.startswith("//")
        or not url_has_allowed_host_and_scheme(value, allowed_hosts=None)
    ):
        raise ValidationError(_("Enter a path inside the portal, starting with “/”."))
    return value


class PreferenceForm(forms.Form):
    """Two check boxes per kind: ``email_<kind>`` and ``app_<kind>``."""

    def __init__(self, *args, rows: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            kind = row["kind"]
            self.fields[f"email_{kind}"] = forms.BooleanField(
                label=_("By e-mail"), required=False, initial=row["by_email"]
            )
            self.fields[f"app_{kind}"] = forms.BooleanField(
                label=_("In the portal"), required=False, initial=row["in_app"]
            )

    def table(self) -> list[dict]:
        return [
            {
                **row,
                "email_field": self[f"email_{row['kind']}"],
                "app_field": self[f"app_{row['kind']}"],
            }
            for row in self.rows
        ]

    def choices(self) -> dict[str, tuple[bool, bool]]:
        return {
            kind: (self.cleaned_data[f"email_{kind}"], self.cleaned_data[f"app_{kind}"])
            for kind in NotificationKind.values
            if f"email_{kind}" in self.cleaned_data
        }


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["day", "name"]
        widgets = {"day": DateInput()}


class ManualDeadlineForm(forms.ModelForm):
    class Meta:
        model = ManualDeadline
        fields = ["title", "due_on", "unit", "url"]
        widgets = {"due_on": DateInput()}
        help_texts = {"url": _("Optional: a page of the portal, e.g. /thi-dua/ke-hoach/.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].empty_label = _("Every unit")
        use_unit_choices(self.fields["unit"], Unit.objects.filter(is_active=True))

    def clean_url(self) -> str:
        return clean_local_url(self.cleaned_data.get("url", ""))
