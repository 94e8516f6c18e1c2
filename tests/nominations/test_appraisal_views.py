"""The appraisal pages: who may open them (only the secretariat), what the queue and the
review page show, and the forms that return and accept a dossier."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Award, Discipline
from nominations.models import (
    Attachment,
    Dossier,
    DossierEvent,
    DossierState,
    EventAction,
    Nominee,
    NomineeOutcome,
    ReturnReason,
)
from notifications.models import Holiday
from tests.factories import PersonFactory
from tests.factories import nominations as nf
from tests.utils.clients import ROLES, client_for, login_as_superuser
from tests.utils.links import dead_links

pytestmark = pytest.mark.django_db

ROUTES = {
    "nominations:appraisal_queue": "test_appraisal_permission_matrix",
    "nominations:appraisal_detail": "test_appraisal_permission_matrix",
    "nominations:appraisal_start": "test_appraisal_permission_matrix",
    "nominations:appraisal_recheck": "test_appraisal_permission_matrix",
    "nominations:appraisal_return": "test_appraisal_permission_matrix",
    "nominations:appraisal_accept": "test_appraisal_permission_matrix",
}

NOW = timezone.make_aware(datetime(2026, 3, 11, 9, 0))  # Wednesday 11/3/2026


@pytest.fixture
def dossier(province, users):
    dossier = nf.dossier(
        unit=province["unit_a"],
        created_by=users["staff_a"],
        state=DossierState.SUBMITTED,
        title="Tờ trình khen thưởng tổng kết năm 2026 của xã Bình Sơn",
        received_on=date(2026, 3, 2),
        appraisal_due_on=date(2026, 3, 20),
        round=1,
        submitted_at=NOW,
        submitted_by=users["head_a"],
    )
    nf.nominee(dossier=dossier, award="BK_TINH", person=province["person_a"])
    nf.nominee(dossier=dossier, award="BK_TINH", collective=province["village_a"])
    return dossier


def _nominees(dossier):
    person, collective = dossier.nominees.order_by("id")
    return person, collective


def _url(name, dossier):
    if name == "appraisal_queue":
        return reverse("nominations:appraisal_queue")
    return reverse(f"nominations:{name}", args=[dossier.pk])


def _post_data(name, dossier):
    person, collective = _nominees(dossier)
    if name == "appraisal_return":
        return {"general_reason": "Thiếu biên bản", f"reason_{person.pk}": ""}
    if name == "appraisal_accept":
        return {
            f"decision_{person.pk}": "approve",
            f"decision_{collective.pk}": "refuse",
            f"reason_{collective.pk}": "Chưa đủ thành tích",
        }
    return {}


# Every view × every role: the secretariat only; anyone else signed in gets 404 and
# changes nothing; anonymous is sent to the login page.
GET_VIEWS = ["appraisal_queue", "appraisal_detail"]
POST_VIEWS = ["appraisal_start", "appraisal_recheck", "appraisal_return", "appraisal_accept"]
SECRETARIAT_STATE = {
    "appraisal_start": DossierState.IN_APPRAISAL,
    "appraisal_recheck": DossierState.IN_APPRAISAL,
    "appraisal_return": DossierState.RETURNED,
    "appraisal_accept": DossierState.IN_COUNCIL,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", GET_VIEWS + POST_VIEWS)
def test_appraisal_permission_matrix(client, users, dossier, role, name):
    client = client_for(client, users, role)
    url = _url(name, dossier)
    get = name in GET_VIEWS
    response = client.get(url) if get else client.post(url, _post_data(name, dossier))
    dossier.refresh_from_db()
    body = response.content.decode()
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("units:login"))
    elif role != "secretariat":
        assert response.status_code == 404
        assert "Không tìm thấy trang" in body
        assert dossier.title not in body
    elif name in GET_VIEWS:
        assert response.status_code == 200
        assert dossier.title in body
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("nominations:appraisal_detail", args=[dossier.pk])
    if role == "secretariat" and name in POST_VIEWS:
        assert dossier.state == SECRETARIAT_STATE[name]
    else:
        assert dossier.state == DossierState.SUBMITTED
        assert not DossierEvent.objects.exists()


def test_a_draft_is_not_on_the_review_page(client, users, province):
    draft = nf.dossier(unit=province["unit_a"], created_by=users["staff_a"])
    client.force_login(users["secretariat"])
    assert client.get(reverse("nominations:appraisal_detail", args=[draft.pk])).status_code == 404
    response = client.post(reverse("nominations:appraisal_start", args=[draft.pk]))
    assert response.status_code == 404


# --- The queue --------------------------------------------------------------------------


def test_queue_shows_age_due_date_days_left_and_the_overdue_badge(client, users, dossier, province):
    Holiday.objects.create(day=date(2026, 3, 10), name="Nghỉ bù")
    late = nf.dossier(
        unit=province["unit_b"],
        created_by=users["staff_b"],
        state=DossierState.IN_APPRAISAL,
        title="Hồ sơ phường Cẩm Thành quá hạn",
        received_on=date(2026, 2, 16),
        appraisal_due_on=date(2026, 3, 9),
    )
    client.force_login(users["secretariat"])
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("nominations:appraisal_queue"))
        # The dashboard links to ?overdue=on.
        only_overdue = client.get(reverse("nominations:appraisal_queue"), {"overdue": "on"})
    rows = response.context["rows"]
    assert [r.title for r in rows] == [late.title, dossier.title]
    assert [(r.age_days, r.days_left, r.is_overdue) for r in rows] == [
        (12, -1, True),  # 17/2–11/3 less Tết (17–20/2, seeded) and the day off 10/3
        (6, 7, False),
    ]
    assert [r.nominee_count for r in rows] == [0, 2]
    body = response.content.decode()
    assert body.count('data-testid="overdue"') == 1
    assert "quá hạn 1 ngày làm việc" in body
    assert "20/03/2026" in body and "6 ngày làm việc" in body
    assert [r.title for r in only_overdue.context["rows"]] == [late.title]


def test_queue_filters_by_unit_text(client, users, dossier, province):
    nf.dossier(
        unit=province["unit_b"],
        created_by=users["staff_b"],
        state=DossierState.SUBMITTED,
        title="Hồ sơ Cẩm Thành",
    )
    client.force_login(users["secretariat"])
    response = client.get(reverse("nominations:appraisal_queue"), {"unit": "binh son"})
    assert [r.title for r in response.context["rows"]] == [dossier.title]


def test_queue_answers_in_constant_queries_with_20000_dossiers(client, users, province):
    unit, staff = province["unit_a"], users["staff_a"]
    award = Award.objects.get(code="TTLDTT")

    def add(count, start):
        dossiers = Dossier.objects.bulk_create(
            Dossier(
                unit=unit,
                created_by=staff,
                year=2026,
                kind="CONG_TRANG",
                title=f"Hồ sơ số {start + i}",
                state=DossierState.SUBMITTED if i % 2 else DossierState.IN_APPRAISAL,
                received_on=date(2025, 1, 1 + i % 28),
                appraisal_due_on=date(2026, 1 + i % 12, 1 + i % 28),
            )
            for i in range(count)
        )
        Nominee.objects.bulk_create(
            Nominee(dossier=d, award=award, collective=unit, display_name=unit.name)
            for d in dossiers[::10]
        )

    client.force_login(users["secretariat"])
    url = reverse("nominations:appraisal_queue")
    add(5, 0)
    client.get(url)  # warm the session and the caches

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"overdue": "", "kind": "CONG_TRANG"})
        assert response.status_code == 200
        return len(captured), response

    small, _ = queries()
    add(19_995, 5)
    large, response = queries()
    assert large == small
    # Past TDKT_LIST_COUNT_CAP (10,000) the queue stops counting and says "hơn 10.000".
    assert response.context["page"].paginator.count == 10_000
    assert response.context["page"].paginator.capped
    assert "trong hơn 10.000 kết quả" in response.content.decode()
    assert len(response.context["rows"]) == 25


# --- The review page ----------------------------------------------------------------------


def test_review_page_shows_nominees_documents_conflicts_returns_and_history(
    client, users, dossier, province
):
    person, collective = _nominees(dossier)
    Nominee.objects.filter(pk=person.pk).update(
        eligibility_status="needs_review",
        eligibility_result={
            "verdict": "needs_review",
            "checks": [{"detail": "Chưa đủ 2 năm CSTĐCS", "passed": False, "basis": "Điều 74"}],
        },
    )
    attachment = Attachment.objects.create(
        dossier=dossier,
        document_code="to_trinh",
        file=ContentFile(b"%PDF-1.4 test", name="to-trinh.pdf"),
        original_name="to-trinh.pdf",
        file_kind="pdf",
        size=13,
        uploaded_by=users["staff_a"],
    )
    ReturnReason.objects.create(
        dossier=dossier,
        round=1,
        nominee=collective,
        nominee_name="Thôn 1",
        reason="Thiếu số liệu thành viên",
        created_by=users["secretariat"],
    )
    Discipline.objects.create(
        person=province["person_a"], level="khien_trach", starts_on=date(2026, 1, 1)
    )
    client.force_login(users["secretariat"])
    client.post(reverse("nominations:appraisal_start", args=[dossier.pk]))
    response = client.get(reverse("nominations:appraisal_detail", args=[dossier.pk]))
    body = response.content.decode()

    assert response.context["dossier"].state == DossierState.IN_APPRAISAL
    assert "Chưa đủ 2 năm CSTĐCS" in body  # the reason of the verdict at submission
    assert "to-trinh.pdf" in body
    checklist = response.context["checklist"]  # the unit's checklist, read again
    assert [(i.code, len(i.attachments)) for i in checklist.dossier_items] == [
        ("to_trinh", 1),
        ("bien_ban", 0),
    ]
    assert "Còn thiếu theo danh mục:" in body
    assert reverse("nominations:attachment_download", args=[attachment.pk]) in body
    assert [c.message for c in response.context["conflicts"]] == [
        "Đặng Thùy Trâm thuộc trường hợp chưa xét khen thưởng: kỷ luật khiển trách từ"
        " 01/01/2026, chưa hết thời hạn."
    ]
    assert "Đặng Thùy Trâm thuộc trường hợp chưa xét khen thưởng" in body
    assert "Thiếu số liệu thành viên" in body
    assert [e.action for e in response.context["events"]] == [EventAction.APPRAISAL_STARTED]
    history = body[body.index('data-testid="events"') :]
    history = history[: history.index("</ol>")]
    assert "<strong>Bắt đầu thẩm định</strong> (Đã nộp → Đang thẩm định)" in history
    assert users["secretariat"].get_full_name() in history


def test_return_form_returns_the_dossier_with_the_reasons(client, users, dossier):
    person, collective = _nominees(dossier)
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("nominations:appraisal_return", args=[dossier.pk]),
        {
            "general_reason": "",
            f"reason_{person.pk}": "Báo cáo thành tích chưa ký",
            f"reason_{collective.pk}": "",
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == DossierState.RETURNED
    assert list(ReturnReason.objects.values_list("nominee", "reason")) == [
        (person.pk, "Báo cáo thành tích chưa ký")
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Đã trả lại hồ sơ cho đơn vị." in page
    assert "Báo cáo thành tích chưa ký" in page


def test_return_form_without_a_reason_says_so_and_saves_nothing(client, users, dossier):
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("nominations:appraisal_return", args=[dossier.pk]), {"general_reason": " "}
    )
    assert response.status_code == 200
    assert response.context["return_form"].non_field_errors() == [
        "Cần nêu ít nhất một lý do: cho cả hồ sơ hoặc cho một người/tập thể được đề nghị."
    ]
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED
    assert not ReturnReason.objects.exists()


def test_accept_form_moves_the_dossier_on(client, users, dossier):
    person, collective = _nominees(dossier)
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("nominations:appraisal_accept", args=[dossier.pk]),
        {
            f"decision_{person.pk}": "approve",
            f"consultation_{person.pk}": "on",
            f"decision_{collective.pk}": "refuse",
            f"reason_{collective.pk}": "Không đủ thành tích",
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == DossierState.CONSULTATION
    assert list(
        dossier.nominees.order_by("id").values_list(
            "outcome", "outcome_reason", "needs_consultation"
        )
    ) == [
        (NomineeOutcome.APPROVED, "", True),
        (NomineeOutcome.NOT_APPROVED, "Không đủ thành tích", False),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Đã tiếp nhận hồ sơ; hồ sơ chuyển sang “Đang lấy ý kiến nhân dân”." in page


def test_accept_form_refuses_an_ineligible_nominee_with_the_reason_and_keeps_the_input(
    client, users, dossier
):
    person, collective = _nominees(dossier)
    Nominee.objects.filter(pk=person.pk).update(appraisal_status="ineligible")
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("nominations:appraisal_accept", args=[dossier.pk]),
        {
            f"decision_{person.pk}": "approve",
            f"decision_{collective.pk}": "refuse",
            f"reason_{collective.pk}": "Lý do đã nhập",
        },
    )
    assert response.status_code == 200
    assert response.context["accept_form"].non_field_errors() == [
        "Không thể duyệt “Đặng Thùy Trâm”: kết quả kiểm tra cho thấy không đủ điều kiện"
        " đề nghị Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh."
    ]
    assert "Lý do đã nhập" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED
    assert set(dossier.nominees.values_list("outcome", flat=True)) == {NomineeOutcome.PENDING}
    assert not DossierEvent.objects.exists()


def test_accept_form_needs_a_reason_to_refuse(client, users, dossier):
    person, collective = _nominees(dossier)
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("nominations:appraisal_accept", args=[dossier.pk]),
        {f"decision_{person.pk}": "approve", f"decision_{collective.pk}": "refuse"},
    )
    assert response.status_code == 200
    assert response.context["accept_form"].errors[f"reason_{collective.pk}"] == [
        "Cần nêu lý do không duyệt."
    ]
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED


def test_recheck_button_stores_the_verdicts(client, users, dossier):
    client.force_login(users["secretariat"])
    response = client.post(reverse("nominations:appraisal_recheck", args=[dossier.pk]))
    assert response.status_code == 302
    assert set(dossier.nominees.values_list("appraisal_status", flat=True)) == {"needs_review"}
    event = DossierEvent.objects.get(action=EventAction.ELIGIBILITY_CHECKED)
    assert event.actor == users["secretariat"]


def test_review_page_queries_do_not_grow_with_the_nominees(client, users, dossier, province):
    client.force_login(users["secretariat"])
    url = reverse("nominations:appraisal_detail", args=[dossier.pk])
    client.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = queries()
    for i in range(6):
        person = PersonFactory(unit=province["village_a"], full_name=f"Người thứ {i}")
        nominee = nf.nominee(dossier=dossier, award="CSTDCS", person=person)
        Attachment.objects.create(
            dossier=dossier,
            nominee=nominee,
            document_code="sang_kien",
            file=ContentFile(b"%PDF-1.4", name="sk.pdf"),
            original_name=f"sang-kien-{i}.pdf",
            file_kind="pdf",
            size=8,
            uploaded_by=users["staff_a"],
        )
        Discipline.objects.create(person=person, level="canh_cao", starts_on=date(2026, 1, 1))
    assert queries() == small


def test_the_review_page_links_the_dossier_and_its_documents_only_for_who_may_open_them(
    client, users, dossier
):
    """The administrator's superuser account may open the review page (every permission)
    but not the dossier (no role that sees it): it reads the documents' names without
    links that would answer 404; the secretariat gets the links."""
    attachment = Attachment.objects.create(
        dossier=dossier,
        document_code="to_trinh",
        file=ContentFile(b"%PDF-1.4 test", name="to-trinh.pdf"),
        original_name="to-trinh.pdf",
        file_kind="pdf",
        size=13,
        uploaded_by=users["staff_a"],
    )
    url = reverse("nominations:appraisal_detail", args=[dossier.pk])
    links = [
        reverse("nominations:dossier_detail", args=[dossier.pk]),
        reverse("nominations:attachment_download", args=[attachment.pk]),
    ]
    client.force_login(users["secretariat"])
    body = client.get(url).content.decode()
    assert all(f'href="{link}"' in body for link in links)
    assert dead_links(client, body) == []

    login_as_superuser(client, users["admin"])
    body = client.get(url).content.decode()
    assert "<span>to-trinh.pdf</span>" in body
    assert [link for link in links if link in body] == []
    assert [client.get(link).status_code for link in links] == [404, 404]  # why
    assert dead_links(client, body) == []
