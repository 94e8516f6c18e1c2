"""A fixed-window rate limit per client address, in the cache (a shared cache backend,
Redis in production, makes it global across processes), and the headers of public pages.

Used by the public pages: certificate verification and the public consultation form.
"""

import time

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from .security import client_ip

PUBLIC_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def over_limit(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this request in the client's current window of ``window_seconds``; True once
    more than ``limit`` requests of ``scope`` came from that address in the window."""
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}:{window}"
    cache.add(key, 0, timeout=window_seconds * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds * 2)
        count = 1
    return count > limit


def public(response: HttpResponse) -> HttpResponse:
    """Mark a public answer as not to be stored or indexed."""
    for header, value in PUBLIC_HEADERS.items():
        response[header] = value
    return response
