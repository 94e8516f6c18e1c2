"""The plan of ``manage.py bench`` (issue 13: benchmarks seed their randomness): the same
data and seed give the same searches and the same verification codes."""

import random

import pytest
from django.core.management import CommandError

from awards.models import AwardGrant
from reports.management.commands.bench import Command
from tests.factories.awards import grant

pytestmark = pytest.mark.django_db


def test_the_verification_codes_come_from_the_seed(province):
    for year in range(2000, 2040):
        grant("CSTDCS", year, person=province["person_a"])
    first = Command._codes(random.Random(2026), n=10)
    assert first == Command._codes(random.Random(2026), n=10)
    assert first != Command._codes(random.Random(7), n=10)
    assert len(first) == len(set(first)) == 10
    known = set(AwardGrant.objects.values_list("verification_code", flat=True))
    assert set(first) <= known


def test_no_award_is_said_in_vietnamese():
    with pytest.raises(CommandError) as error:
        Command._codes(random.Random(1))
    assert str(error.value) == "Chưa có khen thưởng: chạy manage.py seed_province trước."
