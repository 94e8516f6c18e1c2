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

from awards.codes import verification_url
from awards.models import (
    Authority,
    AwardCategory,
    BaseSalary,
    CashCoefficient,
    LegalBasisRole,
    LegalDocument,
    SubjectKind,
)
from awards.selectors import legal_bases_in_force
from awards.services import HOUSEHOLD_FACTOR, cash_amount
from nominations.models import (
    AgendaItem,
    Attachment,
    Nominee,
    Proposal,
    ProposalState,
    ProposalTarget,
)
from nominations.selectors.proposals import proposal_list_visible, proposal_nominees
from nominations.services.proposals import (
    decision_authority_choices,
    decision_issuer,
    decision_summary,
    default_authority_line,
    submission_authority_choices,
    submission_issuer,
)
from units.issuing import active_signers
from units.models import COMMUNE_LEVEL_KINDS, Unit, UnitKind

from .documents import (
    Heading,
    OfficialDocument,
    Paragraph,
    QrCell,
    Signature,
    Table,
    render_docx,
    render_pdf,
)
from .kinds import PROVINCE_BODY, ReportKind, register

HOME_AFFAIRS = "SỞ NỘI VỤ"
PROVINCE = "tỉnh Quảng Ngãi"
DOTS_DATE = "ngày ..... tháng ..... năm ........"
# The căn cứ lines are data (awards.LegalBasis, seeded by awards migration 0007 with the
# full titles of Law 72/2025/QH15, Law 06/2022/QH15 and Decree 152/2025/NĐ-CP; the
# province's own regulation is added by the secretariat on the catalogue pages).
FUND = "Quỹ thi đua, khen thưởng tỉnh"
COUNCIL_NAME = "Hội đồng Thi đua - Khen thưởng tỉnh"
REPORT_DOCUMENT = "bao_cao_thanh_tich"  # the catalogue's checklist code of the report


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
            if str(nominee.dossier.unit) not in names:
                names.append(str(nominee.dossier.unit))
        return names

    @property
    def decision(self):
        return self.proposal.decision if self.proposal.state == ProposalState.ISSUED else None


def _load(object_id: int) -> ProposalData:
    proposal = Proposal.objects.select_related(
        "award", "decision", "submission_register", "decision_register", "approved_signer"
    ).get(pk=object_id)
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


# --- Signatures: from the Signer data and the register, never from a setting ------------


def _signature(authority_line: str, position: str, name: str) -> Signature:
    """ "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / name."""
    lines = [line.strip() for line in (authority_line or "").splitlines() if line.strip()]
    return Signature(
        authority=lines[0] if lines else "",
        deputy="\n".join(lines[1:]),
        position=position.upper(),
        name=name,
    )


def register_signature(register) -> Signature:
    """The signature as issued: the register's snapshot of signer and authority line."""
    return _signature(register.authority_line, register.signer_position, register.signer_name)


def planned_signature(signer, authority_line: str, fallback_position: str) -> Signature:
    """A draft's signature: the signer chosen (at approval) or the issuer's first one."""
    if signer is None:
        return _signature(authority_line, fallback_position, "")
    return _signature(authority_line, signer.position, signer.full_name)


def submission_signature(proposal: Proposal) -> Signature:
    """The tờ trình's signer: as recorded once issued, else the issuer's first signer
    (Sở Nội vụ's director, or the chairman on behalf of the People's Committee)."""
    if proposal.submission_register_id:
        return register_signature(proposal.submission_register)
    signer = active_signers(submission_issuer(proposal)).first()
    choices = submission_authority_choices(proposal)
    central = proposal.target == ProposalTarget.CENTRAL
    return planned_signature(
        signer,
        default_authority_line(signer, choices),
        "Chủ tịch" if central else "Giám đốc",
    )


