"""Report kinds of proposals: the tờ trình, the decision with its attached list, and
the proposal dossier to the central level.

Each is a document of one proposal (``object_check``: the proposal is visible to the
user, that is the secretariat or the chairman, and of the right target), built in the
Decree 30 layout of ``build_council_roster``: the body, the signature and "Nơi nhận",
then the attached list (danh sách kèm theo) on its own pages, collectives and individuals
separated. A draft shows dotted numbers and dates; once numbered, the real ones.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Authority, BaseSalary, CashCoefficient, LegalDocument, SubjectKind
from awards.services import HOUSEHOLD_FACTOR, cash_amount
from nominations.models import ProposalTarget
from nominations.selectors.proposals import proposal_list_visible
from nominations.services.proposals import decision_summary
from units.models import COMMUNE_LEVEL_KINDS, Unit, UnitKind

from .documents import OfficialDocument, Paragraph
from .kinds import PROVINCE_BODY, ReportKind, register
from .proposal_lists import (
    AttachedList,
    attached_list,
    code_cell,
    render,
    subject_name,
    subject_unit,
)
from .proposal_wording import (
    FUND,
    HOME_AFFAIRS,
    PROVINCE,
    ProposalData,
    VoteResult,
    _load,
    _procedure_sentence,
    achievement_phrase,
    attachments_sentence,
    award_phrase,
    basis_lines,
    decision_signature,
    holders_phrase,
    long_date,
    money,
    proposal_number,
    subjects_phrase,
    submission_signature,
    vote_results,
)


def _object_check(*targets: str):
    def check(user, object_id) -> bool:
        if object_id is None:
            return False
        return proposal_list_visible(user=user).filter(pk=object_id, target__in=targets).exists()

    return check


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

# Kept importable from here: the grassroots and Council documents and the tests use them.
__all__ = [
    "AttachedList",
    "ProposalData",
    "VoteResult",
    "code_cell",
    "long_date",
    "render",
    "subject_name",
    "subject_unit",
    "vote_results",
]
