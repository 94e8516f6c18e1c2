"""Issue 9 points 3 and 8: what the decision, the tờ trình, the central proposal and the
Council roster say. Read back from the PDF (pdftotext) and the DOCX (python-docx)."""

import subprocess
from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import docx
import pytest

from awards.models import Award, BaseSalary, CommendationKind, LegalBasis
from nominations.models import AgendaItem, CouncilSession, DossierState, NomineeOutcome
from nominations.services.proposals import proposal_create, proposal_submit
from reports.services import build
from tests.factories import UnitFactory
from tests.factories import nominations as nf

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def flat(pdf: bytes) -> str:
    """The text, white space made one space; a symbol hyphenated at a justified line's end
    ("NĐ-" / "CP") joined again."""
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True)
    return " ".join(out.stdout.decode().split()).replace("NĐ- CP", "NĐ-CP")


def layout(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True)
    return out.stdout.decode()


def dossier(unit, user, **fields):
    return nf.dossier(unit=unit, created_by=user, year=2026, state=DossierState.PROPOSED, **fields)


def make_proposal(users, nominees, code="BK_TINH"):
    proposal = proposal_create(
        award=Award.objects.get(code=code),
        kind=CommendationKind.MERIT,
        year=2026,
        nominees=nominees,
        title="Đề nghị tặng năm 2026",
        reason_text="xuất sắc trong thực hiện nhiệm vụ năm 2026",
        actor=users["secretariat"],
    )
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    return proposal


@pytest.fixture
def mixed(province, users):
    """A collective and a person of Xã Bình Sơn, a person of Phường Cẩm Thành."""
    a = dossier(province["unit_a"], users["staff_a"])
    b = dossier(province["unit_b"], users["staff_b"])
    nominees = [
        nf.nominee(dossier=a, person=province["person_a"], outcome=NomineeOutcome.PASSED),
        nf.nominee(
            dossier=a,
            collective=province["village_a"],
            unit_name="Xã Bình Sơn",
            outcome=NomineeOutcome.PASSED,
        ),
        nf.nominee(dossier=b, person=province["person_b"], outcome=NomineeOutcome.PASSED),
    ]
    return make_proposal(users, nominees)


def decision(users, proposal, fmt="pdf"):
    data, _name = build(
        user=users["chairman"], kind="proposal_decision", fmt=fmt, object_id=proposal.pk
    )
    return data


def test_the_decision_cites_its_full_legal_basis_from_the_data(mixed, users):
    LegalBasis.objects.create(
        applies_to="award_decision",
        order=40,
        text="Quyết định số 15/2025/QĐ-UBND ngày 20 tháng 8 năm 2025 của Ủy ban nhân dân "
        "tỉnh ban hành Quy chế công tác thi đua, khen thưởng",
        valid_from=date(2025, 8, 30),
    )
    LegalBasis.objects.create(
        applies_to="award_decision",
        order=45,
        text="Quyết định số 01/2020/QĐ-UBND đã hết hiệu lực",
        valid_from=date(2020, 1, 1),
        valid_to=date(2025, 8, 29),
    )
    text = flat(decision(users, mixed))
    bases = [
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;",
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định "
        "về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và "
        "hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng;",
        "Căn cứ Quyết định số 15/2025/QĐ-UBND ngày 20 tháng 8 năm 2025 của Ủy ban nhân dân "
        "tỉnh ban hành Quy chế công tác thi đua, khen thưởng;",
        # The tờ trình as the proposal holds it: not yet in the register.
        "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số ..../TTr-SNV ngày ..... tháng "
        "..... năm ........",
    ]
    positions = [text.index(line) for line in bases]
    assert positions == sorted(positions)
    assert "đã hết hiệu lực" not in text

    mixed.number, mixed.submitted_on = "45/TTr-SNV", date(2026, 6, 5)
    mixed.save(update_fields=["number", "submitted_on"])
    assert (
        "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 05 tháng 6 năm "
        "2026." in flat(decision(users, mixed))
    )


