"""QR codes: the one place the server draws them (certificate and decision-list codes, the
verification page's image for browsers without JavaScript, the authenticator enrolment).
The verification page's own QR code is drawn by the visitor's browser (static/js/qr.js).

Drawn with ``segno``: error correction at least M (raised for free when the same size
holds more), the mask chosen by the standard's penalty rules, two modules of quiet zone.
One module is one millimetre in the SVG (``viewBox`` in modules), so an ``<img>`` or a
PDF scales it to any size. ``segno`` draws a verification address in 4.2 ms where
``qrcode`` took 6.6 (issue 13's profile of the verification page, where the drawing
was half of the time); its PNG needs no Pillow.
"""

from __future__ import annotations

import base64
import io

import segno

ERROR = "m"
BORDER = 2


def symbol(text: str) -> segno.QRCode:
    """The QR code (not a Micro QR) of ``text``."""
    return segno.make_qr(text, error=ERROR)


def qr_svg(text: str) -> str:
    """The QR code of ``text`` as a standalone SVG document (no XML declaration)."""
    buffer = io.BytesIO()
    symbol(text).save(
        buffer, kind="svg", border=BORDER, unit="mm", xmldecl=False, svgclass=None, lineclass=None
    )
    return buffer.getvalue().decode("utf-8")


def qr_png(text: str, *, box_size: int = 8) -> bytes:
    """The QR code of ``text`` as PNG bytes, ``box_size`` pixels a module (for a DOCX
    picture, which takes no SVG)."""
    buffer = io.BytesIO()
    symbol(text).save(buffer, kind="png", scale=box_size, border=BORDER)
    return buffer.getvalue()


def qr_data_uri(text: str) -> str:
    """The QR code of ``text`` as a ``data:image/svg+xml;base64,…`` URI for an ``<img>``
    (the content security policy allows ``data:`` images; nothing to fetch, so a saved
    page or a PDF shows it offline)."""
    encoded = base64.b64encode(qr_svg(text).encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
