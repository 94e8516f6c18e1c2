"""An integer ``__in`` lookup leaves out the values no integer column can hold (units.lookups):
on SQLite, the embedded default, such a value in an ``IN`` list raised OverflowError, and a
form's list of choices posted with one answered 500."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from units.models import Unit

pytestmark = pytest.mark.django_db

HUGE = 10**20  # past 64 bits


def test_values_past_the_columns_range_are_left_out_of_the_list(province):
    query = Unit.objects.filter(pk__in=[province["root"].pk, HUGE, -HUGE]).values("pk")
    sql, params = query.query.sql_with_params()
    assert params == (province["root"].pk,)
    assert list(query) == [{"pk": province["root"].pk}]


def test_a_list_of_nothing_but_such_values_matches_nothing_without_a_query(province):
    with CaptureQueriesContext(connection) as queries:
        assert list(Unit.objects.filter(pk__in=[HUGE])) == []
    assert queries.captured_queries == []


def test_a_forms_list_of_choices_refuses_such_a_value_as_any_unknown_choice(province):
    class Choice(forms.Form):
        units = forms.ModelMultipleChoiceField(queryset=Unit.objects.all())

    form = Choice({"units": [str(province["root"].pk), str(HUGE)]})
    assert not form.is_valid()
    [error] = form.errors.as_data()["units"]
    assert (error.code, error.params) == ("invalid_choice", {"value": str(HUGE)})
