"""HTML and PDF from one template; WeasyPrint reads only through the restricted fetcher."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from .base import MOTTO, NATIONAL_TITLE, OfficialDocument, header_layout
from .fetcher import RestrictedURLFetcher
from .metrics import document_font

TEMPLATE = "reports/documents/official.html"
STYLESHEET = "official.css"


def static_dir() -> Path:
    """The folder of the document stylesheet; the HTML's base URL."""
    return Path(settings.BASE_DIR) / "static" / "reports"


def base_url() -> str:
    return static_dir().as_uri() + "/"


def render_html(doc: OfficialDocument, *, extra_stylesheets: tuple[str, ...] = ()) -> str:
    """The full HTML document; every text of ``doc`` is autoescaped by the template.

    ``extra_stylesheets`` are URLs linked after the document stylesheet (a report kind
    may add its own, relative to ``static/reports/``); in a PDF they are read through the
    restricted fetcher like everything else.
    """
    context = {
        "doc": doc,
        "stylesheet": STYLESHEET,
        "extra_stylesheets": extra_stylesheets,
        "national_title": NATIONAL_TITLE,
        "motto": MOTTO,
        "number_line": doc.number_line,
        "date_line": doc.date_line,
        "recipients": doc.recipient_lines,
        "header": header_layout(doc),
        "font": document_font(),
    }
    return render_to_string(TEMPLATE, context)


def render_pdf(
    doc: OfficialDocument,
    *,
    extra_stylesheets: tuple[str, ...] = (),
    extra_css: tuple[str, ...] = (),
) -> bytes:
    """The PDF. One ``RestrictedURLFetcher`` is given to ``HTML()`` and to every ``CSS()``
    (``extra_css`` are stylesheet sources). WeasyPrint 70's ``write_pdf`` takes no
    fetcher of its own: it fetches attachments, XMP and links through the HTML's, which
    is this one; ``attachments=[]`` keeps the attachment list empty.
    """
    fetcher = RestrictedURLFetcher()
    html = HTML(
        string=render_html(doc, extra_stylesheets=extra_stylesheets),
        base_url=base_url(),
        url_fetcher=fetcher,
    )
    stylesheets = [
        CSS(string=source, base_url=base_url(), url_fetcher=fetcher) for source in extra_css
    ]
    return html.write_pdf(stylesheets=stylesheets, attachments=[], custom_metadata=False)