def test_article_1_is_one_line_with_only_its_label_bold(mixed, users):
    lines = layout(decision(users, mixed)).splitlines()
    assert any(line.strip().startswith("Điều 1. Tặng Bằng khen") for line in lines)
    document = docx.Document(BytesIO(decision(users, mixed, "docx")))
    article = next(p for p in document.paragraphs if p.text.startswith("Điều 1."))
    assert [(run.text, bool(run.bold)) for run in article.runs][:2] == [
        ("Điều 1. ", True),
        (
            "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 tập thể và 02 cá nhân "
            "(có danh sách kèm theo), đã có thành tích xuất sắc trong thực hiện nhiệm vụ "
            "năm 2026.",
            False,
        ),
    ]


def test_article_2_states_each_amount_with_the_dated_base_salary(mixed, users):
    text = flat(decision(users, mixed))
    assert (
        "Điều 2. Mỗi tập thể được tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh kèm theo "
        "tiền thưởng 7.020.000 đồng (3,0 lần mức lương cơ sở); mỗi cá nhân được tặng Bằng khen "
        "của Chủ tịch Ủy ban nhân dân tỉnh kèm theo tiền thưởng 3.510.000 đồng (1,5 lần mức "
        "lương cơ sở), theo quy định tại Điều 54 Nghị định số 152/2025/NĐ-CP (mức lương cơ sở "
        "2.340.000 đồng theo Nghị định 73/2024/NĐ-CP, áp dụng từ ngày 01/07/2024). Tổng số "
        "tiền thưởng: 14.040.000 đồng." in text
    )


def test_articles_name_only_the_kinds_the_list_holds_and_the_real_executors(province, users):
    finance = UnitFactory(name="Sở Tài chính", code="so-tc", kind="department")
    a = dossier(province["unit_a"], users["staff_a"])
    b = dossier(finance, users["staff_b"])
    nominees = [
        nf.nominee(dossier=a, person=province["person_a"], outcome=NomineeOutcome.PASSED),
        nf.nominee(dossier=b, person=province["person_b"], outcome=NomineeOutcome.PASSED),
    ]
    text = flat(decision(users, make_proposal(users, nominees)))
    article_1 = text[text.index("Điều 1.") : text.index("Nơi nhận")]
    assert "tập thể" not in article_1
    assert "cho 02 cá nhân (có danh sách kèm theo)" in article_1
    assert (
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân "
        "tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, Chủ tịch Ủy ban nhân dân xã Bình "
        "Sơn và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./." in text
    )
    assert "Cá nhân được tặng Bằng khen" in text  # the list's title too
    assert "Tập thể, cá nhân được tặng" not in text


def test_a_new_base_salary_row_changes_the_decisions_dated_after_it(mixed, users, time_machine):
    BaseSalary.objects.create(
        amount=2_530_000, valid_from=date(2026, 7, 1), basis="Nghị định mới (giả định)"
    )
    time_machine.move_to(datetime(2026, 6, 30, 9, tzinfo=TZ), tick=False)
    before = flat(decision(users, mixed))
    assert "tiền thưởng 3.510.000 đồng (1,5 lần mức lương cơ sở)" in before
    assert "mức lương cơ sở 2.340.000 đồng" in before
    time_machine.move_to(datetime(2026, 7, 2, 9, tzinfo=TZ), tick=False)
    after = flat(decision(users, mixed))
    # 1.5 × 2,530,000 = 3,795,000, rounded up to the next 10,000 đồng.
    assert "tiền thưởng 3.800.000 đồng (1,5 lần mức lương cơ sở)" in after
    assert (
        "mức lương cơ sở 2.530.000 đồng theo Nghị định mới (giả định), áp dụng từ ngày "
        "01/07/2026" in after
    )


def submission(users, proposal):
    data, _name = build(
        user=users["chairman"], kind="proposal_submission", fmt="pdf", object_id=proposal.pk
    )
    return flat(data)


