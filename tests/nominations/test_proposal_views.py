"""Pages of the proposal step: the permission matrix of every view, the secretariat's
path from candidates to a submitted tờ trình, the chairman's approval and refusal, the
clerk's issuing, the constant query count of the list."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.models import Award, AwardGrant, CommendationKind, Decision, Quota
from nominations.models import NomineeOutcome, Proposal, ProposalState
from nominations.services.proposals import (
    proposal_approve,
    proposal_create,
    proposal_submission_issue,
    proposal_submit,
)
from tests.factories import PersonFactory, UnitFactory
from tests.factories import nominations as nf
from tests.utils.proposals import YEAR, proposed_dossier

pytestmark = pytest.mark.django_db

YEAR_DAY = date(2026, 6, 8)

ROLES = ["anonymous", "staff_a", "head_a", "staff_b", "secretariat", "council", "chairman"]

ROUTES = {
    "nominations:proposal_list": "test_permission_matrix[proposal_list]",
    "nominations:proposal_create": "test_permission_matrix[proposal_create]",
    "nominations:proposal_detail": "test_permission_matrix[proposal_detail]",
    "nominations:proposal_update": "test_permission_matrix[proposal_update]",
    "nominations:proposal_delete": "test_permission_matrix[proposal_delete]",
    "nominations:proposal_submit": "test_permission_matrix[proposal_submit]",
    "nominations:proposal_approve": "test_permission_matrix[proposal_approve]",
    "nominations:proposal_reject": "test_permission_matrix[proposal_reject]",
    "nominations:proposal_submission_issue": "test_permission_matrix[proposal_submission_issue]",
    "nominations:proposal_decision_issue": "test_permission_matrix[proposal_decision_issue]",
    "nominations:proposal_signed_file": "test_permission_matrix[proposal_signed_file]",
}


def client_for(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


@pytest.fixture
def world(province, users, signers, signed_pdf):
    """A submitted proposal (unit A's person and collective), a draft (unit B's person),
    an approved one with its tờ trình recorded (unit B's collective), and a ready nominee
    of unit B for the provincial Bằng khen not yet in a proposal (``gk``: no grassroots
    award such as Giấy khen ever goes to the chairman, issue 9 point 9)."""
    dossier_a = proposed_dossier(province["unit_a"], users["staff_a"])
    dossier_b = proposed_dossier(province["unit_b"], users["staff_b"])
    bk = Award.objects.get(code="BK_TINH")
    submitted = proposal_create(
        award=bk,
        kind=CommendationKind.MERIT,
        year=YEAR,
        nominees=[
            nf.nominee(
                dossier=dossier_a, person=province["person_a"], outcome=NomineeOutcome.PASSED
            ),
            nf.nominee(
                dossier=dossier_a,
                collective=province["village_a"],
                unit_name="Xã Bình Sơn",
                outcome=NomineeOutcome.PASSED,
            ),
        ],
        title="Tờ trình Bằng khen xã Bình Sơn",
        actor=users["secretariat"],
    )
    proposal_submit(proposal=submitted, actor=users["secretariat"])
    draft = proposal_create(
        award=bk,
        kind=CommendationKind.MERIT,
        year=YEAR,
        nominees=[
            nf.nominee(
                dossier=dossier_b, person=province["person_b"], outcome=NomineeOutcome.PASSED
            )
        ],
        title="Dự thảo Bằng khen phường Cẩm Thành",
        actor=users["secretariat"],
    )
    approved = proposal_create(
        award=bk,
        kind=CommendationKind.MERIT,
        year=YEAR,
        nominees=[
            nf.nominee(
                dossier=dossier_b, collective=province["unit_b"], outcome=NomineeOutcome.PASSED
            )
        ],
        title="Tờ trình đã phê duyệt",
        actor=users["secretariat"],
    )
    proposal_submit(proposal=approved, actor=users["secretariat"])
    proposal_approve(
        proposal=approved, actor=users["chairman"], signer=signers["chairman"], authority_line=""
    )
    proposal_submission_issue(
        proposal=approved,
        actor=users["secretariat"],
        number=7,
        issued_on=YEAR_DAY,
        signer=signers["director"],
        authority_line="",
        signed_file=signed_pdf("to-trinh-07.pdf"),
    )
    gk = nf.nominee(
        dossier=dossier_b,
        person=PersonFactory(full_name="Trần Thị Bích", unit=province["unit_b"]),
        award="BK_TINH",
        outcome=NomineeOutcome.PASSED,
    )
    return {
        "submitted": submitted,
        "draft": draft,
        "approved": approved,
        "gk": gk,
        "signers": signers,
        "signed_pdf": signed_pdf,
    }


def _ok(allowed, code=200):
    return {r: 302 if r == "anonymous" else code if r in allowed else 404 for r in ROLES}


SEC, CHAIR = {"secretariat"}, {"chairman"}
# (name, object, method, expected per role). 302 for an allowed POST: back to a page.
MATRIX = [
    ("proposal_list", None, "get", _ok(SEC | CHAIR)),
    ("proposal_create", None, "get", _ok(SEC)),
    ("proposal_detail", "submitted", "get", _ok(SEC | CHAIR)),
    ("proposal_update", "draft", "get", _ok(SEC)),
    ("proposal_delete", "draft", "post", _ok(SEC, 302)),
    ("proposal_submit", "draft", "post", _ok(SEC, 302)),
    ("proposal_approve", "submitted", "post", _ok(CHAIR, 302)),
    ("proposal_reject", "submitted", "post", _ok(CHAIR, 302)),
    ("proposal_submission_issue", "submitted", "post", _ok(SEC, 302)),
    ("proposal_decision_issue", "approved", "post", _ok(SEC, 302)),
    ("proposal_signed_file", "approved", "get", _ok(SEC | CHAIR)),
]


def _post_data(name, world):
    signers = world["signers"]
    issue = {
        "issued_on": "2026-06-09",
        "authority_line": "",
        "signed_file": world["signed_pdf"](),
    }
    return {
        "proposal_approve": {
            "confirm": "on",
            "signer": signers["chairman"].pk,
            "authority_line": "",
        },
        "proposal_reject": {"reason": "Chưa đủ tiêu chuẩn."},
        "proposal_submission_issue": {
            **issue,
            "number": "9",
            "signer": signers["director"].pk,
        },
        "proposal_decision_issue": {**issue, "number": "152", "signer": signers["chairman"].pk},
    }.get(name, {})


def _url(name, world, obj):
    if name == "proposal_create":
        gk = world["gk"]
        query = f"?award={gk.award_id}&kind={CommendationKind.MERIT}&year={YEAR}"
        return reverse(f"nominations:{name}") + query
    if obj is None:
        return reverse(f"nominations:{name}")
    if name == "proposal_signed_file":
        return reverse(f"nominations:{name}", args=[world[obj].pk, "to-trinh"])
    return reverse(f"nominations:{name}", args=[world[obj].pk])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "obj", "method", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix(client, users, world, role, name, obj, method, expected):
    client = client_for(client, users, role)
    url = _url(name, world, obj)
    send = client.get if method == "get" else client.post
    response = send(url, _post_data(name, world))
    assert response.status_code == expected[role]
    if expected[role] == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("units:login"))
    states = dict(Proposal.objects.values_list("title", "state"))
    allowed = expected[role] != 404 and role != "anonymous"
    body = response.content.decode() if method == "get" and response.streaming is False else ""
    if expected[role] == 404:
        for hidden in ("Tờ trình Bằng khen xã Bình Sơn", "Đặng Thùy Trâm", "Nguyễn Văn An"):
            assert hidden not in body
    # What the action did, or did not do.
    if name == "proposal_delete":
        assert ("Dự thảo Bằng khen phường Cẩm Thành" in states) is not allowed
    elif name == "proposal_submit":
        expected_state = ProposalState.SUBMITTED if allowed else ProposalState.DRAFT
        assert states["Dự thảo Bằng khen phường Cẩm Thành"] == expected_state
    elif name in ("proposal_approve", "proposal_reject"):
        done = ProposalState.APPROVED if name == "proposal_approve" else ProposalState.REJECTED
        expected_state = done if allowed else ProposalState.SUBMITTED
        assert states["Tờ trình Bằng khen xã Bình Sơn"] == expected_state
        assert not Decision.objects.exists()  # approval issues nothing
    elif name == "proposal_submission_issue":
        number = Proposal.objects.get(title="Tờ trình Bằng khen xã Bình Sơn").number
        assert number == ("09/TTr-SNV" if allowed else "")
    elif name == "proposal_decision_issue":
        expected_state = ProposalState.ISSUED if allowed else ProposalState.APPROVED
        assert states["Tờ trình đã phê duyệt"] == expected_state
        assert Decision.objects.filter(number="152/QĐ-UBND").exists() is allowed
    elif name == "proposal_signed_file" and allowed:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    elif name == "proposal_detail" and allowed:
        assert "Đặng Thùy Trâm" in body and "Thôn 1" in body
    elif name == "proposal_list" and allowed:
        assert "Tờ trình Bằng khen xã Bình Sơn" in body
        # The secretariat's draft is not the chairman's business.
        assert ("Dự thảo Bằng khen phường Cẩm Thành" in body) is (role == "secretariat")


# --- The secretariat ---------------------------------------------------------------------


def test_secretariat_prepares_and_submits_a_tờ_trình(client, users, world):
    client.force_login(users["secretariat"])
    page = client.get(reverse("nominations:proposal_list"))
    [group] = page.context["candidates"]
    assert (group.award.code, group.individuals) == ("BK_TINH", 1)
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in page.content.decode()

    url = _url("proposal_create", world, None)
    form = client.get(url)
    assert form.context["form"]["title"].value().startswith("Đề nghị tặng Bằng khen")
    # Nothing chosen: the form comes back with a Vietnamese message and nothing saved.
    data = {
        "award": world["gk"].award_id,
        "kind": CommendationKind.MERIT,
        "year": YEAR,
        "title": "Tờ trình Bằng khen phường Cẩm Thành",
        "reason_text": "hoàn thành xuất sắc nhiệm vụ",
    }
    again = client.post(url, data)
    assert again.status_code == 200
    assert "Hãy chọn ít nhất một người/tập thể được đề nghị." in again.content.decode()
    assert not Proposal.objects.filter(title="Tờ trình Bằng khen phường Cẩm Thành").exists()

    response = client.post(url, {**data, "nominees": [world["gk"].pk]})
    proposal = Proposal.objects.get(title="Tờ trình Bằng khen phường Cẩm Thành")
    assert response["Location"] == reverse("nominations:proposal_detail", args=[proposal.pk])
    assert list(proposal.nominees.all()) == [world["gk"]]

    detail = client.get(response["Location"]).content.decode()
    assert reverse("nominations:proposal_submit", args=[proposal.pk]) in detail
    for kind in ("proposal_submission", "proposal_decision"):
        for fmt in ("pdf", "docx"):
            assert reverse("reports:report_for_object", args=[kind, fmt, proposal.pk]) in detail

    client.post(reverse("nominations:proposal_submit", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    assert proposal.number == ""  # no portal counter: the register numbers it
    page = client.get(reverse("nominations:proposal_detail", args=[proposal.pk]))
    assert "Đã trình Chủ tịch UBND tỉnh." in [str(m) for m in page.context["messages"]]
    # The clerk's form suggests the register's last number + 1 (the fixture's was 07).
    form = page.context["submission_form"]
    assert form["number"].value() == 8
    assert "08/TTr-SNV" in page.content.decode()
    record = reverse("nominations:proposal_submission_issue", args=[proposal.pk])
    issue = {"issued_on": "2026-06-09", "signer": world["signers"]["director"].pk}
    # A number already in the register: refused in Vietnamese, nothing recorded.
    response = client.post(
        record,
        {**issue, "number": "7", "authority_line": "", "signed_file": world["signed_pdf"]()},
    )
    assert response.status_code == 400
    assert "Số 7 năm 2026 đã có trong sổ văn bản của Sở Nội vụ (08/06/2026)." in (
        response.content.decode()
    )
    # Not a PDF: refused; the other fields stay as typed.
    fake = SimpleUploadedFile("to-trinh.pdf", b"PK\x03\x04 not a pdf")
    response = client.post(
        record, {**issue, "number": "8", "authority_line": "", "signed_file": fake}
    )
    assert response.status_code == 400
    assert response.context["submission_form"]["number"].value() == "8"
    proposal.refresh_from_db()
    assert proposal.number == ""
    response = client.post(
        record,
        {**issue, "number": "8", "authority_line": "", "signed_file": world["signed_pdf"]()},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.number, proposal.submitted_on) == ("08/TTr-SNV", date(2026, 6, 9))


def test_a_draft_is_edited_through_its_form(client, users, world, province):
    client.force_login(users["secretariat"])
    url = reverse("nominations:proposal_update", args=[world["draft"].pk])
    response = client.post(
        url,
        {
            "title": "Dự thảo đã sửa",
            "reason_text": "",
            "nominees": list(world["draft"].nominees.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 302
    world["draft"].refresh_from_db()
    assert world["draft"].title == "Dự thảo đã sửa"
    # A nominee of another award is not offered and cannot be slipped in.
    other = nf.nominee(
        dossier=world["gk"].dossier,
        person=world["gk"].person,
        award="CSTD_TINH",
        outcome=NomineeOutcome.PASSED,
    )
    response = client.post(
        url, {"title": "Dự thảo đã sửa", "reason_text": "", "nominees": [other.pk]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["nominees"]
    assert other.pk not in world["draft"].nominees.values_list("pk", flat=True)


# --- The chairman ---------------------------------------------------------------------------


def test_chairman_approves_choosing_the_signer(client, users, world):
    client.force_login(users["chairman"])
    page = client.get(reverse("nominations:proposal_list"))
    assert [p.pk for p in page.context["awaiting"]] == [world["submitted"].pk]
    assert "Chờ đồng chí phê duyệt" in page.content.decode()

    url = reverse("nominations:proposal_detail", args=[world["submitted"].pk])
    detail = client.get(url)
    body = detail.content.decode()
    assert reverse("nominations:proposal_approve", args=[world["submitted"].pk]) in body
    assert reverse("nominations:proposal_submit", args=[world["submitted"].pk]) not in body
    form = detail.context["approve_form"]
    # The chairman's own decision: in his own right, or a vice-chairman "KT. CHỦ TỊCH".
    assert [value for value, _label in form.fields["authority_line"].choices][:2] == [
        "",
        "KT. CHỦ TỊCH",
    ]
    assert [str(s) for s in form.fields["signer"].queryset] == [
        "Chủ tịch Nguyễn Hoàng Nam",
        "Phó Chủ tịch Trần Phước Hiền",
    ]

    # Without the confirmation: nothing happens, the page says why.
    approve = reverse("nominations:proposal_approve", args=[world["submitted"].pk])
    vice = world["signers"]["vice"].pk
    response = client.post(approve, {"signer": vice, "authority_line": "KT. CHỦ TỊCH"})
    assert response.status_code == 400
    assert "Đánh dấu vào ô để xác nhận phê duyệt." in response.content.decode()
    world["submitted"].refresh_from_db()
    assert world["submitted"].state == ProposalState.SUBMITTED

    response = client.post(
        approve, {"confirm": "on", "signer": vice, "authority_line": "KT. CHỦ TỊCH"}
    )
    assert response["Location"] == url
    world["submitted"].refresh_from_db()
    assert world["submitted"].state == ProposalState.APPROVED
    assert not Decision.objects.exists() and not AwardGrant.objects.exists()
    page = client.get(url)
    body = page.content.decode()
    assert "Người ký: Phó Chủ tịch Trần Phước Hiền (KT. CHỦ TỊCH)." in " ".join(body.split())
    assert "Đã phê duyệt quyết định; văn thư sẽ ban hành và cấp số." in [
        str(m) for m in page.context["messages"]
    ]
    # Nothing left to decide, and the clerk's form is not the chairman's.
    assert approve not in body
    assert page.context["decision_form"] is None


def test_the_clerk_issues_the_approved_decision(client, users, world):
    proposal = world["approved"]
    client.force_login(users["secretariat"])
    page = client.get(reverse("nominations:proposal_list"))
    assert proposal.pk in [p.pk for p in page.context["to_issue"]]
    url = reverse("nominations:proposal_detail", args=[proposal.pk])
    page = client.get(url)
    form = page.context["decision_form"]
    assert form["number"].value() == 1  # the register of QĐ-UBND is empty
    assert form["signer"].value() == world["signers"]["chairman"].pk  # as approved
    issue = reverse("nominations:proposal_decision_issue", args=[proposal.pk])
    data = {
        "number": "152",
        "signer": world["signers"]["chairman"].pk,
        "authority_line": "",
    }
    # A date in the future is refused; nothing enters the archive.
    response = client.post(
        issue, {**data, "issued_on": "2026-06-10", "signed_file": world["signed_pdf"]()}
    )
    assert response.status_code == 400
    assert "Ngày ban hành không được ở tương lai." in response.content.decode()
    assert not AwardGrant.objects.exists()
    # Without the signed original.
    response = client.post(issue, {**data, "issued_on": "2026-06-09"})
    assert "Hãy đính kèm bản gốc đã ký (PDF)." in response.content.decode()

    response = client.post(
        issue, {**data, "issued_on": "2026-06-09", "signed_file": world["signed_pdf"]()}
    )
    assert response["Location"] == url
    decision = Decision.objects.get()
    assert (decision.number, decision.signer_name) == ("152/QĐ-UBND", "Nguyễn Hoàng Nam")
    page = client.get(url)
    body = page.content.decode()
    assert "152/QĐ-UBND" in body and "09/06/2026" in body
    for grant in AwardGrant.objects.filter(decision=decision):
        assert reverse("awards:verify", args=[grant.verification_code]) in body
    assert reverse("nominations:proposal_signed_file", args=[proposal.pk, "quyet-dinh"]) in body
    assert "Đã ban hành quyết định; các khen thưởng đã vào kho lưu trữ." in [
        str(m) for m in page.context["messages"]
    ]
    assert page.context["decision_form"] is None


def test_a_quota_breach_is_shown_and_nothing_is_issued(client, users, world, province):
    Quota.objects.create(
        unit=province["unit_b"], award=Award.objects.get(code="BK_TINH"), year=YEAR, limit=0
    )
    client.force_login(users["secretariat"])
    issue = reverse("nominations:proposal_decision_issue", args=[world["approved"].pk])
    response = client.post(
        issue,
        {
            "number": "152",
            "issued_on": "2026-06-09",
            "signer": world["signers"]["chairman"].pk,
            "authority_line": "",
            "signed_file": world["signed_pdf"](),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Không thể khen thưởng" in body and "Phường Cẩm Thành" in body
    assert not Decision.objects.exists() and not AwardGrant.objects.exists()
    world["approved"].refresh_from_db()
    assert world["approved"].state == ProposalState.APPROVED


def test_chairman_rejects_with_a_reason(client, users, world):
    client.force_login(users["chairman"])
    reject = reverse("nominations:proposal_reject", args=[world["submitted"].pk])
    response = client.post(reject, {"reason": ""})
    assert response.status_code == 400
    assert "Nhập lý do không phê duyệt." in response.content.decode()
    client.post(reject, {"reason": "Thành tích chưa tiêu biểu."})
    world["submitted"].refresh_from_db()
    assert world["submitted"].state == ProposalState.REJECTED
    page = client.get(reverse("nominations:proposal_detail", args=[world["submitted"].pk]))
    assert "Thành tích chưa tiêu biểu." in page.content.decode()


# --- Query counts ---------------------------------------------------------------------------


def _more(province, users, n):
    bk = Award.objects.get(code="BK_TINH")
    for i in range(n):
        dossier = proposed_dossier(province["unit_b"], users["staff_b"])
        nominee = nf.nominee(
            dossier=dossier,
            collective=UnitFactory(parent=province["unit_b"], name=f"Tổ dân phố {i}"),
            outcome=NomineeOutcome.PASSED,
        )
        proposal = proposal_create(
            award=bk,
            kind=CommendationKind.MERIT,
            year=YEAR,
            nominees=[nominee],
            title=f"Tờ trình {i}",
            actor=users["secretariat"],
        )
        if i % 2:
            proposal_submit(proposal=proposal, actor=users["secretariat"])
        nf.nominee(
            dossier=dossier,
            collective=UnitFactory(parent=province["unit_b"], name=f"Khu phố {i}"),
            outcome=NomineeOutcome.PASSED,
        )


@pytest.mark.parametrize("role", ["secretariat", "chairman"])
def test_list_and_detail_answer_in_a_constant_number_of_queries(
    client, users, world, province, role, django_assert_max_num_queries
):
    client.force_login(users[role])
    pages = [
        reverse("nominations:proposal_list"),
        reverse("nominations:proposal_detail", args=[world["submitted"].pk]),
    ]
    counts = {}
    for url in pages:
        client.get(url)  # warm the session
        with django_assert_max_num_queries(40) as small:
            client.get(url)
        counts[url] = len(small.captured_queries)
    _more(province, users, 12)
    for url in pages:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200
