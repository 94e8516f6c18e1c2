"""Rendered pages kept in the shared cache until what they show changes (issue 13, point 3).

A key page costs Django 25-80 ms to build (the queries, then the layout, the navigation
and the table); `/healthz/` costs 1–1.5 ms. Most views of a list repeat the one before: the
same person opening the same page while nothing it shows was written. So a page decorated
with :func:`cached_page` is kept, for ``TDKT_PAGE_CACHE_SECONDS``,

- under a key made of who asks and how: the user, the session and its CSRF secret (the
  page carries a token for its forms), the address with its query, the host, the htmx
  headers, the language and today's date (deadline counts say "in 3 days");
- beside the *generation* of every table the page reads, as it was when the page was
  built: a counter per table in the shared cache that every write to that table moves on
  (below). A kept page is served only while every counter still says the same; the
  counters and the page come back in one round trip. The tables a view reads are learnt
  by watching its queries: a page that read a table its counters did not cover is not
  kept, and the view's next page covers it. The user and role tables, read before the
  view, and a generation for writes whose table cannot be told (DDL, TRUNCATE) are
  always covered.

Writes. Every database connection gets an execute wrapper (``connection_created``): a
statement that writes moves its table's counter on at once, and once more after its
transaction commits. The second move closes the race with a reader that took the counters
before the commit and read the rows before it too; the first keeps a connection that reads
its own uncommitted writes (a test's transaction) from an old page. It catches what
signals miss: ``QuerySet.update()``, bulk writes, raw SQL, Celery tasks and management
commands, in every process that shares the cache. Writes no page shows are left out: the
session clock, the login lock-out log, a login's ``last_login``.

On a kept copy the view does not run, its permission check included: the key holds the
user and the session, and any change to the user or their roles is a write to a table
every key covers. What is never kept: a page with a message waiting (it is shown once), an
answer other than 200, an answer that sets a cookie, a streaming answer, a page whose
building wrote to the database (a kept copy would skip the write). A cache that
cannot be reached is a miss (units.caching). The counters live in the shared cache only,
so pages are kept only where every process shares it (Redis): the default is on with
``REDIS_URL`` and off without it.
"""

from __future__ import annotations

import contextvars
import hashlib
import re
import time
import zlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation

from .caching import cache_set, unreachable

GENERATION_PREFIX = "pagecache:gen:v2"
PAGE_PREFIX = "pagecache:page:v3"
HIT_HEADER = "X-Page-Cache"
# The generation of writes whose table cannot be told: in every key.
ANY_TABLE = "*"
# Read before the view runs (the login, the roles and their units behind every
# permission and the header): in every key.
BASE_TABLES = frozenset({"units_user", "units_roleassignment", "units_unit"})

# Writes that no page shows: the session clock, the login lock-out log, a login's time.
IGNORED_TABLES = frozenset(
    {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
)
_LAST_LOGIN = re.compile(
    r'^\s*UPDATE\s+"units_user"\s+SET\s+"last_login"\s*=\s*%s\s+WHERE\s+"units_user"\."id"\s*=\s*%s\s*$',
    re.I,
)
_READS = frozenset({"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT"})
_READS |= {"SET", "SHOW", "EXPLAIN", "PRAGMA", "VALUES"}
_MODIFIES = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b", re.I)
_TARGET = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.I)
_SOURCES = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_][\w]*)"?(?:\."?([A-Za-z_]\w*)"?)?', re.I)
_VARY = ("HX-Request", "HX-Boosted", "HX-Target")
# Noted among the tables read when building a page wrote something: a page whose view
# writes (a side effect) is never kept, or a kept copy would skip the write.
_WROTE = "<wrote>"

# The tables each view has been seen to read, in this process (learnt, never forgotten).
_tables_of: dict[str, frozenset[str]] = {}
# While a view is built: the tables its queries read.
_reading: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "pagecache_reading", default=None
)


def enabled() -> bool:
    return settings.TDKT_PAGE_CACHE_SECONDS > 0


# --- the generations --------------------------------------------------------------------


def _key(table: str) -> str:
    return f"{GENERATION_PREFIX}:{table}"


def _start() -> int:
    """A first value no earlier counter of the same table can have reached (microseconds):
    a counter evicted and started again never meets the pages of its old values."""
    return time.time_ns() // 1000


def generations(tables) -> dict[str, int] | None:
    """The current generation of each table, or None when the cache cannot be reached."""
    return lookup(tables)[0]