def test_a_simplified_tờ_trình_cites_no_vote_and_no_minutes(province, users):
    a = dossier(province["unit_a"], users["staff_a"], simplified=True)
    nominees = [
        nf.nominee(dossier=a, person=province["person_a"], outcome=NomineeOutcome.PASSED),
    ]
    nf.nominee(dossier=a, person=province["person_b"], outcome=NomineeOutcome.NOT_APPROVED)
    text = submission(users, make_proposal(users, nominees))
    for absent in ("phiếu", "biên bản", "Biên bản", "lấy ý kiến nhân dân"):
        assert absent not in text, absent
    assert (
        "Sở Nội vụ đã tiếp nhận 01 hồ sơ của 01 cơ quan, đơn vị (Xã Bình Sơn) đề nghị tặng "
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 02 trường hợp; qua thẩm định, 01 "
        "trường hợp đủ điều kiện, tiêu chuẩn, 01 trường hợp không đủ; 01 trường hợp đề nghị "
        "theo thủ tục đơn giản." in text
    )


def test_a_voted_tờ_trình_cites_the_session_and_each_share_of_votes(mixed, users):
    session = CouncilSession.objects.create(
        title="Phiên họp tháng 6",
        held_on=date(2026, 6, 3),
        state="closed",
        member_total=11,
        created_by=users["secretariat"],
    )
    for position, nominee in enumerate(mixed.nominees.order_by("id")):
        AgendaItem.objects.create(
            session=session,
            nominee=nominee,
            position=position,
            agree=10 - position,
            disagree=1,
            abstain=0,
            votes_needed=6,
            passed=True,
        )
    text = submission(users, mixed)
    assert (
        "Hội đồng Thi đua - Khen thưởng tỉnh đã họp và bỏ phiếu kín tại phiên họp ngày "
        "03/06/2026, 03 trường hợp đạt tỷ lệ phiếu đồng ý theo quy định" in text
    )
    assert (
        "biên bản họp và kết quả bỏ phiếu kín của Hội đồng Thi đua - Khen thưởng tỉnh phiên "
        "họp ngày 03/06/2026" in text
    )
    assert "10/11 (90,9%)" in text and "9/11 (81,8%)" in text and "8/11 (72,7%)" in text


def test_the_government_flag_is_proposed_to_the_government(province, users):
    a = dossier(province["unit_a"], users["staff_a"])
    flag = nf.nominee(
        dossier=a,
        collective=province["unit_a"],
        award="CO_CP",
        unit_name="Xã Bình Sơn",
        outcome=NomineeOutcome.PASSED,
    )
    proposal = make_proposal(users, [flag], code="CO_CP")
    data, _name = build(
        user=users["chairman"], kind="proposal_central", fmt="pdf", object_id=proposal.pk
    )
    text = flat(data)
    assert "trình Chính phủ tặng danh hiệu “Cờ thi đua của Chính phủ” cho 01 tập thể" in text
    assert "Hồ sơ kèm theo gồm: danh sách trích ngang." in text  # nothing else was filed
    assert "biên bản" not in text


def test_the_roster_decision_cites_its_law_tờ_trình_executors_and_what_it_replaces(users):
    data, _name = build(user=users["secretariat"], kind="council_roster", fmt="pdf")
    text = flat(data)
    assert "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6" in text
    assert "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số ..../TTr-SNV" in text
    LegalBasis.objects.create(
        applies_to="council_roster",
        role="proposal",
        text="Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 88/TTr-SNV ngày 02 tháng "
        "6 năm 2026",
        valid_from=date(2026, 6, 2),
    )
    LegalBasis.objects.create(
        applies_to="council_roster",
        role="replaces",
        text="Quyết định số 120/QĐ-UBND ngày 15 tháng 7 năm 2025 của Chủ tịch Ủy ban nhân dân tỉnh",
        valid_from=date(2026, 6, 2),
    )
    data, _name = build(user=users["secretariat"], kind="council_roster", fmt="pdf")
    text = flat(data)
    assert "Tờ trình số 88/TTr-SNV ngày 02 tháng 6 năm 2026." in text
    assert (
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số "
        "120/QĐ-UBND ngày 15 tháng 7 năm 2025 của Chủ tịch Ủy ban nhân dân tỉnh. Chánh Văn "
        "phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ" in text
    )
    assert "Như Điều 3;" in text
