"""What later apps provide to campaigns, registered in their ``AppConfig.ready()``.

Imports run one way (ARCHITECTURE.md): the reports app owns document numbering, so it
hands its numbering function in here; campaigns never imports reports.
"""

from collections.abc import Callable

NumberProvider = Callable[..., str]

_number_provider: NumberProvider | None = None


def set_number_provider(provider: NumberProvider) -> None:
    global _number_provider
    _number_provider = provider


def document_number_next(*, issuer_code: str, issuer_symbol: str, doc_type: str, year: int) -> str:
    """The next number of a document ("05/KH-HĐTĐKT"), inside the caller's transaction."""
    if _number_provider is None:
        raise RuntimeError("No document number provider is registered (the reports app).")
    return _number_provider(
        issuer_code=issuer_code, issuer_symbol=issuer_symbol, doc_type=doc_type, year=year
    )


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
