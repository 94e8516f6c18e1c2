"""What later apps provide to campaigns, registered in their ``AppConfig.ready()``.

Imports run one way (ARCHITECTURE.md): campaigns never imports nominations, so the
nominations app hands in what came from a movement (its dossiers and awards). The launch
plan's number comes from the launching unit's register (``units.issuing``), not from a
provider.
"""

from collections.abc import Callable

# --- What came from a movement (dossiers, awards), provided by the nominations app ---------

LinksProvider = Callable[..., dict]
_links_providers: list[LinksProvider] = []


def register_movement_links(provider: LinksProvider) -> LinksProvider:
    """``provider(movement=, user=) -> {"dossiers": [...], "grants": [...]}``."""
    if provider not in _links_providers:
        _links_providers.append(provider)
    return provider


def movement_links(*, movement, user) -> dict:
    links: dict = {"dossiers": [], "grants": []}
    for provider in _links_providers:
        for key, values in provider(movement=movement, user=user).items():
            links.setdefault(key, []).extend(values)
    return links
