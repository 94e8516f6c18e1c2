"""What later apps provide to nominations, registered in their ``AppConfig.ready()``.

Imports run one way (ARCHITECTURE.md): the reports app owns document numbering, so it
hands its numbering function in here; nominations never imports reports.
"""

from collections.abc import Callable

NumberProvider = Callable[..., str]

_number_provider: NumberProvider | None = None


def set_number_provider(provider: NumberProvider) -> None:
    global _number_provider
    _number_provider = provider


def document_number_next(*, issuer_code: str, issuer_symbol: str, doc_type: str, year: int) -> str:
    """The next number of a document ("05/TTr-SNV"), taken inside the caller's
    transaction, so a rollback gives it back."""
    if _number_provider is None:
        raise RuntimeError("No document number provider is registered (the reports app).")
    return _number_provider(
        issuer_code=issuer_code, issuer_symbol=issuer_symbol, doc_type=doc_type, year=year
    )
