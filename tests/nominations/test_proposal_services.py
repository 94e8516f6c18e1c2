"""The proposal step on the services: candidates, the tờ trình, the chairman's decision
(or refusal), the proposal to the central level, the simplified procedure end to end."""

import threading
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from awards.models import Award, AwardGrant, CommendationKind, Decision, Quota
from nominations.models import (
    Consultation,
    DossierEvent,
    DossierState,
    EventAction,
    NomineeOutcome,
    Opinion,
    OpinionStatus,
    ProposalState,
    ProposalTarget,
)
from nominations.selectors.proposals import (
    proposal_candidates,
    proposal_list_visible,
    ready_nominees,
)
from nominations.services._core import dossier_advance
from nominations.services.proposals import (
    proposal_approve,
    proposal_create,
    proposal_decision_issue,
    proposal_delete,
    proposal_reject,
    proposal_submission_issue,
    proposal_submit,
    proposal_update,
)
from notifications.models import Notification
from reports.models import DocumentNumber
from tests.factories import UnitFactory, user_with_role
from tests.factories import nominations as nf
from tests.utils.proposals import YEAR, proposed_dossier
from units.models import IssuedDocument, Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(province, users):
    """Two units' dossiers at the proposal stage: a person and a collective of unit A
    passed the vote for the provincial Bằng khen, a person of unit B too."""
    dossier_a = proposed_dossier(province["unit_a"], users["staff_a"])
    dossier_b = proposed_dossier(province["unit_b"], users["staff_b"])
    return {
        "dossier_a": dossier_a,
        "dossier_b": dossier_b,
        "person_a": nf.nominee(
            dossier=dossier_a, person=province["person_a"], outcome=NomineeOutcome.PASSED
        ),
        "collective_a": nf.nominee(
            dossier=dossier_a,
            collective=province["village_a"],
            unit_name="Xã Bình Sơn",
            outcome=NomineeOutcome.PASSED,
        ),
        "person_b": nf.nominee(
            dossier=dossier_b, person=province["person_b"], outcome=NomineeOutcome.PASSED
        ),
    }


def bk_tinh():
    return Award.objects.get(code="BK_TINH")


def make(ready, users, *keys, award=None, title="Đề nghị tặng Bằng khen năm 2026"):
    return proposal_create(
        award=award or bk_tinh(),
        kind=CommendationKind.MERIT,
        year=YEAR,
        nominees=[ready[k] for k in keys],
        title=title,
        reason_text="xuất sắc trong phong trào thi đua năm 2026",
        actor=users["secretariat"],
    )


def approve(proposal, users, signers, *, signer="chairman", line=""):
    return proposal_approve(
        proposal=proposal, actor=users["chairman"], signer=signers[signer], authority_line=line
    )


def record_submission(proposal, users, signers, signed_pdf, *, number=7, signer="director"):
    central = proposal.target == ProposalTarget.CENTRAL
    return proposal_submission_issue(
        proposal=proposal,
        actor=users["secretariat"],
        number=number,
        issued_on=date(2026, 6, 8),
        signer=signers[signer],
        authority_line="TM. ỦY BAN NHÂN DÂN" if central else "",
        signed_file=signed_pdf("to-trinh-ky.pdf"),
    )


def issue(proposal, users, signers, signed_pdf, *, number=152, signer="chairman", line=""):
    return proposal_decision_issue(
        proposal=proposal,
        actor=users["secretariat"],
        number=number,
        issued_on=timezone.localdate(),
        signer=signers[signer],
        authority_line=line,
        signed_file=signed_pdf(),
    )


def decide(proposal, users, signers, signed_pdf, **kwargs):
    """Submitted → approved → tờ trình recorded → decision issued."""
    approve(proposal, users, signers)
    record_submission(proposal, users, signers, signed_pdf)
    return issue(proposal, users, signers, signed_pdf, **kwargs)


# --- Candidates ------------------------------------------------------------------------------


