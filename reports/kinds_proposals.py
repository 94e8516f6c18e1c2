"""Report kinds of proposals: the tờ trình, the decision with its attached list, and
the proposal dossier to the central level.

Each is a document of one proposal (``object_check``: the proposal is visible to the
user, that is the secretariat or the chairman, and of the right target), built in the
Decree 30 layout of ``build_council_roster``: the body, the signature and "Nơi nhận",
then the attached list (danh sách kèm theo) on its own pages, collectives and individuals
separated. A draft shows dotted numbers and dates; once numbered, the real ones.
"""

import datetime
from copy import deepcopy
from dataclasses import dataclass
from io import BytesIO

import docx
import pikepdf
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from docx.enum.text import WD_BREAK

from awards.models import Authority, SubjectKind
from awards.services import cash_amount
from nominations.models import AgendaItem, Nominee, Proposal, ProposalState, ProposalTarget
from nominations.selectors.proposals import proposal_list_visible, proposal_nominees
from nominations.services.proposals import decision_summary
from units.models import Role, User

from .documents import (
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    render_docx,
    render_pdf,
)
from .kinds import PROVINCE_BODY, ReportKind, register

HOME_AFFAIRS = "SỞ NỘI VỤ"
PROVINCE = "tỉnh Quảng Ngãi"
DOTS_DATE = "ngày ..... tháng ..... năm ........"
LAW_LOCAL_GOVERNMENT = (
    "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;"
)
LAW_TDKT = "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;"
DECREE_152 = "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ;"
FUND = "Quỹ thi đua, khen thưởng tỉnh"


class AttachedList(OfficialDocument):
    """The list attached to a document: the same header, no number and no date line."""

    @property
    def number_line(self) -> str:
        return ""

    @property
    def date_line(self) -> str:
        return ""


@dataclass
class ProposalData:
    """What every document of a proposal reads, loaded once."""

    proposal: Proposal
    nominees: list[Nominee]

    @property
    def collectives(self) -> list[Nominee]:
        return [n for n in self.nominees if n.collective_id]

    @property
    def individuals(self) -> list[Nominee]:
        return [n for n in self.nominees if n.person_id]

    @property
    def households(self) -> list[Nominee]:
        return [n for n in self.nominees if n.household_id]

    @property
    def units(self) -> list[str]:
        names: list[str] = []
        for nominee in self.nominees:
            if nominee.dossier.unit.name not in names:
                names.append(nominee.dossier.unit.name)
        return names

    @property
    def decision(self):
        return self.proposal.decision if self.proposal.state == ProposalState.ISSUED else None


def _load(object_id: int) -> ProposalData:
    proposal = Proposal.objects.select_related("award", "decision").get(pk=object_id)
    return ProposalData(proposal=proposal, nominees=list(proposal_nominees(proposal=proposal)))


def _object_check(*targets: str):
    def check(user, object_id) -> bool:
        if object_id is None:
            return False
        return proposal_list_visible(user=user).filter(pk=object_id, target__in=targets).exists()

    return check


# --- Wording ------------------------------------------------------------------------------


def long_date(day: datetime.date | None) -> str:
    """ "ngày 05 tháng 3 năm 2026" (Decree 30 zeros), dots when not dated yet."""
    if day is None:
        return DOTS_DATE
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def subjects_phrase(data: ProposalData) -> str:
    """ "02 tập thể và 03 cá nhân" from the non-empty groups."""
    parts = [
        f"{len(group):02d} {label}"
        for group, label in (
            (data.collectives, "tập thể"),
            (data.individuals, "cá nhân"),
            (data.households, "hộ gia đình"),
        )
        if group
    ]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " và " + parts[-1]
    return parts[0] if parts else "0 cá nhân"


def achievement_phrase(data: ProposalData) -> str:
    reason = data.proposal.reason_text.strip().rstrip(".;")
    if reason:
        return reason
    return f"xuất sắc trong thực hiện nhiệm vụ năm {data.proposal.year}"


def proposal_number(data: ProposalData, symbol: str) -> str:
    return data.proposal.number or f"..../TTr-{symbol}"


def chairman_name() -> str:
    today = timezone.localdate()
    user = (
        User.objects.filter(is_active=True, roles__role=Role.CHAIRMAN)
        .exclude(roles__term_end__lt=today)
        .order_by("pk")
        .first()
    )
    return user.get_full_name() if user else ""


