"""Reading generated PDFs back: their text through poppler's ``pdftotext`` (NFC, so
Vietnamese compares as written) and their number of pages."""

import subprocess
import unicodedata
from io import BytesIO

import pikepdf


def pdftotext(pdf: bytes, *args: str) -> str:
    result = subprocess.run(
        ["pdftotext", *args, "-", "-"], input=pdf, capture_output=True, check=True
    )
    return unicodedata.normalize("NFC", result.stdout.decode("utf-8"))


def pages(pdf: bytes) -> int:
    with pikepdf.open(BytesIO(pdf)) as document:
        return len(document.pages)