def test_candidates_are_the_ready_nominees_grouped_by_award_kind_year(ready, users, province):
    # Not ready: waiting for the vote, failed, still under consultation, objected to.
    other = proposed_dossier(province["unit_b"], users["staff_b"])
    waiting = nf.nominee(
        dossier=other, collective=province["unit_b"], outcome=NomineeOutcome.APPROVED
    )
    failed = nf.nominee(
        dossier=other,
        person=province["person_a"],
        award="CSTD_TINH",
        outcome=NomineeOutcome.FAILED,
    )
    consulting = nf.nominee(
        dossier=other,
        person=province["person_b"],
        award="CONG_DAN_TB",
        outcome=NomineeOutcome.PASSED,
        needs_consultation=True,
    )
    objected = nf.nominee(
        dossier=other,
        person=province["person_b"],
        award="CSTD_TINH",
        outcome=NomineeOutcome.PASSED,
    )
    consultation = Consultation.objects.create(
        title="Lấy ý kiến",
        opens_on=date(2026, 1, 5),
        closes_on=date(2026, 1, 16),
        created_by=users["secretariat"],
    )
    Opinion.objects.create(
        consultation=consultation, nominee=objected, body="Không xứng đáng", is_objection=True
    )
    # No vote needed (the simplified procedure): the provincial Bằng khen approved at
    # appraisal is ready, in its own group (ad hoc).
    ad_hoc = proposed_dossier(
        province["unit_b"], users["staff_b"], kind=CommendationKind.AD_HOC, simplified=True
    )
    gk = nf.nominee(
        dossier=ad_hoc,
        person=province["person_b"],
        award="BK_TINH",
        outcome=NomineeOutcome.APPROVED,
    )
    # A grassroots award (the unit head decides Giấy khen) is never a provincial candidate.
    grassroots = nf.nominee(
        dossier=other, person=province["person_b"], award="GK", outcome=NomineeOutcome.APPROVED
    )

    groups = proposal_candidates()

    summary = {
        (g.award.code, g.kind, g.year): sorted(n.display_name for n in g.nominees) for g in groups
    }
    assert summary == {
        ("BK_TINH", "CONG_TRANG", YEAR): sorted(
            ["Đặng Thùy Trâm", "Thôn 1, xã Bình Sơn", "Nguyễn Văn An"]
        ),
        ("BK_TINH", "DOT_XUAT", YEAR): ["Nguyễn Văn An"],
    }
    bk = next(g for g in groups if (g.award.code, g.kind) == ("BK_TINH", "CONG_TRANG"))
    assert (bk.collectives, bk.individuals, bk.units) == (1, 2, 2)
    hidden = {waiting.pk, failed.pk, consulting.pk, objected.pk, grassroots.pk}
    assert hidden.isdisjoint(ready_nominees().values_list("pk", flat=True))
    assert gk.pk in ready_nominees().values_list("pk", flat=True)

    # Once the objection is resolved and the consultation closed, both become ready.
    Opinion.objects.update(status=OpinionStatus.RESOLVED)
    consulting.consultation_done = True
    consulting.save()
    assert {objected.pk, consulting.pk} <= set(ready_nominees().values_list("pk", flat=True))


def test_candidates_answer_in_one_query_whatever_their_number(
    ready, users, province, django_assert_num_queries
):
    with django_assert_num_queries(1):
        small = proposal_candidates()
    for i in range(15):
        d = proposed_dossier(province["unit_b"], users["staff_b"])
        nf.nominee(
            dossier=d,
            collective=UnitFactory(parent=province["unit_b"], name=f"Tổ {i}"),
            outcome=NomineeOutcome.PASSED,
        )
    with django_assert_num_queries(1):
        large = proposal_candidates()
    assert len(small[0].nominees) == 3
    assert len(large[0].nominees) == 18


