"""The documents of a proposal, built through the report pipeline and read back: the
tờ trình to the chairman, the decision (draft, then issued) with its attached list, and
the province's proposal to the central level."""

import re
import subprocess
from datetime import date
from io import BytesIO

import docx
import pikepdf
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from awards.models import Award, CommendationKind
from nominations.models import NomineeOutcome
from nominations.services.proposals import (
    proposal_approve,
    proposal_create,
    proposal_decision_issue,
    proposal_submission_issue,
    proposal_submit,
)
from reports.documents import vietnamese_date_line
from reports.kinds_proposals import long_date
from reports.services import build
from tests.factories import nominations as nf
from tests.utils.proposals import YEAR, proposed_dossier
from tests.utils.qr import read_pdf_page

pytestmark = pytest.mark.django_db


def pdftotext(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def signature_block(pdf: bytes) -> str:
    """The right-hand column from the "Nơi nhận:" line to the end of that page: the
    authority lines, the position and the signer's name, in order."""
    page = next(p for p in pdftotext(pdf).split("\f") if "Nơi nhận:" in p)
    lines = page[page.rfind("\n", 0, page.index("Nơi nhận:")) + 1 :].splitlines()
    right = []
    for line in lines:
        if line.startswith(" " * 20):
            right.append(line.strip())
        else:
            right.extend(re.split(r"\s{3,}", line.strip())[1:])
    return " ".join(part for part in right if part)


def flat(text: str) -> str:
    """The text with every run of white space made one space (lines wrap anywhere)."""
    return " ".join(text.split())


def docx_text(data: bytes) -> str:
    document = docx.Document(BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def proposal(province, users):
    """Unit A: a collective and a person; unit B: a person; for the provincial Bằng khen."""
    dossier_a = proposed_dossier(province["unit_a"], users["staff_a"])
    dossier_b = proposed_dossier(province["unit_b"], users["staff_b"])
    nominees = [
        nf.nominee(dossier=dossier_a, person=province["person_a"], outcome=NomineeOutcome.PASSED),
        nf.nominee(
            dossier=dossier_a,
            collective=province["village_a"],
            unit_name="Xã Bình Sơn",
            outcome=NomineeOutcome.PASSED,
        ),
        nf.nominee(dossier=dossier_b, person=province["person_b"], outcome=NomineeOutcome.PASSED),
    ]
    return proposal_create(
        award=Award.objects.get(code="BK_TINH"),
        kind=CommendationKind.MERIT,
        year=YEAR,
        nominees=nominees,
        title="Đề nghị tặng Bằng khen năm 2026",
        reason_text="xuất sắc trong thực hiện nhiệm vụ năm 2026",
        actor=users["secretariat"],
    )


def make(user, kind, fmt, proposal):
    data, filename = build(user=user, kind=kind, fmt=fmt, object_id=proposal.pk)
    assert filename.startswith(kind.replace("_", "-") + f"-{proposal.pk}-")
    assert filename.endswith("." + fmt)
    return data


def record_submission(proposal, users, signers, signed_pdf, number=7, day=date(2026, 6, 8)):
    proposal_submission_issue(
        proposal=proposal,
        actor=users["secretariat"],
        number=number,
        issued_on=day,
        signer=signers["director"],
        authority_line="",
        signed_file=signed_pdf(),
    )


def test_the_tờ_trình_carries_its_number_reasoning_and_list(proposal, users, signers, signed_pdf):
    draft = flat(pdftotext(make(users["secretariat"], "proposal_submission", "pdf", proposal)))
    assert "Số: ..../TTr-SNV" in draft
    assert "ngày ..... tháng ..... năm" in draft
    # Signed by Sở Nội vụ's director, named from the signers' list (no setting).
    draft_pdf = make(users["secretariat"], "proposal_submission", "pdf", proposal)
    assert signature_block(draft_pdf) == "GIÁM ĐỐC Lê Thị Thu Hà"

    proposal_submit(proposal=proposal, actor=users["secretariat"])
    sent = flat(pdftotext(make(users["chairman"], "proposal_submission", "pdf", proposal)))
    assert "Số: ..../TTr-SNV" in sent  # sent, not yet in the register
    record_submission(proposal, users, signers, signed_pdf, number=1)
    pdf = make(users["chairman"], "proposal_submission", "pdf", proposal)
    text = flat(pdftotext(pdf))
    today = date(2026, 6, 8)
    for expected in (
        # The parent body cannot share a line with the national title inside the margins:
        # it is broken in two balanced lines.
        "ỦY BAN NHÂN DÂN",
        "TỈNH QUẢNG NGÃI",
        "SỞ NỘI VỤ",
        "Số: 01/TTr-SNV",
        vietnamese_date_line("Quảng Ngãi", today),
        "TỜ TRÌNH",
        "Về việc đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi.",
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15",
        "02 cơ quan, đơn vị (Xã Bình Sơn, Phường Cẩm Thành)",
        "cho 01 tập thể và 02 cá nhân đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026",
        "GIÁM ĐỐC",
        "Lê Thị Thu Hà",
        "Nơi nhận:",
        "DANH SÁCH",
        f"(Kèm theo Tờ trình số 01/TTr-SNV {long_date(today)} của Sở Nội vụ)",
        "I. TẬP THỂ (01)",
        "II. CÁ NHÂN (02)",
        "Tổng cộng: 01 tập thể và 02 cá nhân.",
    ):
        assert expected in text, expected
    for name in ("Đặng Thùy Trâm", "Nguyễn Văn An", "Thôn 1", "Trưởng thôn"):
        assert name in text
    # The list is on its own pages after the signature.
    assert text.index("Nơi nhận:") < text.index("DANH SÁCH")
    assert len(pikepdf.Pdf.open(BytesIO(pdf)).pages) >= 2


def test_the_draft_decision_then_the_issued_one(proposal, users, signers, signed_pdf):
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    draft = flat(pdftotext(make(users["chairman"], "proposal_decision", "pdf", proposal)))
    assert "Số: ..../QĐ-UBND" in draft
    assert "Quảng Ngãi, ngày ..... tháng ..... năm" in draft
    assert f"(Kèm theo Quyết định số ..../QĐ-UBND {long_date(None)}" in draft
    # The chairman's own decision, signed in his own right: no "TM." line.
    draft_pdf = make(users["chairman"], "proposal_decision", "pdf", proposal)
    assert signature_block(draft_pdf) == "CHỦ TỊCH Nguyễn Hoàng Nam"

    # Approved for the vice-chairman's signature: still a draft, now naming him.
    proposal_approve(
        proposal=proposal,
        actor=users["chairman"],
        signer=signers["vice"],
        authority_line="KT. CHỦ TỊCH",
    )
    approved_pdf = make(users["chairman"], "proposal_decision", "pdf", proposal)
    approved = flat(pdftotext(approved_pdf))
    assert "Số: ..../QĐ-UBND" in approved
    assert "Quảng Ngãi, ngày ..... tháng ..... năm" in approved
    assert signature_block(approved_pdf) == "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Trần Phước Hiền"

    record_submission(proposal, users, signers, signed_pdf, number=1)
    proposal_decision_issue(
        proposal=proposal,
        actor=users["secretariat"],
        number=152,
        issued_on=timezone.localdate(),
        signer=signers["vice"],
        authority_line="KT. CHỦ TỊCH",
        signed_file=signed_pdf(),
    )
    proposal.refresh_from_db()
    decision = proposal.decision
    today = timezone.localdate()
    pdf = make(users["secretariat"], "proposal_decision", "pdf", proposal)
    text = flat(pdftotext(pdf))
    assert decision.number == "152/QĐ-UBND"
    for expected in (
        f"Số: {decision.number}",
        vietnamese_date_line("Quảng Ngãi", today),
        "QUYẾT ĐỊNH",
        "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15",
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15",
        "Căn cứ Nghị định số 152/2025/NĐ-CP",
        "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 01/TTr-SNV "
        f"{long_date(date(2026, 6, 8))}.",
        "Điều 1.",
        "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 tập thể và 02 cá nhân "
        "(có danh sách kèm theo), đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026.",
        "Điều 2.",
        # 3.0 × 2,340,000 for the collective (the catalogue's coefficient).
        "kèm theo tiền thưởng 7.020.000 đồng",
        "Quỹ thi đua, khen thưởng tỉnh",
        "Điều 3.",
        "Quyết định này có hiệu lực kể từ ngày ký.",
        "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ",
        "Nơi nhận:",
        "Như Điều 3;",
        "DANH SÁCH",
        "Tập thể, cá nhân được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        f"(Kèm theo Quyết định số {decision.number} {long_date(today)} "
        "của Chủ tịch Ủy ban nhân dân tỉnh)",
        "I. TẬP THỂ (01)",
        "II. CÁ NHÂN (02)",
    ):
        assert expected in text, expected
    assert "..../QĐ-UBND" not in text
    assert signature_block(pdf) == "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Trần Phước Hiền"
    # Collectives before individuals, each numbered from 1.
    listing = text[text.index("I. TẬP THỂ") :]
    assert listing.index("Thôn 1") < listing.index("II. CÁ NHÂN") < listing.index("Nguyễn Văn An")
    assert "1 Đặng Thùy Trâm Trưởng thôn Thôn 1" in listing

    word = docx_text(make(users["chairman"], "proposal_decision", "docx", proposal))
    for expected in (f"Số: {decision.number}", "Điều 1.", "DANH SÁCH", "Nguyễn Văn An", "Thôn 1"):
        assert expected in word


def test_the_central_proposal(province, users, signers, signed_pdf):
    dossier = proposed_dossier(province["unit_b"], users["staff_b"])
    upward = nf.nominee(
        dossier=dossier, person=province["person_b"], award="BK_TTG", outcome=NomineeOutcome.PASSED
    )
    proposal = proposal_create(
        award=upward.award,
        kind=CommendationKind.MERIT,
        year=YEAR,
        nominees=[upward],
        title="Đề nghị Thủ tướng Chính phủ tặng Bằng khen",
        actor=users["secretariat"],
    )
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    draft = flat(pdftotext(make(users["chairman"], "proposal_central", "pdf", proposal)))
    assert "Số: ..../TTr-UBND" in draft
    proposal_submission_issue(
        proposal=proposal,
        actor=users["secretariat"],
        number=31,
        issued_on=date(2026, 6, 8),
        signer=signers["chairman"],
        authority_line="TM. ỦY BAN NHÂN DÂN",
        signed_file=signed_pdf(),
    )
    pdf = make(users["chairman"], "proposal_central", "pdf", proposal)
    assert signature_block(pdf) == "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Nguyễn Hoàng Nam"
    text = flat(pdftotext(pdf))
    for expected in (
        "Số: 31/TTr-UBND",
        "TỜ TRÌNH",
        "Về việc đề nghị tặng Bằng khen của Thủ tướng Chính phủ",
        "Kính gửi: Thủ tướng Chính phủ (qua Bộ Nội vụ).",
        "kính đề nghị Thủ tướng Chính phủ xem xét, tặng Bằng khen của Thủ tướng Chính phủ "
        "cho 01 cá nhân",
        "DANH SÁCH",
        "Nguyễn Văn An",
        "Phường Cẩm Thành",
    ):
        assert expected in text, expected
    # No decision and no tờ trình to the chairman for an award above the province.
    for kind in ("proposal_decision", "proposal_submission"):
        with pytest.raises(PermissionDenied):
            build(user=users["secretariat"], kind=kind, fmt="pdf", object_id=proposal.pk)


@pytest.mark.parametrize("who", ["staff_a", "head_a", "staff_b", "council", "admin"])
def test_only_the_secretariat_and_the_chairman_get_the_documents(proposal, users, who):
    for kind in ("proposal_submission", "proposal_decision"):
        with pytest.raises(PermissionDenied):
            build(user=users[who], kind=kind, fmt="pdf", object_id=proposal.pk)


def test_the_chairman_does_not_get_a_draft_still_with_the_secretariat(proposal, users):
    with pytest.raises(PermissionDenied):
        build(user=users["chairman"], kind="proposal_decision", fmt="pdf", object_id=proposal.pk)


def test_the_council_roster_is_signed_by_the_chairman_in_his_own_right(users, signers):
    """Issue 9, point 2: the roster decision is the chairman's own: "CHỦ TỊCH" and his
    name from the signers' list, no "TM. ỦY BAN NHÂN DÂN" line; a vice-chairman who signs
    it signs "KT. CHỦ TỊCH"."""
    data, _name = build(user=users["secretariat"], kind="council_roster", fmt="pdf")
    assert signature_block(data) == "CHỦ TỊCH Nguyễn Hoàng Nam"
    assert "TM. ỦY BAN NHÂN DÂN" not in flat(pdftotext(data))
    signers["chairman"].is_active = False
    signers["chairman"].save()
    data, _name = build(user=users["secretariat"], kind="council_roster", fmt="pdf")
    assert signature_block(data) == "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Trần Phước Hiền"


def test_the_issued_decision_lists_each_award_with_its_code_and_qr(
    proposal, users, signers, signed_pdf, settings
):
    """Issue 9 (14, 6): the decision's list prints each recipient's verification code
    and its QR code (the code's public page) once issued, none in the draft; units by
    their full labels."""
    from awards.codes import verification_url

    settings.TDKT_SITE_URL = "https://tdkt.example.vn"
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    draft = flat(pdftotext(make(users["chairman"], "proposal_decision", "pdf", proposal)))
    assert "Mã xác thực" not in draft

    proposal_approve(
        proposal=proposal,
        actor=users["chairman"],
        signer=signers["vice"],
        authority_line="KT. CHỦ TỊCH",
    )
    record_submission(proposal, users, signers, signed_pdf, number=1)
    proposal_decision_issue(
        proposal=proposal,
        actor=users["secretariat"],
        number=152,
        issued_on=timezone.localdate(),
        signer=signers["vice"],
        authority_line="KT. CHỦ TỊCH",
        signed_file=signed_pdf(),
    )
    codes = {
        n.display_name: n.grant.verification_code for n in proposal.nominees.select_related("grant")
    }
    assert len(codes) == 3 and all(codes.values())
    pdf = make(users["secretariat"], "proposal_decision", "pdf", proposal)
    pages = pdftotext(pdf).split("\f")
    listing = flat(next(p for p in pages if "DANH SÁCH" in p))
    assert "Mã xác thực" in listing
    for code in codes.values():
        assert code in listing, code
    # The collective and its unit by their full labels.
    assert "1 Thôn 1, xã Bình Sơn" in listing
    # Every code's QR code on the list's page reads as its public page.
    list_page = next(i for i, p in enumerate(pages, start=1) if "DANH SÁCH" in p)
    expected = sorted(verification_url(code) for code in codes.values())
    assert expected[0].startswith("https://tdkt.example.vn/")
    assert sorted(read_pdf_page(pdf, list_page)) == expected

    # The Word file: the code as text and the QR code as a picture in the same cell.
    word = docx.Document(BytesIO(make(users["chairman"], "proposal_decision", "docx", proposal)))
    cells = [
        row.cells[-1]
        for table in word.tables
        if table.rows[0].cells[-1].text == "Mã xác thực"
        for row in table.rows[1:]
    ]
    assert sorted(cell.paragraphs[0].text for cell in cells) == sorted(codes.values())
    assert [len(cell._tc.xpath(".//pic:pic")) for cell in cells] == [1, 1, 1]
