"""A portal counter of document numbers: per issuing body, type and year, without gaps
or duplicates even when requested at the same moment.

Not for documents that are issued (Decree 30/2020, Art. 15–16): a tờ trình or a decision
gets its number from its issuing office's register when the clerk issues it after
signature (``units.issuing``: ``suggested_number`` and ``document_issue``), never from
this counter, which would start at 01 and collide with the real register. The proposal
step no longer calls it.
"""

from django.db import IntegrityError, transaction

from units.issuing import format_number

from .models import DocumentNumber

__all__ = ["document_number_next", "format_number"]

_CREATE_ATTEMPTS = 5


def _counter(*, issuer_code: str, doc_type: str, year: int) -> DocumentNumber:
    """The counter row, locked for this transaction; created once even under a race."""
    lookup = {"issuer_code": issuer_code, "doc_type": doc_type, "year": year}
    for _attempt in range(_CREATE_ATTEMPTS):
        counter = DocumentNumber.objects.select_for_update().filter(**lookup).first()
        if counter is not None:
            return counter
        try:
            with transaction.atomic():  # a savepoint: a lost race leaves the outer one usable
                DocumentNumber.objects.create(**lookup)
        except IntegrityError:
            pass  # another transaction created it first; lock theirs on the next pass
    raise RuntimeError("could not create the document number counter")


def document_number_next(*, issuer_code: str, issuer_symbol: str, doc_type: str, year: int) -> str:
    """Take the next number, e.g. "05/KH-HĐTĐKT", in one transaction.

    Called inside the caller's transaction the number is only final when that commits;
    a rollback gives it back, so issued numbers never have gaps.
    """
    with transaction.atomic():
        counter = _counter(issuer_code=issuer_code, doc_type=doc_type, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        return format_number(counter.last, doc_type=doc_type, issuer_symbol=issuer_symbol)