def test_proposal_list_is_for_the_secretariat_and_the_chairman(
    ready, users, django_assert_num_queries
):
    draft = make(ready, users, "person_a")
    submitted = make(ready, users, "person_b")
    proposal_submit(proposal=submitted, actor=users["secretariat"])
    for key in ("staff_a", "head_a", "staff_b", "council", "admin"):
        assert list(proposal_list_visible(user=users[key])) == []
    secretariat = User.objects.get(pk=users["secretariat"].pk)  # roles not cached yet
    with django_assert_num_queries(2):  # the roles, the proposals
        seen = list(proposal_list_visible(user=secretariat))
    assert {p.pk for p in seen} == {draft.pk, submitted.pk}
    # The chairman: not the secretariat's drafts; those awaiting him first.
    assert [p.pk for p in proposal_list_visible(user=users["chairman"])] == [submitted.pk]
    assert seen[0].nominee_count == 1


# --- Create ------------------------------------------------------------------------------


def test_create_targets_the_chairman_for_a_provincial_award(ready, users):
    proposal = make(ready, users, "person_a", "collective_a", "person_b")
    assert proposal.target == ProposalTarget.CHAIRMAN
    assert proposal.state == ProposalState.DRAFT
    assert set(proposal.nominees.values_list("pk", flat=True)) == {
        ready["person_a"].pk,
        ready["collective_a"].pk,
        ready["person_b"].pk,
    }
    assert proposal_candidates() == []


def test_create_refuses_a_nominee_not_ready_or_of_another_award(ready, users, province):
    waiting = nf.nominee(
        dossier=ready["dossier_b"],
        collective=province["unit_b"],
        outcome=NomineeOutcome.APPROVED,  # BK_TINH needs a vote
    )
    with pytest.raises(ValidationError) as error:
        make(ready, users, "person_a")  # fine alone
        proposal_create(
            award=bk_tinh(),
            kind=CommendationKind.MERIT,
            year=YEAR,
            nominees=[waiting, ready["person_b"]],
            title="Tờ trình",
            actor=users["secretariat"],
        )
    assert "Phường Cẩm Thành" in error.value.message_dict["nominees"][0]
    # Already in a proposal.
    with pytest.raises(ValidationError):
        make(ready, users, "person_a")
    # Another award, another year.
    with pytest.raises(ValidationError):
        make(ready, users, "person_b", award=Award.objects.get(code="BK_TTG"))
    with pytest.raises(ValidationError):
        proposal_create(
            award=bk_tinh(),
            kind=CommendationKind.MERIT,
            year=YEAR - 1,
            nominees=[ready["person_b"]],
            title="Tờ trình",
            actor=users["secretariat"],
        )
    assert ready["person_b"].__class__.objects.get(pk=ready["person_b"].pk).proposal is None


def test_only_the_secretariat_creates_and_submits(ready, users):
    for key in ("staff_a", "chairman", "council"):
        with pytest.raises(PermissionDenied):
            proposal_create(
                award=bk_tinh(),
                kind=CommendationKind.MERIT,
                year=YEAR,
                nominees=[ready["person_a"]],
                title="Tờ trình",
                actor=users[key],
            )
    proposal = make(ready, users, "person_a")
    with pytest.raises(PermissionDenied):
        proposal_submit(proposal=proposal, actor=users["chairman"])


def test_a_draft_can_be_changed_and_discarded(ready, users):
    proposal = make(ready, users, "person_a")
    proposal_update(
        proposal=proposal,
        title="Tờ trình mới",
        reason_text="",
        nominees=[ready["person_b"], ready["collective_a"]],
        actor=users["secretariat"],
    )
    assert set(proposal.nominees.values_list("display_name", flat=True)) == {
        "Nguyễn Văn An",
        "Thôn 1, xã Bình Sơn",
    }
    assert ready["person_a"].pk in ready_nominees().values_list("pk", flat=True)
    proposal_delete(proposal=proposal, actor=users["secretariat"])
    assert sum(len(g.nominees) for g in proposal_candidates()) == 3


# --- Submit ------------------------------------------------------------------------------


