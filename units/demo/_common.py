"""What every part of the demo data shares: the province's code, the e-mail domain, the
Council's term and slugs of Vietnamese names."""

import re
import unicodedata
from datetime import date

ROOT_CODE = "ubnd-tinh"
EMAIL_DOMAIN = "tdkt.quangngai.example"
TERM_START = date(2026, 1, 1)
TERM_END = date(2030, 12, 31)


def slug(text: str) -> str:
    """ASCII slug of a Vietnamese name: "Đặng Thùy Trâm" -> "dang-thuy-tram"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
