"""The one URL fetcher WeasyPrint may use: ``data:`` and our own files, nothing else.

WeasyPrint 70 fetches stylesheets, images, fonts, attachments and XMP through a
``URLFetcher``. This subclass refuses every scheme but ``data:`` and ``file:``, and a
``file:`` URL only when its real path (symlinks resolved, ``..`` collapsed) lies inside
one of the allowed roots: the project's ``static/`` directory and the Liberation 2 fonts.
It never follows redirects and never opens a socket (SECURITY-TESTS D3).
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")

_CONTENT_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


class FetchRefused(ValueError):
    """A resource outside what documents may read; WeasyPrint skips it with a warning."""


def default_roots() -> tuple[Path, ...]:
    return (Path(settings.BASE_DIR) / "static", FONT_DIR)


class RestrictedURLFetcher(URLFetcher):
    """``data:`` URLs and ``file:`` URLs under ``roots``; everything else is refused."""

    def __init__(self, roots: tuple[Path, ...] | None = None, **kwargs):
        kwargs.update(allowed_protocols=("data", "file"), allow_redirects=False)
        super().__init__(**kwargs)
        chosen = default_roots() if roots is None else roots
        self.roots = tuple(Path(root).resolve() for root in chosen)

    def resolve(self, url: str) -> Path:
        """The real path a ``file:`` URL names, or ``FetchRefused``."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file":
            raise FetchRefused(f"scheme not allowed: {url[:80]}")
        if parts.netloc not in ("", "localhost"):
            raise FetchRefused(f"remote file host not allowed: {url[:80]}")
        raw = unquote(parts.path)
        if not raw.startswith("/") or "\x00" in raw:
            raise FetchRefused(f"not an absolute local path: {url[:80]}")
        real = Path(raw).resolve()
        for root in self.roots:
            if real == root or real.is_relative_to(root):
                if not real.is_file():
                    raise FetchRefused(f"not a file: {url[:80]}")
                return real
        raise FetchRefused(f"path outside the allowed roots: {url[:80]}")

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise FetchRefused(f"scheme not allowed: {url[:80]}")
        path = self.resolve(url)
        content_type = _CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
        )