def test_submit_sends_an_unnumbered_tờ_trình_and_tells_the_chairman(ready, users):
    proposal = make(ready, users, "person_a", "collective_a", "person_b")
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    # No portal counter: the number and date come from Sở Nội vụ's register later.
    assert (proposal.number, proposal.submitted_on) == ("", None)
    assert proposal.sent_on == timezone.localdate()
    assert not DocumentNumber.objects.exists()
    assert set(proposal.nominees.values_list("outcome", flat=True)) == {NomineeOutcome.PROPOSED}
    for key in ("dossier_a", "dossier_b"):
        ready[key].refresh_from_db()
        assert ready[key].state == DossierState.PROPOSED
        event = DossierEvent.objects.get(dossier=ready[key], action=EventAction.PROPOSED)
        assert event.actor == users["secretariat"]
        assert event.note == "Đã trình Chủ tịch tại tờ trình “Đề nghị tặng Bằng khen năm 2026”."
    note = Notification.objects.get(user=users["chairman"])
    assert note.title == "Có tờ trình chờ ông/bà quyết định: Đề nghị tặng Bằng khen năm 2026"
    assert note.url == f"/to-trinh/{proposal.pk}/"
    with pytest.raises(ValidationError):
        proposal_submit(proposal=proposal, actor=users["secretariat"])


def test_the_tờ_trình_takes_its_number_from_sở_nội_vụ_register(ready, users, signers, signed_pdf):
    proposal = make(ready, users, "person_a")
    with pytest.raises(ValidationError):  # a draft has no tờ trình to record
        record_submission(proposal, users, signers, signed_pdf)
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    with pytest.raises(PermissionDenied):
        proposal_submission_issue(
            proposal=proposal,
            actor=users["chairman"],
            number=7,
            issued_on=date(2026, 6, 8),
            signer=signers["director"],
            authority_line="",
            signed_file=signed_pdf(),
        )
    with pytest.raises(ValidationError) as error:  # the chairman does not sign Sở's tờ trình
        record_submission(proposal, users, signers, signed_pdf, signer="chairman")
    assert error.value.message_dict["signer"] == ["Người ký không thuộc Sở Nội vụ."]

    record_submission(proposal, users, signers, signed_pdf, number=7)

    proposal.refresh_from_db()
    register = proposal.submission_register
    assert (proposal.number, proposal.submitted_on) == ("07/TTr-SNV", date(2026, 6, 8))
    assert (register.issuer, register.signer_name) == (signers["home_affairs"], "Lê Thị Thu Hà")
    with pytest.raises(ValidationError):  # recorded once
        record_submission(proposal, users, signers, signed_pdf, number=8)


def test_submit_refuses_a_nominee_objected_to_since(ready, users):
    proposal = make(ready, users, "person_a")
    consultation = Consultation.objects.create(
        title="Lấy ý kiến",
        opens_on=date(2026, 1, 5),
        closes_on=date(2026, 1, 16),
        created_by=users["secretariat"],
    )
    Opinion.objects.create(
        consultation=consultation, nominee=ready["person_a"], body="Phản ánh", is_objection=True
    )
    with pytest.raises(ValidationError) as error:
        proposal_submit(proposal=proposal, actor=users["secretariat"])
    assert "Đặng Thùy Trâm" in error.value.messages[0]
    proposal.refresh_from_db()
    assert (proposal.state, proposal.number) == (ProposalState.DRAFT, "")
    assert not DocumentNumber.objects.exists()


# --- Approve ------------------------------------------------------------------------------


