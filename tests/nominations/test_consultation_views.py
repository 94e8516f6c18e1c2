"""Public consultation pages: the public sees open consultations only, and of each
nominee only the public facts; the opinion form is CSRF-protected, throttled per client
address, has a honeypot and stores nothing on any error; the secretariat's pages are its
own (everyone else 404)."""

import re
from datetime import date
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nominations.models import (
    Consultation,
    ConsultationState,
    DossierState,
    NomineeOutcome,
    Opinion,
    OpinionStatus,
)
from nominations.services.consultation import (
    consultation_close,
    consultation_open,
    opinion_submit,
)
from tests.utils.clients import ROLES, client_for, login_as_superuser
from tests.utils.consultation import approved, open_on
from tests.utils.links import dead_links

pytestmark = pytest.mark.django_db

OBJECTION_TEXT = "Bà Trâm từng bị nhắc nhở vì chậm nộp báo cáo năm 2025."
SENDER_CONTACT = "0905 999 888"

ROUTES = {
    "nominations:consultation_public_list": "test_consultation_permission_matrix",
    "nominations:consultation_public_detail": "test_consultation_permission_matrix",
    "nominations:consultation_list": "test_consultation_permission_matrix",
    "nominations:consultation_create": "test_consultation_permission_matrix",
    "nominations:consultation_manage": "test_consultation_permission_matrix",
    "nominations:opinion_handle": "test_consultation_permission_matrix",
    "nominations:consultation_close": "test_consultation_permission_matrix",
}


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def live(today, holidays, situation, users):
    """An open consultation on a1, a2 and b1 with one objection on a1 that carries the
    sender's contact; one closed consultation and one not yet open."""
    consultation = open_on(situation, users, "a1", "a2", "b1")
    objection = opinion_submit(
        consultation=consultation,
        nominee=situation["a1"],
        is_objection=True,
        body=OBJECTION_TEXT,
        sender_name="Trần Văn Bình",
        sender_contact=SENDER_CONTACT,
        consent=True,
    )
    extra = approved(situation["dossier_b"], display_name="Người Đợt Cũ")
    closed = consultation_open(
        title="Đợt đã kết thúc", nominees=[extra], days=1, actor=users["secretariat"]
    )
    consultation_close(
        consultation=closed, actor=users["secretariat"], reason="Đủ ý kiến, kết thúc sớm."
    )
    later = approved(situation["dossier_b"], display_name="Người Đợt Sau")
    future = consultation_open(
        title="Đợt chưa mở",
        nominees=[later],
        opens_on=date(2026, 5, 4),
        actor=users["secretariat"],
    )
    return {
        **situation,
        "consultation": consultation,
        "objection": objection,
        "closed": closed,
        "future": future,
    }


def _public_url(consultation):
    return reverse("nominations:consultation_public_detail", args=[consultation.pk])


def _opinion_post(live, **changes):
    data = {
        "nominee": live["a1"].pk,
        "is_objection": "1",
        "body": "Tôi phản đối vì thành tích chưa đúng thực tế.",
        "sender_name": "",
        "sender_contact": "",
        "website": "",
    }
    data.update(changes)
    return data


# --- Permission matrix ----------------------------------------------------------------------

PUBLIC = dict.fromkeys(ROLES, 200)
SECRETARIAT_ONLY = {role: 404 for role in ROLES} | {"anonymous": 302, "secretariat": 200}
SECRETARIAT_POST = SECRETARIAT_ONLY | {"secretariat": 302}

MATRIX = [
    ("consultation_public_list", "get", PUBLIC),
    ("consultation_public_detail", "get", PUBLIC),
    ("consultation_list", "get", SECRETARIAT_ONLY),
    ("consultation_create", "get", SECRETARIAT_ONLY),
    ("consultation_manage", "get", SECRETARIAT_ONLY),
    ("opinion_handle", "post", SECRETARIAT_POST),
    ("consultation_close", "post", SECRETARIAT_POST),
]