def _procedure_sentence(data: ProposalData) -> str:
    """How the nominees got here: appraisal, consultation, the Council's vote."""
    steps = ["kết quả thẩm định hồ sơ của Sở Nội vụ"]
    if any(n.needs_consultation for n in data.nominees):
        steps.append("kết quả lấy ý kiến nhân dân")
    items = list(
        AgendaItem.objects.filter(nominee__in=data.nominees, passed=True)
        .select_related("session")
        .order_by("session__held_on")
    )
    if items:
        days = sorted({item.session.held_on for item in items})
        when = ", ".join(day.strftime("%d/%m/%Y") for day in days)
        steps.append(
            f"kết quả bỏ phiếu kín của Hội đồng Thi đua - Khen thưởng tỉnh tại phiên họp "
            f"ngày {when}"
        )
    if any(n.dossier.simplified for n in data.nominees):
        steps.append("hồ sơ đề nghị khen thưởng theo thủ tục đơn giản")
    return ", ".join(steps)


# --- The attached list ---------------------------------------------------------------------


def _rows(nominees: list[Nominee], *, with_proposer: bool) -> tuple[tuple[str, ...], ...]:
    rows = []
    for i, nominee in enumerate(nominees, start=1):
        row = [str(i), nominee.display_name, nominee.position, nominee.unit_name]
        if with_proposer:
            row.append(nominee.dossier.unit.name)
        rows.append(tuple(row))
    return tuple(rows)


def attached_list_blocks(data: ProposalData, *, with_proposer: bool = False) -> tuple:
    """The list, collectives, individuals and households in their own sections."""
    headers = ["STT", "Tên tập thể, cá nhân", "Chức vụ", "Đơn vị"]
    widths = [8, 37, 25, 30]
    if with_proposer:
        headers.append("Đơn vị đề nghị")
        widths = [7, 30, 20, 23, 20]
    blocks = []
    numerals = iter(("I", "II", "III"))
    for group, label in (
        (data.collectives, "TẬP THỂ"),
        (data.individuals, "CÁ NHÂN"),
        (data.households, "HỘ GIA ĐÌNH"),
    ):
        if not group:
            continue
        blocks.append(Heading(f"{next(numerals)}. {label} ({len(group):02d})"))
        blocks.append(
            Table(
                headers=tuple(headers),
                rows=_rows(group, with_proposer=with_proposer),
                widths=tuple(widths),
            )
        )
    total = f"Tổng cộng: {subjects_phrase(data)}."
    return (*blocks, Paragraph(total, italic=True))


def attached_list(
    data: ProposalData, *, issuer: str, issuer_parent: str, caption: str, with_proposer=False
) -> AttachedList:
    award = data.proposal.award
    return AttachedList(
        issuer=issuer,
        issuer_parent=issuer_parent,
        doc_type="DANH SÁCH",
        summary=f"Tập thể, cá nhân được đề nghị tặng {award.name}"
        if data.decision is None
        else f"Tập thể, cá nhân được tặng {award.name}",
        blocks=(
            Paragraph(caption, italic=True, align="center"),
            *attached_list_blocks(data, with_proposer=with_proposer),
        ),
    )


# --- Rendering in two parts --------------------------------------------------------------


def _concat_pdf(*parts: bytes) -> bytes:
    sources = [pikepdf.Pdf.open(BytesIO(part)) for part in parts]
    merged = pikepdf.Pdf.new()
    for source in sources:
        merged.pages.extend(source.pages)
    buffer = BytesIO()
    merged.save(buffer)
    for source in sources:
        source.close()
    return buffer.getvalue()


def _concat_docx(first: bytes, second: bytes) -> bytes:
    """The second document's body after a page break at the end of the first."""
    main = docx.Document(BytesIO(first))
    other = docx.Document(BytesIO(second))
    main.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    section = main.element.body[-1]
    for element in list(other.element.body):
        if element.tag.endswith("}sectPr"):
            continue
        section.addprevious(deepcopy(element))
    buffer = BytesIO()
    main.save(buffer)
    return buffer.getvalue()


def render(document: OfficialDocument, appendix: AttachedList, fmt: str) -> bytes:
    if fmt == "docx":
        return _concat_docx(render_docx(document), render_docx(appendix))
    return _concat_pdf(render_pdf(document), render_pdf(appendix))


# --- The secretariat's tờ trình to the chairman ------------------------------------------