def test_approval_records_the_signer_and_nothing_enters_the_archive(
    ready, users, signers, province
):
    proposal = make(ready, users, "person_a", "collective_a", "person_b")
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    Notification.objects.all().delete()
    with pytest.raises(ValidationError) as error:  # not a line of the chairman's decision
        approve(proposal, users, signers, signer="vice", line="TM. ỦY BAN NHÂN DÂN")
    assert error.value.message_dict["authority_line"] == ["Hãy chọn thẩm quyền ký trong danh sách."]

    approve(proposal, users, signers, signer="vice", line="KT. CHỦ TỊCH")

    proposal.refresh_from_db()
    assert proposal.state == ProposalState.APPROVED
    assert (proposal.approved_signer, proposal.approved_authority_line) == (
        signers["vice"],
        "KT. CHỦ TỊCH",
    )
    assert proposal.decided_by == users["chairman"]
    # Approval is not issuing: no number, no decision, no award, the dossiers wait.
    assert proposal.decision is None
    assert not Decision.objects.exists() and not AwardGrant.objects.exists()
    assert not IssuedDocument.objects.exists() and not DocumentNumber.objects.exists()
    assert set(proposal.nominees.values_list("outcome", flat=True)) == {NomineeOutcome.PROPOSED}
    for key in ("dossier_a", "dossier_b"):
        ready[key].refresh_from_db()
        assert ready[key].state == DossierState.PROPOSED
        approved = DossierEvent.objects.get(
            dossier=ready[key], action=EventAction.DECISION_APPROVED
        )
        assert approved.note == (
            "Chủ tịch đã phê duyệt; người ký: Phó Chủ tịch Trần Phước Hiền (KT. CHỦ TỊCH)."
        )
    assert Notification.objects.filter(user=users["secretariat"]).count() == 1


def test_issuing_writes_the_archive_with_the_registers_number(
    ready, users, signers, signed_pdf, province
):
    proposal = make(ready, users, "person_a", "collective_a", "person_b")
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    approve(proposal, users, signers, signer="vice", line="KT. CHỦ TỊCH")
    with pytest.raises(ValidationError) as error:  # the decision cites the tờ trình
        issue(proposal, users, signers, signed_pdf)
    assert error.value.messages == [
        "Hãy vào sổ số và ngày của tờ trình trước: quyết định viện dẫn tờ trình."
    ]
    record_submission(proposal, users, signers, signed_pdf)
    Notification.objects.all().delete()

    issue(proposal, users, signers, signed_pdf, number=152, signer="vice", line="KT. CHỦ TỊCH")

    proposal.refresh_from_db()
    decision = Decision.objects.get()
    assert proposal.state == ProposalState.ISSUED
    assert proposal.decision == decision
    assert proposal.decision_register.number_text == "152/QĐ-UBND"
    assert decision.number == "152/QĐ-UBND"
    assert decision.issued_on == timezone.localdate()
    assert decision.issuer == province["root"]  # the register's issuer
    assert decision.signer_name == "Trần Phước Hiền"
    assert decision.signer_position == "Phó Chủ tịch Ủy ban nhân dân tỉnh Thử"
    assert decision.summary == "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    assert not DocumentNumber.objects.exists()  # no portal counter involved
    grants = AwardGrant.objects.filter(decision=decision)
    assert sorted(g.recipient_name for g in grants) == sorted(
        ["Đặng Thùy Trâm", "Thôn 1, xã Bình Sơn", "Nguyễn Văn An"]
    )
    assert all(len(g.verification_code) == 14 for g in grants)
    assert all(g.year == YEAR and g.kind == CommendationKind.MERIT for g in grants)
    for nominee in proposal.nominees.all():
        assert nominee.outcome == NomineeOutcome.AWARDED
        assert nominee.grant.decision == decision
    # Both dossiers are decided at issuing, each with the number and date in its history.
    for key in ("dossier_a", "dossier_b"):
        ready[key].refresh_from_db()
        assert ready[key].state == DossierState.DECIDED
        issued = DossierEvent.objects.get(dossier=ready[key], action=EventAction.DECISION_ISSUED)
        assert issued.data["decision"] == "152/QĐ-UBND"
        assert issued.data["date"] == timezone.localdate().isoformat()
        assert (issued.from_state, issued.to_state) == (DossierState.PROPOSED, DossierState.DECIDED)
        assert issued.actor == users["secretariat"]
    # The units' staff and heads are told, with a link to the archive.
    told = Notification.objects.filter(title__contains="152/QĐ-UBND")
    assert {n.user.username for n in told} >= {"staff_a", "head_a", "staff_b"}
    assert all(
        "/khen-thuong/luu-tru/?decision=" in n.url for n in told if n.user != users["secretariat"]
    )