def _matrix_request(client, name, method, live):
    consultation, objection = live["consultation"], live["objection"]
    if name == "opinion_handle":
        url = reverse("nominations:opinion_handle", args=[objection.pk])
        data = {
            f"op{objection.pk}-status": "resolved",
            f"op{objection.pk}-answer": "",
            f"op{objection.pk}-resolution": "Đã xác minh; không phải kỷ luật.",
        }
        return client.post(url, data)
    no_pk = ("consultation_public_list", "consultation_list", "consultation_create")
    args = [] if name in no_pk else [consultation.pk]
    url = reverse(f"nominations:{name}", args=args)
    if name == "consultation_close":
        return client.post(url, {"reason": "Đủ ý kiến, kết thúc sớm."})
    return client.post(url) if method == "post" else client.get(url)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_consultation_permission_matrix(client, users, live, role, name, method, expected):
    response = _matrix_request(client_for(client, users, role), name, method, live)
    assert response.status_code == expected[role]
    body = response.content.decode()
    objection, consultation = live["objection"], live["consultation"]
    if expected[role] == 404 or name.startswith("consultation_public"):
        # Neither the opinions nor the senders leak, to anyone outside the secretariat.
        assert OBJECTION_TEXT not in body
        assert SENDER_CONTACT not in body
    if expected[role] == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("units:login"))
    objection.refresh_from_db()
    consultation.refresh_from_db()
    changed = role == "secretariat"
    if name == "opinion_handle":
        assert objection.status == (OpinionStatus.RESOLVED if changed else OpinionStatus.NEW)
    if name == "consultation_close":
        assert consultation.state == (
            ConsultationState.CLOSED if changed else ConsultationState.OPEN
        )
    if expected[role] == 200 and name == "consultation_manage":
        assert OBJECTION_TEXT in body and SENDER_CONTACT in body
    if expected[role] == 200 and name == "consultation_public_detail":
        assert live["a1"].display_name in body


# --- The public pages -----------------------------------------------------------------------


def test_the_public_sees_open_consultations_only(client, live):
    response = client.get(reverse("nominations:consultation_public_list"))
    body = response.content.decode()
    assert response.status_code == 200
    titles = re.findall(r'<span class="fw-semibold">([^<]*)</span>', body)
    assert titles == [live["consultation"].title]
    for hidden in (live["closed"], live["future"]):
        page = client.get(_public_url(hidden))
        assert page.status_code == 404
        assert hidden.title not in page.content.decode()
        assert client.post(_public_url(hidden), _opinion_post(live)).status_code == 404
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_the_public_list_is_kept_until_a_consultation_changes(client, live, users, settings):
    settings.TDKT_PAGE_CACHE_SECONDS = 60
    url = reverse("nominations:consultation_public_list")
    # The first view learns the tables the page reads, the second is kept, the third read.
    learnt, first, kept = client.get(url), client.get(url), client.get(url)
    assert [r["X-Page-Cache"] for r in (learnt, first, kept)] == ["miss", "miss", "hit"]
    assert kept.content == first.content
    assert live["consultation"].title in kept.content.decode()
    assert (kept["Cache-Control"], kept["X-Robots-Tag"]) == ("no-store", "noindex")
    consultation_close(
        consultation=live["consultation"], actor=users["secretariat"], reason="Đủ ý kiến."
    )
    after = client.get(url)
    assert after["X-Page-Cache"] == "miss"
    assert live["consultation"].title not in after.content.decode()


