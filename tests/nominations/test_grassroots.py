"""Each award is decided by its authority (issue 9, point 9).

Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Tập thể lao động tiên tiến and Giấy khen (the
catalogue's authority: the unit head) are reviewed by the unit's own emulation council and
decided by its head, issued by the unit through its own register, and enter the archive
like a provincial decision's awards; provincial awards keep the secretariat's path and
central ones end in the proposal to the central level.
"""

import io
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from awards.models import AwardGrant, Decision, Quota, TaskRating
from awards.services import eligibility_check
from nominations.models import (
    Dossier,
    DossierEvent,
    DossierState,
    EventAction,
    Nominee,
    NomineeOutcome,
    ProposalTarget,
    UnitCouncilReview,
    UnitDecision,
    UnitDecisionState,
)
from nominations.selectors.appraisal import appraisal_queue
from nominations.selectors.proposals import ready_nominees
from nominations.services import dossiers as services
from nominations.services import grassroots
from nominations.services.proposals import proposal_create
from notifications.models import Notification
from reports.services import build
from tests.factories import PersonFactory, UnitFactory, user_with_role
from tests.factories import nominations as nf
from tests.factories.awards import grant
from tests.utils.dossiers import YEAR, add_nominee, complete
from tests.utils.grassroots import MEMBERS, issue, review, submitted
from tests.utils.qr import read_pdf_page
from units.models import IssuedDocument, Role, Signer

pytestmark = pytest.mark.django_db


def outcomes(dossier) -> dict[str, str]:
    return dict(Nominee.objects.filter(dossier=dossier).values_list("display_name", "outcome"))


