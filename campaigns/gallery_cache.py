"""The public gallery's cache: the rows of a page and the dropdowns' options, kept for
TDKT_GALLERY_CACHE_SECONDS under a version that every change to a public exemplar
replaces (publishing, taking off, withdrawing consent, editing, a photo), so a withdrawn
consent leaves the gallery at once. The version lives in the shared cache (Redis), which
is why the cache is on by default only with REDIS_URL: per-process caches could not all
forget a withdrawn exemplar at once."""

import hashlib
import json
import uuid

from django.conf import settings
from django.db import transaction

from units.caching import cache_add, cache_get, cache_set

VERSION_KEY = "campaigns:gallery:version"


def _version() -> str:
    value = cache_get(VERSION_KEY)
    if value is None:
        cache_add(VERSION_KEY, uuid.uuid4().hex, None)
        value = cache_get(VERSION_KEY)
    # None while the cache is down: the pages are then built every time.
    return value


def _bump() -> None:
    cache_set(VERSION_KEY, uuid.uuid4().hex, None)


def gallery_changed() -> None:
    """Forget every cached gallery page: now, and again when the transaction commits (a
    page read between the two would otherwise keep the old rows)."""
    _bump()
    transaction.on_commit(_bump)


def cached(name: str, params: dict, build):
    """``build()``'s value for ``name`` and ``params``, from the cache when it is on."""
    seconds = settings.TDKT_GALLERY_CACHE_SECONDS
    if seconds <= 0:
        return build()
    version = _version()
    if version is None:
        return build()
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()
    key = f"campaigns:gallery:{version}:{name}:{digest[:32]}"
    value = cache_get(key)
    if value is None:
        value = build()
        cache_set(key, value, seconds)
    return value
