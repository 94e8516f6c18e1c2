"""Issuing documents: the issuing office's register (sổ văn bản đi) and its signers.

Decree 30/2020 (Art. 15, 16): a document gets its number and date when the issuing
office's clerk (văn thư) issues it after signature, in the register of that office, whose
numbers restart each year per type of document. The portal never invents a number: it
suggests the next one after the register's last recorded number (``suggested_number``)
and records the number, date, signer and signed original the clerk enters
(``document_issue``), refusing a number already in the register.

Every app may call this module (``units`` is the lowest layer); the document that was
issued (a decision, a tờ trình) keeps a link to its register entry.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    AUTHORITY_PREFIXES,
    IssuedDocument,
    Role,
    SecurityEventKind,
    Signer,
    Unit,
    UnitKind,
    User,
)
from .security import log_event
from .selectors import roles_of
from .uploads import UploadKind, safe_storage_name, validate_upload


def format_number(number: int, *, doc_type: str, issuer_symbol: str) -> str:
    """ "05/QĐ-UBND": a leading zero below 10 (Decree 30/2020, Appendix I)."""
    return f"{number:02d}/{doc_type}-{issuer_symbol}"


def unnumbered(*, doc_type: str, issuer_symbol: str) -> str:
    """The number line of a draft: "..../QĐ-UBND"."""
    return f"..../{doc_type}-{issuer_symbol}"


def provincial_committee() -> Unit | None:
    """The provincial People's Committee: the root unit of that kind."""
    return (
        Unit.objects.filter(kind=UnitKind.PEOPLES_COMMITTEE, is_active=True)
        .order_by("depth", "pk")
        .first()
    )


def home_affairs() -> Unit | None:
    """Sở Nội vụ, the issuer of the secretariat's tờ trình (by its code, a setting)."""
    return Unit.objects.filter(code=settings.TDKT_HOME_AFFAIRS_UNIT_CODE, is_active=True).first()


def active_signers(unit: Unit | None):
    """The signers a document of ``unit`` may name, in the unit's order."""
    if unit is None:
        return Signer.objects.none()
    return Signer.objects.filter(unit=unit, is_active=True).order_by("sort_order", "pk")


def authority_line_choices(*, body: str, head: str, collective: bool) -> list[tuple[str, str]]:
    """The authority lines a document of a body may carry (value, label), e.g. for the
    People's Committee (``collective``): "TM. ỦY BAN NHÂN DÂN", and for a vice-chairman
    "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"; for the chairman's own decision: none (in his
    own right) or "KT. CHỦ TỊCH"; by order or authorisation "TL."/"TUQ."."""
    body, head = body.upper(), head.upper()
    if collective:
        lines = [f"TM. {body}", f"TM. {body}\nKT. {head}"]
    else:
        lines = ["", f"KT. {head}", f"Q. {head}", f"TL. {head}", f"TUQ. {head}"]
    labels = {"": _("In own right (%(head)s)") % {"head": head}}
    return [(line, labels.get(line, line.replace("\n", " / "))) for line in lines]


def clean_authority_line(value: str) -> str:
    """Each line starts with TM., KT., Q., TL. or TUQ.; empty means in own right."""
    lines = [" ".join(line.split()) for line in (value or "").splitlines() if line.strip()]
    for line in lines:
        if not any(line.upper().startswith(prefix + " ") for prefix in AUTHORITY_PREFIXES):
            raise ValidationError(
                {
                    "authority_line": _(
                        "Each authority line must start with TM., KT., Q., TL. or TUQ."
                    )
                }
            )
    return "\n".join(line.upper() for line in lines)


def suggested_number(*, issuer: Unit, doc_type: str, year: int) -> int:
    """The register's last recorded number of this issuer, type and year, plus one: a
    suggestion the clerk confirms or changes, never applied by itself."""
    last = IssuedDocument.objects.filter(issuer=issuer, doc_type=doc_type, year=year).aggregate(
        last=Max("number")
    )["last"]
    return (last or 0) + 1


def _check(*, issuer, doc_type, issuer_symbol, year, number, issued_on, signer) -> None:
    errors: dict[str, str] = {}
    if not doc_type or not issuer_symbol:
        errors["number"] = _("The type and symbol of the document are missing.")
    if not isinstance(number, int) or number < 1:
        errors["number"] = _("Enter the number from the register (a whole number from 1).")
    if not isinstance(issued_on, datetime.date):
        errors["issued_on"] = _("Enter the date of issue.")
    elif issued_on > timezone.localdate():
        errors["issued_on"] = _("The date of issue cannot be in the future.")
    elif issued_on.year != year:
        errors["issued_on"] = _("The date of issue must fall in %(year)s, the register's year.") % {
            "year": year
        }
    if signer is None:
        errors["signer"] = _("Choose who signed the document.")
    elif signer.unit_id != issuer.pk:
        errors["signer"] = _("The signer does not belong to %(unit)s.") % {"unit": issuer.name}
    elif not signer.is_active:
        errors["signer"] = _("This signer is no longer active.")
    if errors:
        raise ValidationError(errors)


