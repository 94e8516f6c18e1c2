"""The parts of an administrative document (Decree 30/2020), independent of the format."""

import datetime
from dataclasses import dataclass
from typing import ClassVar

from .metrics import text_width_mm

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_TITLE = "Nơi nhận:"
UNNUMBERED = "Số: ......"
ALIGNMENTS = ("justify", "left", "center", "right")
# Text widths (A4 less the 30 mm and 15 mm side margins) and the header's type sizes:
# parent body 12 regular, issuer 12 bold, national title 12 bold, motto 13 bold, number
# 13, date 13 italic (Decree 30/2020, Appendix I).
TEXT_WIDTH_MM = {False: 210 - 45, True: 297 - 45}
HEADER_SIZES = {"parent": 12, "issuer": 12, "national": 12, "motto": 13, "number": 13, "date": 13}
RULE_SHARE = 0.4  # the rule under the issuer: 1/3 to 1/2 of its line
COLUMN_GAP_MM = 0  # the header fills the text width; names break only when they cannot fit


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body; ``lead`` is a bold run before the text on the same line
    ("**Điều 1.** Tặng …")."""

    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"
    lead: str = ""
    kind: ClassVar[str] = "paragraph"

    @property
    def css_align(self) -> str:
        return self.align if self.align in ALIGNMENTS else "justify"


@dataclass(frozen=True)
class Heading:
    """A bold line in the body: "Điều 1.", "I. MỤC ĐÍCH, YÊU CẦU"."""

    text: str
    kind: ClassVar[str] = "heading"


@dataclass(frozen=True)
class QrCell:
    """A table cell printing a verification code above its QR code: ``url`` is what the
    QR code encodes (the code's public page). HTML/PDF draw it as an SVG ``data:`` image,
    DOCX as a PNG picture."""

    text: str
    url: str
    kind: ClassVar[str] = "qr"

    def __str__(self) -> str:
        return self.text

    @property
    def data_uri(self) -> str:
        from units.qr import qr_data_uri

        return qr_data_uri(self.url)

    def png(self) -> bytes:
        from units.qr import qr_png

        return qr_png(self.url, box_size=4)


@dataclass(frozen=True)
class Table:
    """A table with a header row repeated on each page; ``widths`` in percent."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str | QrCell, ...], ...]
    widths: tuple[int, ...] | None = None
    kind: ClassVar[str] = "table"


@dataclass(frozen=True)
class Signature:
    """Authority ("TM. HỘI ĐỒNG …"), deputy ("KT. CHỦ TỊCH"), position, name."""

    authority: str = ""
    position: str = ""
    name: str = ""
    deputy: str = ""


Block = Paragraph | Heading | Table


@dataclass(frozen=True)
class OfficialDocument:
    issuer: str
    issuer_parent: str = ""
    number: str | None = None
    place: str = "Quảng Ngãi"
    date: datetime.date | None = None
    doc_type: str = ""
    summary: str = ""
    blocks: tuple[Block, ...] = ()
    signature: Signature | None = None
    # A second signer on the left (the secretary of a meeting's minutes); a document
    # signed twice has no "Nơi nhận" column.
    left_signature: Signature | None = None
    recipients: tuple[str, ...] = ()
    landscape: bool = False

    @property
    def number_line(self) -> str:
        return f"Số: {self.number}" if self.number else UNNUMBERED

    @property
    def date_line(self) -> str:
        if self.date is None:
            return f"{self.place}, ngày ..... tháng ..... năm ........"
        return vietnamese_date_line(self.place, self.date)

    @property
    def recipient_lines(self) -> tuple[str, ...]:
        """Each recipient as its "- …" line, punctuation as the caller gave it."""
        lines = []
        for item in self.recipients:
            text = item.strip()
            lines.append(text if text.startswith("-") else f"- {text}")
        return tuple(lines)

    @property
    def header_lines(self) -> tuple[str, ...]:
        """The header's text lines in reading order as printed: left column (the issuing
        bodies, each on one line or two balanced ones, the number), right column."""
        layout = header_layout(self)
        left = (*layout.parent_lines, *layout.issuer_lines, self.number_line)
        right = (NATIONAL_TITLE, MOTTO, self.date_line)
        return tuple(line for line in (*left, *right) if line)


@dataclass(frozen=True)
class HeaderLayout:
    """The header's two columns in mm (they add up to the text width), the issuing
    bodies' lines as printed, and the length of the rule under the issuer."""

    parent_lines: tuple[str, ...]
    issuer_lines: tuple[str, ...]
    left_mm: float
    right_mm: float
    rule_mm: float

    @property
    def left_percent(self) -> float:
        return round(100 * self.left_mm / (self.left_mm + self.right_mm), 2)

    @property
    def right_percent(self) -> float:
        return round(100 - self.left_percent, 2)


def _balanced_lines(text: str, size: float, bold: bool, room: float) -> tuple[str, ...]:
    """``text`` on one line when it fits in ``room`` mm, else on two lines split at the
    space that makes the longer one shortest ("ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG NGÃI")."""
    lines = tuple(part.strip() for part in text.split("\n") if part.strip())
    if len(lines) != 1 or text_width_mm(lines[0], size, bold=bold) <= room:
        return lines
    words = lines[0].split()
    best = lines
    best_width = text_width_mm(lines[0], size, bold=bold)
    for cut in range(1, len(words)):
        if words[cut] in ("-", "–"):  # a dash ends the first line, never starts the second
            continue
        pair = (" ".join(words[:cut]), " ".join(words[cut:]))
        width = max(text_width_mm(part, size, bold=bold) for part in pair)
        if width < best_width:
            best, best_width = pair, width
    return best


def header_layout(doc: "OfficialDocument") -> HeaderLayout:
    """Size the header so nothing wraps by accident: the right column gets what the
    national title and the date need, the left what the issuing bodies need, and the
    slack is shared; an issuer too long for the room left goes on two balanced lines."""
    total = TEXT_WIDTH_MM[doc.landscape]
    size = HEADER_SIZES
    right_need = max(
        text_width_mm(NATIONAL_TITLE, size["national"], bold=True),
        text_width_mm(MOTTO, size["motto"], bold=True),
        text_width_mm(doc.date_line, size["date"], italic=True) if doc.date_line else 0,
    )
    room = total - right_need - COLUMN_GAP_MM
    parent = _balanced_lines(doc.issuer_parent.upper(), size["parent"], False, room)
    issuer = _balanced_lines(doc.issuer.upper(), size["issuer"], True, room)
    left_need = max(
        [text_width_mm(line, size["parent"]) for line in parent]
        + [text_width_mm(line, size["issuer"], bold=True) for line in issuer]
        + [text_width_mm(doc.number_line, size["number"]) if doc.number_line else 0]
    )
    slack = total - right_need - left_need
    left = left_need + slack / 2 if slack > 0 else total - right_need
    issuer_width = max(
        (text_width_mm(line, size["issuer"], bold=True) for line in issuer), default=0
    )
    return HeaderLayout(
        parent_lines=parent,
        issuer_lines=issuer,
        left_mm=round(left, 2),
        right_mm=round(total - left, 2),
        rule_mm=round(issuer_width * RULE_SHARE, 2),
    )


def vietnamese_date_line(place: str, day: datetime.date) -> str:
    """ "Quảng Ngãi, ngày 05 tháng 01 năm 2026": a leading zero for days 1–9 and for
    months 1 and 2 only (Decree 30/2020, Appendix I), so "tháng 3" … "tháng 12"."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"
