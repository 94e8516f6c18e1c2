"""The minutes (biên bản) of a Council session, built through the report pipeline: the
Council's header, the membership, who was present, the absent members' written opinions,
the count per nominee against its threshold, and the two signatures."""

import subprocess
from datetime import time
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document

from nominations.services import council as svc
from reports import kinds
from reports.services import build
from tests.utils.council import (
    ABSTAIN,
    AGREE,
    DISAGREE,
    council_members,
    ready_nominee,
    vote,
    voting_session,
)
from tests.utils.pdf import pages, pdftotext

pytestmark = pytest.mark.django_db

OPINION = "Nhất trí đề nghị khen thưởng đối với các trường hợp trình Hội đồng."


@pytest.fixture
def closed_session(province, users, signed_pdf):
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
    # Members[9] (absent) agrees in writing on Hoa and disagrees on Bảo; members[10], the
    # Council's secretary, is absent with no opinion: members[8] keeps the minutes.
    hoa, bao = session.items.order_by("position")
    svc.written_opinion_record(
        session=session,
        member=members[9],
        opinions={hoa.pk: AGREE, bao.pk: DISAGREE},
        paper=signed_pdf("phieu-y-kien.pdf"),
        actor=secretariat,
    )
    svc.session_record_update(
        session=session,
        secretary=members[8],
        counting_committee=members[1:4],
        started_at=time(8, 0),
        ended_at=time(10, 30),
        actor=secretariat,
    )
    # Nguyễn Thị Hoa: 7 agree + 1 in writing (needs 6); Trần Văn Bảo: 8 agree (needs 9).
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
    # Look at it: the pages as PNG (kept under the test's tmp_path).
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(tmp_path / "page")], check=True)
    assert sorted(Path(tmp_path).glob("page*.png"))
    text = pdftotext(data)
    flat = " ".join(text.split())
    for wanted in (
        "ỦY BAN NHÂN DÂN",  # the parent body on two lines beside the national title
        "TỈNH QUẢNG NGÃI",
        "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BIÊN BẢN",
        "Họp Hội đồng Thi đua - Khen thưởng tỉnh xét khen thưởng",
        "Quảng Ngãi, ngày 20 tháng 12 năm 2026",
        "Phòng họp số 1, UBND tỉnh",
        "Tổng số thành viên Hội đồng: 11; có mặt: 09; vắng mặt: 02",
        OPINION,
        "Không có ý kiến bằng văn bản",
        # Point 10: the written opinion, nominee by nominee, and that it counts.
        "Có phiếu lấy ý kiến có chữ ký (Nguyễn Thị Hoa: đồng ý; Trần Văn Bảo: không đồng ý)",
        "ý kiến bằng văn bản của 01 thành viên vắng mặt được tính vào kết quả",
        # Point 11: the hours, the secretary actually present, the counting committee and
        # the ballots issued, returned and valid.
        "Hôm nay, vào lúc 08 giờ 00, ngày 20/12/2026",
        f"Thư ký: {members[8].get_full_name()} (thư ký phiên họp, thay Thư ký Hội đồng "
        f"{members[10].get_full_name()} vắng mặt).",
        "Ban kiểm phiếu gồm: Thành Viên 01, Thành Viên 02, Thành Viên 03.",
        "Số phiếu phát ra: 09; số phiếu thu về: 09; số phiếu hợp lệ: 09; số phiếu không hợp "
        "lệ: 00.",
        "Phiên họp kết thúc lúc 10 giờ 30 cùng ngày.",
        "KẾT QUẢ BỎ PHIẾU KÍN",
        "Nguyễn Thị Hoa",
        "Trần Văn Bảo",
        "6/11",
        "9/11",
        "Không đạt",
        "THƯ KÝ PHIÊN HỌP",
        "CHỦ TỊCH HỘI ĐỒNG",
        members[0].get_full_name(),
        "Có 01/02 trường hợp đạt",
    ):
        assert wanted in flat, wanted
    # The rows of the results table, read in layout: name … the secret ballot's agree,
    # disagree, abstain; the written agree, disagree; the total agreeing; needed; result.
    layout = pdftotext(data, "-layout")
    hoa = next(line for line in layout.splitlines() if "6/11" in line)
    assert "Nguyễn Thị" in hoa
    assert hoa.split()[-8:] == ["7", "1", "1", "1", "0", "8", "6/11", "Đạt"]
    bao = next(line for line in layout.splitlines() if "9/11" in line)
    assert "Trần Văn" in bao
    assert bao.split()[-8:] == ["8", "1", "0", "0", "1", "8", "9/11", "Không"]
    assert pages(data) >= 1


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
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in cells
    assert "Chiến sĩ thi đua cơ sở" in cells
    assert "Văn bản đồng ý" in cells and "Tổng số đồng ý" in cells
    footer = document.tables[-1]
    # The secretary actually present signs (an acting one: the Council's is absent).
    assert "THƯ KÝ PHIÊN HỌP" in footer.cell(0, 0).text
    assert members[8].get_full_name() in footer.cell(0, 0).text
    assert members[-1].get_full_name() not in footer.cell(0, 0).text
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
