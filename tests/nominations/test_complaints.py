"""Complaints about an award or a nomination (issue 12 point 6): registered with its time
limit, assigned, answered with an outcome; reminders before the limit and a notice when
it passes; while open, the person or collective concerned is blocked from proposals."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import PendingCase, PendingKind
from awards.services import eligibility_check
from nominations.models import Complaint, ComplaintState
from nominations.services.complaints import (
    complaint_answer,
    complaint_assign,
    complaint_deadlines,
    complaint_register,
)
from notifications.models import Notification, ReminderLog
from notifications.services import reminders_send
from tests.factories import nominations as nf
from tests.factories.awards import grant
from tests.utils.proposals import proposed_dossier

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
RECEIVED = datetime.date(2026, 6, 9)  # the suite's today
DUE = datetime.date(2026, 7, 9)  # 30 days later (TDKT_COMPLAINT_ANSWER_DAYS)
NAME = "Phạm Văn Khiếu"


@pytest.fixture
def award(province):
    return grant("BK_TINH", 2025, person=province["person_a"])


def _register(users, **overrides):
    arguments = {
        "actor": users["secretariat"],
        "complainant": NAME,
        "contact": "Thôn 2, xã Bình Sơn; 0905 000 111",
        "content": "Thành tích kê khai không đúng với thực tế.",
        "received_on": RECEIVED,
    }
    arguments.update(overrides)
    return complaint_register(**arguments)


def _blocked(person) -> bool:
    verdict = eligibility_check(award="LDTT", year=2026, person=person)
    return any(c["rule"] == "no_open_complaint" and not c["passed"] for c in verdict["checks"])


def test_a_complaint_opens_a_pending_case_until_it_is_answered(users, province, award):
    person = province["person_a"]
    assert not _blocked(person)
    complaint = _register(users, grant=award)
    assert (complaint.state, complaint.due_on) == (ComplaintState.REGISTERED, DUE)
    case = complaint.pending_case
    assert (case.person, case.kind, case.opened_on, case.closed_on) == (
        person,
        PendingKind.COMPLAINT,
        RECEIVED,
        None,
    )
    assert _blocked(person)
    complaint_assign(complaint=complaint, actor=users["secretariat"], assignee=users["secretariat"])
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.ASSIGNED and complaint.assignee == users["secretariat"]
    assert Notification.objects.filter(
        user=users["secretariat"],
        title="Khiếu nại được giao cho bạn: trả lời trước ngày 09/07/2026",
    ).exists()
    assert _blocked(person)
    complaint_answer(
        complaint=complaint,
        actor=users["secretariat"],
        outcome="rejected",
        answer="Thành tích đúng như hồ sơ.",
        answered_on=datetime.date(2026, 6, 9),
    )
    complaint.refresh_from_db()
    assert (complaint.state, complaint.outcome) == (ComplaintState.ANSWERED, "rejected")
    assert PendingCase.objects.get(pk=case.pk).closed_on == datetime.date(2026, 6, 9)
    assert not _blocked(person)
    assert complaint.history.count() == 3


def test_a_complaint_about_a_nomination_blocks_its_nominee(users, province):
    dossier = proposed_dossier(province["unit_b"], users["staff_b"])
    nominee = nf.nominee(dossier=dossier, person=province["person_b"])
    complaint = _register(users, nominee=nominee, kind="denunciation")
    assert complaint.pending_case.person == province["person_b"]
    assert _blocked(province["person_b"])


def test_the_time_limit_is_a_setting(users, award, settings):
    settings.TDKT_COMPLAINT_ANSWER_DAYS = 45
    assert _register(users, grant=award).due_on == datetime.date(2026, 7, 24)


def test_reminders_before_the_limit_and_a_notice_when_it_passes(users, award, time_machine):
    complaint = _register(users, grant=award)
    title = f"Trả lời khiếu nại của {NAME}"
    key = f"nominations:complaint:{complaint.pk}:20260709"
    assert [d.key for d in complaint_deadlines(RECEIVED, DUE)] == [key]

    def run(day):
        time_machine.move_to(datetime.datetime(*day, 7, 0, tzinfo=HCM), tick=False)
        reminders_send()
        return sorted(
            ReminderLog.objects.filter(deadline_key=key).values_list("stage", "user__username")
        )

    assert run((2026, 6, 29)) == []
    assert run((2026, 6, 30)) == [("before-7", "sec")]  # 7 working days before 09/07
    assert Notification.objects.filter(
        user=users["secretariat"], title=f"Nhắc hạn: {title}"
    ).exists()
    assert run((2026, 7, 10)) == [("before-7", "sec"), ("overdue", "sec")]
    assert Notification.objects.filter(title=f"Quá hạn: {title}").exists()


def test_an_answered_complaint_is_no_longer_reminded(users, award, time_machine):
    complaint = _register(users, grant=award)
    complaint_answer(
        complaint=complaint,
        actor=users["secretariat"],
        outcome="upheld",
        answer="Khiếu nại đúng; đề nghị thu hồi.",
        answered_on=RECEIVED,
    )
    time_machine.move_to(datetime.datetime(2026, 7, 10, 7, 0, tzinfo=HCM), tick=False)
    reminders_send()
    assert not ReminderLog.objects.filter(
        deadline_key__startswith="nominations:complaint:"
    ).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"complainant": " "}, "complainant", "Hãy nhập người khiếu nại."),
        ({"content": ""}, "content", "Hãy nhập nội dung khiếu nại."),
        (
            {"received_on": datetime.date(2026, 6, 20)},
            "received_on",
            "Ngày không thể ở tương lai.",
        ),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_saved(
    users, award, overrides, field, message
):
    with pytest.raises(ValidationError) as refused:
        _register(users, grant=award, **overrides)
    assert refused.value.message_dict[field] == [message]
    assert not Complaint.objects.exists() and not PendingCase.objects.exists()


def test_answer_rules(users, award):
    complaint = _register(users, grant=award)
    with pytest.raises(ValidationError) as early:
        complaint_answer(
            complaint=complaint,
            actor=users["secretariat"],
            outcome="rejected",
            answer="x",
            answered_on=datetime.date(2026, 6, 1),
        )
    assert early.value.message_dict["answered_on"] == [
        "Ngày trả lời không thể trước ngày nhận khiếu nại."
    ]
    with pytest.raises(ValidationError):
        complaint_answer(
            complaint=complaint,
            actor=users["secretariat"],
            outcome="",
            answer="x",
            answered_on=RECEIVED,
        )
    complaint_answer(
        complaint=complaint,
        actor=users["secretariat"],
        outcome="withdrawn",
        answer="Rút đơn.",
        answered_on=RECEIVED,
    )
    with pytest.raises(ValidationError) as twice:
        complaint_answer(
            complaint=complaint,
            actor=users["secretariat"],
            outcome="upheld",
            answer="y",
            answered_on=RECEIVED,
        )
    assert twice.value.messages == ["Khiếu nại này đã được trả lời."]
    with pytest.raises(ValidationError):
        _register(users, actor=users["chairman"], grant=award)


def test_the_pages_register_assign_and_answer(client, users, award):
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("nominations:complaint_new"),
        {
            "kind": "complaint",
            "award_code": award.verification_code.lower(),
            "complainant": NAME,
            "contact": "0905 000 111",
            "content": "Không đúng thành tích.",
            "received_on": "2026-06-09",
        },
    )
    complaint = Complaint.objects.get()
    assert response.url == reverse("nominations:complaint_detail", args=[complaint.pk])
    url = response.url
    client.post(url, {"action": "assign", "assignee": users["secretariat"].pk})
    client.post(
        url,
        {
            "action": "answer",
            "outcome": "partly",
            "answer": "Đúng một phần.",
            "answered_on": "2026-06-09",
        },
    )
    page = client.get(url).content.decode()
    assert "Đúng một phần" in page and complaint.__class__.objects.get().state == "answered"
    listing = client.get(reverse("nominations:complaint_list")).content.decode()
    assert listing.count('data-testid="complaint-row"') == 1 and NAME in listing


def test_the_list_answers_in_constant_queries(client, users, award, province):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["secretariat"])
    _register(users, grant=award)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("nominations:complaint_list"))
    dossier = proposed_dossier(province["unit_b"], users["staff_b"])
    nominee = nf.nominee(dossier=dossier, person=province["person_b"])
    for _ in range(4):
        _register(users, nominee=nominee)
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("nominations:complaint_list"))
    assert len(five) == len(one)


def test_only_the_secretariat_handles_complaints(client, users, award):
    complaint = _register(users, grant=award)
    for role in ("staff_a", "head_a", "council", "chairman"):
        client.force_login(users[role])
        for url in (
            reverse("nominations:complaint_list"),
            reverse("nominations:complaint_new"),
            reverse("nominations:complaint_detail", args=[complaint.pk]),
        ):
            assert client.get(url).status_code == 404
