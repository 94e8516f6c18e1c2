"""The shared cache is an accelerator only: unreachable, it is a miss (units.caching)."""

import os

import pytest
from django.test import override_settings

from tests.utils.faults import UNREACHABLE_CACHES
from tests.utils.python import run_python
from units.caching import RedisCache, cache_add, cache_get, cache_set


def test_an_unreachable_cache_is_a_miss_and_keeps_nothing():
    with override_settings(CACHES=UNREACHABLE_CACHES):
        assert cache_get("some:key") is None
        assert cache_get("some:key", "fallback") == "fallback"
        cache_set("some:key", 1, 60)
        cache_add("some:key", 1, 60)
        assert cache_get("some:key") is None


def test_a_reachable_cache_keeps_values_including_false_ones():
    cache_set("kept", 0, 60)
    cache_add("kept", 5, 60)  # add keeps the first value
    assert cache_get("kept", "missing") == 0
    assert cache_get("absent", "missing") == "missing"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_the_redis_cache_keeps_one_client_for_every_command():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "tdkt-test-client"})
    client = cache._cache.get_client()
    cache.set("kept", {"a": 1}, 30)
    assert cache.get_many(["kept", "absent"]) == {"kept": {"a": 1}}
    cache.set("counter", 1, 30)
    assert cache.add("kept", 2, 30) is False and cache.incr("counter") == 2
    assert cache._cache.get_client(write=True) is client
    cache.delete_many(["kept", "counter"])
    assert cache.get("kept", "gone") == "gone"


def test_the_settings_use_it_with_redis():
    environment = dict(
        os.environ, DJANGO_SETTINGS_MODULE="config.settings.base", REDIS_URL="redis://x:6379/1"
    )
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    output = run_python(code, environment)
    assert output.strip() == "units.caching.RedisCache"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_a_rate_limit_hit_is_counted_in_one_round_trip_and_its_window_expires(monkeypatch):
    """The public pages count every request (units.ratelimit): one write to Redis that
    creates the window's counter with its time to live and adds one, where Django's
    add-then-incr took three (SET NX, EXISTS, INCR)."""
    import redis.connection
    from django.test import RequestFactory

    from units import ratelimit

    caches = {
        "default": {
            "BACKEND": "units.caching.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "tdkt-test-ratelimit",
        }
    }
    sent = []
    real = redis.connection.AbstractConnection.send_packed_command

    def spy(self, command, *args, **kwargs):
        sent.append(command)
        return real(self, command, *args, **kwargs)

    request = RequestFactory().get("/xac-minh/", REMOTE_ADDR="203.0.113.9")
    with override_settings(CACHES=caches):
        from django.core.cache import cache

        cache.clear()
        monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", spy)
        verdicts = [
            ratelimit.over_limit(request, scope="test", limit=3, window_seconds=60)
            for _ in range(5)
        ]
        monkeypatch.undo()
        assert verdicts == [False, False, False, True, True]
        assert len(sent) == 5  # one write of MULTI, SET NX EX, INCR, EXEC per hit
        (key,) = cache._cache.get_client().keys("tdkt-test-ratelimit:*ratelimit:test:*")
        assert 60 < cache._cache.get_client().ttl(key) <= 120  # two windows, then gone
        assert cache.get(key.decode().split(":", 2)[2]) == 5  # a plain integer, as incr keeps
        cache.clear()