def pdftotext(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


# --- Routing at submission ----------------------------------------------------------------


def test_a_grassroots_dossier_goes_to_the_units_council_not_the_secretariat(annual, users):
    dossier = submitted(annual, users)

    assert (dossier.state, dossier.round, dossier.appraisal_due_on) == (
        DossierState.UNIT_REVIEW,
        1,
        None,
    )
    event = DossierEvent.objects.get(dossier=dossier, action=EventAction.SENT_TO_UNIT_COUNCIL)
    assert (event.from_state, event.to_state, event.note) == (
        DossierState.DRAFT,
        DossierState.UNIT_REVIEW,
        "Đã chuyển Hội đồng Thi đua - Khen thưởng của Xã Bình Sơn.",
    )
    assert not Notification.objects.filter(user=users["secretariat"]).exists()
    assert Notification.objects.filter(user=users["head_a"]).values_list("title", flat=True)[0] == (
        "Hồ sơ trình Hội đồng TĐKT đơn vị: Tờ trình đề nghị khen thưởng tổng kết năm 2025"
    )
    assert dossier not in appraisal_queue()


def test_a_dossier_mixing_levels_is_refused_with_a_clear_message(annual, users, province):
    other = PersonFactory(unit=province["unit_a"], full_name="Hồ Văn Tỉnh")
    add_nominee(annual, users["staff_a"], person=other, code="BK_TINH")
    before = (Dossier.objects.get(pk=annual.pk).state, DossierEvent.objects.count())

    with pytest.raises(ValidationError) as error:
        services.dossier_submit(dossier=annual, actor=users["head_a"])

    assert error.value.messages == [
        "Hồ sơ này gồm cả khen thưởng do thủ trưởng đơn vị quyết định (Chiến sĩ thi đua cơ sở,"
        " Lao động tiên tiến) và khen thưởng do cấp tỉnh hoặc Trung ương quyết định (Bằng khen"
        " của Chủ tịch Ủy ban nhân dân tỉnh). Hai loại đi theo hai quy trình khác nhau: hãy lập"
        " mỗi loại một hồ sơ và nộp riêng."
    ]
    assert (Dossier.objects.get(pk=annual.pk).state, DossierEvent.objects.count()) == before


def test_a_commune_chairmans_title_is_refused_in_a_department(province, users):
    department = UnitFactory(name="Sở Văn hóa", kind="department", parent=province["root"])
    head = user_with_role(Role.UNIT_HEAD, department, username="head_dept")
    staff = user_with_role(Role.UNIT_STAFF, department, username="staff_dept")
    dossier = services.dossier_create(
        unit=department, year=YEAR, kind="CONG_TRANG", title="Hồ sơ", actor=staff
    )
    office = UnitFactory(name="Tổ dân phố Sở", kind="sub_unit", parent=department)
    add_nominee(dossier, staff, collective=office, code="THON_VH")
    with pytest.raises(ValidationError) as error:
        services.dossier_submit(dossier=dossier, actor=head)
    assert error.value.messages == [
        "Chỉ Chủ tịch Ủy ban nhân dân xã quyết định Thôn, tổ dân phố văn hóa; Sở Văn hóa"
        " không phải là xã."
    ]


def test_a_provincial_dossier_keeps_the_secretariats_path(provincial_dossier, users):
    dossier = submitted(provincial_dossier, users)
    assert dossier.state == DossierState.SUBMITTED
    assert Notification.objects.filter(user=users["secretariat"]).count() == 1


def test_central_awards_end_in_the_proposal_to_the_central_level(province, users):
    dossier = nf.dossier(
        unit=province["unit_a"], created_by=users["staff_a"], year=YEAR, state="proposed"
    )
    nominee = nf.nominee(
        dossier=dossier, award="CSTD_TQ", person=province["person_a"], outcome="passed"
    )
    proposal = proposal_create(
        award=nominee.award,
        kind="CONG_TRANG",
        year=YEAR,
        nominees=[nominee],
        title="Đề nghị tặng Chiến sĩ thi đua toàn quốc",
        actor=users["secretariat"],
    )
    assert proposal.target == ProposalTarget.CENTRAL


# --- The unit council's review -----------------------------------------------------------


def test_the_council_records_date_members_and_a_result_per_nominee(annual, users):
    dossier = submitted(annual, users)
    record = review(dossier, users, agree=3)  # 5 members: CSTĐCS needs 4 (80 %)

    assert (record.round, record.held_on, record.members_total, record.members_present) == (
        1,
        date(2026, 6, 8),
        5,
        5,
    )
    assert record.present_list[0] == "Phạm Văn Chủ"
    results = {
        r.nominee.display_name: (r.agree, r.votes_needed, r.approved) for r in record.results.all()
    }
    assert results == {"Đặng Thùy Trâm": (3, 4, False), "Lê Văn Bình": (None, 0, True)}
    assert outcomes(dossier) == {
        "Đặng Thùy Trâm": NomineeOutcome.FAILED,
        "Lê Văn Bình": NomineeOutcome.APPROVED,
    }
    assert Nominee.objects.get(display_name="Đặng Thùy Trâm").outcome_reason == (
        "3 trên 5 thành viên đồng ý; cần 4."
    )
    # A second record of the round replaces the first while the head has not decided.
    review(dossier, users, agree=4)
    assert UnitCouncilReview.objects.count() == 1
    assert outcomes(dossier)["Đặng Thùy Trâm"] == NomineeOutcome.PASSED


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"total": 2}, {"present_names": ["Có 5 thành viên dự họp nhưng Hội đồng chỉ có 2."]}),
        (
            {"names": "  "},
            {"present_names": ["Hãy ghi tên các thành viên dự họp, mỗi dòng một người."]},
        ),
        ({"agree": None}, None),
    ],
)
def test_a_wrong_review_is_refused_and_nothing_is_kept(annual, users, kwargs, expected):
    dossier = submitted(annual, users)
    with pytest.raises(ValidationError) as error:
        review(dossier, users, **kwargs)
    if expected:
        assert error.value.message_dict == expected
    else:
        assert error.value.messages == [
            "Đặng Thùy Trâm: “Chiến sĩ thi đua cơ sở” cần biểu quyết của Hội đồng; hãy nhập số"
            " phiếu đồng ý."
        ]
    assert not UnitCouncilReview.objects.exists()
    assert set(outcomes(dossier).values()) == {NomineeOutcome.PENDING}


