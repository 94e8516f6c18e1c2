"""Rendered pages kept in the shared cache until the data changes (issue 13, point 3).

A key page costs Django 25-80 ms to build (the queries, then the layout, the navigation
and the table); `/healthz/` costs 3 ms. Most views of a list repeat the one before: the
same person opening the same page while nothing was written. So a page decorated with
:func:`cached_page` is kept, for ``TDKT_PAGE_CACHE_SECONDS``, under a key made of

- the *write generation*: a counter in the shared cache that every write to the database
  moves on (below), so any change anywhere makes every kept page a miss;
- who asks and how: the user, the session and its CSRF secret (the page carries a token
  for its forms), the address with its query, the host, the htmx headers, the language
  and today's date (deadline counts say "in 3 days").

Write generation. Every database connection gets an execute wrapper
(``connection_created``): a statement that writes (INSERT, UPDATE, DELETE, DDL, ...) to
anything but the bookkeeping tables below moves the counter on at once, and once more
after its transaction commits. The second move closes the race with a reader that took
the counter before the commit and read the rows before it too; the first keeps a
connection that reads its own uncommitted writes (a test's transaction) from an old page.
It catches what signals miss: ``QuerySet.update()``, bulk writes, raw SQL, Celery tasks
and management commands, in any process that shares the cache.

What is never kept: a page with a message waiting (the message is shown once), an answer
other than 200, an answer that sets a cookie, a streaming answer. A cache that cannot be
reached is a miss (units.caching). The counter lives in the shared cache only, so the
pages are kept only where that cache is shared by every process (Redis): the default is
on with ``REDIS_URL`` and off without it.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation

from .caching import cache_get, cache_set, unreachable

GENERATION_KEY = "pagecache:generation:v1"
PAGE_PREFIX = "pagecache:page:v1"
HIT_HEADER = "X-Page-Cache"

# Writes that no page shows: the session clock, the login lock-out log.
IGNORED_TABLES = frozenset({"django_session", "axes_accessattempt", "axes_accesslog"})
IGNORED_TABLES |= {"axes_accessfailurelog"}
_READS = frozenset({"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT"})
_READS |= {"SET", "SHOW", "EXPLAIN", "PRAGMA", "VALUES"}
_TARGET = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.I)
_VARY = ("HX-Request", "HX-Boosted", "HX-Target")


def enabled() -> bool:
    return settings.TDKT_PAGE_CACHE_SECONDS > 0


# --- the write generation ---------------------------------------------------------------


def generation() -> int | None:
    """The current write generation, or None when the cache cannot be reached."""
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, 1, None)
            value = cache.get(GENERATION_KEY)
    except Exception as error:  # a cache that is down keeps nothing
        unreachable(error, "get", GENERATION_KEY)
        return None
    return value


def bump() -> None:
    """Move the write generation on: every kept page becomes a miss."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not there yet (or evicted): start above any old value
            cache.add(GENERATION_KEY, 1, None)
            cache.incr(GENERATION_KEY)
    except Exception as error:
        unreachable(error, "incr", GENERATION_KEY)


def writes(sql: str) -> bool:
    """Whether ``sql`` may change what a page shows."""
    head = sql.lstrip(" (\n\t").split(None, 1)
    if not head or head[0].upper() in _READS:
        return False
    target = _TARGET.match(sql)
    return not (target and target.group(1).rsplit(".", 1)[-1] in IGNORED_TABLES)


def _track(connection):
    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if enabled() and writes(sql):
            bump()
            if connection.in_atomic_block:
                transaction.on_commit(bump, using=connection.alias)
        return result

    return wrapper


def track_writes(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: watch this connection's writes."""
    if not any(getattr(w, "tdkt_pagecache", False) for w in connection.execute_wrappers):
        wrapper = _track(connection)
        wrapper.tdkt_pagecache = True
        connection.execute_wrappers.append(wrapper)


# --- the pages --------------------------------------------------------------------------


def page_key(request, generation_value: int) -> str:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    parts = [
        request.get_full_path(),
        request.get_host(),
        request.scheme,
        str(user.pk) if user is not None and user.is_authenticated else "-",
        (session.session_key or "") if session is not None else "",
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        *(request.headers.get(name, "") for name in _VARY),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{PAGE_PREFIX}:{generation_value}:{digest}"


def _messages_waiting(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0  # len() does not mark them read


def _keepable(response) -> bool:
    return response.status_code == 200 and not response.streaming and not response.cookies


def cached_page(view):
    """Keep ``view``'s GET answers until the next write (see the module's docstring)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not enabled() or request.method not in ("GET", "HEAD") or _messages_waiting(request):
            return view(request, *args, **kwargs)
        current = generation()
        if current is None:
            return view(request, *args, **kwargs)
        key = page_key(request, current)
        kept = cache_get(key)
        if kept is not None:
            headers, body = kept
            response = HttpResponse(zlib.decompress(body), headers=headers)
            response[HIT_HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _keepable(response):
            kept = (dict(response.headers), zlib.compress(response.content, 1))
            cache_set(key, kept, settings.TDKT_PAGE_CACHE_SECONDS)
            response[HIT_HEADER] = "miss"
        return response

    return wrapper
