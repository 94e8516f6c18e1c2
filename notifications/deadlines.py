"""The deadline registry and the working-day calendar.

Each app declares its deadlines (what is due, from which units, by when) through a
*provider*: a callable ``provider(start, end) -> Iterable[Deadline]`` returning the
deadlines due between ``start`` and ``end`` inclusive. A later app registers its provider
in its ``AppConfig.ready()``::

    from notifications.deadlines import register
    register(my_provider)

so that this app never imports it (ARCHITECTURE.md: imports run one way). A provider
whose links not every reader of the deadline list may open (a bloc's scoring round) also
registers a *link check*: ``check(user, deadlines) -> keys`` naming, among the deadlines it
gave, those whose page ``user`` cannot open; the list then names them without a link.

Working days are Monday to Friday except the :class:`~notifications.models.Holiday` rows.
Each helper reads the holidays of the range it needs in one query, never one per day.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .models import Holiday, NotificationKind

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Deadline:
    """Something due from some units by a date.

    ``key`` is globally unique and stable across runs ("manual:12",
    "nominations:annual:2026"): the reminder log is keyed on it, so changing it re-sends.
    ``unit_ids`` empty means every unit. ``kind`` is a NotificationKind value; it chooses
    the users' preference that applies to the reminders before the deadline.
    ``audience`` is "units" (the units' staff and heads are reminded; heads and the
    secretariat when overdue) or "secretariat" (work the secretariat owes: an appraisal
    time limit, a consultation window).
    """

    key: str
    title: str
    due_on: date
    unit_ids: tuple[int, ...] = ()
    url: str = ""
    kind: str = NotificationKind.DEADLINE
    audience: str = "units"


Provider = Callable[[date, date], Iterable[Deadline]]

# (user, deadlines) -> the keys of the deadlines whose page the user cannot open
LinkCheck = Callable[[object, list["Deadline"]], Iterable[str]]

_providers: list[Provider] = []
_link_checks: list[LinkCheck] = []


def register(provider: Provider) -> Provider:
    """Add a provider (once, however often ``ready()`` runs); usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def register_link_check(check: LinkCheck) -> LinkCheck:
    """Add a link check (once, however often ``ready()`` runs)."""
    if check not in _link_checks:
        _link_checks.append(check)
    return check


def openable_urls(user, deadlines: list[Deadline]) -> dict[str, str]:
    """Key -> address of each deadline whose page ``user`` may open (no link to a 404)."""
    hidden: set[str] = set()
    for check in _link_checks:
        hidden.update(check(user, deadlines))
    return {d.key: d.url for d in deadlines if d.url and d.key not in hidden}


def unregister(provider: Provider) -> None:
    """Remove a provider (tests)."""
    if provider in _providers:
        _providers.remove(provider)


def providers() -> tuple[Provider, ...]:
    return tuple(_providers)


def deadlines_between(start: date, end: date) -> list[Deadline]:
    """Every registered deadline due between ``start`` and ``end`` (inclusive), by due date
    then key. A key given twice is kept once (the first provider wins, a warning is logged)."""
    found: dict[str, Deadline] = {}
    for provider in _providers:
        for deadline in provider(start, end):
            if not start <= deadline.due_on <= end:
                continue
            if deadline.key in found:
                logger.warning("Deadline key %s given twice; the second is ignored", deadline.key)
                continue
            found[deadline.key] = deadline
    return sorted(found.values(), key=lambda d: (d.due_on, d.key))


# --- Working days ---------------------------------------------------------------------------


def holidays_between(start: date, end: date) -> set[date]:
    """The holiday dates between ``start`` and ``end`` inclusive, in one query."""
    if end < start:
        start, end = end, start
    return set(Holiday.objects.filter(day__range=(start, end)).values_list("day", flat=True))


def _is_working(day: date, holidays: set[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday."""
    return _is_working(day, holidays_between(day, day))


def working_days_between(a: date, b: date, *, holidays: set[date] | None = None) -> int:
    """The number of working days ``d`` with ``a < d <= b`` (negative when ``b < a``).

    So a deadline on Monday seen on the Friday before is ``1`` working day away.
    ``holidays``, when given, covers the range (a caller counting many ranges reads the
    calendar once); otherwise it is read here.
    """
    if b < a:
        return -working_days_between(b, a, holidays=holidays)
    if holidays is None:
        holidays = holidays_between(a, b)
    return sum(
        1 for offset in range(1, (b - a).days + 1) if _is_working(a + timedelta(offset), holidays)
    )


def add_working_days(day: date, n: int) -> date:
    """The ``n``-th working day after ``day`` (before it when ``n`` is negative).

    ``day`` itself is never counted, so ``add_working_days(monday, -1)`` is the Friday
    before, and ``add_working_days(saturday, -1)`` is the Friday too. ``n == 0`` returns
    ``day`` unchanged. Holidays are read for a window wide enough for ``n`` (Tết included)
    and the window grows only if a long run of holidays exhausts it.
    """
    if n == 0:
        return day
    step = 1 if n > 0 else -1
    remaining = abs(n)
    window = remaining * 2 + 14
    current = day
    while True:
        far = current + timedelta(days=step * window)
        holidays = holidays_between(current, far)
        while current != far:
            current += timedelta(days=step)
            if _is_working(current, holidays):
                remaining -= 1
                if remaining == 0:
                    return current