def test_a_number_already_in_the_register_is_refused_and_nothing_is_issued(
    ready, users, signers, signed_pdf
):
    first = make(ready, users, "person_a")
    proposal_submit(proposal=first, actor=users["secretariat"])
    decide(first, users, signers, signed_pdf, number=152)
    second = make(ready, users, "person_b", title="Tờ trình thứ hai")
    proposal_submit(proposal=second, actor=users["secretariat"])
    approve(second, users, signers)
    record_submission(second, users, signers, signed_pdf, number=8)

    with pytest.raises(ValidationError) as error:
        issue(second, users, signers, signed_pdf, number=152)

    assert error.value.message_dict["number"] == [
        "Số 152 năm 2026 đã có trong sổ văn bản của Ủy ban nhân dân tỉnh Thử (09/06/2026). "
        "Hãy nhập đúng số văn thư đã cấp cho văn bản này."
    ]
    second.refresh_from_db()
    assert second.state == ProposalState.APPROVED
    assert Decision.objects.count() == 1 and AwardGrant.objects.count() == 1
    issue(second, users, signers, signed_pdf, number=153)
    assert Decision.objects.get(proposal=second).number == "153/QĐ-UBND"


def test_only_the_chairman_approves_only_once_and_only_the_clerk_issues(
    ready, users, signers, signed_pdf
):
    proposal = make(ready, users, "person_a")
    with pytest.raises(ValidationError):  # still a draft
        approve(proposal, users, signers)
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    for key in ("secretariat", "council", "staff_a"):
        with pytest.raises(PermissionDenied):
            proposal_approve(
                proposal=proposal, actor=users[key], signer=signers["chairman"], authority_line=""
            )
    with pytest.raises(ValidationError):  # issuing before approval
        issue(proposal, users, signers, signed_pdf)
    approve(proposal, users, signers)
    with pytest.raises(ValidationError):
        approve(proposal, users, signers)
    record_submission(proposal, users, signers, signed_pdf)
    for key in ("chairman", "council", "staff_a"):
        with pytest.raises(PermissionDenied):
            proposal_decision_issue(
                proposal=proposal,
                actor=users[key],
                number=1,
                issued_on=timezone.localdate(),
                signer=signers["chairman"],
                authority_line="",
                signed_file=signed_pdf(),
            )
    issue(proposal, users, signers, signed_pdf)
    with pytest.raises(ValidationError):
        issue(proposal, users, signers, signed_pdf, number=153)
    assert Decision.objects.count() == 1
    assert AwardGrant.objects.count() == 1


def test_a_quota_breach_rolls_everything_back(ready, users, province, signers, signed_pdf):
    proposal = make(ready, users, "person_a", "collective_a", "person_b")
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    approve(proposal, users, signers)
    record_submission(proposal, users, signers, signed_pdf)
    Quota.objects.create(unit=province["unit_b"], award=bk_tinh(), year=YEAR, limit=0)

    with pytest.raises(ValidationError) as error:
        issue(proposal, users, signers, signed_pdf)

    assert "Nguyễn Văn An" in error.value.messages[0]
    assert "Phường Cẩm Thành" in error.value.messages[0]
    assert not Decision.objects.exists()
    assert not AwardGrant.objects.exists()
    assert not IssuedDocument.objects.filter(doc_type="QĐ").exists()  # the register untouched
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.APPROVED
    assert set(proposal.nominees.values_list("outcome", flat=True)) == {NomineeOutcome.PROPOSED}
    assert not DossierEvent.objects.filter(action=EventAction.DECISION_ISSUED).exists()
    ready["dossier_a"].refresh_from_db()
    assert ready["dossier_a"].state == DossierState.PROPOSED


