"""List filters (django-filter) for units and people."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .forms.choices import CHOICE_FIELDS, use_unit_choices
from .models import Gender, Person, Unit, UnitKind
from .search import normalize
from .selectors import person_search

YES_NO = [("", _("All")), ("1", _("Yes")), ("0", _("No"))]


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=UnitKind.choices, empty_label=_("All")
    )
    is_active = django_filters.BooleanFilter(label=_("Active"), widget=forms.Select(choices=YES_NO))
    is_mountainous = django_filters.BooleanFilter(
        label=_("Mountainous area"), widget=forms.Select(choices=YES_NO)
    )
    is_remote = django_filters.BooleanFilter(
        label=_("Remote area"), widget=forms.Select(choices=YES_NO)
    )
    is_island = django_filters.BooleanFilter(label=_("Island"), widget=forms.Select(choices=YES_NO))
    is_ethnic_minority_area = django_filters.BooleanFilter(
        label=_("Ethnic-minority area"), widget=forms.Select(choices=YES_NO)
    )

    class Meta:
        model = Unit
        fields = ["q", "kind", "is_active"]

    def filter_q(self, queryset, name, value):
        folded = normalize(value)
        if not folded:
            return queryset
        return queryset.filter(
            Q(search_name__contains=folded) | Q(code__icontains=folded.replace(" ", "-"))
        )


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="filter_q")
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Unit.objects.none(), method="filter_unit", empty_label=_("All")
    )
    gender = django_filters.ChoiceFilter(
        label=_("Gender"), choices=Gender.choices, empty_label=_("All")
    )
    is_manager = django_filters.BooleanFilter(
        label=_("Manager"), widget=forms.Select(choices=YES_NO)
    )
    is_direct_worker = django_filters.BooleanFilter(
        label=_("Direct worker"), widget=forms.Select(choices=YES_NO)
    )
    is_active = django_filters.BooleanFilter(label=_("Active"), widget=forms.Select(choices=YES_NO))

    class Meta:
        model = Person
        fields = ["q", "unit", "gender", "is_manager", "is_direct_worker", "is_active"]

    def __init__(self, *args, unit_queryset, unit_choices=True, **kwargs):
        """``unit_choices=False`` when the form is not drawn (a search answered with the
        results only): the unit still validates against its queryset."""
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = unit_queryset.select_related(None).only(*CHOICE_FIELDS)
        if unit_choices:
            use_unit_choices(self.form.fields["unit"], unit_queryset)

    def filter_q(self, queryset, name, value):
        return person_search(queryset=queryset, text=value)

    def filter_unit(self, queryset, name, value):
        """A unit and everything below it."""
        return queryset.filter(unit__path__startswith=value.path)
