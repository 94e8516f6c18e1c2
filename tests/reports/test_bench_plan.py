"""The plan of ``manage.py bench`` (issue 13: benchmarks seed their randomness): the same
data and seed give the same searches and the same verification codes."""

import json
import os
import random

import pytest
from django.core.management import CommandError

from awards.models import AwardGrant
from nominations.services import dossiers as services
from reports.management.commands.bench import Command
from tests.factories.awards import grant
from tests.utils.python import run_python

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


def test_the_verification_page_rotates_over_as_many_codes_as_asked(province, users):
    services.dossier_create(
        unit=province["unit_a"], year=2026, kind="DOT_XUAT", title="Hồ sơ đo tải",
        actor=users["staff_a"],
    )  # fmt: skip
    for year in range(2000, 2010):
        grant("CSTDCS", year, person=province["person_a"])
    secret = "s" * 50
    few = Command()._pages(random.Random(2026), secret, 3)["verify"]["variants"]
    assert len(few) == len(set(few)) == 3
    every = Command()._pages(random.Random(2026), secret)["verify"]["variants"]
    assert len(every) == 10  # the default (500) takes every grant there is
    assert all(path.startswith("/xac-minh/") for path in few + every)


def test_no_award_is_said_in_vietnamese():
    with pytest.raises(CommandError) as error:
        Command._codes(random.Random(1))
    assert str(error.value) == "Chưa có khen thưởng: chạy manage.py seed_province trước."


STREAMS = """
import json, os
from locust.env import Environment
import bench.locustfile as load

load.PageUser.host = "http://127.0.0.1:9"  # nothing is sent
streams = []
for _ in range(3):
    user = load.PageUser(Environment(user_classes=[load.PageUser]))
    user.on_start()
    streams.append([user.rng.choice(load.PAGE["variants"]) for _ in range(5)])
print(json.dumps(streams))
"""


def _streams(tmp_path, *, seed: int, round_: int) -> list[list[str]]:
    plan = tmp_path / f"plan-{seed}.json"
    variants = [f"/khen-thuong/luu-tru/?q=ten{i}" for i in range(1000)]
    pages = {"archive": {"url": "/", "variants": variants}}
    plan.write_text(json.dumps({"seed": seed, "pages": pages}))
    environment = dict(
        os.environ, BENCH_PLAN=str(plan), BENCH_PAGE="archive", BENCH_ROUND=str(round_)
    )
    return json.loads(run_python(STREAMS, environment))


def test_the_load_generators_users_draw_their_pages_from_the_seed(tmp_path):
    """Each simulated user's searches come from the seed, the round and the user's place:
    two runs send the same searches, users and rounds differ from one another."""
    first = _streams(tmp_path, seed=2026, round_=0)
    assert first == _streams(tmp_path, seed=2026, round_=0)
    assert len({tuple(stream) for stream in first}) == 3
    assert _streams(tmp_path, seed=2026, round_=1) != first
    assert _streams(tmp_path, seed=7, round_=0) != first
