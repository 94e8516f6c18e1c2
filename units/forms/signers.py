"""The form of a signer: the unit, name, position, order and whether he still signs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Signer
from .choices import use_unit_choices


class SignerForm(forms.ModelForm):
    class Meta:
        model = Signer
        fields = ["unit", "full_name", "position", "sort_order", "is_active"]
        widgets = {
            "unit": forms.Select(attrs={"class": "form-select"}),
            "full_name": forms.TextInput(attrs={"class": "form-control"}),
            "position": forms.TextInput(
                attrs={"class": "form-control", "list": "signer-positions"}
            ),
            "sort_order": forms.NumberInput(attrs={"class": "form-control"}),
        }
        help_texts = {"sort_order": _("The first active signer is proposed on documents.")}

    def __init__(self, *args, unit_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        use_unit_choices(self.fields["unit"], unit_queryset)
