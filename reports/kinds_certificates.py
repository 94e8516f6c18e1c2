"""Certificates (Bằng khen, Giấy khen) of an issued decision, one page per recipient, as
one PDF made by a report job with progress (issue 12 point 5).

A page carries the authority that awards, the recipient, the achievement line, the
decision's number and date, the signer (authority line, position, name), the QR code of
the award's public verification page and its code. Two papers:

- plain A4 landscape: the whole certificate is printed (border, national title, "BẰNG
  KHEN" / "GIẤY KHEN");
- the province's pre-printed stock: only the variable fields are printed, each at its
  place on the stock moved by the offsets in millimetres of ``TDKT_CERTIFICATE_OFFSETS_MM``
  ("all=1.5,-2;recipient=0,3": x to the right, y downward), so the secretariat aligns
  the printer without code.

Each printing is a ``CertificatePrint`` row (who, when, which awards, which paper, and
the reason when an award is printed again); the report job builds the PDF from that row,
so a decision of 300 recipients never holds a web worker. Pages are laid out in chunks
and the job's progress moves after each chunk.
"""

import datetime
import re
from dataclasses import dataclass

import rules
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from weasyprint import HTML

from awards.codes import verification_url
from awards.models import REVOCATION_KIND, AwardCategory, AwardGrant, CommendationKind, Decision
from nominations.models import Nominee
from units.models import IssuedDocument, User
from units.qr import qr_data_uri
from units.rules import is_secretariat

from .certificate_models import CertificatePrint, CertificateStock
from .documents.fetcher import RestrictedURLFetcher
from .documents.metrics import document_font
from .documents.render import base_url
from .kinds import ReportKind, register

KIND = "certificates"
PERMISSION = "reports.print_certificates"
TEMPLATE = "reports/documents/certificates.html"
CHUNK = 25  # pages laid out between two progress steps
FIELDS = ("authority", "recipient", "achievement", "decision", "signer", "qr")
PAGE_MM = (297, 210)

rules.add_perm(PERMISSION, is_secretariat)


@dataclass(frozen=True)
class Box:
    """Where a field sits on the page: its left edge, top edge and width, in mm."""

    x: float
    y: float
    width: float


# The places of the fields on A4 landscape and on the stock (before offsets).
BOXES = {
    "authority": Box(20, 38, 257),
    "recipient": Box(20, 78, 257),
    "achievement": Box(35, 100, 227),
    "decision": Box(18, 146, 120),
    "signer": Box(160, 140, 120),
    "qr": Box(18, 168, 120),
}
_OFFSET = re.compile(r"^\s*([a-z]+)\s*=\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


def certificate_offsets(raw: str | None = None) -> dict[str, tuple[float, float]]:
    """The offsets (x, y) in mm of each field on the pre-printed stock, from
    ``TDKT_CERTIFICATE_OFFSETS_MM``: ``all`` moves every field, a field's own offset adds
    to it. A malformed value stops the start-up with a message naming it."""
    raw = settings.TDKT_CERTIFICATE_OFFSETS_MM if raw is None else raw
    given: dict[str, tuple[float, float]] = {}
    for part in filter(str.strip, (raw or "").split(";")):
        match = _OFFSET.match(part)
        if not match or match[1] not in (*FIELDS, "all"):
            raise ImproperlyConfigured(
                f"TDKT_CERTIFICATE_OFFSETS_MM: cannot read {part.strip()!r}; write "
                f"field=x,y in mm separated by ';', fields: all, {', '.join(FIELDS)}"
            )
        dx, dy = float(match[2]), float(match[3])
        if abs(dx) > 50 or abs(dy) > 50:
            raise ImproperlyConfigured(
                f"TDKT_CERTIFICATE_OFFSETS_MM: {part.strip()!r} moves a field more than 50 mm"
            )
        given[match[1]] = (dx, dy)
    shift = given.get("all", (0.0, 0.0))
    return {
        name: (shift[0] + given.get(name, (0, 0))[0], shift[1] + given.get(name, (0, 0))[1])
        for name in FIELDS
    }


def _boxes(stock: str) -> dict[str, dict]:
    offsets = certificate_offsets() if stock == CertificateStock.PREPRINTED else {}
    placed = {}
    for name, box in BOXES.items():
        dx, dy = offsets.get(name, (0, 0))
        placed[name] = {"x": box.x + dx, "y": box.y + dy, "width": box.width}
    return placed


def _date_words(day: datetime.date) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _certificate_title(grant: AwardGrant) -> str:
    code = grant.award.code or ""
    if code.startswith("GK") or "giấy khen" in grant.award.name.lower():
        return "GIẤY KHEN"
    return "BẰNG KHEN"


_KIND_PHRASES = {
    CommendationKind.MERIT: "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {year}",
    CommendationKind.MOVEMENT: "Đã có thành tích xuất sắc trong phong trào thi đua năm {year}",
    CommendationKind.AD_HOC: "Đã có thành tích xuất sắc đột xuất năm {year}",
    CommendationKind.CAREER: "Đã có quá trình cống hiến xuất sắc",
}


def achievement_line(grant: AwardGrant, summary: str = "") -> str:
    """The achievement printed under the name: the nominee's summary as the decision's
    list gave it (its first sentence, at most 220 characters), else the usual wording of
    the kind of commendation."""
    text = " ".join((summary or "").split())
    if text:
        first = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0].rstrip(".;")
        return first if len(first) <= 220 else first[:217].rstrip() + "…"
    phrase = _KIND_PHRASES.get(grant.kind, "Đã có thành tích xuất sắc năm {year}")
    return phrase.format(year=grant.year)


