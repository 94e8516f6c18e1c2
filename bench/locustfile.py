"""The load generator of ``make bench`` (Locust): one page at a time, as its user sees it.

Run by ``manage.py bench``, which writes the plan (pages, session cookies, search terms)
to the JSON file named by ``BENCH_PLAN`` and names the page in ``BENCH_PAGE``. Every
request goes through the portal as it would behind the TLS proxy: ``X-Forwarded-Proto:
https`` and a client address in ``X-Forwarded-For`` drawn from a seeded pool of addresses
(public pages are throttled per address, and a province's visitors come from many). The
queries of search pages rotate through a seeded list, so the database is not answering
one cached plan. Every request's latency is kept (``bench/latencies.py``) for the true
percentiles of the table.
"""

import itertools
import json
import os
import random

from locust import FastHttpUser, constant, task

import bench.latencies  # noqa: F401 - keeps every request's latency (BENCH_LATENCIES)

PLAN = json.loads(open(os.environ["BENCH_PLAN"], encoding="utf-8").read())  # noqa: SIM115
PAGE = PLAN["pages"][os.environ["BENCH_PAGE"]]
RNG = random.Random(PLAN["seed"])
ADDRESSES = [
    f"10.{RNG.randrange(256)}.{RNG.randrange(256)}.{RNG.randrange(1, 255)}" for _ in range(5000)
]
# The users of a run in the order Locust starts them: each one's stream of pages is drawn
# from the seed, the round and this number (an object's id() differed from run to run).
USERS = itertools.count()


class PageUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        # Each user and each round (manage.py bench --rounds) its own stream of searches:
        # a round that repeated the last one's would find its pages kept.
        self.rng = random.Random(f"{PLAN['seed']}-{os.environ.get('BENCH_ROUND', 0)}-{next(USERS)}")
        self.headers = {"X-Forwarded-Proto": "https", "Accept-Language": "vi"}
        if PAGE.get("cookie"):
            self.headers["Cookie"] = PAGE["cookie"]
        self.headers.update(PAGE.get("headers", {}))

    @task
    def page(self):
        url = PAGE["url"]
        variants = PAGE.get("variants")
        if variants:
            url = self.rng.choice(variants)
        headers = dict(self.headers, **{"X-Forwarded-For": self.rng.choice(ADDRESSES)})
        with self.client.get(
            url, headers=headers, name=os.environ["BENCH_PAGE"], catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