def lookup(tables, page: str | None = None) -> tuple[dict[str, int] | None, object]:
    """The current generation of each table and, when ``page`` is given, what is kept
    under that key: one round trip to the cache (a page view asked twice before, the
    counters and then the page they named). (None, None) when the cache is down."""
    keys = {_key(t): t for t in tables}
    try:
        found = cache.get_many([*keys, page] if page else list(keys))
        kept = found.pop(page, None) if page else None
        for key in keys.keys() - found.keys():
            cache.add(key, _start(), None)
            found[key] = cache.get(key)
    except Exception as error:  # a cache that is down keeps nothing
        unreachable(error, "get", GENERATION_PREFIX)
        return None, None
    return {keys[k]: v for k, v in found.items()}, kept


def bump(table: str) -> None:
    """Move ``table``'s generation on: every kept page that read it becomes a miss."""
    key = _key(table)
    try:
        try:
            cache.incr(key)
        except ValueError:  # not there yet, or evicted
            cache.add(key, _start(), None)
            cache.incr(key)
    except Exception as error:
        unreachable(error, "incr", key)


def written_table(sql: str) -> str | None:
    """The table ``sql`` writes; ``ANY_TABLE`` when it writes and the table cannot be told;
    None for a read or a write no page shows."""
    head = sql.lstrip(" (\n\t").split(None, 1)
    if not head or head[0].upper() in _READS:
        return None
    if head[0].upper() == "WITH" and not _MODIFIES.search(sql):
        return None  # a query with common table expressions that change nothing
    target = _TARGET.match(sql)
    if target is None:
        return ANY_TABLE
    table = target.group(1).rsplit(".", 1)[-1]
    return None if table in IGNORED_TABLES or _LAST_LOGIN.match(sql) else table


def read_tables(sql: str) -> set[str]:
    """The tables (or, harmlessly, other names) after FROM and JOIN in ``sql``."""
    return {table or first for first, table in _SOURCES.findall(sql)}


class _Bump:
    """An on-commit callback that moves one table on; equal for the same table, so a
    transaction registers it once however many rows it writes."""

    def __init__(self, table: str):
        self.table = table

    def __call__(self) -> None:
        bump(self.table)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Bump) and other.table == self.table

    def __hash__(self) -> int:
        return hash(self.table)


def _track(connection):
    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not enabled():
            return result
        reading = _reading.get()
        if reading is not None:
            reading |= read_tables(sql)
        table = written_table(sql)
        if table is not None:
            if reading is not None:
                reading.add(_WROTE)
            bump(table)
            if connection.in_atomic_block:
                callback = _Bump(table)
                if not any(callback == func for _, func, _ in connection.run_on_commit):
                    transaction.on_commit(callback, using=connection.alias)
        return result

    return wrapper


def track_writes(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: watch this connection's queries."""
    if not any(getattr(w, "tdkt_pagecache", False) for w in connection.execute_wrappers):
        wrapper = _track(connection)
        wrapper.tdkt_pagecache = True
        connection.execute_wrappers.append(wrapper)


# --- the pages --------------------------------------------------------------------------


def page_key(request) -> str:
    """Who asks and how. The generations the page was built at are kept beside it and
    compared on the way out (``cached_page``), so one round trip reads both."""
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
    return f"{PAGE_PREFIX}:{digest}"


def _messages_waiting(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0  # len() does not mark them read


def _keepable(response) -> bool:
    return response.status_code == 200 and not response.streaming and not response.cookies


def _build(view, request, args, kwargs) -> tuple:
    """Run the view and render its answer, noting the tables its queries read."""
    token = _reading.set(set())
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        return response, _reading.get() - IGNORED_TABLES
    finally:
        _reading.reset(token)


def cached_page(view):
    """Keep ``view``'s GET answers until a table they read is written (see the module)."""
    name = f"{view.__module__}.{view.__qualname__}"

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not enabled() or request.method not in ("GET", "HEAD") or _messages_waiting(request):
            return view(request, *args, **kwargs)
        covered = _tables_of.get(name, frozenset()) | BASE_TABLES
        key = page_key(request)
        # Taken before the view reads anything: a write that commits meanwhile moves a
        # counter past what is kept with this page.
        current, kept = lookup(covered | {ANY_TABLE}, key)
        if current is None:
            return view(request, *args, **kwargs)
        built_at = sorted(current.items())
        if kept is not None and kept[0] == built_at:
            _built_at, headers, body = kept
            response = HttpResponse(zlib.decompress(body), headers=headers)
            response[HIT_HEADER] = "hit"
            return response
        response, read = _build(view, request, args, kwargs)
        wrote = _WROTE in read
        read.discard(_WROTE)
        if not read <= covered:  # learnt now; the next page's key covers them
            _tables_of[name] = frozenset(covered | read)
        elif _keepable(response) and not wrote:
            kept = (built_at, dict(response.headers), zlib.compress(response.content, 1))
            cache_set(key, kept, settings.TDKT_PAGE_CACHE_SECONDS)
        response[HIT_HEADER] = "miss"
        return response

    return wrapper