def test_only_the_head_of_the_deciding_unit_reviews_and_decides(annual, users, province):
    dossier = submitted(annual, users)
    other_head = user_with_role(Role.UNIT_HEAD, province["unit_b"], username="head_b")
    for actor in (users["staff_a"], other_head):
        with pytest.raises(ValidationError) as error:
            grassroots.unit_review_record(
                dossier=dossier,
                actor=actor,
                held_on=date(2026, 6, 8),
                members_total=5,
                present_names=MEMBERS,
                results={},
            )
        assert error.value.messages == ["Chỉ thủ trưởng Xã Bình Sơn quyết định hồ sơ này."]


# --- The head's decision and the issuing -------------------------------------------------


def test_the_head_approves_one_decision_per_award_with_the_unit_as_issuer(annual, users, province):
    dossier = submitted(annual, users)
    review(dossier, users)
    decisions = grassroots.unit_decision_approve(dossier=dossier, actor=users["head_a"])

    assert [(d.award.code, d.issuer, d.state) for d in decisions] == [
        ("CSTDCS", province["unit_a"], UnitDecisionState.APPROVED),
        ("LDTT", province["unit_a"], UnitDecisionState.APPROVED),
    ]
    dossier.refresh_from_db()
    assert dossier.state == DossierState.UNIT_APPROVED
    assert set(outcomes(dossier).values()) == {NomineeOutcome.PROPOSED}
    # Never a candidate for a provincial tờ trình.
    assert not ready_nominees().filter(dossier=dossier).exists()


def test_approving_needs_the_review_first(annual, users):
    dossier = submitted(annual, users)
    with pytest.raises(ValidationError) as error:
        grassroots.unit_decision_approve(dossier=dossier, actor=users["head_a"])
    assert error.value.messages == [
        "Hãy ghi kết quả bình xét của Hội đồng đơn vị cho mọi người được đề nghị trước khi quyết"
        " định."
    ]


def test_a_council_that_agrees_to_none_ends_the_dossier(annual, users):
    dossier = submitted(annual, users)
    review(dossier, users, agree=1, ldtt=False)
    assert grassroots.unit_decision_approve(dossier=dossier, actor=users["head_a"]) == []
    dossier.refresh_from_db()
    assert dossier.state == DossierState.REJECTED
    assert not UnitDecision.objects.exists()


def test_issuing_records_the_register_and_puts_the_awards_in_the_archive(
    annual, users, chairman_signer, signed_pdf
):
    dossier = submitted(annual, users)
    review(dossier, users)
    ldtt, cstdcs = sorted(
        grassroots.unit_decision_approve(dossier=dossier, actor=users["head_a"]),
        key=lambda d: d.award.code != "LDTT",
    )

    issue(ldtt, users, chairman_signer, signed_pdf, number=12)

    ldtt.refresh_from_db()
    register = ldtt.register
    assert (register.issuer_id, register.number_text, register.signer_name) == (
        dossier.unit_id,
        "12/QĐ-UBND",
        "Phạm Văn Chủ",
    )
    decision = ldtt.decision
    assert (decision.number, decision.issued_on, decision.authority, decision.summary) == (
        "12/QĐ-UBND",
        date(2026, 6, 9),
        "unit_head",
        "Về việc tặng danh hiệu Lao động tiên tiến năm 2025",
    )
    grant_row = AwardGrant.objects.get(decision=decision)
    assert (grant_row.recipient_name, grant_row.year, grant_row.award.code) == (
        "Lê Văn Bình",
        YEAR,
        "LDTT",
    )
    assert len(grant_row.verification_code) >= 8
    dossier.refresh_from_db()
    assert dossier.state == DossierState.UNIT_APPROVED  # CSTĐCS still to issue
    # The register's next number is suggested; the same number twice is refused.
    with pytest.raises(ValidationError) as error:
        issue(cstdcs, users, chairman_signer, signed_pdf, number=12)
    assert (
        "Số 12 năm 2026 đã có trong sổ văn bản của Xã Bình Sơn"
        in error.value.message_dict["number"][0]
    )
    issue(cstdcs, users, chairman_signer, signed_pdf, number=13)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DECIDED
    assert outcomes(dossier) == {
        "Đặng Thùy Trâm": NomineeOutcome.AWARDED,
        "Lê Văn Bình": NomineeOutcome.AWARDED,
    }
    assert IssuedDocument.objects.count() == 2


