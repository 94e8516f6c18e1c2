"""The proposal step on the services: candidates, the tờ trình, the chairman's decision
(or refusal), the proposal to the central level, the simplified procedure end to end."""

import re
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
    proposal_delete,
    proposal_reject,
    proposal_submit,
    proposal_update,
)
from notifications.models import Notification
from reports.models import DocumentNumber
from tests.factories import UnitFactory, user_with_role
from tests.factories import nominations as nf
from units.models import Role, User

pytestmark = pytest.mark.django_db

YEAR = 2026


def proposed_dossier(unit, user, *, kind=CommendationKind.MERIT, **fields):
    return nf.dossier(
        unit=unit, created_by=user, kind=kind, year=YEAR, state=DossierState.PROPOSED, **fields
    )


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
    # No vote needed: Giấy khen approved at appraisal is ready.
    gk = nf.nominee(
        dossier=other, person=province["person_b"], award="GK", outcome=NomineeOutcome.APPROVED
    )

    groups = proposal_candidates()

    summary = {
        (g.award.code, g.kind, g.year): sorted(n.display_name for n in g.nominees) for g in groups
    }
    assert summary == {
        ("BK_TINH", "CONG_TRANG", YEAR): sorted(["Đặng Thùy Trâm", "Thôn 1", "Nguyễn Văn An"]),
        ("GK", "CONG_TRANG", YEAR): ["Nguyễn Văn An"],
    }
    bk = next(g for g in groups if g.award.code == "BK_TINH")
    assert (bk.collectives, bk.individuals, bk.units) == (1, 2, 2)
    hidden = {waiting.pk, failed.pk, consulting.pk, objected.pk}
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
        "Thôn 1",
    }
    assert ready["person_a"].pk in ready_nominees().values_list("pk", flat=True)
    proposal_delete(proposal=proposal, actor=users["secretariat"])
    assert sum(len(g.nominees) for g in proposal_candidates()) == 3


# --- Submit ------------------------------------------------------------------------------


def test_submit_numbers_the_tờ_trình_and_tells_the_chairman(ready, users):
    proposal = make(ready, users, "person_a", "collective_a", "person_b")
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    assert proposal.number == "01/TTr-SNV"
    assert proposal.submitted_on == timezone.localdate()
    assert set(proposal.nominees.values_list("outcome", flat=True)) == {NomineeOutcome.PROPOSED}
    for key in ("dossier_a", "dossier_b"):
        ready[key].refresh_from_db()
        assert ready[key].state == DossierState.PROPOSED
        event = DossierEvent.objects.get(dossier=ready[key], action=EventAction.PROPOSED)
        assert event.actor == users["secretariat"]
        assert event.data["number"] == "01/TTr-SNV"
    note = Notification.objects.get(user=users["chairman"])
    assert "01/TTr-SNV" in note.title
    assert note.url == f"/to-trinh/{proposal.pk}/"
    with pytest.raises(ValidationError):
        proposal_submit(proposal=proposal, actor=users["secretariat"])


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


def test_approve_issues_the_decision_and_writes_the_archive(ready, users, province):
    proposal = make(ready, users, "person_a", "collective_a", "person_b")
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    Notification.objects.all().delete()

    proposal_approve(proposal=proposal, actor=users["chairman"])

    proposal.refresh_from_db()
    decision = Decision.objects.get()
    assert proposal.state == ProposalState.ISSUED
    assert proposal.decision == decision
    assert proposal.decided_by == users["chairman"]
    assert re.fullmatch(r"\d{2,}/QĐ-UBND", decision.number)
    assert decision.number == "01/QĐ-UBND"
    assert decision.issued_on == timezone.localdate()
    assert decision.signer_name == users["chairman"].get_full_name()
    assert decision.signer_position == "Chủ tịch Ủy ban nhân dân tỉnh"
    assert decision.summary == "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    grants = AwardGrant.objects.filter(decision=decision)
    assert sorted(g.recipient_name for g in grants) == sorted(
        ["Đặng Thùy Trâm", "Thôn 1", "Nguyễn Văn An"]
    )
    assert all(len(g.verification_code) >= 20 for g in grants)
    assert all(g.year == YEAR and g.kind == CommendationKind.MERIT for g in grants)
    for nominee in proposal.nominees.all():
        assert nominee.outcome == NomineeOutcome.AWARDED
        assert nominee.grant.decision == decision
    # Both dossiers are decided, each with the number and date in its history.
    for key in ("dossier_a", "dossier_b"):
        ready[key].refresh_from_db()
        assert ready[key].state == DossierState.DECIDED
        approved = DossierEvent.objects.get(
            dossier=ready[key], action=EventAction.DECISION_APPROVED
        )
        issued = DossierEvent.objects.get(dossier=ready[key], action=EventAction.DECISION_ISSUED)
        assert approved.data["decision"] == issued.data["decision"] == "01/QĐ-UBND"
        assert issued.data["date"] == timezone.localdate().isoformat()
        assert (issued.from_state, issued.to_state) == (DossierState.PROPOSED, DossierState.DECIDED)
        assert issued.actor == users["chairman"]
    # The units' staff and heads are told, with a link to the archive.
    told = Notification.objects.filter(title__contains="01/QĐ-UBND")
    assert {n.user.username for n in told} >= {"staff_a", "head_a", "staff_b"}
    assert all(
        "/khen-thuong/luu-tru/?decision=" in n.url for n in told if n.user != users["secretariat"]
    )


