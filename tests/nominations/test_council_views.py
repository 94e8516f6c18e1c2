"""Pages of Council sessions: the permission matrix of every view, the secretariat's run
of a session, the member's secret ballot (once, then only "you voted"), an absent
member's refusal, and a member kept to the sessions and agendas they belong to."""

from datetime import date
from functools import partial

import pytest
from django.urls import NoReverseMatch, reverse

from nominations.models import Ballot, BallotReceipt, CouncilSession, NomineeOutcome, SessionState
from nominations.services import council as svc
from tests.nominations.test_council import (
    AGREE,
    DISAGREE,
    council_members,
    items_of,
    ready_nominee,
    scheduled_session,
    vote,
    voting_session,
)
from tests.units.test_views import ROLES, client_for
from units.models import SecurityEvent

pytestmark = pytest.mark.django_db

ROUTES = {
    "nominations:session_list": "test_matrix[session_list]",
    "nominations:session_create": "test_matrix[session_create]",
    "nominations:session_detail": "test_matrix[session_detail]",
    "nominations:session_vote": "test_matrix[session_vote]",
    "nominations:session_agenda": "test_matrix[session_agenda]",
    "nominations:session_attendance": "test_matrix[session_attendance]",
    "nominations:session_open": "test_matrix[session_open]",
    "nominations:session_close": "test_matrix[session_close]",
}


@pytest.fixture
def world(province, users):
    """A scheduled session with one nominee and every member present, and a session with
    voting open on another nominee."""
    secretariat = users["secretariat"]
    members = council_members(3, existing=[users["council"]])
    first = ready_nominee(unit=province["unit_a"], creator=users["staff_a"], name="Hồ Văn Sớm")
    second = ready_nominee(unit=province["unit_b"], creator=users["staff_b"], name="Lý Thị Muộn")
    scheduled = scheduled_session(secretariat, title="Phiên sắp họp")
    svc.agenda_set(session=scheduled, nominees=[first], actor=secretariat)
    voting = voting_session(actor=secretariat, members=members, nominees=[second])
    return {
        "members": members,
        "scheduled": scheduled,
        "voting": voting,
        "first": first,
        "second": second,
    }


# name: (method, session key); POST data from _post_data.
VIEWS = {
    "session_list": ("get", None),
    "session_create": ("get", None),
    "session_detail": ("get", "scheduled"),
    "session_vote": ("get", "voting"),
    "session_agenda": ("post", "scheduled"),
    "session_attendance": ("post", "scheduled"),
    "session_open": ("post", "scheduled"),
    "session_close": ("post", "voting"),
}
SEES = {"secretariat", "chairman", "council"}
EXPECTED = {
    "session_list": {r: 200 if r in SEES else 404 for r in ROLES},
    "session_create": {r: 200 if r == "secretariat" else 404 for r in ROLES},
    "session_detail": {r: 200 if r in SEES else 404 for r in ROLES},
    "session_vote": {r: 200 if r == "council" else 404 for r in ROLES},
    **{
        name: {r: 302 if r == "secretariat" else 404 for r in ROLES}
        for name in ("session_agenda", "session_attendance", "session_open", "session_close")
    },
}


def _post_data(name, world):
    if name == "session_agenda":
        return {"nominees": [world["first"].pk]}
    if name == "session_attendance":
        return {f"present_{m.pk}": "on" for m in world["members"]}
    return {}


@pytest.mark.parametrize("name", list(VIEWS))
@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, users, world, name, role):
    method, key = VIEWS[name]
    url = reverse(f"nominations:{name}", args=[world[key].pk] if key else [])
    client = client_for(client, users, role)
    send = client.get if method == "get" else partial(client.post, data=_post_data(name, world))
    response = send(url)
    expected = 302 if role == "anonymous" else EXPECTED[name][role]
    assert response.status_code == expected, (name, role)
    if role == "anonymous":
        assert reverse("units:login") in response["Location"]
    elif expected == 302:
        assert response["Location"] == reverse("nominations:session_detail", args=[world[key].pk])