def test_a_refused_issue_keeps_no_file_and_no_row(
    annual, users, chairman_signer, signed_pdf, province, settings
):
    dossier = submitted(annual, users)
    review(dossier, users)
    decision = grassroots.unit_decision_approve(dossier=dossier, actor=users["head_a"])[0]
    with pytest.raises(ValidationError) as error:
        issue(decision, users, chairman_signer, signed_pdf, day=date(2026, 6, 1))
    assert error.value.message_dict == {
        "issued_on": ["Quyết định không thể mang ngày trước ngày gửi hồ sơ."]
    }
    # Refused after the register took the file: a quota used up meanwhile.
    Quota.objects.create(unit=province["unit_a"], award=decision.award, year=YEAR, limit=0)
    with pytest.raises(ValidationError) as error:
        issue(decision, users, chairman_signer, signed_pdf)
    assert error.value.messages[0].startswith("Không thể khen thưởng Đặng Thùy Trâm")
    assert not IssuedDocument.objects.exists() and not Decision.objects.exists()
    assert not AwardGrant.objects.exists()
    assert list((Path(settings.MEDIA_ROOT) / "issued").glob("*")) == []
    decision.refresh_from_db()
    assert decision.state == UnitDecisionState.APPROVED


def test_a_grassroots_cstdcs_counts_towards_a_later_provincial_cstd(
    annual, users, tram, chairman_signer, signed_pdf
):
    """The engine's history reads the grassroots decisions: CSTĐCS 2023 and 2024 in the
    archive, 2025 decided by the commune's chairman → three consecutive for CSTĐ tỉnh."""
    grant("CSTDCS", YEAR - 2, person=tram)
    grant("CSTDCS", YEAR - 1, person=tram)
    before = eligibility_check(award="CSTD_TINH", year=YEAR, person=tram)
    check = next(c for c in before["checks"] if c["rule"] == "cstdcs_3_consecutive")
    assert check["passed"] is False

    dossier = submitted(annual, users)
    review(dossier, users)
    for decision in grassroots.unit_decision_approve(dossier=dossier, actor=users["head_a"]):
        issue(decision, users, chairman_signer, signed_pdf, number=decision.pk)

    after = eligibility_check(award="CSTD_TINH", year=YEAR, person=tram)
    check = next(c for c in after["checks"] if c["rule"] == "cstdcs_3_consecutive")
    assert check["passed"] is True


# --- The decision document ---------------------------------------------------------------


