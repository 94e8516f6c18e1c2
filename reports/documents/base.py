"""The parts of an administrative document (Decree 30/2020), independent of the format."""

import datetime
from dataclasses import dataclass
from typing import ClassVar

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_TITLE = "Nơi nhận:"
UNNUMBERED = "Số: ......"
ALIGNMENTS = ("justify", "left", "center", "right")


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"
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
class Table:
    """A table with a header row repeated on each page; ``widths`` in percent."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
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
        """The header's text lines in reading order: left column, right column."""
        left = (self.issuer_parent.upper(), self.issuer.upper(), self.number_line)
        right = (NATIONAL_TITLE, MOTTO, self.date_line)
        return tuple(line for line in (*left, *right) if line)


def vietnamese_date_line(place: str, day: datetime.date) -> str:
    """ "Quảng Ngãi, ngày 05 tháng 01 năm 2026": a leading zero for days 1–9 and for
    months 1 and 2 only (Decree 30/2020, Appendix I), so "tháng 3" … "tháng 12"."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"