def build_proposal_submission(*, user, fmt: str, object_id: int, **_kwargs) -> bytes:
    data = _load(object_id)
    proposal, award = data.proposal, data.proposal.award
    symbol = settings.TDKT_PROPOSAL_SYMBOL
    number = proposal.number or None
    document = OfficialDocument(
        issuer_parent=PROVINCE_BODY,
        issuer=HOME_AFFAIRS,
        number=number or f"..../TTr-{symbol}",
        date=proposal.submitted_on,
        doc_type="TỜ TRÌNH",
        summary=f"Về việc đề nghị tặng {award.name}",
        blocks=(
            Paragraph(f"Kính gửi: Chủ tịch Ủy ban nhân dân {PROVINCE}.", align="center"),
            Paragraph(LAW_TDKT, italic=True),
            Paragraph(DECREE_152, italic=True),
            Paragraph(
                f"Trên cơ sở hồ sơ đề nghị khen thưởng của {len(data.units):02d} cơ quan, "
                f"đơn vị ({', '.join(data.units)}), {_procedure_sentence(data)}, Sở Nội vụ "
                f"kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, tặng {award.name} cho "
                f"{subjects_phrase(data)} đã có thành tích {achievement_phrase(data)}."
            ),
            Paragraph("(Có danh sách và dự thảo Quyết định kèm theo)", italic=True, align="center"),
            Paragraph("Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định./."),
        ),
        signature=Signature(
            position="GIÁM ĐỐC",
            name=getattr(settings, "TDKT_HOME_AFFAIRS_DIRECTOR_NAME", ""),
        ),
        recipients=("Như trên;", "Chủ tịch, các Phó Chủ tịch UBND tỉnh;", "Lưu: VT, TĐKT."),
    )
    caption = (
        f"(Kèm theo Tờ trình số {proposal_number(data, symbol)} "
        f"{long_date(proposal.submitted_on)} của Sở Nội vụ)"
    )
    appendix = attached_list(
        data,
        issuer=HOME_AFFAIRS,
        issuer_parent=PROVINCE_BODY,
        caption=caption,
        with_proposer=True,
    )
    return render(document, appendix, fmt)


# --- The decision ----------------------------------------------------------------------------


def _cash_sentence(data: ProposalData, on: datetime.date) -> str:
    """Article 2: the cash per the catalogue (the grants' amounts once issued), and the
    fund it comes from. A kind of subject the catalogue holds no amount for is paid "as
    the rules provide", and then no total is given."""
    award = data.proposal.award
    parts, unknown, total = [], [], 0
    for group, kind, label in (
        (data.collectives, SubjectKind.COLLECTIVE, "tập thể"),
        (data.individuals, SubjectKind.INDIVIDUAL, "cá nhân"),
        (data.households, SubjectKind.HOUSEHOLD, "hộ gia đình"),
    ):
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
        "Các tập thể, cá nhân có tên tại Điều 1 được nhận tiền thưởng theo quy định tại "
        "Nghị định số 152/2025/NĐ-CP"
    )
    fund = f"Kinh phí khen thưởng trích từ {FUND}."
    if not parts:
        return f"{opening}. {fund}"
    sentence = f"{opening}: {'; '.join(parts)}"
    if unknown:
        return f"{sentence}; {', '.join(unknown)} theo mức quy định. {fund}"
    return f"{sentence}. Tổng số tiền: {money(total)}. {fund}"


def build_proposal_decision(*, user, fmt: str, object_id: int, **_kwargs) -> bytes:
    data = _load(object_id)
    proposal, award, decision = data.proposal, data.proposal.award, data.decision
    symbol = settings.TDKT_DECISION_SYMBOL
    by_committee = award.authority == Authority.PROVINCIAL_COMMITTEE
    issuer_line = (
        f"ỦY BAN NHÂN DÂN {PROVINCE.upper()}"
        if by_committee
        else f"CHỦ TỊCH ỦY BAN NHÂN DÂN {PROVINCE.upper()}"
    )
    issued_on = decision.issued_on if decision else None
    number = decision.number if decision else f"..../QĐ-{symbol}"
    bases = [LAW_LOCAL_GOVERNMENT, LAW_TDKT, DECREE_152]
    if regulation := getattr(settings, "TDKT_PROVINCIAL_REGULATION", ""):
        bases.append(f"Căn cứ {regulation};")
    bases.append(
        f"Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số "
        f"{proposal_number(data, settings.TDKT_PROPOSAL_SYMBOL)} "
        f"{long_date(proposal.submitted_on)}."
    )
    executors = (
        "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, "
        f"Thủ trưởng các cơ quan, đơn vị có liên quan ({', '.join(data.units)}) và các tập "
        "thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."
    )
    document = OfficialDocument(
        issuer=PROVINCE_BODY,
        number=number,
        date=issued_on,
        doc_type="QUYẾT ĐỊNH",
        summary=decision_summary(award),
        blocks=(
            Paragraph(issuer_line, bold=True, align="center"),
            *(Paragraph(line, italic=True) for line in bases),
            Paragraph("QUYẾT ĐỊNH:", bold=True, align="center"),
            Heading("Điều 1."),
            Paragraph(
                f"Tặng {award.name} cho {subjects_phrase(data)} (có danh sách kèm theo), "
                f"đã có thành tích {achievement_phrase(data)}."
            ),
            Heading("Điều 2."),
            Paragraph(_cash_sentence(data, issued_on or timezone.localdate())),
            Heading("Điều 3."),
            Paragraph("Quyết định này có hiệu lực kể từ ngày ký."),
            Paragraph(executors),
        ),
        signature=Signature(
            authority="TM. ỦY BAN NHÂN DÂN" if by_committee else "",
            position="CHỦ TỊCH",
            name=decision.signer_name if decision else chairman_name(),
        ),
        recipients=(
            "Như Điều 3;",
            "Ban Thi đua - Khen thưởng Trung ương;",
            "Thường trực Tỉnh ủy;",
            "Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
            "Lưu: VT, SNV.",
        ),
    )
    who = "Ủy ban nhân dân tỉnh" if by_committee else "Chủ tịch Ủy ban nhân dân tỉnh"
    caption = f"(Kèm theo Quyết định số {number} {long_date(issued_on)} của {who})"
    appendix = attached_list(data, issuer=PROVINCE_BODY, issuer_parent="", caption=caption)
    return render(document, appendix, fmt)


