"""The minutes (biên bản) of a Council session, built through the report pipeline: the
Council's header, the membership, who was present, the absent members' written opinions,
the count per nominee against its threshold, and the two signatures."""

import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document

from nominations.services import council as svc
from reports import kinds
from reports.services import build
from tests.nominations.test_council import (
    ABSTAIN,
    AGREE,
    DISAGREE,
    council_members,
    ready_nominee,
    vote,
    voting_session,
)
from tests.reports.test_documents import pages, pdftotext

pytestmark = pytest.mark.django_db

OPINION = "Nhất trí đề nghị khen thưởng đối với các trường hợp trình Hội đồng."


@pytest.fixture
def closed_session(province, users):
    secretariat = users["secretariat"]
    members = council_members(11, existing=[users["council"]])
    unit, creator = province["unit_a"], users["staff_a"]
    nominees = [
        ready_nominee(unit=unit, creator=creator, award="BK_TINH", name="Nguyễn Thị Hoa"),
        ready_nominee(unit=unit, creator=creator, award="CSTDCS", name="Trần Văn Bảo"),
    ]
    session = voting_session(
        actor=secretariat,
        members=members,
        nominees=nominees,
        present=members[:9],
        opinions={members[9].pk: OPINION},
    )
    # Nguyễn Thị Hoa: 7 agree (needs 6); Trần Văn Bảo: 8 agree (needs 9).
    for i, member in enumerate(members[:9]):
        first = AGREE if i < 7 else (DISAGREE if i == 7 else ABSTAIN)
        second = AGREE if i < 8 else DISAGREE
        vote(session, member, first, second)
    svc.voting_close(session=session, actor=secretariat)
    return {"session": session, "members": members}


def test_minutes_are_a_report_kind_of_one_session():
    kind = kinds.get("council_minutes")
    assert kind is not None and kind.for_object
    assert kind.formats == ("pdf", "docx")
    assert kind.permission == "nominations.view_session"


def test_minutes_pdf_reads_back_with_the_names_and_counts(closed_session, users, tmp_path):
    session, members = closed_session["session"], closed_session["members"]

    data, filename = build(
        user=users["secretariat"], kind="council_minutes", fmt="pdf", object_id=session.pk
    )

    assert filename.startswith(f"council-minutes-{session.pk}-") and filename.endswith(".pdf")
    text = pdftotext(data)
    flat = " ".join(text.split())
    for wanted in (
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BIÊN BẢN",
        "Họp Hội đồng Thi đua - Khen thưởng tỉnh xét khen thưởng",
        "Quảng Ngãi, ngày 20 tháng 12 năm 2026",
        "Phòng họp số 1, UBND tỉnh",
        "Tổng số thành viên Hội đồng: 11; có mặt: 09; vắng mặt: 02",
        OPINION,
        "Không có ý kiến bằng văn bản",
        "KẾT QUẢ BỎ PHIẾU KÍN",
        "Nguyễn Thị Hoa",
        "Trần Văn Bảo",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "Chiến sĩ thi đua cơ sở",
        "6/11",
        "9/11",
        "Không đạt",
        "THƯ KÝ HỘI ĐỒNG",
        "CHỦ TỊCH HỘI ĐỒNG",
        members[0].get_full_name(),
        members[-1].get_full_name(),
        "Có 01/02 trường hợp đạt",
    ):
        assert wanted in flat, wanted
    # The rows of the results table, read in layout: name … agree disagree abstain needed.
    layout = pdftotext(data, "-layout")
    hoa = next(line for line in layout.splitlines() if "6/11" in line)
    assert "Nguyễn Thị" in hoa and hoa.split()[-5:] == ["7", "1", "1", "6/11", "Đạt"]
    bao = next(line for line in layout.splitlines() if "9/11" in line)
    assert "Trần Văn Bảo" in bao and bao.split()[-5:] == ["8", "1", "0", "9/11", "Không"]
    assert pages(data) >= 1

    # Look at it: the first page as PNG.
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)
    assert sorted(Path(tmp_path).glob("page*.png"))


def test_minutes_docx_carries_the_same_content_and_both_signatures(closed_session, users):
    session, members = closed_session["session"], closed_session["members"]
    data, filename = build(
        user=users["chairman"], kind="council_minutes", fmt="docx", object_id=session.pk
    )
    assert filename.endswith(".docx")
    document = Document(BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "BIÊN BẢN" in text and "KẾT QUẢ BỎ PHIẾU KÍN" in text
    assert "Nguyễn Thị Hoa" in cells and "6/11" in cells and "9/11" in cells
    footer = document.tables[-1]
    assert "THƯ KÝ HỘI ĐỒNG" in footer.cell(0, 0).text
    assert members[-1].get_full_name() in footer.cell(0, 0).text
    assert "CHỦ TỊCH HỘI ĐỒNG" in footer.cell(0, 1).text
    assert members[0].get_full_name() in footer.cell(0, 1).text


def test_minutes_only_of_a_closed_session_the_user_may_see(closed_session, province, users):
    session = closed_session["session"]
    # A member of that session may have them; unit staff may not.
    build(user=users["council"], kind="council_minutes", fmt="pdf", object_id=session.pk)
    for role in ("staff_a", "head_a", "staff_b"):
        with pytest.raises(PermissionDenied):
            build(user=users[role], kind="council_minutes", fmt="pdf", object_id=session.pk)
    # Not closed yet: no minutes.
    members = closed_session["members"]
    nominee = ready_nominee(unit=province["unit_b"], creator=users["staff_b"], name="Đang Họp")
    open_session = voting_session(actor=users["secretariat"], members=members, nominees=[nominee])
    with pytest.raises(PermissionDenied):
        build(
            user=users["secretariat"],
            kind="council_minutes",
            fmt="pdf",
            object_id=open_session.pk,
        )
    with pytest.raises(PermissionDenied):
        build(user=users["secretariat"], kind="council_minutes", fmt="pdf", object_id=999999)
