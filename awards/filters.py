"""List filters (django-filter) for the award archive."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units.forms.choices import CHOICE_FIELDS, use_unit_choices
from units.models import Unit

from .models import Award, CommendationKind, SubjectKind
from .selectors import archive_search

RECIPIENT_TYPES = [
    (SubjectKind.INDIVIDUAL.value, SubjectKind.INDIVIDUAL.label),
    (SubjectKind.COLLECTIVE.value, SubjectKind.COLLECTIVE.label),
    (SubjectKind.HOUSEHOLD.value, SubjectKind.HOUSEHOLD.label),
]

# Which subject column is filled for each recipient type.
RECIPIENT_COLUMN = {
    SubjectKind.INDIVIDUAL: "person",
    SubjectKind.COLLECTIVE: "unit",
    SubjectKind.HOUSEHOLD: "household",
}


class YearFilter(django_filters.NumberFilter):
    """A four-digit year (NumberFilter's default field would accept decimals)."""

    field_class = forms.IntegerField


class GrantFilter(django_filters.FilterSet):
    """The archive's filters. The award and unit choices are narrowed per request: the
    awards in use, and the units the user may see (a unit means its whole subtree)."""

    q = django_filters.CharFilter(label=_("Recipient"), method="filter_q")
    award = django_filters.ModelChoiceFilter(
        label=_("Award"), queryset=Award.objects.none(), empty_label=_("All")
    )
    year = YearFilter(
        label=_("Year"),
        min_value=1945,
        max_value=2100,
        widget=forms.NumberInput(attrs={"min": 1945, "max": 2100, "step": 1}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=CommendationKind.choices, empty_label=_("All")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Unit.objects.none(), method="filter_unit", empty_label=_("All")
    )
    decision = django_filters.CharFilter(
        label=_("Decision number or issuer"),
        method="filter_decision",
        max_length=60,
    )
    recipient_type = django_filters.ChoiceFilter(
        label=_("Recipient type"),
        choices=RECIPIENT_TYPES,
        method="filter_recipient_type",
        empty_label=_("All"),
    )

    def __init__(self, *args, award_queryset, unit_queryset, unit_choices=True, **kwargs):
        """``unit_choices=False`` when the form is not drawn (a search answered with the
        results only): the unit still validates against its queryset."""
        super().__init__(*args, **kwargs)
        self.filters["award"].queryset = award_queryset
        self.filters["unit"].queryset = unit_queryset.select_related(None).only(*CHOICE_FIELDS)
        if unit_choices:
            use_unit_choices(self.form.fields["unit"], unit_queryset)

    def filter_q(self, queryset, name, value):
        return archive_search(queryset=queryset, text=value)

    def filter_decision(self, queryset, name, value):
        """By the decision's number, or its issuer's name: two communes may both issue
        "01/QĐ-UBND" (numbers are unique per issuer and year)."""
        return queryset.filter(
            Q(decision__number__icontains=value) | Q(decision__issuer__full_name__icontains=value)
        )

    def filter_unit(self, queryset, name, value):
        """Grants kept by the unit or any unit below it."""
        return queryset.filter(unit_scope__path__startswith=value.path)

    def filter_recipient_type(self, queryset, name, value):
        column = RECIPIENT_COLUMN.get(value)
        if column is None:
            return queryset
        return queryset.filter(**{f"{column}__isnull": False})
