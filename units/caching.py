"""The shared cache as an accelerator only: a cache that cannot be reached (Redis down or
restarting) is a miss, never an error page.

The pages that keep a computed result in the cache (a bloc's ranking, the chairman's
leaders, a verification page's QR code, the public gallery) read and write it through
these two functions: while the cache is down they compute every time, log once a minute,
and answer as usual. The rate limits have their own fallback (units.ratelimit).
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django.core.cache.backends import redis as redis_backend

logger = logging.getLogger(__name__)
_MISSING = object()
_LOG_EVERY_SECONDS = 60
_last_logged = 0.0


def unreachable(error: Exception, action: str, key: str) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= _LOG_EVERY_SECONDS:
        _last_logged = now
        logger.warning("cache unreachable (%s %s): %s", action, key, error)


def cache_get(key: str, default=None):
    try:
        value = cache.get(key, _MISSING)
    except Exception as error:  # any backend failure is a miss: the caller computes
        unreachable(error, "get", key)
        return default
    return default if value is _MISSING else value


def cache_set(key: str, value, timeout: int | None) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception as error:  # the result is simply not kept
        unreachable(error, "set", key)


def cache_add(key: str, value, timeout: int | None) -> None:
    try:
        cache.add(key, value, timeout)
    except Exception as error:
        unreachable(error, "add", key)


class RedisCacheClient(redis_backend.RedisCacheClient):
    """Django's Redis client, keeping one ``redis.Redis`` per connection pool. Django's own
    builds a new one for every command, and its constructor fills a table of some 200
    reply handlers: 90 µs of a 230 µs read, three times on each kept page's view."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis_backend.RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with :class:`RedisCacheClient`."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def count_in_window(self, key: str, timeout: int) -> int:
        """Add one to the counter ``key`` (created at 0 with ``timeout`` seconds to live)
        and return it, in one round trip: ``SET NX EX`` then ``INCR`` in a MULTI/EXEC.
        Django's ``add`` then ``incr`` took three (``SET NX``, ``EXISTS``, ``INCR``): a third
        of a kept verification page's time."""
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
        with client.pipeline(transaction=True) as pipe:
            pipe.set(key, 0, ex=timeout, nx=True)
            pipe.incr(key)
            _created, value = pipe.execute()
        return value