def _cards(body: str) -> list[str]:
    cards = re.findall(r'<li class="card mb-3" data-testid="public-nominee">(.*?)</li>', body, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", card)).split()) for card in cards]


def test_the_public_page_shows_exactly_the_public_facts(client, live, province):
    person = province["person_a"]
    response = client.get(_public_url(live["consultation"]))
    body = response.content.decode()
    cards = _cards(body)
    expected = []
    for nominee in sorted(
        (live["a1"], live["a2"], live["b1"]), key=lambda n: (n.display_name, n.pk)
    ):
        parts = [nominee.display_name]
        if nominee.position:
            parts += ["Chức vụ", nominee.position]
        parts += ["Đơn vị", nominee.unit_name, "Hình thức đề nghị", nominee.award.name]
        parts.append(nominee.achievement_summary)
        expected.append(" ".join(parts))
    assert cards == expected
    assert (
        "Đặng Thùy Trâm Chức vụ Trưởng thôn Đơn vị Thôn 1 "
        "Hình thức đề nghị Công dân tiêu biểu tỉnh Quảng Ngãi "
        "Hoàn thành xuất sắc nhiệm vụ được giao."
    ) in cards
    for secret in (
        person.id_number,
        "07/03/1985",
        "1985-03-07",
        "7/3/1985",
        person.ethnicity,
        province["person_b"].id_number,
        "02/11/1979",
        OBJECTION_TEXT,
        SENDER_CONTACT,
        "Trần Văn Bình",
        live["dossier_a"].title,
    ):
        assert secret not in body


def test_the_honeypot_is_hidden_by_css_not_by_type(client, live):
    body = client.get(_public_url(live["consultation"])).content.decode()
    block = re.search(r'<div class="visually-hidden" aria-hidden="true">(.*?)</div>', body, re.S)
    assert block is not None
    assert re.search(r'<input type="text" name="website"[^>]*tabindex="-1"', block.group(1))
    assert 'type="hidden" name="website"' not in body
    assert 'name="csrfmiddlewaretoken"' in body


def test_an_opinion_is_received_with_thanks(client, live):
    data = _opinion_post(
        live,
        sender_name="Lê Thị Hoa",
        sender_contact="hoa@example.vn",
        consent="on",
        body="Bà <b>Trâm</b> chưa hoàn thành chỉ tiêu.",
    )
    response = client.post(_public_url(live["consultation"]), data, follow=True)
    assert response.redirect_chain == [(_public_url(live["consultation"]), 302)]
    assert "Cảm ơn bạn. Ý kiến của bạn đã được tiếp nhận" in response.content.decode()
    opinion = Opinion.objects.exclude(pk=live["objection"].pk).get()
    assert (
        opinion.consultation,
        opinion.nominee,
        opinion.is_objection,
        opinion.body,
        opinion.sender_name,
        opinion.sender_contact,
        opinion.status,
    ) == (
        live["consultation"],
        live["a1"],
        True,
        "Bà Trâm chưa hoàn thành chỉ tiêu.",
        "Lê Thị Hoa",
        "hoa@example.vn",
        OpinionStatus.NEW,
    )
    assert opinion.consent_version == "2026-01"  # the notice the sender agreed to


def test_a_filled_honeypot_is_thanked_and_stores_nothing(client, live):
    before = Opinion.objects.count()
    for data in (_opinion_post(live, website="http://spam.example"), {"website": "x"}):
        response = client.post(_public_url(live["consultation"]), data, follow=True)
        assert response.status_code == 200
        assert "Cảm ơn bạn. Ý kiến của bạn đã được tiếp nhận" in response.content.decode()
    assert Opinion.objects.count() == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"body": "   "}, "Hãy nhập nội dung ý kiến."),
        ({"body": "<p></p>"}, "Hãy nhập nội dung ý kiến."),
        ({"body": "x" * 4001}, "Ý kiến quá dài (tối đa 4000 ký tự)."),
        ({"is_objection": ""}, "Hãy cho biết bạn có phản đối hay không."),
        ({"nominee": ""}, "Hãy chọn người/tập thể mà ý kiến của bạn đề cập."),
        ({"nominee": "999999"}, "Hãy chọn một người/tập thể có tên trong đợt lấy ý kiến này."),
        (
            {"sender_contact": "0905 111 222"},
            "Hãy đánh dấu đồng ý với việc lưu họ tên và thông tin liên hệ",
        ),
    ],
)
def test_a_bad_opinion_gets_a_message_and_stores_nothing(client, live, changes, message):
    before = Opinion.objects.count()
    response = client.post(_public_url(live["consultation"]), _opinion_post(live, **changes))
    assert response.status_code == 200
    body = unescape(response.content.decode())
    assert message in body
    assert "Vui lòng sửa các lỗi dưới đây." in body
    assert Opinion.objects.count() == before


