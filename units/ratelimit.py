"""A fixed-window rate limit per client address, in the cache (a shared cache backend,
Redis in production, makes it global across processes), and the headers of public pages.

Used by the public pages: certificate verification and the public consultation form.
When the cache cannot be reached the limit is counted in this process instead (a local
counter), so the public pages keep answering; the shared cache is tried again after
``CACHE_RETRY_SECONDS``.
"""

import logging
import threading
import time

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from .security import client_ip

logger = logging.getLogger(__name__)

PUBLIC_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
CACHE_RETRY_SECONDS = 30


class LocalCounter:
    """Per-process fixed-window counters, used while the shared cache is down."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}  # key → (count, expires at)

    def incr(self, key: str, *, timeout: int) -> int:
        now = time.monotonic()
        with self._lock:
            if len(self._counts) > 10_000:  # drop the expired windows now and then
                self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
            count, expires = self._counts.get(key, (0, now + timeout))
            if expires <= now:
                count, expires = 0, now + timeout
            self._counts[key] = (count + 1, expires)
            return count + 1

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()


local_counter = LocalCounter()
_cache_down_until = 0.0


def _count_in_cache(key: str, *, timeout: int) -> int:
    count_in_window = getattr(cache, "count_in_window", None)  # units.caching.RedisCache
    if count_in_window is not None:
        return count_in_window(key, timeout)
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def count(key: str, *, timeout: int) -> int:
    """Count one hit of ``key``: in the shared cache, or locally while it is down."""
    global _cache_down_until
    if time.monotonic() >= _cache_down_until:
        try:
            return _count_in_cache(key, timeout=timeout)
        except Exception:  # redis/socket errors of any cache backend: degrade, never 500
            logger.warning("rate limit: the cache is unreachable, counting in this process")
            _cache_down_until = time.monotonic() + CACHE_RETRY_SECONDS
    return local_counter.incr(key, timeout=timeout)


def reset_degraded_state() -> None:
    """Forget that the cache was down and the local counts (tests)."""
    global _cache_down_until
    _cache_down_until = 0.0
    local_counter.clear()


def over_limit(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this request in the client's current window of ``window_seconds``; True once
    more than ``limit`` requests of ``scope`` came from that address in the window."""
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}:{window}"
    return count(key, timeout=window_seconds * 2) > limit


def public(response: HttpResponse) -> HttpResponse:
    """Mark a public answer as not to be stored or indexed."""
    for header, value in PUBLIC_HEADERS.items():
        response[header] = value
    return response