def _authority(decision: Decision) -> tuple[str, str]:
    """The awarding office printed above the title ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …") and
    the authority line of the signature ("KT. CHỦ TỊCH"), from the register entry."""
    register = None
    if decision.issuer_id:
        register = (
            IssuedDocument.objects.filter(
                issuer_id=decision.issuer_id,
                number_text=decision.number,
                issued_on=decision.issued_on,
            )
            .only("authority_line")
            .first()
        )
    line = register.authority_line if register else ""
    issuer_name = decision.issuer.name if decision.issuer_id else ""
    head = "CHỦ TỊCH" if "ủy ban nhân dân" in issuer_name.lower() else "THỦ TRƯỞNG"
    if line and "KT." in line:
        head = line.rsplit("KT.", 1)[1].strip() or head
    office = f"{head} {issuer_name}".strip().upper()
    return office, line


def _pages_context(decision: Decision, grants: list[AwardGrant], summaries: dict) -> list[dict]:
    office, authority_line = _authority(decision)
    signer_position = decision.signer_position
    if decision.issuer_id and signer_position.endswith(decision.issuer.name):
        signer_position = signer_position[: -len(decision.issuer.name)].strip()
    place = (settings.TDKT_PROVINCE_NAME or "").strip()
    pages = []
    for grant in grants:
        nominee = summaries.get(grant.pk, {})
        url = verification_url(grant.verification_code)
        is_person = bool(grant.person_id)
        pages.append(
            {
                "title": _certificate_title(grant),
                "office": office,
                "award": grant.award.name,
                "is_title_award": grant.award.category == AwardCategory.TITLE,
                "recipient": grant.recipient_name,
                "position": nominee.get("position", "") if is_person else "",
                "unit": grant.recipient_unit_name,
                "achievement": achievement_line(grant, nominee.get("achievement_summary", "")),
                "decision_number": decision.number,
                "decision_date": _date_words(decision.issued_on),
                "certificate_number": grant.certificate_number,
                "place_date": f"{place}, {_date_words(decision.issued_on)}".lstrip(", "),
                "authority_lines": [line for line in authority_line.splitlines() if line],
                "signer_position": signer_position.upper(),
                "signer_name": decision.signer_name,
                "qr": qr_data_uri(url),
                "url": url,
                "code": grant.verification_code,
            }
        )
    return pages


def _html(pages: list[dict], *, stock: str) -> str:
    return render_to_string(
        TEMPLATE,
        {
            "pages": pages,
            "plain": stock != CertificateStock.PREPRINTED,
            "boxes": _boxes(stock),
            "font": document_font(),
            "page_mm": PAGE_MM,
        },
    )