def test_the_decision_names_the_commune_as_issuer_and_its_chairman_as_signer(
    annual, users, chairman_signer, signed_pdf
):
    dossier = submitted(annual, users)
    review(dossier, users)
    ldtt = next(
        d
        for d in grassroots.unit_decision_approve(dossier=dossier, actor=users["head_a"])
        if d.award.code == "LDTT"
    )
    draft = pdftotext(
        build(user=users["staff_a"], kind="unit_decision", fmt="pdf", object_id=ldtt.pk)[0]
    )
    assert "Số: ..../QĐ-UBND" in draft
    assert "Bình Sơn, ngày ..... tháng ..... năm ........" in draft

    issue(ldtt, users, chairman_signer, signed_pdf, number=5)
    text = pdftotext(
        build(user=users["head_a"], kind="unit_decision", fmt="pdf", object_id=ldtt.pk)[0]
    )
    for expected in (
        "ỦY BAN NHÂN DÂN XÃ BÌNH SƠN",
        "Số: 05/QĐ-UBND",
        "Bình Sơn, ngày 09 tháng 6 năm 2026",
        "QUYẾT ĐỊNH Về việc tặng danh hiệu Lao động tiên tiến năm 2025",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH SƠN",
        "Căn cứ kết quả bình xét của Hội đồng Thi đua - Khen thưởng xã Bình Sơn tại cuộc họp"
        " ngày 08/06/2026",
        "Điều 1. Tặng danh hiệu Lao động tiên tiến năm 2025 cho 01 cá nhân",
        "Quỹ thi đua, khen thưởng của xã Bình Sơn",
        "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã Bình Sơn",
        "Kèm theo Quyết định số 05/QĐ-UBND ngày 09 tháng 6 năm 2026 của Chủ tịch Ủy ban nhân"
        " dân xã Bình Sơn",
        "Lê Văn Bình",
    ):
        assert expected in text, expected
    assert text.index("Nơi nhận:") < text.rindex("CHỦ TỊCH") < text.rindex("Phạm Văn Chủ")
    assert "TỈNH" not in text.split("QUYẾT ĐỊNH")[0]
    assert "Đặng Thùy Trâm" not in text  # her CSTĐCS is the other decision


def test_the_decision_is_for_the_units_people_only(annual, users, province):
    dossier = submitted(annual, users)
    review(dossier, users)
    decision = grassroots.unit_decision_approve(dossier=dossier, actor=users["head_a"])[0]
    with pytest.raises(PermissionDenied):
        build(user=users["staff_b"], kind="unit_decision", fmt="pdf", object_id=decision.pk)


# --- Pages ---------------------------------------------------------------------------------


def test_the_head_reviews_approves_and_the_staff_issue_through_the_pages(
    client, annual, users, chairman_signer, signed_pdf
):
    dossier = submitted(annual, users)
    nominees = {n.award.code: n for n in Nominee.objects.filter(dossier=dossier)}
    client.force_login(users["staff_a"])
    page = client.get(reverse("nominations:grassroots_detail", args=[dossier.pk]))
    assert page.status_code == 200 and 'data-testid="review-form"' not in page.content.decode()
    assert (
        client.post(reverse("nominations:grassroots_review", args=[dossier.pk])).status_code == 404
    )

    client.force_login(users["head_a"])
    listing = client.get(reverse("nominations:grassroots_list")).content.decode()
    assert dossier.title in listing and "Xem và phê duyệt" in listing
    response = client.post(
        reverse("nominations:grassroots_review", args=[dossier.pk]),
        {
            "held_on": "2026-06-08",
            "members_total": 5,
            "present_names": MEMBERS,
            f"n{nominees['CSTDCS'].pk}_agree": 5,
            f"n{nominees['LDTT'].pk}_approved": "on",
        },
    )
    assert response.status_code == 302
    client.post(reverse("nominations:grassroots_approve", args=[dossier.pk]))
    ldtt = UnitDecision.objects.get(award__code="LDTT")

    client.force_login(users["staff_a"])
    page = client.get(reverse("nominations:grassroots_detail", args=[dossier.pk])).content.decode()
    assert 'data-testid="issue-form"' in page and 'value="1"' in page  # suggested number
    response = client.post(
        reverse("nominations:grassroots_issue", args=[ldtt.pk]),
        {
            f"d{ldtt.pk}-number": 1,
            f"d{ldtt.pk}-issuer_symbol": "UBND",
            f"d{ldtt.pk}-issued_on": "2026-06-09",
            f"d{ldtt.pk}-signer": chairman_signer.pk,
            f"d{ldtt.pk}-authority_line": "",
            f"d{ldtt.pk}-signed_file": signed_pdf(),
        },
    )
    assert response.status_code == 302
    ldtt.refresh_from_db()
    assert ldtt.register.number_text == "01/QĐ-UBND"
    archive = client.get(reverse("awards:archive") + "?decision=01/QĐ-UBND").content.decode()
    assert "Lê Văn Bình" in archive


