"""The documents of a proposal, built through the report pipeline and read back: the
tờ trình to the chairman, the decision (draft, then issued) with its attached list, and
the province's proposal to the central level."""

import re
import subprocess
from io import BytesIO

import docx
import pikepdf
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from awards.models import Award, CommendationKind
from nominations.models import NomineeOutcome
from nominations.services.proposals import proposal_approve, proposal_create, proposal_submit
from reports.documents import vietnamese_date_line
from reports.kinds_proposals import long_date
from reports.services import build
from tests.factories import nominations as nf
from tests.nominations.test_proposal_services import YEAR, proposed_dossier

pytestmark = pytest.mark.django_db


def pdftotext(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


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


def test_the_tờ_trình_carries_its_number_reasoning_and_list(proposal, users):
    draft = flat(pdftotext(make(users["secretariat"], "proposal_submission", "pdf", proposal)))
    assert "Số: ..../TTr-SNV" in draft
    assert "ngày ..... tháng ..... năm" in draft

    proposal_submit(proposal=proposal, actor=users["secretariat"])
    pdf = make(users["chairman"], "proposal_submission", "pdf", proposal)
    text = flat(pdftotext(pdf))
    today = timezone.localdate()
    for expected in (
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
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


def test_the_draft_decision_then_the_issued_one(proposal, users):
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    draft = flat(pdftotext(make(users["chairman"], "proposal_decision", "pdf", proposal)))
    assert "Số: ..../QĐ-UBND" in draft
    assert "Quảng Ngãi, ngày ..... tháng ..... năm" in draft
    assert f"(Kèm theo Quyết định số ..../QĐ-UBND {long_date(None)}" in draft
    assert users["chairman"].get_full_name() in draft  # who will sign

    proposal_approve(proposal=proposal, actor=users["chairman"])
    proposal.refresh_from_db()
    decision = proposal.decision
    today = timezone.localdate()
    pdf = make(users["secretariat"], "proposal_decision", "pdf", proposal)
    text = flat(pdftotext(pdf))
    assert re.fullmatch(r"\d{2}/QĐ-UBND", decision.number)
    for expected in (
        f"Số: {decision.number}",
        vietnamese_date_line("Quảng Ngãi", today),
        "QUYẾT ĐỊNH",
        "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15",
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15",
        "Căn cứ Nghị định số 152/2025/NĐ-CP",
        f"Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 01/TTr-SNV {long_date(today)}.",
        "Điều 1.",
        "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 tập thể và 02 cá nhân "
        "(có danh sách kèm theo), đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2026.",
        "Điều 2.",
        # 3.0 × 2,340,000 for the collective (the catalogue's coefficient).
        "mỗi tập thể 7.020.000 đồng",
        "Quỹ thi đua, khen thưởng tỉnh",
        "Điều 3.",
        "Quyết định này có hiệu lực kể từ ngày ký.",
        "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ",
        "CHỦ TỊCH",
        decision.signer_name,
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
    # Collectives before individuals, each numbered from 1.
    listing = text[text.index("I. TẬP THỂ") :]
    assert listing.index("Thôn 1") < listing.index("II. CÁ NHÂN") < listing.index("Nguyễn Văn An")
    assert "1 Đặng Thùy Trâm Trưởng thôn Thôn 1" in listing

    word = docx_text(make(users["chairman"], "proposal_decision", "docx", proposal))
    for expected in (f"Số: {decision.number}", "Điều 1.", "DANH SÁCH", "Nguyễn Văn An", "Thôn 1"):
        assert expected in word


def test_the_central_proposal(province, users):
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
    text = flat(pdftotext(make(users["chairman"], "proposal_central", "pdf", proposal)))
    for expected in (
        "Số: 01/TTr-UBND",
        "TỜ TRÌNH",
        "Về việc đề nghị tặng Bằng khen của Thủ tướng Chính phủ",
        "Kính gửi: Thủ tướng Chính phủ (qua Bộ Nội vụ).",
        "kính đề nghị Thủ tướng Chính phủ xem xét, tặng Bằng khen của Thủ tướng Chính phủ "
        "cho 01 cá nhân",
        "TM. ỦY BAN NHÂN DÂN",
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
