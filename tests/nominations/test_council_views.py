"""Pages of Council sessions: the permission matrix of every view, the secretariat's run
of a session, the member's secret ballot (once, then only "you voted"), an absent
member's refusal, and a member kept to the sessions and agendas they belong to."""

import re
from datetime import date
from functools import partial

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from nominations.models import (
    Attachment,
    Ballot,
    BallotReceipt,
    CouncilSession,
    NomineeOutcome,
    SessionState,
    WrittenOpinionSheet,
)
from nominations.services import council as svc
from tests.utils.clients import ROLES, client_for
from tests.utils.council import (
    AGREE,
    DISAGREE,
    SESSION_MORNING,
    council_members,
    items_of,
    ready_nominee,
    scheduled_session,
    vote,
    voting_session,
)
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
    "nominations:session_update": "test_matrix[session_update]",
    "nominations:session_record": "test_matrix[session_record]",
    "nominations:session_opinion_add": "test_matrix[session_opinion_add]",
    "nominations:session_opinion_remove": "test_matrix[session_opinion_remove]",
    "nominations:session_opinion_paper": "test_matrix[session_opinion_paper]",
    "nominations:session_dossier": "test_matrix[session_dossier]",
    "nominations:session_attachment": "test_matrix[session_attachment]",
    "nominations:session_report": "test_matrix[session_report]",
}


@pytest.fixture
def world(province, users, signed_pdf):
    """A scheduled session with one nominee and every member present, and a session with
    voting open on another nominee."""
    secretariat = users["secretariat"]
    members = council_members(3, existing=[users["council"]])
    first = ready_nominee(unit=province["unit_a"], creator=users["staff_a"], name="Hồ Văn Sớm")
    second = ready_nominee(unit=province["unit_b"], creator=users["staff_b"], name="Lý Thị Muộn")
    scheduled = scheduled_session(secretariat, title="Phiên sắp họp")
    svc.agenda_set(session=scheduled, nominees=[first], actor=secretariat)
    voting = voting_session(actor=secretariat, members=members, nominees=[second])
    # The first nominee's dossier: its report file and an attachment (read by the members).
    first.report_file.save("bao-cao.pdf", ContentFile(b"%PDF-1.4 report"), save=False)
    first.report_file_name = "bao-cao-thanh-tich.pdf"
    first.save()
    attachment = Attachment.objects.create(
        dossier=first.dossier,
        document_code="to_trinh",
        file=ContentFile(b"%PDF-1.4 test", name="to-trinh.pdf"),
        original_name="to-trinh.pdf",
        file_kind="pdf",
        size=13,
        uploaded_by=users["staff_a"],
    )
    # A third session with an absent member's written opinion.
    third = ready_nominee(unit=province["unit_a"], creator=users["staff_a"], name="Đào Văn Ba")
    with_opinion = scheduled_session(secretariat, title="Phiên có ý kiến bằng văn bản")
    svc.agenda_set(session=with_opinion, nominees=[third], actor=secretariat)
    sheet = svc.written_opinion_record(
        session=with_opinion,
        member=members[2],
        opinions={items_of(with_opinion)[0].pk: AGREE},
        paper=signed_pdf("phieu.pdf"),
        actor=secretariat,
    )
    return {
        "members": members,
        "scheduled": scheduled,
        "voting": voting,
        "first": first,
        "second": second,
        "attachment": attachment,
        "with_opinion": with_opinion,
        "sheet": sheet,
    }


# name: (method, session key[, extra URL argument from the world]); POST data from _post_data.
VIEWS = {
    "session_list": ("get", None),
    "session_create": ("get", None),
    "session_detail": ("get", "scheduled"),
    "session_vote": ("get", "voting"),
    "session_agenda": ("post", "scheduled"),
    "session_attendance": ("post", "scheduled"),
    "session_open": ("post", "scheduled"),
    "session_close": ("post", "voting"),
    "session_update": ("get", "scheduled"),
    "session_record": ("post", "voting"),
    "session_opinion_add": ("get", "with_opinion"),
    "session_opinion_remove": ("post", "with_opinion", lambda w: w["sheet"].pk),
    "session_opinion_paper": ("get", "with_opinion", lambda w: w["sheet"].pk),
    "session_dossier": ("get", "scheduled", lambda w: w["first"].dossier_id),
    "session_attachment": ("get", "scheduled", lambda w: w["attachment"].pk),
    "session_report": ("get", "scheduled", lambda w: w["first"].pk),
}
SEES = {"secretariat", "chairman", "council"}
EXPECTED = {
    "session_list": {r: 200 if r in SEES else 404 for r in ROLES},
    "session_create": {r: 200 if r == "secretariat" else 404 for r in ROLES},
    "session_detail": {r: 200 if r in SEES else 404 for r in ROLES},
    "session_vote": {r: 200 if r == "council" else 404 for r in ROLES},
    **{
        name: {r: 302 if r == "secretariat" else 404 for r in ROLES}
        for name in (
            "session_agenda",
            "session_attendance",
            "session_open",
            "session_close",
            "session_record",
            "session_opinion_remove",
        )
    },
    **{
        name: {r: 200 if r == "secretariat" else 404 for r in ROLES}
        for name in ("session_update", "session_opinion_add")
    },
    # Members read the dossiers on the agenda of the sessions they sit in (point 12).
    **{
        name: {r: 200 if r in SEES else 404 for r in ROLES}
        for name in (
            "session_opinion_paper",
            "session_dossier",
            "session_attachment",
            "session_report",
        )
    },
}


