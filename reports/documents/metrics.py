"""Text widths for the layout, and the typeface the documents use.

Liberation Serif has the metrics of Times New Roman (it is its metric twin), so one
measurement serves the PDF and the DOCX: the header's columns are sized so the issuer's
name and the national title never wrap by accident.
"""

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from PIL import ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
FALLBACK_FONT = "Liberation Serif"
_STYLES = {
    (False, False): "Regular",
    (True, False): "Bold",
    (False, True): "Italic",
    (True, True): "BoldItalic",
}
PT_TO_MM = 25.4 / 72


@lru_cache(maxsize=4)
def _face(bold: bool, italic: bool):
    return ImageFont.truetype(str(FONT_DIR / f"LiberationSerif-{_STYLES[bold, italic]}.ttf"), 1000)


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """The printed width of one line of ``text`` in Times New Roman metrics."""
    return _face(bold, italic).getlength(text) / 1000 * size_pt * PT_TO_MM


@lru_cache(maxsize=16)
def font_installed(family: str) -> bool:
    """Whether fontconfig knows a font of this family (what WeasyPrint would find)."""
    if not family or shutil.which("fc-list") is None:
        return False
    result = subprocess.run(
        ["fc-list", f":family={family}", "family"], capture_output=True, text=True, check=False
    )
    return bool(result.stdout.strip())


def document_font() -> str:
    """``TDKT_DOCUMENT_FONT`` (Times New Roman by default) when installed, else Liberation
    Serif, its metric twin, which the Dockerfile installs."""
    configured = settings.TDKT_DOCUMENT_FONT.strip()
    if configured == FALLBACK_FONT or font_installed(configured):
        return configured or FALLBACK_FONT
    return FALLBACK_FONT


def word_font() -> str:
    """The font named in a DOCX: the configured one, which the reader's word processor
    has (Times New Roman in Word) or substitutes with its own metric twin."""
    return settings.TDKT_DOCUMENT_FONT.strip() or FALLBACK_FONT