def decision_signature(proposal: Proposal) -> Signature:
    """The decision's signer: as issued, else as the chairman chose at approval, else the
    People's Committee's first signer (the chairman)."""
    if proposal.decision_register_id:
        return register_signature(proposal.decision_register)
    if proposal.approved_signer_id:
        return planned_signature(
            proposal.approved_signer, proposal.approved_authority_line, "Chủ tịch"
        )
    signer = active_signers(decision_issuer()).first()
    line = default_authority_line(signer, decision_authority_choices(proposal))
    return planned_signature(signer, line, "Chủ tịch")


def basis_lines(document: str, on: datetime.date) -> list[str]:
    """ "Căn cứ …;" for each legal basis of ``document`` in force on ``on``, in order."""
    lines = legal_bases_in_force(document=document, on=on, role=LegalBasisRole.BASIS)
    return [f"Căn cứ {line.text.strip().rstrip(';.')};" for line in lines]


def _count(n: int) -> str:
    return f"{n:02d}"


def _group_labels(data: ProposalData) -> list[str]:
    return [
        label
        for group, label in (
            (data.collectives, "tập thể"),
            (data.individuals, "cá nhân"),
            (data.households, "hộ gia đình"),
        )
        if group
    ]


def holders_phrase(data: ProposalData) -> str:
    """ "tập thể, cá nhân", "cá nhân", "tập thể, cá nhân, hộ gia đình": only what the list
    holds."""
    return ", ".join(_group_labels(data)) or "cá nhân"


def award_phrase(award) -> str:
    """ "Bằng khen của …" for a form, "danh hiệu “Chiến sĩ thi đua cấp tỉnh”" for a title."""
    if award.category == AwardCategory.TITLE:
        return f"danh hiệu “{award.name}”"
    return award.name


@dataclass
class VoteResult:
    held_on: datetime.date
    agree: int
    members: int

    @property
    def percent(self) -> str:
        value = 100 * self.agree / self.members if self.members else 0
        return f"{value:.1f}".replace(".", ",") + "%"

    @property
    def cell(self) -> str:
        return f"{self.agree}/{self.members} ({self.percent})"


def vote_results(data: ProposalData) -> dict[int, VoteResult]:
    """The Council's vote on each nominee (the last session that passed it): agree
    ballots, plus absent members' written agreements when that session counted them
    (``session.written_opinions_counted``, fixed when it closed), over all members of the
    Council."""
    items = (
        AgendaItem.objects.filter(nominee__in=data.nominees, passed=True)
        .select_related("session")
        .order_by("session__held_on", "id")
    )
    results = {}
    for item in items:
        agree = item.agree or 0
        if item.session.written_opinions_counted:
            agree += item.written_agree or 0
        results[item.nominee_id] = VoteResult(
            item.session.held_on, agree, item.session.member_total
        )
    return results


@dataclass
class Appraisal:
    """The figures of the secretariat's appraisal behind a proposal."""

    units: int
    dossiers: int
    received: int
    approved: int


def appraisal_figures(data: ProposalData) -> Appraisal:
    """Dossiers and nominees for this award received from the proposing units, and how
    many passed the appraisal (those in the proposal)."""
    dossier_ids = {n.dossier_id for n in data.nominees}
    received = Nominee.objects.filter(
        dossier_id__in=dossier_ids, award_id=data.proposal.award_id
    ).count()
    return Appraisal(
        units=len(data.units),
        dossiers=len(dossier_ids),
        received=max(received, len(data.nominees)),
        approved=len(data.nominees),
    )


def _days(days) -> str:
    return ", ".join(day.strftime("%d/%m/%Y") for day in sorted(set(days)))