def test_a_nominee_of_another_consultation_is_refused(client, live):
    outsider = live["future"].nominees.get()
    response = client.post(
        _public_url(live["consultation"]), _opinion_post(live, nominee=outsider.pk)
    )
    assert "Hãy chọn một người/tập thể có tên trong đợt lấy ý kiến này." in unescape(
        response.content.decode()
    )
    assert not Opinion.objects.filter(nominee=outsider).exists()


def test_opinions_are_throttled_per_client_address(client, live, settings):
    settings.TDKT_OPINION_RATE_PER_HOUR = 2
    url = _public_url(live["consultation"])
    before = Opinion.objects.count()
    statuses = [client.post(url, _opinion_post(live)).status_code for _ in range(2)]
    blocked = client.post(url, _opinion_post(live))
    assert statuses + [blocked.status_code] == [302, 302, 429]
    assert "Địa chỉ của bạn đã gửi quá nhiều ý kiến trong một giờ qua." in unescape(
        blocked.content.decode()
    )
    assert Opinion.objects.count() == before + 2
    # Reading stays possible; another address may still send.
    assert client.get(url).status_code == 200
    assert client.post(url, _opinion_post(live), REMOTE_ADDR="10.0.0.9").status_code == 302
    assert Opinion.objects.count() == before + 3


