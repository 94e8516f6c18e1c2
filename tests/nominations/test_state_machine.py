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
)
from tests.factories import PersonFactory
from tests.factories import nominations as make
from tests.nominations.test_dossier_support import YEAR, _media, pdf_upload, rate  # noqa: F401

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
    needs: str = ""  # "session", "draft_proposal" or "submitted_proposal"

    def args(self, scene) -> list:
        if self.url == "session_agenda":
            return [scene["session"].pk]
        if self.url in ("proposal_submit", "proposal_approve"):
            return [scene["proposal"].pk]
        if self.url in ("consultation_create", "proposal_create"):
            return []
        if self.url == "nominee_remove":
            return [scene["dossier"].pk, scene["nominee"].pk]
        return [scene["dossier"].pk]

    def data(self, scene) -> dict:
        dossier, nominee = scene["dossier"], scene["nominee"]
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
            "proposal_approve": {"confirm": "on"},
        }.get(self.url, {})


APPROVED = {"outcome": NomineeOutcome.APPROVED}
ACTIONS = {
    # The unit's side.
    "dossier_submit": Action("dossier_submit", "head_a", UNIT_HOLDS),
    "dossier_withdraw": Action("dossier_withdraw", "head_a", UNIT_HOLDS | IN_QUEUE),
    "dossier_update": Action("dossier_update", "staff_a", UNIT_HOLDS),
    "nominee_create": Action("nominee_create", "staff_a", UNIT_HOLDS),
    "nominee_remove": Action("nominee_remove", "staff_a", UNIT_HOLDS),
    "attachment_add": Action("attachment_add", "staff_a", UNIT_HOLDS),
    # Appraisal.
    "appraisal_start": Action("appraisal_start", "secretariat", {S.SUBMITTED}),
    "appraisal_recheck": Action("appraisal_recheck", "secretariat", IN_QUEUE),
    "appraisal_return": Action("appraisal_return", "secretariat", IN_QUEUE),
    "appraisal_accept": Action("appraisal_accept", "secretariat", IN_QUEUE),
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
        submitted = action.needs == "submitted_proposal"
        proposal = Proposal.objects.create(
            target=ProposalTarget.CHAIRMAN,
            award=nominee.award,
            kind="CONG_TRANG",
            year=YEAR,
            title="Tờ trình đề nghị tặng Bằng khen",
            state=ProposalState.SUBMITTED if submitted else ProposalState.DRAFT,
            number="01/TTr-SNV" if submitted else "",
            submitted_on=timezone.localdate() if submitted else None,
            created_by=users["secretariat"],
        )
        Nominee.objects.filter(pk=nominee.pk).update(proposal=proposal)
        scene["proposal"] = proposal
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