# --- Reject ----------------------------------------------------------------------------------


def test_reject_marks_the_nominees_not_approved_with_the_reason(ready, users):
    proposal = make(ready, users, "person_a", "collective_a")
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    with pytest.raises(ValidationError):
        proposal_reject(proposal=proposal, reason="  ", actor=users["chairman"])

    proposal_reject(proposal=proposal, reason="Thành tích chưa tiêu biểu.", actor=users["chairman"])

    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REJECTED
    assert proposal.rejection_reason == "Thành tích chưa tiêu biểu."
    assert proposal.decided_by == users["chairman"]
    assert set(proposal.nominees.values_list("outcome", "outcome_reason")) == {
        (NomineeOutcome.NOT_APPROVED, "Thành tích chưa tiêu biểu.")
    }
    ready["dossier_a"].refresh_from_db()
    assert ready["dossier_a"].state == DossierState.REJECTED
    event = DossierEvent.objects.get(
        dossier=ready["dossier_a"], action=EventAction.PROPOSAL_REJECTED
    )
    assert event.data["reason"] == "Thành tích chưa tiêu biểu."
    # Unit B's nominee was not in it: its dossier waits at the proposal stage.
    ready["dossier_b"].refresh_from_db()
    assert ready["dossier_b"].state == DossierState.PROPOSED
    assert Notification.objects.filter(
        user=users["head_a"], body__contains="chưa tiêu biểu"
    ).exists()
    assert not Decision.objects.exists()


# --- Central level ----------------------------------------------------------------------------


def test_an_award_above_the_province_goes_to_the_central_level(
    ready, users, province, signers, signed_pdf
):
    upward = nf.nominee(
        dossier=ready["dossier_a"],
        person=province["person_a"],
        award="BK_TTG",
        outcome=NomineeOutcome.PASSED,
    )
    proposal = proposal_create(
        award=Award.objects.get(code="BK_TTG"),
        kind=CommendationKind.MERIT,
        year=YEAR,
        nominees=[upward],
        title="Đề nghị Thủ tướng Chính phủ tặng Bằng khen",
        actor=users["secretariat"],
    )
    assert proposal.target == ProposalTarget.CENTRAL

    proposal_submit(proposal=proposal, actor=users["secretariat"])

    proposal.refresh_from_db()
    upward.refresh_from_db()
    assert proposal.state == ProposalState.SENT
    assert proposal.number == ""  # numbered by the People's Committee's register
    record_submission(proposal, users, signers, signed_pdf, number=31, signer="chairman")
    proposal.refresh_from_db()
    assert proposal.number == "31/TTr-UBND"  # the province's own tờ trình
    assert proposal.submission_register.authority_line == "TM. ỦY BAN NHÂN DÂN"
    assert upward.outcome == NomineeOutcome.PROPOSED_UPWARD
    assert not Decision.objects.exists()
    assert not Notification.objects.filter(user=users["chairman"]).exists()
    assert Notification.objects.filter(user=users["staff_a"], title__contains="trung ương").exists()
    # The dossier still has nominees waiting for the chairman: it stays proposed.
    ready["dossier_a"].refresh_from_db()
    assert ready["dossier_a"].state == DossierState.PROPOSED
    with pytest.raises(ValidationError):
        approve(proposal, users, signers)

    # Once the provincial awards are issued, every nominee is concluded: decided.
    provincial = make(ready, users, "person_a", "collective_a")
    proposal_submit(proposal=provincial, actor=users["secretariat"])
    approve(provincial, users, signers)
    ready["dossier_a"].refresh_from_db()
    assert ready["dossier_a"].state == DossierState.PROPOSED  # approved is not decided
    record_submission(provincial, users, signers, signed_pdf, number=8)
    issue(provincial, users, signers, signed_pdf)
    ready["dossier_a"].refresh_from_db()
    assert ready["dossier_a"].state == DossierState.DECIDED