def _duplicate(issuer: Unit, doc_type: str, year: int, number: int) -> ValidationError:
    existing = IssuedDocument.objects.filter(
        issuer=issuer, doc_type=doc_type, year=year, number=number
    ).first()
    when = f" ({existing.issued_on:%d/%m/%Y})" if existing else ""
    return ValidationError(
        {
            "number": _(
                "Number %(number)s of %(year)s is already in the register of %(unit)s%(when)s. "
                "Enter the number the clerk actually gave this document."
            )
            % {"number": number, "year": year, "unit": issuer.name, "when": when}
        }
    )


@transaction.atomic
def document_issue(
    *,
    user: User,
    issuer: Unit,
    doc_type: str,
    issuer_symbol: str,
    year: int,
    number: int,
    issued_on: datetime.date,
    signer: Signer,
    authority_line: str,
    signed_file,
    summary: str = "",
) -> IssuedDocument:
    """Record an issued document in the register: its number (unique per issuer, type and
    year), date (not in the future, within the year), signer (with a snapshot of name and
    position), authority line and signed original (a PDF, checked like every upload).
    Raises ValidationError with a Vietnamese message on any refusal; nothing is saved."""
    _check(
        issuer=issuer,
        doc_type=doc_type,
        issuer_symbol=issuer_symbol,
        year=year,
        number=number,
        issued_on=issued_on,
        signer=signer,
    )
    authority_line = clean_authority_line(authority_line)
    if not signed_file:
        raise ValidationError({"signed_file": _("Attach the signed original (PDF).")})
    try:
        kind = validate_upload(signed_file, allowed=[UploadKind.PDF])
    except ValidationError as error:
        raise ValidationError({"signed_file": error.messages}) from error
    if IssuedDocument.objects.filter(
        issuer=issuer, doc_type=doc_type, year=year, number=number
    ).exists():
        raise _duplicate(issuer, doc_type, year, number)
    document = IssuedDocument(
        issuer=issuer,
        doc_type=doc_type,
        issuer_symbol=issuer_symbol,
        year=year,
        number=number,
        number_text=format_number(number, doc_type=doc_type, issuer_symbol=issuer_symbol),
        issued_on=issued_on,
        signer=signer,
        signer_name=signer.full_name,
        signer_position=signer.position,
        authority_line=authority_line,
        signed_file_name=(getattr(signed_file, "name", "") or "")[:255],
        summary=(summary or "").strip()[:500],
        issued_by=user,
    )
    document.signed_file.save(
        safe_storage_name(signed_file.name or "", kind), signed_file, save=False
    )
    stored = document.signed_file.name
    try:
        with transaction.atomic():  # a savepoint: a lost race is reported, not a 500
            document._history_user = user
            document.save()
    except IntegrityError:
        document.signed_file.storage.delete(stored)
        raise _duplicate(issuer, doc_type, year, number) from None
    log_event(
        SecurityEventKind.DOCUMENT_ISSUED,
        user=user,
        register=document.pk,
        issuer=issuer.code,
        number=document.number_text,
        issued_on=issued_on.isoformat(),
        signer=signer.pk,
    )
    return document


# --- Signers (kept by the secretariat; a unit head keeps his own unit's) -----------------


def signer_units(*, user: User):
    """The units whose signers ``user`` may keep: every unit for the secretariat, the
    units he heads for a unit head."""
    roles = roles_of(user)
    if roles.has(Role.SECRETARIAT):
        return Unit.objects.filter(is_active=True)
    head_of = [a.unit_id for a in roles.assignments if a.role == Role.UNIT_HEAD]
    return Unit.objects.filter(pk__in=head_of, is_active=True)


def signer_list_visible(*, user: User):
    """The signers ``user`` may see and keep, by unit then order."""
    roles = roles_of(user)
    signers = Signer.objects.select_related("unit")
    if roles.has(Role.SECRETARIAT):
        return signers.order_by("unit__path", "sort_order", "pk")
    head_of = [a.unit_id for a in roles.assignments if a.role == Role.UNIT_HEAD]
    return signers.filter(unit_id__in=head_of).order_by("unit__path", "sort_order", "pk")


SIGNER_FIELDS = ("unit", "full_name", "position", "is_active", "sort_order")


@transaction.atomic
def signer_save(*, actor: User, signer: Signer | None = None, **data) -> Signer:
    """Create or change a signer; names and positions are kept with single spaces. The
    documents already issued keep the name and position they were signed with."""
    signer = signer if signer is not None else Signer()
    for key in SIGNER_FIELDS:
        if key in data:
            value = data[key]
            setattr(signer, key, " ".join(value.split()) if isinstance(value, str) else value)
    signer._history_user = actor
    signer.full_clean()
    signer.save()
    return signer


def register_list_visible(*, user: User):
    """Entries of the registers ``user`` may read: all for the secretariat, his own
    unit's for a unit head."""
    roles = roles_of(user)
    entries = IssuedDocument.objects.select_related("issuer", "issued_by")
    if roles.has(Role.SECRETARIAT):
        return entries
    head_of = [a.unit_id for a in roles.assignments if a.role == Role.UNIT_HEAD]
    return entries.filter(issuer_id__in=head_of)