def test_secretariat_runs_a_session_through_the_pages(client, province, users):
    secretariat = users["secretariat"]
    members = council_members(3, existing=[users["council"]])
    nominee = ready_nominee(unit=province["unit_a"], creator=users["staff_a"], name="Tạ Văn Đủ")
    client.force_login(secretariat)

    response = client.post(
        reverse("nominations:session_create"),
        {"title": "Phiên họp tháng 12", "held_on": "2026-12-20", "place": "Hội trường A"},
    )
    session = CouncilSession.objects.get(title="Phiên họp tháng 12")
    assert response["Location"] == reverse("nominations:session_detail", args=[session.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Tạ Văn Đủ" in page and 'data-testid="agenda-form"' in page

    client.post(
        reverse("nominations:session_agenda", args=[session.pk]), {"nominees": [nominee.pk]}
    )
    client.post(
        reverse("nominations:session_attendance", args=[session.pk]),
        {
            f"present_{members[0].pk}": "on",
            f"present_{members[1].pk}": "on",
            f"present_{members[2].pk}": "on",
        },
    )
    response = client.post(reverse("nominations:session_open", args=[session.pk]), follow=True)
    assert "Đã mở bỏ phiếu." in response.content.decode()
    session.refresh_from_db()
    assert (session.state, session.member_total, session.present_count) == ("voting", 3, 3)

    for member, choice in zip(members, (AGREE, AGREE, DISAGREE), strict=True):
        client.force_login(member)
        client.post(
            reverse("nominations:session_vote", args=[session.pk]),
            {f"item_{items_of(session)[0].pk}": choice},
        )
    client.force_login(secretariat)
    page = client.get(reverse("nominations:session_detail", args=[session.pk])).content.decode()
    assert 'data-testid="voter-count">3/3' in page

    response = client.post(reverse("nominations:session_close", args=[session.pk]), follow=True)
    page = response.content.decode()
    assert "Đã kết thúc bỏ phiếu và kiểm phiếu." in page
    assert "Kết quả bỏ phiếu kín" in page
    assert 'data-testid="agree">2<' in page
    assert "2/3" in page  # the threshold: majority of 3
    assert 'data-testid="result">Đạt<' in page
    minutes = reverse("reports:report_for_object", args=["council_minutes", "pdf", session.pk])
    assert f'action="{minutes}"' in page
    nominee.refresh_from_db()
    assert nominee.outcome == NomineeOutcome.PASSED


def test_the_vote_page_takes_one_ballot_then_shows_only_that_it_was_cast(client, world):
    session, member = world["voting"], world["members"][1]
    url = reverse("nominations:session_vote", args=[session.pk])
    client.force_login(member)
    page = client.get(url).content.decode()
    assert page.count('type="radio"') == 3
    for label in ("Đồng ý", "Không đồng ý", "Không biểu quyết"):
        assert f">{label}</label>" in page
    assert "Lý Thị Muộn" in page

    item = items_of(session)[0]
    response = client.post(url, {f"item_{item.pk}": DISAGREE})
    assert response.status_code == 302 and response["Location"] == url

    page = client.get(url).content.decode()
    assert 'data-testid="vote-done"' in page
    assert "Bạn đã bỏ phiếu cho 1 người được đề nghị" in page
    assert 'type="radio"' not in page and "Không đồng ý" not in page

    response = client.post(url, {f"item_{item.pk}": AGREE}, follow=True)
    assert "Bạn đã bỏ phiếu" in response.content.decode()
    assert list(Ballot.objects.filter(item=item).values_list("choice", flat=True)) == [DISAGREE]
    assert BallotReceipt.objects.filter(item=item).count() == 1
    # The security log says the member voted, once, and never how.
    event = SecurityEvent.objects.get(kind="ballot_cast")
    assert (event.user, event.detail) == (member, {"session": session.pk, "items": 1})


def test_a_ballot_missing_a_choice_is_shown_again_with_the_message(client, province, users):
    members = council_members(3, existing=[users["council"]])
    nominees = [
        ready_nominee(unit=province["unit_a"], creator=users["staff_a"], name=n)
        for n in ("Người Thứ Nhất", "Người Thứ Hai")
    ]
    session = voting_session(actor=users["secretariat"], members=members, nominees=nominees)
    first = items_of(session)[0]
    client.force_login(users["council"])
    response = client.post(
        reverse("nominations:session_vote", args=[session.pk]), {f"item_{first.pk}": AGREE}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hãy chọn một trong ba phương án." in page
    assert f'value="agree" id="id_item_{first.pk}_0" checked' in page
    assert not BallotReceipt.objects.exists() and not Ballot.objects.exists()


def test_an_absent_member_is_told_they_cannot_vote(client, province, users):
    secretariat = users["secretariat"]
    members = council_members(5, existing=[users["council"]])
    nominee = ready_nominee(unit=province["unit_a"], creator=users["staff_a"])
    session = voting_session(
        actor=secretariat, members=members, nominees=[nominee], present=members[1:]
    )
    url = reverse("nominations:session_vote", args=[session.pk])
    client.force_login(users["council"])  # members[0], absent

    page = client.get(url).content.decode()
    message = (
        "Bạn không được ghi nhận có mặt tại phiên họp này nên không thể bỏ phiếu. "
        "Nếu có nhầm lẫn, hãy liên hệ Thường trực Hội đồng."
    )
    assert message in page and 'type="radio"' not in page
    detail = client.get(reverse("nominations:session_detail", args=[session.pk])).content.decode()
    assert message in detail and 'data-testid="vote-link"' not in detail

    client.post(url, {f"item_{items_of(session)[0].pk}": AGREE})
    assert not BallotReceipt.objects.exists() and not Ballot.objects.exists()


def test_a_member_sees_their_sessions_and_agendas_only(client, world, users):
    secretariat = users["secretariat"]
    earlier = CouncilSession.objects.create(
        title="Phiên nhiệm kỳ trước",
        held_on=date(2025, 1, 10),
        state=SessionState.CLOSED,
        created_by=secretariat,
    )
    client.force_login(users["council"])
    listing = client.get(reverse("nominations:session_list")).content.decode()
    assert "Phiên sắp họp" in listing and "Phiên nhiệm kỳ trước" not in listing
    for name in ("session_detail", "session_vote"):
        assert client.get(reverse(f"nominations:{name}", args=[earlier.pk])).status_code == 404
    page = client.get(
        reverse("nominations:session_detail", args=[world["scheduled"].pk])
    ).content.decode()
    assert "Hồ Văn Sớm" in page and "Lý Thị Muộn" not in page
    assert 'data-testid="agenda-form"' not in page and 'data-testid="open-voting"' not in page
    # The dossiers behind the agenda stay closed to a member.
    try:
        dossier_url = reverse("nominations:dossier_detail", args=[world["first"].dossier_id])
    except NoReverseMatch:
        dossier_url = None
    if dossier_url:
        assert client.get(dossier_url).status_code == 404


def test_bad_agenda_and_attendance_are_shown_again_with_a_message(client, world, province, users):
    session = world["scheduled"]
    pending = ready_nominee(
        unit=province["unit_a"],
        creator=users["staff_a"],
        name="Chưa Duyệt",
        outcome=NomineeOutcome.PENDING,
    )
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("nominations:session_agenda", args=[session.pk]), {"nominees": [pending.pk]}
    )
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert [i.nominee_id for i in items_of(session)] == [world["first"].pk]

    member = world["members"][1]
    response = client.post(
        reverse("nominations:session_attendance", args=[session.pk]),
        {f"present_{member.pk}": "on", f"opinion_{member.pk}": "Nhất trí"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ý kiến bằng văn bản chỉ dành cho thành viên vắng mặt." in page
    assert ">Nhất trí</textarea>" in page


def test_opening_without_quorum_says_why(client, province, users):
    secretariat = users["secretariat"]
    members = council_members(5, existing=[users["council"]])
    nominee = ready_nominee(unit=province["unit_a"], creator=users["staff_a"])
    session = scheduled_session(secretariat)
    svc.agenda_set(session=session, nominees=[nominee], actor=secretariat)
    svc.attendance_record(
        session=session, rows={m.pk: (i < 3, "") for i, m in enumerate(members)}, actor=secretariat
    )
    client.force_login(secretariat)
    response = client.post(reverse("nominations:session_open", args=[session.pk]), follow=True)
    assert (
        "Phiên họp chưa đủ số thành viên tham dự: có mặt 3/5 thành viên, cần ít nhất 4."
        in response.content.decode()
    )
    session.refresh_from_db()
    assert session.state == SessionState.SCHEDULED


def test_results_after_close_for_the_chairman_and_members(client, world, users):
    session, members = world["voting"], world["members"]
    for member in members:
        vote(session, member, AGREE)
    svc.voting_close(session=session, actor=users["secretariat"])
    for role in ("chairman", "council"):
        client.force_login(users[role])
        page = client.get(reverse("nominations:session_detail", args=[session.pk])).content.decode()
        assert 'data-testid="agree">3<' in page and 'data-testid="result">Đạt<' in page
        assert 'data-testid="close-voting"' not in page
        assert 'data-testid="minutes-pdf"' in page


def test_the_session_list_answers_in_constant_queries(client, users, django_assert_max_num_queries):
    client.force_login(users["secretariat"])

    def make(n):
        for i in range(n):
            CouncilSession.objects.create(
                title=f"Phiên {i}", held_on=date(2026, 1, 1), created_by=users["secretariat"]
            )

    make(2)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("nominations:session_list"))
    make(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("nominations:session_list"))
    assert response.content.decode().count("Phiên ") >= 25