def test_another_units_people_get_404(client, annual, users):
    dossier = submitted(annual, users)
    client.force_login(users["staff_b"])
    assert (
        client.get(reverse("nominations:grassroots_detail", args=[dossier.pk])).status_code == 404
    )
    listing = client.get(reverse("nominations:grassroots_list")).content.decode()
    assert dossier.title not in listing


def test_the_dashboard_tells_the_head_what_waits_for_the_council(client, annual, users):
    submitted(annual, users)
    client.force_login(users["head_a"])
    body = client.get(reverse("units:dashboard")).content.decode()
    assert "Hội đồng TĐKT đơn vị" in body
    assert reverse("nominations:grassroots_list") in body


def test_the_number_suggested_follows_the_units_own_register(annual, users, province):
    """Another commune's register does not move Bình Sơn's numbers."""
    other = Signer.objects.create(unit=province["unit_b"], full_name="X", position="Chủ tịch")
    IssuedDocument.objects.create(
        issuer=province["unit_b"],
        doc_type="QĐ",
        issuer_symbol="UBND",
        year=2026,
        number=40,
        number_text="40/QĐ-UBND",
        issued_on=date(2026, 6, 1),
        signer=other,
        signer_name="X",
        signer_position="Chủ tịch",
        signed_file="issued/x.pdf",
        issued_by=users["staff_b"],
    )
    from units.issuing import suggested_number

    assert suggested_number(issuer=province["unit_a"], doc_type="QĐ", year=2026) == 1


def test_people_of_a_village_are_decided_by_the_commune(province, users):
    village_staff = user_with_role(Role.UNIT_STAFF, province["village_a"], username="st_v")
    dossier = services.dossier_create(
        unit=province["village_a"],
        year=YEAR,
        kind="CONG_TRANG",
        title="Thôn 1",
        actor=village_staff,
    )
    person = PersonFactory(unit=province["village_a"], full_name="Võ Thị Thôn")
    TaskRating.objects.create(person=person, year=YEAR, rating="HTTNV")
    add_nominee(dossier, village_staff, person=person, code="LDTT")
    complete(dossier, village_staff)
    submitted(dossier, users)  # the commune's head covers its villages
    from nominations.selectors.grassroots import deciding_unit

    assert deciding_unit(dossier.unit) == province["unit_a"]
    dossier.refresh_from_db()
    assert dossier.state == DossierState.UNIT_REVIEW


def test_withdrawing_a_grassroots_dossier_does_not_bother_the_secretariat(annual, users):
    dossier = submitted(annual, users)
    services.dossier_withdraw(dossier=dossier, reason="Bổ sung sau", actor=users["head_a"])
    dossier.refresh_from_db()
    assert dossier.state == DossierState.WITHDRAWN
    assert not Notification.objects.filter(user=users["secretariat"]).exists()


def test_the_head_returns_the_dossier_to_the_staff_with_a_reason(annual, users):
    dossier = submitted(annual, users)
    with pytest.raises(ValidationError) as error:
        grassroots.unit_dossier_return(dossier=dossier, actor=users["head_a"], reason=" ")
    assert error.value.message_dict == {"reason": ["Hãy nêu lý do."]}
    grassroots.unit_dossier_return(
        dossier=dossier, actor=users["head_a"], reason="Bổ sung biên bản bình xét."
    )
    dossier.refresh_from_db()
    assert dossier.state == DossierState.RETURNED
    assert dossier.returns.get().reason == "Bổ sung biên bản bình xét."
    # Corrected and sent again: round 2, before the unit's council again.
    again = submitted(dossier, users)
    assert (again.state, again.round) == (DossierState.UNIT_REVIEW, 2)