def _procedure_sentence(data: ProposalData) -> str:
    """How the nominees got here, stating only what took place: the appraisal, a public
    consultation that was held, a Council vote that was cast, the simplified procedure."""
    figures = appraisal_figures(data)
    sentence = (
        f"Sở Nội vụ đã tiếp nhận {_count(figures.dossiers)} hồ sơ của "
        f"{_count(figures.units)} cơ quan, đơn vị ({', '.join(data.units)}) đề nghị tặng "
        f"{award_phrase(data.proposal.award)} cho {_count(figures.received)} trường hợp; "
        f"qua thẩm định, {_count(figures.approved)} trường hợp đủ điều kiện, tiêu chuẩn"
    )
    if figures.received > figures.approved:
        sentence += f", {_count(figures.received - figures.approved)} trường hợp không đủ"
    steps = [sentence]
    if any(n.consultation_done for n in data.nominees):
        steps.append("đã lấy ý kiến nhân dân theo quy định")
    votes = vote_results(data)
    if votes:
        steps.append(
            f"{COUNCIL_NAME} đã họp và bỏ phiếu kín tại phiên họp ngày "
            f"{_days(v.held_on for v in votes.values())}, "
            f"{_count(len(votes))} trường hợp đạt tỷ lệ phiếu đồng ý theo quy định "
            "(tỷ lệ của từng trường hợp tại danh sách kèm theo)"
        )
    simplified = [n for n in data.nominees if n.dossier.simplified]
    if simplified:
        steps.append(f"{_count(len(simplified))} trường hợp đề nghị theo thủ tục đơn giản")
    return "; ".join(steps)


def attachments_sentence(data: ProposalData, *, with_draft: bool) -> str:
    """What travels with the document, only what exists: the list, the achievement
    reports actually filed, the Council's minutes and vote when a vote was cast, the
    result of a consultation that was held."""
    filed = set(
        Attachment.objects.filter(
            nominee__in=data.nominees, document_code=REPORT_DOCUMENT
        ).values_list("nominee_id", flat=True)
    )
    reported = sum(
        1 for n in data.nominees if n.report_file or n.achievement_report.strip() or n.pk in filed
    )
    parts = ["danh sách trích ngang"]
    if with_draft:
        parts.append("dự thảo Quyết định")
    if reported:
        parts.append(f"báo cáo thành tích của {_count(reported)} {holders_phrase(data)}")
    votes = vote_results(data)
    if votes:
        parts.append(
            f"biên bản họp và kết quả bỏ phiếu kín của {COUNCIL_NAME} phiên họp ngày "
            f"{_days(v.held_on for v in votes.values())}"
        )
    if any(n.consultation_done for n in data.nominees):
        parts.append("kết quả lấy ý kiến nhân dân")
    return "Hồ sơ kèm theo gồm: " + "; ".join(parts) + "."


# --- The attached list ---------------------------------------------------------------------


def subject_name(nominee: Nominee) -> str:
    """A collective by its full label ("Thôn 1, xã Bình Sơn"), anyone else by name."""
    if nominee.collective_id and nominee.collective is not None:
        return str(nominee.collective)
    return nominee.display_name


def subject_unit(nominee: Nominee) -> str:
    """The "Đơn vị" column: the full label of the person's or household's unit, or of the
    unit a collective belongs to; the name kept on the nominee when none is loaded."""
    unit = None
    if nominee.person_id:
        unit = nominee.person.unit
    elif nominee.household_id:
        unit = nominee.household.unit
    elif nominee.collective_id and nominee.collective.parent_id:
        unit = nominee.collective.parent
    return str(unit) if unit is not None else nominee.unit_name


def code_cell(nominee: Nominee) -> QrCell | str:
    """The verification code of the award a nominee was granted, with its QR code."""
    grant = nominee.grant if nominee.grant_id else None
    if grant is None:
        return ""
    return QrCell(text=grant.verification_code, url=verification_url(grant.verification_code))


