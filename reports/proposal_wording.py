"""What the documents of a proposal say, shared by the tờ trình, the decision and the
proposal to the central level (and the grassroots and Council documents): the proposal's
data loaded once, dates and amounts in words, the signatures from the Signer data and the
register, the căn cứ, the Council's vote, the appraisal figures and the sentences that
state only what took place."""

import datetime
from dataclasses import dataclass

from awards.models import AwardCategory, LegalBasisRole
from awards.selectors import legal_bases_in_force
from nominations.models import (
    AgendaItem,
    Attachment,
    Nominee,
    Proposal,
    ProposalState,
    ProposalTarget,
)
from nominations.selectors.proposals import proposal_nominees
from nominations.services.proposals import (
    decision_authority_choices,
    decision_issuer,
    default_authority_line,
    submission_authority_choices,
    submission_issuer,
)
from units.issuing import active_signers

from .documents import Signature

HOME_AFFAIRS = "SỞ NỘI VỤ"
PROVINCE = "tỉnh Quảng Ngãi"
DOTS_DATE = "ngày ..... tháng ..... năm ........"
# The căn cứ lines are data (awards.LegalBasis, seeded by awards migration 0007 with the
# full titles of Law 72/2025/QH15, Law 06/2022/QH15 and Decree 152/2025/NĐ-CP; the
# province's own regulation is added by the secretariat on the catalogue pages).
FUND = "Quỹ thi đua, khen thưởng tỉnh"
COUNCIL_NAME = "Hội đồng Thi đua - Khen thưởng tỉnh"
REPORT_DOCUMENT = "bao_cao_thanh_tich"  # the catalogue's checklist code of the report


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