def test_the_decision_in_word_names_the_commune_too(annual, users):
    import docx

    dossier = submitted(annual, users)
    review(dossier, users)
    decision = grassroots.unit_decision_approve(dossier=dossier, actor=users["head_a"])[0]
    data, name = build(
        user=users["head_a"], kind="unit_decision", fmt="docx", object_id=decision.pk
    )
    assert name.startswith(f"unit-decision-{decision.pk}-") and name.endswith(".docx")
    document = docx.Document(io.BytesIO(data))
    text = " ".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for row in t.rows for c in row.cells]
    )
    assert "ỦY BAN NHÂN DÂN XÃ BÌNH SƠN" in text
    assert "Về việc tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2025" in text
    assert "Đặng Thùy Trâm" in text


def test_a_wrong_form_answers_400_in_vietnamese_and_asks_for_the_file_again(
    client, annual, users, chairman_signer, signed_pdf
):
    dossier = submitted(annual, users)
    client.force_login(users["head_a"])
    response = client.post(reverse("nominations:grassroots_review", args=[dossier.pk]), {})
    assert response.status_code == 400
    assert "Hãy nhập ngày họp." in response.content.decode()
    review(dossier, users)
    client.post(reverse("nominations:grassroots_approve", args=[dossier.pk]))
    decision = UnitDecision.objects.get(award__code="LDTT")
    client.force_login(users["staff_a"])
    response = client.post(
        reverse("nominations:grassroots_issue", args=[decision.pk]),
        {
            f"d{decision.pk}-number": 1,
            f"d{decision.pk}-issuer_symbol": "UBND",
            f"d{decision.pk}-issued_on": "2030-01-01",
            f"d{decision.pk}-signer": chairman_signer.pk,
            f"d{decision.pk}-signed_file": signed_pdf(),
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Ngày ban hành không được ở tương lai." in body
    assert "hãy chọn lại tệp" in body
    assert not IssuedDocument.objects.exists()


def test_the_issued_decisions_list_prints_each_code_and_its_qr(
    annual, users, chairman_signer, signed_pdf, settings
):
    """Issue 9 (14, 6): once issued, the unit decision's list carries each recipient's
    verification code and a QR code of its public page; the draft carries none. Units
    print by their full labels."""
    from awards.codes import verification_url

    settings.TDKT_SITE_URL = "https://tdkt.example.vn"
    dossier = submitted(annual, users)
    review(dossier, users)
    ldtt = next(
        d
        for d in grassroots.unit_decision_approve(dossier=dossier, actor=users["head_a"])
        if d.award.code == "LDTT"
    )
    draft = pdftotext(
        build(user=users["staff_a"], kind="unit_decision", fmt="pdf", object_id=ldtt.pk)[0]
    )
    assert "Mã xác thực" not in draft

    issue(ldtt, users, chairman_signer, signed_pdf, number=5)
    nominee = Nominee.objects.select_related("grant", "person__unit").get(
        dossier=dossier, award__code="LDTT"
    )
    code = nominee.grant.verification_code
    pdf = build(user=users["head_a"], kind="unit_decision", fmt="pdf", object_id=ldtt.pk)[0]
    text = pdftotext(pdf)
    listing = text[text.index("DANH SÁCH") :]
    assert "Mã xác thực" in listing
    assert listing.index("Lê Văn Bình") < listing.index(code)
    assert nominee.person.unit.full_name in listing

    pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    last = int(
        next(line for line in pages.stdout.decode().splitlines() if "Pages:" in line).split()[-1]
    )
    found = read_pdf_page(pdf, last)
    assert found == [verification_url(code)]
    assert found[0].startswith("https://tdkt.example.vn/")