def _rows(
    nominees: list[Nominee],
    *,
    with_proposer: bool,
    votes: dict | None = None,
    with_codes: bool = False,
) -> tuple[tuple[str | QrCell, ...], ...]:
    rows = []
    for i, nominee in enumerate(nominees, start=1):
        row = [str(i), subject_name(nominee), nominee.position, subject_unit(nominee)]
        if with_proposer:
            row.append(str(nominee.dossier.unit))
        if votes is not None:
            vote = votes.get(nominee.pk)
            row.append(vote.cell if vote else "Không bỏ phiếu")
        if with_codes:
            row.append(code_cell(nominee))
        rows.append(tuple(row))
    return tuple(rows)


def attached_list_blocks(
    data: ProposalData, *, with_proposer: bool = False, with_codes: bool = False
) -> tuple:
    """The list, collectives, individuals and households in their own sections; a list
    sent up with a proposal (``with_proposer``) also gives each nominee's share of agree
    votes over all the Council's members, when the Council voted; the list of an issued
    decision (``with_codes``) prints each award's verification code and QR code."""
    headers = ["STT", "Tên tập thể, cá nhân", "Chức vụ", "Đơn vị"]
    widths = [8, 37, 25, 30]
    if with_codes:
        headers.append("Mã xác thực")
        widths = [6, 29, 19, 26, 20]
    votes = vote_results(data) if with_proposer else {}
    if with_proposer:
        headers.append("Đơn vị đề nghị")
        widths = [7, 30, 20, 23, 20]
    if votes:
        headers.append("Phiếu đồng ý / tổng số thành viên")
        widths = [6, 25, 16, 19, 17, 17]
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
                rows=_rows(
                    group,
                    with_proposer=with_proposer,
                    votes=votes or None,
                    with_codes=with_codes,
                ),
                widths=tuple(widths),
            )
        )
    total = f"Tổng cộng: {subjects_phrase(data)}."
    return (*blocks, Paragraph(total, italic=True))