def _post_data(name, world):
    if name == "session_agenda":
        return {"nominees": [world["first"].pk]}
    if name == "session_attendance":
        return {f"present_{m.pk}": "on" for m in world["members"]}
    if name == "session_record":
        return {"secretary": world["members"][2].pk}
    return {}


@pytest.mark.parametrize("name", list(VIEWS))
@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, users, world, name, role):
    method, key, *extra = VIEWS[name]
    args = [world[key].pk] if key else []
    args += [get(world) for get in extra]
    url = reverse(f"nominations:{name}", args=args)
    client = client_for(client, users, role)
    send = client.get if method == "get" else partial(client.post, data=_post_data(name, world))
    response = send(url)
    expected = 302 if role == "anonymous" else EXPECTED[name][role]
    assert response.status_code == expected, (name, role)
    if role == "anonymous":
        assert reverse("units:login") in response["Location"]
    elif expected == 302:
        assert response["Location"].split("#")[0] == reverse(
            "nominations:session_detail", args=[world[key].pk]
        )


def test_secretariat_runs_a_session_through_the_pages(client, province, users, time_machine):
    time_machine.move_to(SESSION_MORNING, tick=True)  # the session's day: the ballot opens
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
    # The dossier's own page stays closed to a member (they read it through the session).
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
    assert "Ghi chú về việc vắng mặt chỉ dành cho thành viên vắng mặt." in page
    assert ">Nhất trí</textarea>" in page


def test_opening_without_quorum_says_why(client, province, users, time_machine):
    secretariat = users["secretariat"]
    members = council_members(5, existing=[users["council"]])
    nominee = ready_nominee(unit=province["unit_a"], creator=users["staff_a"])
    session = scheduled_session(secretariat)
    svc.agenda_set(session=session, nominees=[nominee], actor=secretariat)
    svc.attendance_record(
        session=session, rows={m.pk: (i < 3, "") for i, m in enumerate(members)}, actor=secretariat
    )
    time_machine.move_to(SESSION_MORNING, tick=True)  # the ballot opens on the day
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


# --- point 12: the members read the dossiers on the agenda ----------------------------------


