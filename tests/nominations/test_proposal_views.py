"""Pages of the proposal step: the permission matrix of every view, the secretariat's
path from candidates to a submitted tờ trình, the chairman's approval and refusal, the
constant query count of the list."""

import pytest
from django.urls import reverse

from awards.models import Award, AwardGrant, CommendationKind, Decision, Quota
from nominations.models import NomineeOutcome, Proposal, ProposalState
from nominations.services.proposals import proposal_create, proposal_submit
from tests.factories import UnitFactory
from tests.factories import nominations as nf
from tests.nominations.test_proposal_services import YEAR, proposed_dossier

pytestmark = pytest.mark.django_db

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
}


def client_for(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


@pytest.fixture
def world(province, users):
    """A submitted proposal (unit A's person and collective), a draft (unit B's person),
    and a ready Giấy khen nominee of unit B not yet in a proposal."""
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
    gk = nf.nominee(
        dossier=dossier_b, person=province["person_b"], award="GK", outcome=NomineeOutcome.APPROVED
    )
    return {"submitted": submitted, "draft": draft, "gk": gk}


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
]
POST_DATA = {
    "proposal_approve": {"confirm": "on"},
    "proposal_reject": {"reason": "Chưa đủ tiêu chuẩn."},
}


def _url(name, world, obj):
    if name == "proposal_create":
        gk = world["gk"]
        query = f"?award={gk.award_id}&kind={CommendationKind.MERIT}&year={YEAR}"
        return reverse(f"nominations:{name}") + query
    if obj is None:
        return reverse(f"nominations:{name}")
    return reverse(f"nominations:{name}", args=[world[obj].pk])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "obj", "method", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix(client, users, world, role, name, obj, method, expected):
    client = client_for(client, users, role)
    url = _url(name, world, obj)
    send = client.get if method == "get" else client.post
    response = send(url, POST_DATA.get(name, {}))
    assert response.status_code == expected[role]
    if expected[role] == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("units:login"))
    states = dict(Proposal.objects.values_list("title", "state"))
    allowed = expected[role] != 404 and role != "anonymous"
    body = response.content.decode() if method == "get" else ""
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
        done = ProposalState.ISSUED if name == "proposal_approve" else ProposalState.REJECTED
        expected_state = done if allowed else ProposalState.SUBMITTED
        assert states["Tờ trình Bằng khen xã Bình Sơn"] == expected_state
        assert Decision.objects.exists() is (allowed and name == "proposal_approve")
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
    assert (group.award.code, group.individuals) == ("GK", 1)
    assert "Giấy khen" in page.content.decode()

    url = _url("proposal_create", world, None)
    form = client.get(url)
    assert form.context["form"]["title"].value().startswith("Đề nghị tặng Giấy khen")
    # Nothing chosen: the form comes back with a Vietnamese message and nothing saved.
    data = {
        "award": world["gk"].award_id,
        "kind": CommendationKind.MERIT,
        "year": YEAR,
        "title": "Tờ trình Giấy khen",
        "reason_text": "hoàn thành xuất sắc nhiệm vụ",
    }
    again = client.post(url, data)
    assert again.status_code == 200
    assert "Hãy chọn ít nhất một người/tập thể được đề nghị." in again.content.decode()
    assert not Proposal.objects.filter(title="Tờ trình Giấy khen").exists()

    response = client.post(url, {**data, "nominees": [world["gk"].pk]})
    proposal = Proposal.objects.get(title="Tờ trình Giấy khen")
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
    assert proposal.number == "02/TTr-SNV"  # the fixture's was 01
    page = client.get(reverse("nominations:proposal_detail", args=[proposal.pk]))
    assert "02/TTr-SNV" in page.content.decode()
    assert "Đã trình Chủ tịch UBND tỉnh." in [str(m) for m in page.context["messages"]]


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
    response = client.post(
        url, {"title": "Dự thảo đã sửa", "reason_text": "", "nominees": [world["gk"].pk]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["nominees"]
    assert world["gk"].pk not in world["draft"].nominees.values_list("pk", flat=True)


# --- The chairman ---------------------------------------------------------------------------


def test_chairman_sees_what_awaits_him_and_approves(client, users, world):
    client.force_login(users["chairman"])
    page = client.get(reverse("nominations:proposal_list"))
    assert [p.pk for p in page.context["awaiting"]] == [world["submitted"].pk]
    assert "Chờ đồng chí phê duyệt" in page.content.decode()

    url = reverse("nominations:proposal_detail", args=[world["submitted"].pk])
    detail = client.get(url).content.decode()
    assert reverse("nominations:proposal_approve", args=[world["submitted"].pk]) in detail
    assert reverse("nominations:proposal_submit", args=[world["submitted"].pk]) not in detail

    # Without the confirmation: nothing happens, the page says why.
    approve = reverse("nominations:proposal_approve", args=[world["submitted"].pk])
    response = client.post(approve, {})
    assert response.status_code == 400
    assert "Đánh dấu vào ô để xác nhận phê duyệt." in response.content.decode()
    assert not Decision.objects.exists()

    response = client.post(approve, {"confirm": "on"})
    assert response["Location"] == url
    decision = Decision.objects.get()
    page = client.get(url)
    body = page.content.decode()
    assert decision.number in body and decision.issued_on.strftime("%d/%m/%Y") in body
    for grant in AwardGrant.objects.filter(decision=decision):
        assert reverse("awards:verify", args=[grant.verification_code]) in body
    assert (
        reverse(
            "awards:person_history",
            args=[world["submitted"].nominees.get(person__isnull=False).person_id],
        )
        in body
    )
    assert "Đã ban hành quyết định khen thưởng." in [str(m) for m in page.context["messages"]]
    # Nothing left to decide: the forms are gone.
    assert approve not in body


def test_a_quota_breach_is_shown_and_nothing_is_issued(client, users, world, province):
    Quota.objects.create(
        unit=province["unit_a"], award=Award.objects.get(code="BK_TINH"), year=YEAR, limit=1
    )
    client.force_login(users["chairman"])
    approve = reverse("nominations:proposal_approve", args=[world["submitted"].pk])
    response = client.post(approve, {"confirm": "on"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("Không thể khen thưởng" in m and "Xã Bình Sơn" in m for m in messages), messages
    assert not Decision.objects.exists() and not AwardGrant.objects.exists()
    world["submitted"].refresh_from_db()
    assert world["submitted"].state == ProposalState.SUBMITTED


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