def test_a_dossier_wholly_sent_upward_is_decided_at_once(users, province):
    dossier = proposed_dossier(province["unit_b"], users["staff_b"])
    upward = nf.nominee(
        dossier=dossier, person=province["person_b"], award="BK_TTG", outcome=NomineeOutcome.PASSED
    )
    proposal = proposal_create(
        award=upward.award,
        kind=CommendationKind.MERIT,
        year=YEAR,
        nominees=[upward],
        title="Tờ trình",
        actor=users["secretariat"],
    )
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DECIDED


# --- The simplified procedure, end to end --------------------------------------------------------


def test_simplified_procedure_from_appraisal_to_decision(users, province, signers, signed_pdf):
    """An ad hoc dossier for an award that allows it: no consultation, no vote."""
    award = bk_tinh()
    assert award.simplified_procedure and award.council_vote != "none"
    dossier = nf.dossier(
        unit=province["unit_a"],
        created_by=users["staff_a"],
        kind=CommendationKind.AD_HOC,
        state=DossierState.IN_APPRAISAL,
        simplified=True,
        title="Khen thưởng đột xuất cứu người",
    )
    hero = nf.nominee(
        dossier=dossier,
        person=province["person_a"],
        award=award,
        outcome=NomineeOutcome.APPROVED,
        achievement_summary="Dũng cảm cứu người bị nạn trong lũ.",
    )
    assert not hero.needs_vote and not hero.awaits_consultation
    dossier_advance(dossier=dossier, actor=users["secretariat"])
    dossier.refresh_from_db()
    assert dossier.state == DossierState.PROPOSED  # straight from appraisal

    [group] = proposal_candidates()
    assert (group.award, group.kind, group.nominees) == (award, "DOT_XUAT", [hero])
    proposal = proposal_create(
        award=award,
        kind=CommendationKind.AD_HOC,
        year=YEAR,
        nominees=group.nominees,
        title="Đề nghị khen thưởng đột xuất",
        reason_text="dũng cảm cứu người bị nạn trong lũ",
        actor=users["secretariat"],
    )
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    decide(proposal, users, signers, signed_pdf)

    hero.refresh_from_db()
    dossier.refresh_from_db()
    assert hero.outcome == NomineeOutcome.AWARDED
    assert hero.grant.kind == CommendationKind.AD_HOC
    assert dossier.state == DossierState.DECIDED
    actions = list(dossier.events.values_list("action", flat=True))
    assert actions == [
        EventAction.ADVANCED,  # appraisal → proposal stage
        EventAction.PROPOSED,  # in the tờ trình
        EventAction.DECISION_APPROVED,
        EventAction.DECISION_ISSUED,
    ]
    assert not Consultation.objects.exists()


# --- Two approvals at the same moment (PostgreSQL) ---------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_approve_once(province, users, signers):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (DATABASE_URL)")
    dossier = proposed_dossier(province["unit_a"], users["staff_a"])
    nominee = nf.nominee(
        dossier=dossier, person=province["person_a"], outcome=NomineeOutcome.PASSED
    )
    proposal = proposal_create(
        award=bk_tinh(),
        kind=CommendationKind.MERIT,
        year=YEAR,
        nominees=[nominee],
        title="Tờ trình",
        actor=users["secretariat"],
    )
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    second_chairman = user_with_role(Role.CHAIRMAN, username="chair2")
    barrier = threading.Barrier(2)
    results: list[str] = []

    def approve(actor):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            proposal_approve(
                proposal=proposal, actor=actor, signer=signers["chairman"], authority_line=""
            )
            results.append("approved")
        except ValidationError:
            results.append("refused")
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=approve, args=(actor,))
        for actor in (users["chairman"], second_chairman)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == ["approved", "refused"]
    assert not Decision.objects.exists()
    assert DossierEvent.objects.filter(action=EventAction.DECISION_APPROVED).count() == 1
