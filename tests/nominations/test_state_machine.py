"""A dossier's steps cannot be skipped by a direct POST (SECURITY-TESTS.md E2).

For every dossier state × every state-changing POST endpoint of the path, the request is
made by the role that may make it, with a nominee prepared exactly as that action needs
(approved for a consultation, approved for the agenda, passed for a proposal…), so only
the dossier's state stands in the way. Inside the allowed table the action goes through
(the control: the scene is right); outside it nothing changes (state, rows, history) and
the answer is a clear message or 404, never a server error.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.contrib.messages import constants, get_messages
from django.urls import reverse
from django.utils import timezone

from awards.models import Award, AwardGrant
from nominations.models import (
    AgendaItem,
    Attachment,
    Consultation,
    CouncilSession,
    Dossier,
    DossierEvent,
    DossierState,
    Nominee,
    NomineeOutcome,
    Proposal,
    ProposalState,
    ProposalTarget,
    ReturnReason,
    UnitCouncilReview,
    UnitDecision,
    UnitReviewResult,
)
from tests.factories import PersonFactory
from tests.factories import nominations as make
from tests.utils.dossiers import YEAR, pdf_upload, rate
from units.models import IssuedDocument, Signer

pytestmark = pytest.mark.django_db

S = DossierState
UNIT_HOLDS = {S.DRAFT, S.RETURNED}
IN_QUEUE = {S.SUBMITTED, S.IN_APPRAISAL}


@dataclass
class Action:
    """One POST endpoint: who posts it, in which dossier states it is allowed, how its
    nominee must be for it to succeed, and what it posts."""

    url: str
    role: str
    allowed: set
    award: str = "LDTT"
    nominee: dict = field(default_factory=dict)
    needs: str = ""  # "session", "draft_proposal", "submitted_proposal", "approved_proposal"

    def args(self, scene) -> list:
        if self.url == "session_agenda":
            return [scene["session"].pk]
        if self.url in ("proposal_submit", "proposal_approve", "proposal_decision_issue"):
            return [scene["proposal"].pk]
        if self.url in ("consultation_create", "proposal_create"):
            return []
        if self.url == "nominee_remove":
            return [scene["dossier"].pk, scene["nominee"].pk]
        if self.url == "grassroots_issue":
            return [scene["unit_decision"].pk]
        return [scene["dossier"].pk]

    def data(self, scene) -> dict:
        dossier, nominee = scene["dossier"], scene["nominee"]
        # The issue form of a unit head's decision is prefixed with the decision's id.
        issue = f"d{scene['unit_decision'].pk}-" if "unit_decision" in scene else ""
        return {
            "dossier_withdraw": {"reason": "Đơn vị rút hồ sơ"},
            "dossier_update": {
                "year": YEAR,
                "kind": "CONG_TRANG",
                "title": "Tiêu đề sửa bằng POST trực tiếp",
                "version": dossier.version,
            },
            "nominee_create": {
                "subject_kind": "individual",
                "person": scene["other_person"].pk,
                "award": Award.objects.get(code="LDTT").pk,
                "achievement_summary": "Hoàn thành tốt nhiệm vụ.",
                "achievement_report": "Báo cáo thành tích.",
            },
            "attachment_add": {"document_code": "to_trinh", "file": pdf_upload()},
            "appraisal_return": {"general_reason": "Thiếu biên bản họp xét."},
            "appraisal_accept": {f"decision_{nominee.pk}": "approve"},
            "consultation_create": {
                "title": "Lấy ý kiến nhân dân",
                "opens_on": timezone.localdate().isoformat(),
                "days": 10,
                "nominees": [nominee.pk],
            },
            "session_agenda": {"nominees": [nominee.pk]},
            "proposal_create": {
                "award": nominee.award_id,
                "kind": "CONG_TRANG",
                "year": YEAR,
                "title": "Tờ trình đề nghị tặng Bằng khen",
                "reason_text": "",
                "nominees": [nominee.pk],
            },
            "proposal_approve": {
                "confirm": "on",
                "signer": scene.get("chairman_signer_pk"),
                "authority_line": "",
            },
            "proposal_decision_issue": {
                "number": 152,
                "issued_on": timezone.localdate().isoformat(),
                "signer": scene.get("chairman_signer_pk"),
                "authority_line": "",
                "signed_file": pdf_upload("qd-ky.pdf"),
            },
            "grassroots_review": {
                "held_on": timezone.localdate().isoformat(),
                "members_total": 5,
                "present_names": "Nguyễn Văn Chủ Tịch\nLê Thị Ủy Viên\nTrần Văn Thư Ký",
                f"n{nominee.pk}_approved": "on",
            },
            "grassroots_return": {"reason": "Bổ sung biên bản bình xét."},
            "grassroots_reject": {"reason": "Không đủ tiêu chuẩn."},
            "grassroots_issue": {
                f"{issue}number": 3,
                f"{issue}issuer_symbol": "UBND",
                f"{issue}issued_on": timezone.localdate().isoformat(),
                f"{issue}signer": scene.get("signer_pk"),
                f"{issue}authority_line": "",
                f"{issue}signed_file": pdf_upload("qd.pdf"),
            },
        }.get(self.url, {})


APPROVED = {"outcome": NomineeOutcome.APPROVED}
ACTIONS = {
    # The unit's side.
    "dossier_submit": Action("dossier_submit", "head_a", UNIT_HOLDS),
    "dossier_withdraw": Action(
        "dossier_withdraw", "head_a", UNIT_HOLDS | IN_QUEUE | {S.UNIT_REVIEW}
    ),
    "dossier_update": Action("dossier_update", "staff_a", UNIT_HOLDS),
    "nominee_create": Action("nominee_create", "staff_a", UNIT_HOLDS),
    "nominee_remove": Action("nominee_remove", "staff_a", UNIT_HOLDS),
    "attachment_add": Action("attachment_add", "staff_a", UNIT_HOLDS),
    # Appraisal, of a provincial award (grassroots ones never reach the secretariat).
    "appraisal_start": Action("appraisal_start", "secretariat", {S.SUBMITTED}, award="BK_TINH"),
    "appraisal_recheck": Action("appraisal_recheck", "secretariat", IN_QUEUE, award="BK_TINH"),
    "appraisal_return": Action("appraisal_return", "secretariat", IN_QUEUE, award="BK_TINH"),
    "appraisal_accept": Action("appraisal_accept", "secretariat", IN_QUEUE, award="BK_TINH"),
    # Consultation, the Council, the proposal: the nominee is ready for each.
    "consultation_create": Action(
        "consultation_create",
        "secretariat",
        {S.CONSULTATION},
        award="BK_TINH",
        nominee={**APPROVED, "needs_consultation": True},
    ),
    "session_agenda": Action(
        "session_agenda",
        "secretariat",
        {S.IN_COUNCIL},
        award="BK_TINH",
        nominee=APPROVED,
        needs="session",
    ),
    "proposal_create": Action(
        "proposal_create",
        "secretariat",
        {S.PROPOSED},
        award="BK_TINH",
        nominee={"outcome": NomineeOutcome.PASSED},
    ),
    "proposal_submit": Action(
        "proposal_submit",
        "secretariat",
        {S.PROPOSED},
        award="BK_TINH",
        nominee={"outcome": NomineeOutcome.PASSED},
        needs="draft_proposal",
    ),
    "proposal_approve": Action(
        "proposal_approve",
        "chairman",
        {S.PROPOSED},
        award="BK_TINH",
        nominee={"outcome": NomineeOutcome.PROPOSED},
        needs="submitted_proposal",
    ),
    # The clerk issues the approved decision: only then is the dossier decided.
    "proposal_decision_issue": Action(
        "proposal_decision_issue",
        "secretariat",
        {S.PROPOSED},
        award="BK_TINH",
        nominee={"outcome": NomineeOutcome.PROPOSED},
        needs="approved_proposal",
    ),
    # Grassroots awards (issue 9, point 9): the unit's council and head, the unit's clerk.
    "grassroots_review": Action("grassroots_review", "head_a", {S.UNIT_REVIEW}),
    "grassroots_approve": Action(
        "grassroots_approve", "head_a", {S.UNIT_REVIEW}, nominee=APPROVED, needs="unit_review"
    ),
    "grassroots_return": Action("grassroots_return", "head_a", {S.UNIT_REVIEW}),
    "grassroots_reject": Action("grassroots_reject", "head_a", {S.UNIT_REVIEW}),
    "grassroots_issue": Action(
        "grassroots_issue",
        "staff_a",
        {S.UNIT_APPROVED},
        nominee={"outcome": NomineeOutcome.PROPOSED},
        needs="unit_decision",
    ),
}
CASES = [(state, name) for state in S.values for name in ACTIONS]


def _case(state: str, name: str):
    return pytest.param(state, name, id=f"{state}-{name}")


def build(state: str, action: Action, province, users) -> dict:
    """A dossier of Bình Sơn in ``state`` with one nominee as ``action`` needs it, its
    documents, and the session or proposal the action works on."""
    person = province["person_a"]
    rate(person)
    sent = state != S.DRAFT
    dossier = make.dossier(
        unit=province["unit_a"],
        created_by=users["staff_a"],
        year=YEAR,
        state=state,
        round=1 if sent else 0,
        submitted_at=timezone.now() if sent else None,
        submitted_by=users["head_a"] if sent else None,
        received_on=timezone.localdate() if sent else None,
    )
    nominee = make.nominee(
        dossier=dossier,
        award=action.award,
        person=person,
        achievement_report="Báo cáo thành tích năm 2025.",
        **action.nominee,
    )
    for code in ("to_trinh", "bien_ban"):
        Attachment.objects.create(
            dossier=dossier,
            document_code=code,
            file=f"nominations/attachments/{uuid.uuid4().hex}.pdf",
            original_name=f"{code}.pdf",
            file_kind="pdf",
            size=100,
            uploaded_by=users["staff_a"],
        )
    scene = {
        "dossier": dossier,
        "nominee": nominee,
        "other_person": PersonFactory(unit=province["unit_a"], full_name="Lê Thị Mới"),
    }
    if action.needs == "session":
        scene["session"] = CouncilSession.objects.create(
            title="Phiên họp Hội đồng", held_on=date(2026, 12, 20), created_by=users["secretariat"]
        )
    if action.needs.endswith("proposal"):
        submitted = action.needs in ("submitted_proposal", "approved_proposal")
        approved = action.needs == "approved_proposal"
        signer = Signer.objects.create(
            unit=province["root"], full_name="Nguyễn Hoàng Nam", position="Chủ tịch"
        )
        scene["chairman_signer_pk"] = signer.pk
        proposal = Proposal.objects.create(
            target=ProposalTarget.CHAIRMAN,
            award=nominee.award,
            kind="CONG_TRANG",
            year=YEAR,
            title="Tờ trình đề nghị tặng Bằng khen",
            state=ProposalState.APPROVED
            if approved
            else ProposalState.SUBMITTED
            if submitted
            else ProposalState.DRAFT,
            number="01/TTr-SNV" if submitted else "",
            submitted_on=timezone.localdate() if submitted else None,
            approved_signer=signer if approved else None,
            submission_register=IssuedDocument.objects.create(
                issuer=province["root"],
                doc_type="TTr",
                issuer_symbol="SNV",
                year=YEAR,
                number=1,
                number_text="01/TTr-SNV",
                issued_on=timezone.localdate(),
                signer=signer,
                signer_name=signer.full_name,
                signer_position=signer.position,
                signed_file=f"issued/{uuid.uuid4().hex}.pdf",
                issued_by=users["secretariat"],
            )
            if approved
            else None,
            created_by=users["secretariat"],
        )
        Nominee.objects.filter(pk=nominee.pk).update(proposal=proposal)
        scene["proposal"] = proposal
    if action.needs == "unit_review":
        review = UnitCouncilReview.objects.create(
            dossier=dossier,
            round=dossier.round,
            held_on=timezone.localdate(),
            members_total=3,
            members_present=3,
            present_names="A\nB\nC",
            recorded_by=users["head_a"],
        )
        UnitReviewResult.objects.create(review=review, nominee=nominee, approved=True)
    if action.needs == "unit_decision":
        scene["unit_decision"] = UnitDecision.objects.create(
            dossier=dossier,
            award=nominee.award,
            issuer=province["unit_a"],
            approved_by=users["head_a"],
        )
        scene["signer_pk"] = Signer.objects.create(
            unit=province["unit_a"], full_name="Phạm Văn Chủ", position="Chủ tịch"
        ).pk
    return scene


def snapshot(dossier: Dossier) -> dict:
    """Everything a step of the path writes."""
    return {
        "dossier": Dossier.objects.filter(pk=dossier.pk)
        .values("state", "round", "version", "title", "reviewer_id", "appraised_at")
        .get(),
        "nominees": list(
            Nominee.objects.filter(dossier=dossier)
            .order_by("pk")
            .values_list(
                "pk",
                "outcome",
                "proposal_id",
                "grant_id",
                "needs_consultation",
                "eligibility_status",
                "appraisal_status",
            )
        ),
        "attachments": Attachment.objects.filter(dossier=dossier).count(),
        "events": list(DossierEvent.objects.filter(dossier=dossier).values_list("pk", "action")),
        "returns": ReturnReason.objects.filter(dossier=dossier).count(),
        "consultations": Consultation.objects.count(),
        "agenda": AgendaItem.objects.count(),
        "proposals": list(Proposal.objects.order_by("pk").values_list("pk", "state", "number")),
        "grants": AwardGrant.objects.count(),
        "unit_reviews": UnitCouncilReview.objects.count(),
        "unit_decisions": list(UnitDecision.objects.values_list("pk", "state")),
    }


def refusal_is_clear(response) -> bool:
    """A 404, or a page or redirect that says why (an error message or a form error)."""
    if response.status_code == 404:
        return True
    said = [m for m in get_messages(response.wsgi_request) if m.level >= constants.INFO]
    if response.status_code == 302:
        return bool(said)
    body = response.content.decode()
    return bool(said) or "alert-danger" in body or "invalid-feedback" in body


@pytest.mark.parametrize(("state", "name"), [_case(s, n) for s, n in CASES])
def test_a_step_is_taken_only_from_its_states(client, province, users, state, name):
    action = ACTIONS[name]
    scene = build(state, action, province, users)
    before = snapshot(scene["dossier"])
    client.force_login(users[action.role])

    response = client.post(
        reverse(f"nominations:{action.url}", args=action.args(scene)), action.data(scene)
    )

    assert response.status_code in (200, 302, 400, 404), response.status_code
    after = snapshot(scene["dossier"])
    if state in action.allowed:
        assert after != before, f"{name} did nothing in {state}: the scene is wrong"
        return
    assert after == before, f"{name} changed a dossier that is {state}"
    assert refusal_is_clear(response), f"{name} in {state} answered without a message"


def test_the_table_covers_every_state_and_the_path_in_order():
    """Every state is tried, and the allowed states follow the path draft → submitted →
    appraised → consultation → Council → proposed → decided."""
    assert {s for s, _ in CASES} == set(S.values)
    order = [S.DRAFT, S.SUBMITTED, S.CONSULTATION, S.IN_COUNCIL, S.PROPOSED]
    first = [
        min(order.index(s) for s in ACTIONS[name].allowed if s in order)
        for name in (
            "dossier_submit",
            "appraisal_start",
            "consultation_create",
            "session_agenda",
            "proposal_approve",
        )
    ]
    assert first == sorted(first) == [0, 1, 2, 3, 4]
    closed = {S.DECIDED, S.REJECTED, S.WITHDRAWN}
    assert all(not (action.allowed & closed) for action in ACTIONS.values())