def test_the_form_is_csrf_protected(live):
    browser = Client(enforce_csrf_checks=True)
    url = _public_url(live["consultation"])
    before = Opinion.objects.count()
    assert browser.post(url, _opinion_post(live)).status_code == 403
    assert Opinion.objects.count() == before
    browser.get(url)
    token = browser.cookies["csrftoken"].value
    response = browser.post(url, _opinion_post(live, csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert Opinion.objects.count() == before + 1


def test_the_form_answers_404_once_the_window_is_over(client, live, time_machine):
    time_machine.move_to(date(2026, 5, 14), tick=False)
    assert client.get(_public_url(live["consultation"])).status_code == 404
    assert client.post(_public_url(live["consultation"]), _opinion_post(live)).status_code == 404


# --- The secretariat's pages ----------------------------------------------------------------


def test_the_create_page_lists_candidates_and_the_closing_day(client, users, live, situation):
    client.force_login(users["secretariat"])
    waiting = approved(situation["dossier_a"], display_name="Chờ Lấy Ý Kiến")
    url = reverse("nominations:consultation_create")
    body = unescape(client.get(url).content.decode())
    assert "Chờ Lấy Ý Kiến" in body
    # Those in an open consultation are not offered again.
    assert live["a1"].display_name not in body
    assert "Đợt lấy ý kiến kết thúc vào cuối ngày" in body and "13/05/2026" in body
    preview = client.get(url, {"preview": "1", "opens_on": "2026-04-29", "days": "2"})
    assert "04/05/2026" in unescape(preview.content.decode())

    refused = client.post(url, {"title": "Đợt 2", "opens_on": "2026-04-28", "days": "5"})
    assert "Hãy chọn ít nhất một người/tập thể được đề nghị." in unescape(refused.content.decode())
    response = client.post(
        url,
        {"title": "Đợt 2", "opens_on": "2026-04-28", "days": "5", "nominees": [waiting.pk]},
    )
    created = Consultation.objects.get(title="Đợt 2")
    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:consultation_manage", args=[created.pk])
    assert (created.closes_on, list(created.nominees.all())) == (date(2026, 5, 6), [waiting])


def test_the_manage_page_records_how_an_objection_was_resolved(client, users, live):
    client.force_login(users["secretariat"])
    objection = live["objection"]
    url = reverse("nominations:opinion_handle", args=[objection.pk])
    prefix = f"op{objection.pk}"
    missing = client.post(url, {f"{prefix}-status": "upheld", f"{prefix}-resolution": ""})
    assert missing.status_code == 200
    assert "Hãy ghi rõ cách giải quyết ý kiến phản ánh." in unescape(missing.content.decode())
    objection.refresh_from_db()
    assert objection.status == OpinionStatus.NEW

    response = client.post(
        url,
        {
            f"{prefix}-status": "upheld",
            f"{prefix}-answer": "Cảm ơn ông đã phản ánh.",
            f"{prefix}-resolution": "Xác minh đúng: đang bị xem xét kỷ luật.",
        },
    )
    manage = reverse("nominations:consultation_manage", args=[live["consultation"].pk])
    assert response["Location"] == f"{manage}#opinion-{objection.pk}"
    objection.refresh_from_db()
    live["a1"].refresh_from_db()
    assert objection.status == OpinionStatus.UPHELD
    assert live["a1"].outcome == NomineeOutcome.NOT_APPROVED
    page = unescape(client.get(manage).content.decode())
    assert "Xác minh đúng: đang bị xem xét kỷ luật." in page
    assert f'action="{url}"' not in page  # upheld is final: no form any more


def test_closing_from_the_manage_page_joins_the_result(client, users, live):
    client.force_login(users["secretariat"])
    url = reverse("nominations:consultation_close", args=[live["consultation"].pk])
    response = client.post(url, {"reason": "Đủ ý kiến, kết thúc sớm."}, follow=True)
    assert "kết quả đã được đưa vào hồ sơ" in unescape(response.content.decode())
    live["dossier_a"].refresh_from_db()
    assert live["dossier_a"].state == DossierState.IN_COUNCIL
    assert "chưa được giải quyết" in live["dossier_a"].consultation_result
    assert client.post(url).status_code == 404  # closed: nothing more to close


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more_data(situation, users, n):
    live_consultation = Consultation.objects.get(nominees=situation["a2"], state="open")
    for i in range(n):
        nominee = approved(situation["dossier_a"], display_name=f"Thêm {i}")
        consultation = consultation_open(
            title=f"Đợt thêm {i}", nominees=[nominee], actor=users["secretariat"]
        )
        for j in range(3):
            opinion_submit(
                consultation=consultation, nominee=nominee, is_objection=j % 2 == 0, body="ý kiến"
            )
        opinion_submit(
            consultation=live_consultation,
            nominee=situation["a2"],
            is_objection=True,
            body="phản ánh",
        )


@pytest.mark.parametrize(
    "name",
    [
        "consultation_list",
        "consultation_manage",
        "consultation_public_list",
        "consultation_public_detail",
    ],
)
def test_pages_answer_in_a_constant_number_of_queries(client, users, live, situation, name):
    client.force_login(users["secretariat"])
    needs_pk = name in ("consultation_manage", "consultation_public_detail")
    url = reverse(f"nominations:{name}", args=[live["consultation"].pk] if needs_pk else [])
    small = _count_queries(client, url)
    _more_data(situation, users, 6)
    assert _count_queries(client, url) == small


def test_the_manage_page_links_a_nominees_dossier_only_for_who_may_open_it(client, users, live):
    """The administrator's superuser account manages the consultation (every permission)
    but sees no dossier: the dossiers are named, not linked; the secretariat's are."""
    url = reverse("nominations:consultation_manage", args=[live["consultation"].pk])
    dossier = reverse("nominations:dossier_detail", args=[live["a1"].dossier_id])
    client.force_login(users["secretariat"])
    body = client.get(url).content.decode()
    assert f'href="{dossier}"' in body
    assert dead_links(client, body) == []
    login_as_superuser(client, users["admin"])
    body = client.get(url).content.decode()
    assert dossier not in body and live["a1"].dossier.title in body
    assert dead_links(client, body) == []
