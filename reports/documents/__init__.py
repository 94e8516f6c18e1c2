"""Administrative documents per Decree 30/2020: one source, rendered as HTML, PDF, DOCX.

Every document kind builds an ``OfficialDocument`` and calls ``render_pdf`` or
``render_docx``; numbers come from ``reports.numbering.document_number_next``.
"""

from .base import (
    MOTTO,
    NATIONAL_TITLE,
    RECIPIENTS_TITLE,
    Heading,
    OfficialDocument,
    Paragraph,
    QrCell,
    Signature,
    Table,
    vietnamese_date_line,
)
from .render import render_html, render_pdf
from .word import render_docx

__all__ = [
    "MOTTO",
    "NATIONAL_TITLE",
    "RECIPIENTS_TITLE",
    "Heading",
    "OfficialDocument",
    "Paragraph",
    "QrCell",
    "Signature",
    "Table",
    "render_docx",
    "render_html",
    "render_pdf",
    "vietnamese_date_line",
]
