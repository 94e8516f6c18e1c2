"""The links of a page that its reader cannot open: every ``<a href>`` to a page of the
portal is followed with the same client (GET, no redirect followed) and kept when it does
not answer 200 or a redirect."""

import re
from html import unescape
from urllib.parse import urlsplit

HREF = re.compile(r'<a\b[^>]*\bhref="([^"#][^"]*)"')
NOT_PAGES = ("/static/", "/media/", "mailto:", "tel:", "javascript:")


def page_links(html: str) -> list[str]:
    """The portal's own addresses the page links to, in order, each once."""
    found = []
    for href in HREF.findall(html):
        href = unescape(href)
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith(NOT_PAGES) or not href.startswith("/"):
            continue
        if href not in found:
            found.append(href)
    return found


def dead_links(client, html: str) -> list[tuple[str, int]]:
    """(address, status) of each link on ``html`` that ``client`` cannot open."""
    dead = []
    for href in page_links(html):
        status = client.get(href).status_code
        if status not in (200, 301, 302):
            dead.append((href, status))
    return dead
