"""Management commands of the organisation app."""

import io

import pytest
from django.core.management import CommandError, call_command

from units.models import Person, Unit

pytestmark = pytest.mark.django_db(transaction=True)


def test_benchmark_people_fills_measures_and_drops():
    out = io.StringIO()
    call_command("benchmark_people", people=60, repeat=2, query="van", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].endswith("people in registry: 60")
    list_line = next(line for line in lines if line.startswith("list"))
    search_line = next(line for line in lines if line.startswith("search"))
    assert "rows on page 25" in list_line
    # A search asks one query more than the list, whatever it finds: the name dictionary.
    listed, searched = (
        int(line.split("queries ")[1].split()[0]) for line in (list_line, search_line)
    )
    assert searched == listed + 1
    assert Person.objects.filter(unit__code="benchmark-people").count() == 60
    call_command("benchmark_people", drop=True, stdout=io.StringIO())
    assert not Unit.objects.filter(code="benchmark-people").exists()


def test_benchmark_people_refuses_bad_numbers():
    with pytest.raises(CommandError):
        call_command("benchmark_people", people=0, stdout=io.StringIO())
