"""The decision of a unit's head on a grassroots award (issue 9, point 9).

"ỦY BAN NHÂN DÂN XÃ BÌNH SƠN … QUYẾT ĐỊNH Về việc tặng danh hiệu Lao động tiên tiến năm
2026 … CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH SƠN …" signed by the commune's chairman (or a
department's director): the unit is the issuer, its own register gives the number, and
the list of the nominees the unit's council agreed is attached. A draft (approved, not yet
issued) prints "Số: ..../QĐ-UBND" and dotted dates; once issued, the register's number,
date, signer and authority line.

The kind is bound to one :class:`nominations.models.UnitDecision`: its unit's staff and
head (and the secretariat, the chairman) may have it.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import LegalBasisRole, LegalDocument, SubjectKind
from awards.selectors import legal_bases_in_force
from awards.services import cash_amount
from nominations.models import Nominee, UnitDecision, UnitDecisionState
from nominations.selectors.grassroots import (
    IssuerWording,
    current_review,
    decision_nominees,
    issuer_wording,
    unit_decision_visible,
)
from nominations.services.grassroots import unit_decision_summary
from units.issuing import active_signers, unnumbered

from .documents import Heading, OfficialDocument, Paragraph, Signature, Table
from .kinds import PROVINCE_BODY, ReportKind, register
from .kinds_proposals import AttachedList, code_cell, render, subject_name, subject_unit

DOTS_DATE = "ngày ..... tháng ..... năm ........"


@dataclass
class UnitDecisionData:
    unit_decision: UnitDecision
    nominees: list[Nominee]
    wording: IssuerWording

    @property
    def issued(self):
        ud = self.unit_decision
        return ud.register if ud.state == UnitDecisionState.ISSUED else None

    def group(self, kind: str) -> list[Nominee]:
        return [n for n in self.nominees if n.subject_kind == kind]


def _load(object_id: int) -> UnitDecisionData:
    ud = UnitDecision.objects.select_related(
        "award", "issuer__parent", "dossier__unit", "register", "approved_by"
    ).get(pk=object_id)
    wording = issuer_wording(
        ud.issuer, province_body=PROVINCE_BODY, province_place=settings.TDKT_PROVINCE_NAME
    )
    return UnitDecisionData(
        unit_decision=ud, nominees=decision_nominees(unit_decision=ud), wording=wording
    )


def _object_check(user, object_id) -> bool:
    if object_id is None:
        return False
    return unit_decision_visible(user=user).filter(pk=object_id).exists()


def long_date(day: datetime.date | None) -> str:
    if day is None:
        return DOTS_DATE
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


GROUPS = (
    (SubjectKind.COLLECTIVE, "tập thể", "TẬP THỂ"),
    (SubjectKind.INDIVIDUAL, "cá nhân", "CÁ NHÂN"),
    (SubjectKind.HOUSEHOLD, "hộ gia đình", "HỘ GIA ĐÌNH"),
)


def subjects_phrase(data: UnitDecisionData) -> str:
    parts = [f"{len(g):02d} {label}" for kind, label, _u in GROUPS if (g := data.group(kind))]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " và " + parts[-1]
    return parts[0] if parts else "0 cá nhân"


def in_sentence(name: str) -> str:
    """ "xã Bình Sơn" for "Xã Bình Sơn" inside a sentence; other names as they are."""
    for prefix in ("Xã ", "Phường ", "Đặc khu ", "Thị trấn "):
        if name.startswith(prefix):
            return prefix.lower() + name[len(prefix) :]
    return name


def holders_phrase(data: UnitDecisionData) -> str:
    """ "các cá nhân", "các tập thể", "các tập thể, cá nhân" from what the list holds."""
    labels = [label for kind, label, _u in GROUPS if data.group(kind)]
    return "các " + ", ".join(labels) if labels else "các cá nhân"


def issuer_phrase(data: UnitDecisionData) -> str:
    """Who decided: "Chủ tịch Ủy ban nhân dân xã Bình Sơn", "Giám đốc Sở Nội vụ"."""
    unit, wording = data.unit_decision.issuer, data.wording
    if wording.default_symbol == "UBND":
        return f"{wording.head_title} Ủy ban nhân dân {in_sentence(unit.name)}"
    return f"{wording.head_title} {unit.name}"


def _number(data: UnitDecisionData) -> str:
    if data.issued:
        return data.issued.number_text
    symbol = data.wording.default_symbol or "......"
    return unnumbered(doc_type="QĐ", issuer_symbol=symbol)


def _signature(data: UnitDecisionData) -> Signature:
    """As issued (the register's snapshot), else the head who approved it."""
    issued = data.issued
    if issued:
        lines = [line.strip() for line in issued.authority_line.splitlines() if line.strip()]
        return Signature(
            authority=lines[0] if lines else "",
            deputy="\n".join(lines[1:]),
            position=issued.signer_position.upper(),
            name=issued.signer_name,
        )
    ud = data.unit_decision
    signer = active_signers(ud.issuer).first()
    name = signer.full_name if signer else ud.approved_by.get_full_name()
    return Signature(position=data.wording.head_title.upper(), name=name)


def _cash_sentence(data: UnitDecisionData, on: datetime.date) -> str:
    award = data.unit_decision.award
    parts, unknown, total = [], [], 0
    for kind, label, _u in GROUPS:
        group = data.group(kind)
        if not group:
            continue
        amounts = [n.grant.cash_amount for n in group if n.grant_id]
        if amounts and len(amounts) == len(group) and None not in amounts:
            each, subtotal = amounts[0], sum(amounts)
        else:
            each = cash_amount(award=award, subject_kind=kind, on=on)
            subtotal = each * len(group) if each is not None else None
        if each is None:
            unknown.append(label)
            continue
        parts.append(f"mỗi {label} {money(each)}")
        total += subtotal
    opening = (
        f"{holders_phrase(data).capitalize()} có tên tại Điều 1 được nhận tiền thưởng theo "
        "quy định tại Nghị định số 152/2025/NĐ-CP"
    )
    fund = (
        "Kinh phí khen thưởng trích từ Quỹ thi đua, khen thưởng của "
        f"{in_sentence(data.unit_decision.issuer.name)}."
    )
    if not parts:
        return f"{opening}. {fund}"
    sentence = f"{opening}: {'; '.join(parts)}"
    if unknown:
        return f"{sentence}; {', '.join(unknown)} theo mức quy định. {fund}"
    return f"{sentence}. Tổng số tiền: {money(total)}. {fund}"


def _executors(data: UnitDecisionData) -> str:
    unit = data.unit_decision.issuer
    wording = data.wording
    holders = holders_phrase(data)
    if wording.default_symbol == "UBND":  # a commune-level People's Committee
        office = "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"
    else:
        office = "Chánh Văn phòng"
    return (
        f"{office} {in_sentence(unit.name)}, Thủ trưởng các phòng, đơn vị có liên quan và "
        f"{holders} có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."
    )


def _rows(nominees: list[Nominee], *, with_codes: bool) -> tuple[tuple, ...]:
    """A row per nominee; an issued decision's list adds the verification code and QR."""
    return tuple(
        (str(i), subject_name(n), n.position, subject_unit(n))
        + ((code_cell(n),) if with_codes else ())
        for i, n in enumerate(nominees, start=1)
    )


def build_unit_decision(*, user, fmt: str, object_id: int, **_kwargs) -> bytes:
    data = _load(object_id)
    ud, award, wording = data.unit_decision, data.unit_decision.award, data.wording
    dossier = ud.dossier
    issued = data.issued
    issued_on = issued.issued_on if issued else None
    number = _number(data)
    summary = unit_decision_summary(award=award, year=dossier.year, kind=dossier.kind)
    on = issued_on or timezone.localdate()
    bases = [
        f"Căn cứ {line.text};"
        for line in legal_bases_in_force(
            document=LegalDocument.AWARD_DECISION, on=on, role=LegalBasisRole.BASIS
        )
    ]
    review = current_review(dossier=dossier)
    council = f"Hội đồng Thi đua - Khen thưởng {in_sentence(ud.issuer.name)}"
    if review:
        bases.append(
            f"Căn cứ kết quả bình xét của {council} tại cuộc họp ngày {review.held_on:%d/%m/%Y};"
        )
    bases.append(f"Theo đề nghị của {council}.")
    achievement = (
        f"đã có thành tích hoàn thành tốt nhiệm vụ năm {dossier.year}"
        if dossier.kind == "CONG_TRANG"
        else "đã có thành tích xuất sắc"
    )
    award_phrase = summary.removeprefix("Về việc tặng ")
    document = OfficialDocument(
        issuer_parent=wording.parent,
        issuer=wording.issuer,
        number=number,
        place=wording.place,
        date=issued_on,
        doc_type="QUYẾT ĐỊNH",
        summary=summary,
        blocks=(
            Paragraph(wording.authority_body, bold=True, align="center"),
            *(Paragraph(line, italic=True) for line in bases),
            Paragraph("QUYẾT ĐỊNH:", bold=True, align="center"),
            Paragraph(
                f"Tặng {award_phrase} cho {subjects_phrase(data)} (có danh sách kèm theo), "
                f"{achievement}.",
                lead="Điều 1.",
            ),
            Paragraph(_cash_sentence(data, on), lead="Điều 2."),
            Paragraph("Quyết định này có hiệu lực kể từ ngày ký.", lead="Điều 3."),
            Paragraph(_executors(data)),
        ),
        signature=_signature(data),
        recipients=("Như Điều 3;", "Lưu: VT."),
    )
    who = issuer_phrase(data)
    caption = f"(Kèm theo Quyết định số {number} {long_date(issued_on)} của {who})"
    blocks = []
    numerals = iter(("I", "II", "III"))
    for kind, _label, upper in GROUPS:
        group = data.group(kind)
        if not group:
            continue
        blocks.append(Heading(f"{next(numerals)}. {upper} ({len(group):02d})"))
        headers = ("STT", "Tên tập thể, cá nhân", "Chức vụ", "Đơn vị")
        widths = (8, 37, 25, 30)
        if issued:
            headers, widths = (*headers, "Mã xác thực"), (6, 29, 19, 26, 20)
        blocks.append(
            Table(headers=headers, rows=_rows(group, with_codes=bool(issued)), widths=widths)
        )
    holders = holders_phrase(data).removeprefix("các ")
    appendix = AttachedList(
        issuer=wording.issuer,
        issuer_parent=wording.parent,
        place=wording.place,
        doc_type="DANH SÁCH",
        summary=f"{holders.capitalize()} được tặng {award_phrase}",
        blocks=(
            Paragraph(caption, italic=True, align="center"),
            *blocks,
            Paragraph(f"Tổng cộng: {subjects_phrase(data)}.", italic=True),
        ),
    )
    return render(document, appendix, fmt)


register(
    ReportKind(
        code="unit_decision",
        title=_("Decision of the unit head with its list"),
        formats=("pdf", "docx"),
        build=build_unit_decision,
        permission="nominations.view_dossier_list",
        object_check=_object_check,
    )
)