# --- The province's proposal to the central level ------------------------------------------


def build_proposal_central(*, user, fmt: str, object_id: int, **_kwargs) -> bytes:
    data = _load(object_id)
    proposal, award = data.proposal, data.proposal.award
    by_president = award.authority == Authority.PRESIDENT
    request = f"trình Chủ tịch nước tặng {award.name}" if by_president else f"tặng {award.name}"
    number = proposal.number or f"..../TTr-{settings.TDKT_DECISION_SYMBOL}"
    document = OfficialDocument(
        issuer=PROVINCE_BODY,
        number=number,
        date=proposal.submitted_on,
        doc_type="TỜ TRÌNH",
        summary=f"Về việc đề nghị {request}",
        blocks=(
            Paragraph("Kính gửi: Thủ tướng Chính phủ (qua Bộ Nội vụ).", align="center"),
            Paragraph(LAW_TDKT, italic=True),
            Paragraph(DECREE_152, italic=True),
            Paragraph(
                f"Trên cơ sở hồ sơ đề nghị khen thưởng của {len(data.units):02d} cơ quan, "
                f"đơn vị ({', '.join(data.units)}), {_procedure_sentence(data)}, Ủy ban nhân "
                f"dân {PROVINCE} kính đề nghị Thủ tướng Chính phủ xem xét, {request} cho "
                f"{subjects_phrase(data)} (có danh sách kèm theo), đã có thành tích "
                f"{achievement_phrase(data)}."
            ),
            Paragraph(
                "Hồ sơ kèm theo gồm: danh sách trích ngang, báo cáo thành tích của từng tập "
                "thể, cá nhân, biên bản họp và kết quả bỏ phiếu của Hội đồng Thi đua - Khen "
                "thưởng tỉnh (bản chính và tệp điện tử định dạng Word, PDF)."
            ),
            Paragraph(
                f"Ủy ban nhân dân {PROVINCE} kính trình Thủ tướng Chính phủ xem xét, quyết định./."
            ),
        ),
        signature=Signature(
            authority="TM. ỦY BAN NHÂN DÂN", position="CHỦ TỊCH", name=chairman_name()
        ),
        recipients=(
            "Như trên;",
            "Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương);",
            "Thường trực Tỉnh ủy;",
            "Sở Nội vụ;",
            "Lưu: VT, SNV.",
        ),
    )
    caption = (
        f"(Kèm theo Tờ trình số {number} {long_date(proposal.submitted_on)} "
        f"của Ủy ban nhân dân {PROVINCE})"
    )
    appendix = attached_list(
        data, issuer=PROVINCE_BODY, issuer_parent="", caption=caption, with_proposer=True
    )
    return render(document, appendix, fmt)


register(
    ReportKind(
        code="proposal_submission",
        title=_("Tờ trình to the chairman"),
        formats=("pdf", "docx"),
        build=build_proposal_submission,
        permission="nominations.view_proposal",
        object_check=_object_check(ProposalTarget.CHAIRMAN),
    )
)
register(
    ReportKind(
        code="proposal_decision",
        title=_("Award decision with its list"),
        formats=("pdf", "docx"),
        build=build_proposal_decision,
        permission="nominations.view_proposal",
        object_check=_object_check(ProposalTarget.CHAIRMAN),
    )
)
register(
    ReportKind(
        code="proposal_central",
        title=_("Proposal to the central level"),
        formats=("pdf", "docx"),
        build=build_proposal_central,
        permission="nominations.view_proposal",
        object_check=_object_check(ProposalTarget.CENTRAL),
    )
)