def test_only_the_chairman_approves_and_only_once(ready, users):
    proposal = make(ready, users, "person_a")
    with pytest.raises(ValidationError):  # still a draft
        proposal_approve(proposal=proposal, actor=users["chairman"])
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    for key in ("secretariat", "council", "staff_a"):
        with pytest.raises(PermissionDenied):
            proposal_approve(proposal=proposal, actor=users[key])
    proposal_approve(proposal=proposal, actor=users["chairman"])
    with pytest.raises(ValidationError):
        proposal_approve(proposal=proposal, actor=users["chairman"])
    assert Decision.objects.count() == 1
    assert AwardGrant.objects.count() == 1


def test_a_quota_breach_rolls_everything_back(ready, users, province):
    proposal = make(ready, users, "person_a", "collective_a", "person_b")
    proposal_submit(proposal=proposal, actor=users["secretariat"])
    Quota.objects.create(unit=province["unit_b"], award=bk_tinh(), year=YEAR, limit=0)
    counter_before = DocumentNumber.objects.get(doc_type="TTr").last

    with pytest.raises(ValidationError) as error:
        proposal_approve(proposal=proposal, actor=users["chairman"])

    assert "Nguyễn Văn An" in error.value.messages[0]
    assert "Phường Cẩm Thành" in error.value.messages[0]
    assert not Decision.objects.exists()
    assert not AwardGrant.objects.exists()
    assert not DocumentNumber.objects.filter(doc_type="QĐ").exists()  # the number given back
    assert DocumentNumber.objects.get(doc_type="TTr").last == counter_before
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    assert set(proposal.nominees.values_list("outcome", flat=True)) == {NomineeOutcome.PROPOSED}
    assert not DossierEvent.objects.filter(action=EventAction.DECISION_APPROVED).exists()
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


def test_an_award_above_the_province_goes_to_the_central_level(ready, users, province):
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
    assert proposal.number == "01/TTr-UBND"  # the province's own tờ trình
    assert upward.outcome == NomineeOutcome.PROPOSED_UPWARD
    assert not Decision.objects.exists()
    assert not Notification.objects.filter(user=users["chairman"]).exists()
    assert Notification.objects.filter(user=users["staff_a"], title__contains="trung ương").exists()
    # The dossier still has nominees waiting for the chairman: it stays proposed.
    ready["dossier_a"].refresh_from_db()
    assert ready["dossier_a"].state == DossierState.PROPOSED
    with pytest.raises(ValidationError):
        proposal_approve(proposal=proposal, actor=users["chairman"])

    # Once the provincial awards are decided, every nominee is concluded: decided.
    provincial = make(ready, users, "person_a", "collective_a")
    proposal_submit(proposal=provincial, actor=users["secretariat"])
    proposal_approve(proposal=provincial, actor=users["chairman"])
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


def test_simplified_procedure_from_appraisal_to_decision(users, province):
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
    proposal_approve(proposal=proposal, actor=users["chairman"])

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
def test_two_approvals_at_once_issue_one_decision(province, users):
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
            proposal_approve(proposal=proposal, actor=actor)
            results.append("issued")
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

    assert sorted(results) == ["issued", "refused"]
    assert Decision.objects.count() == 1
    assert AwardGrant.objects.count() == 1
    assert DocumentNumber.objects.get(doc_type="QĐ").last == 1
    assert DossierEvent.objects.filter(action=EventAction.DECISION_APPROVED).count() == 1
