"""Certificate verification codes and their QR codes.

People type these codes from a printed certificate, so a code is short, has no
character that reads as another (no I, L, 1, O, 0), is case-insensitive, and is printed
in groups: ``7KQM-4XRT-93HV``. Twelve characters of a 31-symbol alphabet carry about 59
random bits; with the per-address throttle of the public page nobody can find a valid
code by guessing.

The column stores the printed form (upper case, grouped). Lookups accept any case,
spaces and dashes. Codes made before this format (22 URL-safe characters, case
sensitive) keep working as they were printed: they are looked up exactly.

``verification_qr(code)`` renders the QR code of a code's public page as an SVG
``data:`` URI, for pages and HTML/PDF documents that print a certificate or a decision's
list (``units.qr`` draws it: the content security policy allows ``data:`` images; no
request for the image, so it prints offline too).
"""

from __future__ import annotations

import re
import secrets

from units.qr import qr_data_uri

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
GROUP, GROUPS = 4, 3
LENGTH = GROUP * GROUPS
# What the public form and URL accept around the characters: any spacing and dashes.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.]+")
_SHORT = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")
# Codes issued before the short format: secrets.token_urlsafe(16), 22 characters.
LEGACY_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,32}")


def grouped(chars: str) -> str:
    """``7KQM4XRT93HV`` → ``7KQM-4XRT-93HV``."""
    return "-".join(chars[i : i + GROUP] for i in range(0, len(chars), GROUP))


def new_code() -> str:
    """A fresh random code in its printed form."""
    return grouped("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def normalize(text: object) -> str | None:
    """The stored form of what someone typed, or None when it cannot be a code.

    ``7kqm 4xrt 93hv``, ``7KQM-4XRT-93HV`` and ``7kqm4xrt93hv`` are one code; an old
    URL-safe code is returned as typed (without surrounding spaces), since its case
    matters."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    short = _SEPARATORS.sub("", text).upper()
    if _SHORT.fullmatch(short):
        return grouped(short)
    legacy = "".join(text.split())
    return legacy if LEGACY_PATTERN.fullmatch(legacy) else None


def verification_url(code: str, *, base: str | None = None) -> str:
    """The absolute address of a code's public page: ``base`` (a request's
    ``build_absolute_uri("/")``) or the ``TDKT_SITE_URL`` setting, else a relative path."""
    from django.conf import settings
    from django.urls import reverse

    path = reverse("awards:verify", args=[code])
    root = base if base is not None else getattr(settings, "TDKT_SITE_URL", "")
    return root.rstrip("/") + path if root else path


def verification_qr(code: str, *, base: str | None = None) -> str:
    """The data URI of the QR code a certificate or decision list prints for ``code``."""
    return qr_data_uri(verification_url(code, base=base))
