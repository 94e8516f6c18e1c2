"""Sections that later apps add to a person's or a collective's award history page.

The history page belongs to this app; what a later app knows of the subject (the
nominations on the way, for instance) it contributes through a provider registered in
its ``AppConfig.ready()``::

    from awards.history import register
    register(my_sections)

``provider(user, person=None, unit=None) -> Iterable[HistorySection]``, each read in a
constant number of queries and limited to what ``user`` may see. This app never imports
the providers (ARCHITECTURE.md).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from units.models import Person, Unit, User


@dataclass(frozen=True)
class HistoryCell:
    text: str
    url: str = ""


@dataclass(frozen=True)
class HistorySection:
    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[HistoryCell, ...], ...]
    empty: str = ""


Provider = Callable[..., Iterable[HistorySection]]

_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def sections_for(
    user: User, *, person: Person | None = None, unit: Unit | None = None
) -> list[HistorySection]:
    return [
        section for provider in _providers for section in provider(user, person=person, unit=unit)
    ]
