"""Panels of the dashboard that later apps contribute ("what is waiting for you").

The dashboard belongs to this app, the work it points at to later ones (dossiers,
sessions, proposals). A later app registers a provider in its ``AppConfig.ready()``::

    from units.dashboard import register
    register(my_panels)

``provider(user) -> Iterable[Panel]``; each provider reads what it needs in a constant
number of queries. This app never imports the providers (ARCHITECTURE.md).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .models import User


@dataclass(frozen=True)
class PanelLine:
    label: str
    count: int
    url: str = ""
    alert: bool = False  # shown in red when count > 0 (overdue, objections waiting)


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    lines: tuple[PanelLine, ...]
    # Optional: a line of text under the title (with its link), a chart drawn on the
    # server (an SVG ``data:`` URI and its text alternative), a list of plain items.
    note: str = ""
    note_url: str = ""
    chart: str = ""
    chart_alt: str = ""
    items: tuple[str, ...] = ()


Provider = Callable[[User], Iterable[Panel]]

_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def panels_for(user: User) -> list[Panel]:
    return [panel for provider in _providers for panel in provider(user)]
