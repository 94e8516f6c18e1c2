"""Upload validation for every form that accepts a file (SECURITY-TESTS.md C2–C8, §3).

Why one module: the portal takes files from commune and department staff (nomination
reports, decisions, photos, legacy spreadsheets). Every upload field goes through
`SafeFileField` or `validate_upload`, so the allow-list, the caps and the parsers are
written and tested once against the bad-file corpus and cannot drift between forms.

A file is accepted only if its size, its name, its magic bytes and a real parse (pikepdf,
zipfile, Pillow) all agree. Archives are measured from their directory and never
extracted; XML is parsed with defusedxml. Every failure is a `ValidationError` with a
stable `code`, never a 500. Accepted files are stored under `safe_storage_name()`, never
under the browser's name, and images are re-encoded by `sanitise_image()`.
"""

from __future__ import annotations

import enum
import io
import re
import unicodedata
import uuid
import warnings
import zipfile
from collections.abc import Iterable
from itertools import chain
from typing import Any, NoReturn

import pikepdf
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps


class UploadKind(enum.StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    JPEG = "jpeg"
    PNG = "png"


MIB = 1024 * 1024
NAME_MAX_CHARS = 200
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_TOTAL_BYTES = 100 * MIB
ZIP_MAX_RATIO = 100  # applies to entries larger than ZIP_RATIO_MIN_BYTES
ZIP_RATIO_MIN_BYTES = 1 * MIB
ZIP_MAX_XML_PART_BYTES = 5 * MIB  # [Content_Types].xml and .rels parts parsed in memory
IMAGE_MAX_PIXELS = 50_000_000
PDF_MAX_NODES = 2_000_000  # dictionaries and arrays walked looking for active content

EXTENSIONS = {"pdf": UploadKind.PDF, "docx": UploadKind.DOCX, "xlsx": UploadKind.XLSX}
EXTENSIONS |= {"jpg": UploadKind.JPEG, "jpeg": UploadKind.JPEG, "png": UploadKind.PNG}
ZIP_MAGIC = b"PK\x03\x04"
MAGIC = {UploadKind.PDF: b"%PDF-", UploadKind.DOCX: ZIP_MAGIC, UploadKind.XLSX: ZIP_MAGIC}
MAGIC |= {UploadKind.JPEG: b"\xff\xd8\xff", UploadKind.PNG: b"\x89PNG\r\n\x1a\n"}
OOXML_MAIN_PART = {UploadKind.DOCX: "word/document.xml", UploadKind.XLSX: "xl/workbook.xml"}
# Pillow reports multi-picture JPEGs (many phone cameras) as MPO.
PILLOW_FORMATS = {UploadKind.JPEG: ("JPEG", "MPO"), UploadKind.PNG: ("PNG",)}
# Controls (NUL, CR, LF) and invisible format characters, which include every bidi control
# (U+202E shows "x\u202efdp.exe" as "xexe.pdf"), are refused in file names.
NAME_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
PDF_ACTIVE_KEYS = frozenset(
    {"/JavaScript", "/JS", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/EF", "/AA", "/XFA"}
)
PDF_ACTIVE_NAMES = frozenset(  # values of /S (action type), /Type or /Subtype
    {"/JavaScript", "/Launch", "/EmbeddedFile", "/GoToE", "/ImportData", "/RichMedia"}
)
DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
# Relationships allowed to point outside the package. Word turns every typed URL into an
# external hyperlink, which it never fetches by itself; templates, OLE objects, frames and
# linked images are fetched on open (remote template injection) and stay refused.
EXTERNAL_REL_TYPES_ALLOWED = frozenset(
    {
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        "http://purl.oclc.org/ooxml/officeDocument/relationships/hyperlink",
    }
)

_MISMATCH = _("The file's content does not match its extension.")
_DAMAGED = _("The file is damaged or is not a valid %(kind)s file.")
_UNPACKED = _("The archive is too large when unpacked.")
MESSAGES: dict[str, Any] = {
    "empty": _("The file is empty."),
    "too_large": _("The file is larger than %(limit)s MB."),
    "bad_name": _("The file name is not acceptable."),
    "extension": _("Files of type “.%(ext)s” are not accepted here. Accepted: %(allowed)s."),
    "content_mismatch": _MISMATCH,
    "polyglot": _MISMATCH,
    "damaged": _DAMAGED,
    "pdf_active_content": _(
        "The PDF contains scripts, actions or embedded files, which are not accepted."
    ),
    "pdf_encrypted": _("Encrypted PDFs are not accepted."),
    "macros": _("The document contains macros, which are not accepted."),
    "external_link": _("The document links to external content, which is not accepted."),
    "archive_too_large": _UNPACKED,
    "archive_ratio": _UNPACKED,
    "archive_too_many_entries": _UNPACKED,
    "archive_unsafe_path": _DAMAGED,
    "archive_symlink": _DAMAGED,
    "archive_duplicate": _DAMAGED,
    "archive_overlap": _DAMAGED,
    "xml_dtd": _DAMAGED,
    "image_too_large": _("The image is too large (too many pixels)."),
}


def _error(code: str, kind: UploadKind | None = None, **params: Any) -> ValidationError:
    if MESSAGES[code] is _DAMAGED:
        params["kind"] = kind.name if kind else "/".join(k.name for k in UploadKind)
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _fail(code: str, kind: UploadKind | None = None, **params: Any) -> NoReturn:
    raise _error(code, kind, **params)


def accepted_extensions(allowed: Iterable[UploadKind]) -> list[str]:
    kinds = set(allowed)
    return [ext for ext, kind in EXTENSIONS.items() if kind in kinds]


def validate_upload(
    file: UploadedFile, *, allowed: Iterable[UploadKind], max_bytes: int | None = None
) -> UploadKind:
    """Return the detected kind or raise ValidationError; nothing else, for any bytes."""
    allowed_kinds = frozenset(UploadKind(kind) for kind in allowed)
    limit = settings.TDKT_UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    kind: UploadKind | None = None
    try:
        data = _read_capped(file, limit)
        kind = _kind_from_name(file.name, allowed_kinds)
        if not data.startswith(MAGIC[kind]):
            if kind is UploadKind.PDF and b"%PDF-" in data[:1024]:
                _fail("polyglot")  # readers look for the header anywhere in the first KiB
            _fail("content_mismatch")
        zip_inside = ZIP_MAGIC in data and (b"PK\x01\x02" in data or b"PK\x05\x06" in data)
        if zip_inside and kind not in OOXML_MAIN_PART:
            _fail("polyglot")  # a ZIP (JAR, DOCX, ...) riding inside or after a PDF or image
        if kind is UploadKind.PDF:
            _check_pdf(data)
        elif kind in OOXML_MAIN_PART:
            _check_ooxml(data, kind)
        else:
            with _open_image(data, kind) as image:
                image.verify()
    except ValidationError:
        raise
    except Exception as exc:  # any parser failure means a bad file, never a 500
        raise _error("damaged", kind) from exc
    return kind


def _read_capped(file: UploadedFile, limit: int) -> bytes:
    too_large = {"limit": number_format(limit / MIB, decimal_pos=0 if limit % MIB == 0 else 2)}
    if file.size == 0:
        _fail("empty")
    if file.size is not None and file.size > limit:
        _fail("too_large", **too_large)
    file.seek(0)
    try:
        data: bytes = file.read(limit + 1)  # never trust .size alone
    finally:
        file.seek(0)
    if not data:
        _fail("empty")
    if len(data) > limit:
        _fail("too_large", **too_large)
    return data


def _kind_from_name(name: str | None, allowed: frozenset[UploadKind]) -> UploadKind:
    if not isinstance(name, str) or not name or len(name) > NAME_MAX_CHARS:
        _fail("bad_name")
    if any(c in "/\\" or unicodedata.category(c) in NAME_FORBIDDEN_CATEGORIES for c in name):
        _fail("bad_name")
    ext = name.rsplit(".", 1)[1].lower() if "." in name else ""
    kind = EXTENSIONS.get(ext)
    if kind is None or kind not in allowed:
        accepted = ", ".join(f".{e}" for e in accepted_extensions(allowed))
        _fail("extension", ext=ext, allowed=accepted)
    return kind


def _check_pdf(data: bytes) -> None:
    head = data[:1024].lower()
    if b"<html" in head or b"<script" in head:
        _fail("polyglot")
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        _fail("pdf_encrypted")
    with pdf:
        if pdf.is_encrypted:
            _fail("pdf_encrypted")
        if len(pdf.pages) == 0:
            _fail("damaged", UploadKind.PDF)
        if _pdf_has_active_content(pdf):
            _fail("pdf_active_content")


def _pdf_has_active_content(pdf: pikepdf.Pdf) -> bool:
    """Walk every object, those in object streams included, for scripts and attachments."""
    budget = PDF_MAX_NODES
    for top in chain([pdf.trailer], pdf.objects):
        stack = [top]
        while stack:
            budget -= 1
            if budget < 0:
                raise ValueError("PDF too complex")
            obj = stack.pop()
            children = []
            if isinstance(obj, pikepdf.Array):
                children = list(obj)
            elif isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                for key in obj.keys():  # noqa: SIM118 - pikepdf objects are not Python dicts
                    value = obj.get(key)
                    if key in PDF_ACTIVE_KEYS or (
                        key in ("/S", "/Type", "/Subtype") and str(value) in PDF_ACTIVE_NAMES
                    ):
                        return True
                    children.append(value)
            # Indirect children are walked as top-level objects, which also breaks cycles.
            stack.extend(
                child
                for child in children
                if isinstance(child, pikepdf.Array | pikepdf.Dictionary) and not child.is_indirect
            )
    return False


def _check_ooxml(data: bytes, kind: UploadKind) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > ZIP_MAX_ENTRIES:
            _fail("archive_too_many_entries")
        seen: set[str] = set()
        total = 0
        for info in infos:  # measured from the central directory, nothing extracted
            name = info.filename
            parts = re.split(r"[/\\]", name)
            if not name or not parts[0] or ".." in parts or re.match(r"[A-Za-z]:", name):
                _fail("archive_unsafe_path", kind)
            if (info.external_attr >> 16) & 0o170000 == 0o120000:
                _fail("archive_symlink", kind)
            if name.casefold() in seen:  # OPC part names are case-insensitive
                _fail("archive_duplicate", kind)
            seen.add(name.casefold())
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                _fail("damaged", kind)
            size = info.file_size
            if size > ZIP_RATIO_MIN_BYTES and size > ZIP_MAX_RATIO * max(info.compress_size, 1):
                _fail("archive_ratio")
            total += size
            if total > ZIP_MAX_TOTAL_BYTES:
                _fail("archive_too_large")
        # Overlapping entries (a bomb that reuses bytes): each local header and its data
        # take at least 30 + compressed-size bytes before the next entry starts.
        spans = sorted((info.header_offset, 30 + info.compress_size) for info in infos)
        starts = [start for start, _length in spans[1:]] + [archive.start_dir]
        if any(start + length > end for (start, length), end in zip(spans, starts, strict=False)):
            _fail("archive_overlap", kind)
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names or OOXML_MAIN_PART[kind] not in names:
            _fail("damaged", kind)
        if any(name.rsplit("/", 1)[-1].lower() == "vbaproject.bin" for name in names):
            _fail("macros")
        for info in infos:  # inflates (bounded above) and checks every CRC
            if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                _scan_for_dtd(archive, info, kind)
        for element in _read_xml(archive, "[Content_Types].xml", kind).iter():
            if any("macroenabled" in value.lower() for value in element.attrib.values()):
                _fail("macros")
        for name in sorted(n for n in names if n.lower().endswith(".rels")):
            for element in _read_xml(archive, name, kind).iter():
                external = (element.get("TargetMode") or "").strip().lower() == "external"
                if external and element.get("Type") not in EXTERNAL_REL_TYPES_ALLOWED:
                    _fail("external_link")


def _scan_for_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo, kind: UploadKind) -> None:
    """OOXML never needs a DTD; openpyxl and python-docx must never see one."""
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(64 * 1024):
            window = (tail + chunk).upper()
            if any(marker in window for marker in DTD_MARKERS):
                _fail("xml_dtd", kind)
            tail = window[-32:]


def _read_xml(archive: zipfile.ZipFile, name: str, kind: UploadKind) -> Any:
    info = archive.getinfo(name)
    if info.file_size > ZIP_MAX_XML_PART_BYTES:
        _fail("damaged", kind)
    try:
        return parse_xml(archive.read(info), forbid_dtd=True)
    except DefusedXmlException:
        _fail("xml_dtd", kind)


def _open_image(data: bytes, kind: UploadKind) -> Image.Image:
    """Open (header only) with a pixel cap well below Pillow's own bomb limits."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[kind][0]])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            _fail("image_too_large")
    if image.size[0] * image.size[1] > IMAGE_MAX_PIXELS:
        image.close()
        _fail("image_too_large")
    if image.format not in PILLOW_FORMATS[kind]:
        image.close()
        _fail("content_mismatch")
    return image


def sanitise_image(file: UploadedFile) -> ContentFile:
    """Re-encode a validated JPEG or PNG without metadata (EXIF incl. GPS, ICC, text)."""
    file.seek(0)
    try:
        data: bytes = file.read()
    finally:
        file.seek(0)
    kind = next((k for k in PILLOW_FORMATS if data.startswith(MAGIC[k])), None)
    if kind is None:
        _fail("content_mismatch")
    try:
        out = io.BytesIO()
        with _open_image(data, kind) as image:
            image.load()
            ImageOps.exif_transpose(image, in_place=True)  # keep photos upright
            keep = ("transparency",) if kind is UploadKind.PNG else ()
            image.info = {key: value for key, value in image.info.items() if key in keep}
            if kind is UploadKind.JPEG:
                image.save(out, format="JPEG", quality=90)
            else:
                image.save(out, format="PNG")
    except ValidationError:
        raise
    except Exception as exc:
        raise _error("damaged", kind) from exc
    return ContentFile(out.getvalue(), name=safe_storage_name(file.name or "", kind))


def safe_storage_name(original_name: str, kind: UploadKind) -> str:
    """A random flat name for storage; the browser's name is shown, never used as a path."""
    kind = UploadKind(kind)
    return f"{uuid.uuid4().hex}.{'jpg' if kind is UploadKind.JPEG else kind.value}"


class SafeFileField(forms.FileField):
    """One file per field, checked by `validate_upload`; the detected kind is left on the
    cleaned file as `upload_kind`."""

    def __init__(
        self, *, allowed: Iterable[UploadKind], max_bytes: int | None = None, **kwargs: Any
    ) -> None:
        self.allowed = tuple(UploadKind(kind) for kind in allowed)
        self.max_bytes = max_bytes
        super().__init__(**kwargs)
        if getattr(self.widget, "allow_multiple_selected", False):
            raise ValueError("SafeFileField takes one file; use one field per file.")
        self.widget.attrs["accept"] = ",".join(f".{e}" for e in accepted_extensions(self.allowed))

    def clean(self, data: Any, initial: Any = None) -> Any:
        cleaned = super().clean(data, initial)
        if isinstance(cleaned, UploadedFile):  # not the initial value, not "clear"
            kind = validate_upload(cleaned, allowed=self.allowed, max_bytes=self.max_bytes)
            cleaned.upload_kind = kind  # type: ignore[attr-defined]
        return cleaned
