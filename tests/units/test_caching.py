"""The shared cache is an accelerator only: unreachable, it is a miss (units.caching)."""

from django.test import override_settings

from units.caching import cache_add, cache_get, cache_set

# A Redis nobody listens on: every call fails at once with a connection error.
UNREACHABLE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def test_an_unreachable_cache_is_a_miss_and_keeps_nothing():
    with override_settings(CACHES=UNREACHABLE):
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