def test_a_member_reads_a_dossier_on_the_agenda_read_only(client, world, users):
    session, first = world["scheduled"], world["first"]
    client.force_login(users["council"])
    detail = client.get(reverse("nominations:session_detail", args=[session.pk])).content.decode()
    dossier_url = reverse("nominations:session_dossier", args=[session.pk, first.dossier_id])
    assert f'href="{dossier_url}"' in detail

    page = client.get(dossier_url).content.decode()
    assert "Hồ Văn Sớm" in page and "Lý Thị Muộn" not in page
    attachment_url = reverse(
        "nominations:session_attachment", args=[session.pk, world["attachment"].pk]
    )
    report_url = reverse("nominations:session_report", args=[session.pk, first.pk])
    assert f'href="{attachment_url}"' in page and ">to-trinh.pdf</a>" in page
    assert f'href="{report_url}"' in page and "bao-cao-thanh-tich.pdf" in page
    assert 'data-testid="appraisal-outcome"' in page and "Đạt, chuyển bước tiếp theo" in page
    assert "Không đưa ra lấy ý kiến nhân dân." in page
    assert 'data-testid="read-only"' in page
    assert reverse("nominations:attachment_remove", args=[world["attachment"].pk]) not in page

    response = client.get(attachment_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == (
        b"%PDF-1.4 test"
    )
    assert client.get(report_url).status_code == 200
    events = SecurityEvent.objects.filter(kind="personal_data_exported").order_by("id")
    assert [(e.user, e.detail) for e in events] == [
        (
            users["council"],
            {
                "session": session.pk,
                "dossier": first.dossier_id,
                "attachment": world["attachment"].pk,
            },
        ),
        (
            users["council"],
            {"session": session.pk, "dossier": first.dossier_id, "nominee_report": first.pk},
        ),
    ]


def test_a_member_reads_no_other_dossier(client, world, province, users):
    session, first, second = world["scheduled"], world["first"], world["second"]
    elsewhere = ready_nominee(unit=province["unit_b"], creator=users["staff_b"], name="Ngoài Lề")
    client.force_login(users["council"])

    def status(name, *args):
        return client.get(reverse(f"nominations:{name}", args=args)).status_code

    # A dossier on another session's agenda, or on none, through this session: 404.
    assert status("session_dossier", session.pk, second.dossier_id) == 404
    assert status("session_dossier", session.pk, elsewhere.dossier_id) == 404
    assert status("session_report", session.pk, second.pk) == 404
    # The same dossier through a session the member does not sit in: 404.
    earlier = CouncilSession.objects.create(
        title="Phiên cũ",
        held_on=date(2025, 1, 10),
        state=SessionState.CLOSED,
        created_by=users["secretariat"],
    )
    assert status("session_dossier", earlier.pk, first.dossier_id) == 404
    assert status("session_attachment", earlier.pk, world["attachment"].pk) == 404
    # The dossier's own page stays the unit's and the secretariat's.
    assert status("dossier_detail", first.dossier_id) == 404
    assert not SecurityEvent.objects.filter(kind="personal_data_exported").exists()


# --- point 10: written opinions through the pages; point 15: confirmations ----------------


def test_secretariat_records_a_written_opinion_with_its_signed_paper(
    client, world, users, signed_pdf
):
    session, member = world["scheduled"], world["members"][1]
    item = items_of(session)[0]
    url = reverse("nominations:session_opinion_add", args=[session.pk])
    client.force_login(users["secretariat"])

    bad = SimpleUploadedFile("phieu.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(url, {"member": member.pk, f"item_{item.pk}": AGREE, "paper": bad})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="file-lost"' in page
    assert not WrittenOpinionSheet.objects.filter(session=session).exists()

    response = client.post(
        url, {"member": member.pk, f"item_{item.pk}": AGREE, "paper": signed_pdf("phieu.pdf")}
    )
    assert response.status_code == 302
    sheet = WrittenOpinionSheet.objects.get(session=session)
    assert (sheet.member, sheet.recorded_by) == (member, users["secretariat"])
    assert list(sheet.opinions.values_list("item_id", "choice")) == [(item.pk, AGREE)]
    page = client.get(response["Location"]).content.decode()
    assert "Đã ghi nhận ý kiến bằng văn bản của Thành Viên 01." in page
    assert 'data-testid="opinion-sheet"' in page
    # The member is no longer offered: one opinion per member.
    form = client.get(url).content.decode()
    assert f'<option value="{member.pk}"' not in form


def test_irreversible_steps_ask_for_confirmation(client, world, users):
    """Each irreversible step's form carries data-confirm (static/js/confirm.js asks)."""

    def confirm_of(page, action):
        match = re.search(
            rf'<form method="post" action="{re.escape(action)}" data-confirm="([^"]+)"', page
        )
        return match.group(1) if match else None

    client.force_login(users["secretariat"])
    url = partial(reverse, "nominations:session_detail")
    scheduled = client.get(url(args=[world["scheduled"].pk])).content.decode()
    assert confirm_of(
        scheduled, reverse("nominations:session_open", args=[world["scheduled"].pk])
    ).startswith("Mở bỏ phiếu? Khi mở bỏ phiếu, danh sách có mặt")
    voting = client.get(url(args=[world["voting"].pk])).content.decode()
    assert confirm_of(
        voting, reverse("nominations:session_close", args=[world["voting"].pk])
    ).startswith("Kết thúc bỏ phiếu và kiểm phiếu? 0/3 thành viên có mặt đã bỏ phiếu.")
    session, sheet = world["with_opinion"], world["sheet"]
    page = client.get(url(args=[session.pk])).content.decode()
    assert confirm_of(
        page, reverse("nominations:session_opinion_remove", args=[session.pk, sheet.pk])
    ).startswith("Xóa ý kiến bằng văn bản này? Ý kiến bằng văn bản của Thành Viên 02")
    client.force_login(world["members"][1])
    ballot = client.get(
        reverse("nominations:session_vote", args=[world["voting"].pk])
    ).content.decode()
    assert (
        'data-testid="ballot-form" data-confirm="Gửi phiếu bầu? Phiếu bầu là chính thức' in ballot
    )