def attached_list(
    data: ProposalData,
    *,
    issuer: str,
    issuer_parent: str,
    caption: str,
    with_proposer=False,
    granted=False,
) -> AttachedList:
    award = data.proposal.award
    return AttachedList(
        issuer=issuer,
        issuer_parent=issuer_parent,
        doc_type="DANH SÁCH",
        summary=f"{holders_phrase(data).capitalize()} được đề nghị tặng {award_phrase(award)}"
        if data.decision is None and not granted
        else f"{holders_phrase(data).capitalize()} được tặng {award_phrase(award)}",
        blocks=(
            Paragraph(caption, italic=True, align="center"),
            *attached_list_blocks(
                data,
                with_proposer=with_proposer,
                with_codes=granted and data.decision is not None,
            ),
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
            *(
                Paragraph(line, italic=True)
                for line in basis_lines(
                    LegalDocument.SUBMISSION, proposal.submitted_on or timezone.localdate()
                )
            ),
            Paragraph(f"{_procedure_sentence(data)}."),
            Paragraph(
                f"Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, tặng "
                f"{award_phrase(award)} cho {subjects_phrase(data)} đã có thành tích "
                f"{achievement_phrase(data)}."
            ),
            Paragraph(attachments_sentence(data, with_draft=True), italic=True),
            Paragraph("Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định./."),
        ),
        signature=submission_signature(proposal),
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


def _coefficient_text(value) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    if "." not in text:
        text += ".0"
    return text.replace(".", ",")


def _decree_article(basis: str) -> str:
    """ "Điều 54" from a coefficient's basis "Nghị định 152/2025/NĐ-CP, Điều 54 khoản 1"."""
    marker = basis.find("Điều ")
    if marker < 0:
        return ""
    return " ".join(basis[marker:].split()[:2]).rstrip(",;")


def _cash_terms(award, kind: str, on: datetime.date):
    """The coefficient row and the base salary row in force on ``on`` for a kind."""
    lookup = SubjectKind.INDIVIDUAL if kind == SubjectKind.HOUSEHOLD else kind
    coefficient = (
        CashCoefficient.objects.filter(award=award, subject_kind=lookup, valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )
    salary = BaseSalary.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    return coefficient, salary


def cash_article(data: ProposalData, on: datetime.date) -> str:
    """Article 2: the cash for each kind of subject actually in the list, as the
    coefficient × the dated base salary used (the grants' amounts once issued), the total
    and the fund. A kind the catalogue holds no coefficient for is paid "theo quy định"."""
    award = data.proposal.award
    parts, unknown, total, salary_used, articles = [], [], 0, None, []
    for group, kind, label in (
        (data.collectives, SubjectKind.COLLECTIVE, "tập thể"),
        (data.individuals, SubjectKind.INDIVIDUAL, "cá nhân"),
        (data.households, SubjectKind.HOUSEHOLD, "hộ gia đình"),
    ):
        if not group:
            continue
        coefficient, salary = _cash_terms(award, kind, on)
        amounts = [n.grant.cash_amount for n in group if n.grant_id]
        if amounts and len(amounts) == len(group) and None not in amounts:
            each, subtotal = amounts[0], sum(amounts)
        else:
            each = cash_amount(award=award, subject_kind=kind, on=on)
            subtotal = each * len(group) if each is not None else None
        if each is None or coefficient is None or salary is None:
            unknown.append(label)
            continue
        factor = coefficient.coefficient
        if kind == SubjectKind.HOUSEHOLD:
            factor *= HOUSEHOLD_FACTOR
        parts.append(
            f"mỗi {label} được tặng {award_phrase(award)} kèm theo tiền thưởng {money(each)} "
            f"({_coefficient_text(factor)} lần mức lương cơ sở)"
        )
        if (article := _decree_article(coefficient.basis)) and article not in articles:
            articles.append(article)
        salary_used = salary
        total += subtotal
    fund = f"Kinh phí khen thưởng trích từ {FUND}."
    if not parts:
        return (
            f"Các {holders_phrase(data)} có tên tại Điều 1 được nhận tiền thưởng theo quy "
            f"định tại Nghị định số 152/2025/NĐ-CP. {fund}"
        )
    where = (
        f"{' và '.join(articles)} Nghị định số 152/2025/NĐ-CP"
        if articles
        else ("Nghị định số 152/2025/NĐ-CP")
    )
    sentence = f"{'; '.join(parts)[0].upper()}{'; '.join(parts)[1:]}, theo quy định tại {where}"
    salary_line = f"mức lương cơ sở {money(salary_used.amount)}"
    if salary_used.basis:
        salary_line += f" theo {salary_used.basis.strip().rstrip('.;')}"
    salary_line += f", áp dụng từ ngày {salary_used.valid_from:%d/%m/%Y}"
    if unknown:
        return (
            f"{sentence}; {', '.join(unknown)} được nhận tiền thưởng theo quy định ("
            f"{salary_line}). {fund}"
        )
    return f"{sentence} ({salary_line}). Tổng số tiền thưởng: {money(total)}. {fund}"


def _head_of(unit: Unit) -> str:
    """The executing body of a proposing unit, as a decision names it: "Chủ tịch Ủy ban
    nhân dân xã Bình Sơn", "Giám đốc Sở Tài chính", "Thủ trưởng …"; a sub-unit or a
    village is executed through the unit above it."""
    seen = 0
    while unit.kind in (UnitKind.SUB_UNIT, UnitKind.VILLAGE) and unit.parent_id and seen < 5:
        unit = unit.parent
        seen += 1
    name = unit.name.strip()
    if unit.kind in COMMUNE_LEVEL_KINDS:
        return f"Chủ tịch Ủy ban nhân dân {name[:1].lower()}{name[1:]}"
    if unit.kind == UnitKind.DEPARTMENT:
        if name.startswith("Sở "):
            return f"Giám đốc {name}"
        if name.startswith("Ban "):
            return f"Trưởng {name}"
        return f"Thủ trưởng {name}"
    if unit.kind == UnitKind.ENTERPRISE:
        return f"Người đứng đầu {name}"
    if unit.kind == UnitKind.PARTY_MASS:
        return f"Người đứng đầu {name}"
    return f"Thủ trưởng {name}"


def executors_sentence(data: ProposalData) -> str:
    heads = ["Chánh Văn phòng Ủy ban nhân dân tỉnh", "Giám đốc Sở Nội vụ", "Giám đốc Sở Tài chính"]
    units = []
    for nominee in data.nominees:
        if nominee.dossier.unit_id not in [u.pk for u in units]:
            units.append(nominee.dossier.unit)
    for unit in units:
        head = _head_of(unit)
        if head not in heads:
            heads.append(head)
    return (
        f"{', '.join(heads)} và các {holders_phrase(data)} có tên tại Điều 1 chịu trách "
        "nhiệm thi hành Quyết định này./."
    )


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
    # The căn cứ in force on the decision's date (today for a draft), then the tờ trình
    # it answers with the number and date the proposal holds ("..../TTr-SNV" until issued).
    decided_on = issued_on or timezone.localdate()
    bases = basis_lines(LegalDocument.AWARD_DECISION, decided_on)
    bases.append(
        f"Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số "
        f"{proposal_number(data, settings.TDKT_PROPOSAL_SYMBOL)} "
        f"{long_date(proposal.submitted_on)}."
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
            Paragraph(
                f"Tặng {award_phrase(award)} cho {subjects_phrase(data)} (có danh sách kèm "
                f"theo), đã có thành tích {achievement_phrase(data)}.",
                lead="Điều 1.",
            ),
            Paragraph(cash_article(data, decided_on), lead="Điều 2."),
            Paragraph(
                f"Quyết định này có hiệu lực kể từ ngày ký. {executors_sentence(data)}",
                lead="Điều 3.",
            ),
        ),
        signature=decision_signature(proposal),
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
    appendix = attached_list(
        data, issuer=PROVINCE_BODY, issuer_parent="", caption=caption, granted=True
    )
    return render(document, appendix, fmt)


# --- The province's proposal to the central level ------------------------------------------


def build_proposal_central(*, user, fmt: str, object_id: int, **_kwargs) -> bytes:
    data = _load(object_id)
    proposal, award = data.proposal, data.proposal.award
    # Who decides (Law 06/2022/QH15, Art 77–78): the President, the Government (its own
    # Emulation Flag, Art 78(1)) or the Prime Minister.
    decider = {
        Authority.PRESIDENT: "trình Chủ tịch nước tặng ",
        Authority.GOVERNMENT: "trình Chính phủ tặng ",
    }.get(award.authority, "tặng ")
    request = f"{decider}{award_phrase(award)}"
    number = proposal.number or f"..../TTr-{settings.TDKT_DECISION_SYMBOL}"
    document = OfficialDocument(
        issuer=PROVINCE_BODY,
        number=number,
        date=proposal.submitted_on,
        doc_type="TỜ TRÌNH",
        summary=f"Về việc đề nghị {request}",
        blocks=(
            Paragraph("Kính gửi: Thủ tướng Chính phủ (qua Bộ Nội vụ).", align="center"),
            *(
                Paragraph(line, italic=True)
                for line in basis_lines(
                    LegalDocument.CENTRAL_PROPOSAL, proposal.submitted_on or timezone.localdate()
                )
            ),
            Paragraph(f"{_procedure_sentence(data)}."),
            Paragraph(
                f"Ủy ban nhân dân {PROVINCE} kính đề nghị Thủ tướng Chính phủ xem xét, "
                f"{request} cho {subjects_phrase(data)} (có danh sách kèm theo), đã có thành "
                f"tích {achievement_phrase(data)}."
            ),
            Paragraph(attachments_sentence(data, with_draft=False), italic=True),
            Paragraph(
                f"Ủy ban nhân dân {PROVINCE} kính trình Thủ tướng Chính phủ xem xét, quyết định./."
            ),
        ),
        signature=submission_signature(proposal),
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