def certificates_pdf(
    *, decision: Decision, grants: list[AwardGrant], stock: str, progress=None
) -> bytes:
    """The PDF of ``grants`` (one page each, in the given order). Laid out ``CHUNK``
    pages at a time, ``progress(percent)`` called after each chunk (10 → 90), then the
    pages written as one document."""
    summaries = {
        row["grant_id"]: row
        for row in Nominee.objects.filter(grant__in=[g.pk for g in grants]).values(
            "grant_id", "position", "achievement_summary"
        )
    }
    fetcher = RestrictedURLFetcher()
    documents = []
    total = max(len(grants), 1)
    for start in range(0, len(grants), CHUNK):
        chunk = grants[start : start + CHUNK]
        html = _html(_pages_context(decision, chunk, summaries), stock=stock)
        documents.append(HTML(string=html, base_url=base_url(), url_fetcher=fetcher).render())
        if progress:
            progress(10 + 80 * (start + len(chunk)) / total)
    if not documents:
        raise ValidationError(_("There is no award to print."))
    pages = [page for document in documents for page in document.pages]
    pdf = documents[0].copy(pages).write_pdf(attachments=[], custom_metadata=False)
    if progress:
        progress(99)
    return pdf


# --- The report kind: a printing row in, a PDF out --------------------------------------


def _print_check(user: User, object_id) -> bool:
    return (
        object_id is not None
        and user.has_perm(PERMISSION)
        and CertificatePrint.objects.filter(pk=object_id).exists()
    )


def build_certificates(*, user, fmt: str, object_id: int, progress=None) -> bytes:
    printing = CertificatePrint.objects.select_related("decision__issuer").get(pk=object_id)
    grants = list(printing.grants.select_related("award").order_by("recipient_name", "pk"))
    return certificates_pdf(
        decision=printing.decision, grants=grants, stock=printing.stock, progress=progress
    )


register(
    ReportKind(
        code=KIND,
        title=gettext_lazy("Certificates of a decision"),
        formats=("pdf",),
        build=build_certificates,
        permission=PERMISSION,
        object_check=_print_check,
        extra={"progress": True},
    )
)


# --- Asking for a printing -----------------------------------------------------------------


def printable_grants(decision: Decision):
    """The awards of ``decision`` whose certificates may be printed: those in force."""
    return decision.grants.filter(revoked_on__isnull=True)


def printed_before(grant_ids) -> set[int]:
    """Which of these awards already had their certificate printed."""
    return set(
        CertificatePrint.grants.through.objects.filter(awardgrant_id__in=grant_ids).values_list(
            "awardgrant_id", flat=True
        )
    )


@transaction.atomic
def certificates_request(
    *,
    user: User,
    decision: Decision,
    stock: str,
    grant_ids=None,
    reason: str = "",
):
    """Record a printing of ``decision``'s certificates (all its awards in force, or the
    chosen ones) and queue the job that makes the PDF. Printing an award a second time is
    a reprint: the reason is required and recorded. Returns the printing (its ``job``)."""
    from .services import report_request  # services import the kinds: at call time

    if not user.has_perm(PERMISSION):
        raise ValidationError(_("Only the secretariat prints certificates."))
    if decision.kind == REVOCATION_KIND:
        raise ValidationError(_("A revoking decision has no certificates."))
    if stock not in CertificateStock.values:
        raise ValidationError({"stock": _("Choose the paper.")})
    grants = printable_grants(decision)
    if grant_ids is not None:
        wanted = {int(pk) for pk in grant_ids}
        if not wanted:
            raise ValidationError({"grants": _("Choose at least one award to print.")})
        chosen = list(grants.filter(pk__in=wanted).values_list("pk", flat=True))
        if len(chosen) != len(wanted):
            raise ValidationError(
                {"grants": _("Choose awards of this decision that are in force.")}
            )
    else:
        chosen = list(grants.values_list("pk", flat=True))
    if not chosen:
        raise ValidationError(_("This decision has no award in force to print."))
    reason = (reason or "").strip()
    again = printed_before(chosen)
    if again and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "%(n)s of these certificates were printed before: give the reason for "
                    "reprinting them."
                )
                % {"n": len(again)}
            }
        )
    if len(reason) > 500:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    printing = CertificatePrint.objects.create(
        decision=decision,
        stock=stock,
        is_reprint=bool(again),
        reason=reason,
        printed_by=user,
    )
    printing.grants.set(chosen)
    printing.job = report_request(user=user, kind=KIND, fmt="pdf", object_id=printing.pk)
    printing.save(update_fields=["job"])
    return printing
