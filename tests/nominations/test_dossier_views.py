"""The dossier pages: the permission matrix over every route and role, the list's
constant query count with 20,000 dossiers, the detail page, the nominee form with its
person search, quick add and live (htmx) verdict, uploads and downloads, submission."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Rating
from nominations.models import Attachment, Dossier, DossierState, Nominee
from nominations.services import dossiers as services
from tests.utils.clients import ROLES, client_for
from tests.utils.dossiers import (
    YEAR,
    add_nominee,
    attach,
    award,
    pdf_bytes,
    pdf_upload,
    rate,
    return_dossier,
)
from units.models import Person, SecurityEvent

pytestmark = pytest.mark.django_db

ROUTES = {
    "nominations:dossier_list": "test_permission_matrix, test_list_queries_do_not_grow",
    "nominations:dossier_create": "test_permission_matrix, test_create_page_makes_a_draft",
    "nominations:dossier_detail": "test_permission_matrix, test_detail_*",
    "nominations:dossier_update": "test_permission_matrix",
    "nominations:dossier_submit": "test_permission_matrix, test_submit_page_*",
    "nominations:dossier_withdraw": "test_permission_matrix",
    "nominations:nominee_create": "test_permission_matrix, test_nominee_form_*",
    "nominations:nominee_update": "test_permission_matrix",
    "nominations:nominee_remove": "test_permission_matrix",
    "nominations:nominee_report_download": "test_permission_matrix",
    "nominations:nominee_verdict": "test_permission_matrix, test_verdict_partial_*",
    "nominations:nominee_person_search": "test_permission_matrix, test_person_search_*",
    "nominations:nominee_person_create": "test_permission_matrix, test_quick_add_*",
    "nominations:attachment_add": "test_permission_matrix, test_upload_page_*",
    "nominations:attachment_download": "test_permission_matrix, test_download_*",
    "nominations:attachment_remove": "test_permission_matrix",
}

UNIT_ONLY = {
    "anonymous": 302,
    "staff_b": 404,
    "staff_a": 200,
    "head_a": 200,
    "secretariat": 404,
    "council": 404,
    "chairman": 404,
}
NOBODY = {role: (302 if role == "anonymous" else 404) for role in ROLES}
SEEN_ONCE_SENT = {**UNIT_ONLY, "secretariat": 200, "chairman": 200}
UNIT_CHANGES = {**UNIT_ONLY, "staff_a": "done", "head_a": "done"}
HEAD_ONLY = {**UNIT_ONLY, "staff_a": 404, "head_a": "done"}

# (route, method, dossier state, {role: status}); "done" = redirected back after the change.
MATRIX = [
    (
        "dossier_list",
        "get",
        "draft",
        {**SEEN_ONCE_SENT, "staff_b": 200},
    ),
    ("dossier_create", "get", "draft", {**UNIT_ONLY, "staff_b": 200}),
    ("dossier_detail", "get", "draft", UNIT_ONLY),
    ("dossier_detail", "get", "submitted", SEEN_ONCE_SENT),
    ("dossier_update", "get", "draft", UNIT_ONLY),
    ("dossier_update", "get", "submitted", NOBODY),
    ("dossier_submit", "post", "draft", HEAD_ONLY),
    ("dossier_submit", "post", "submitted", NOBODY),
    ("dossier_withdraw", "post", "draft", HEAD_ONLY),
    ("dossier_withdraw", "post", "submitted", HEAD_ONLY),
    ("nominee_create", "get", "draft", UNIT_ONLY),
    ("nominee_create", "get", "submitted", NOBODY),
    ("nominee_update", "get", "draft", UNIT_ONLY),
    ("nominee_update", "get", "submitted", NOBODY),
    ("nominee_remove", "post", "draft", UNIT_CHANGES),
    ("nominee_remove", "post", "submitted", NOBODY),
    ("nominee_report_download", "get", "draft", UNIT_ONLY),
    ("nominee_report_download", "get", "submitted", SEEN_ONCE_SENT),
    ("nominee_verdict", "get", "draft", UNIT_ONLY),
    ("nominee_verdict", "get", "submitted", NOBODY),
    ("nominee_person_search", "get", "draft", UNIT_ONLY),
    ("nominee_person_search", "get", "submitted", NOBODY),
    ("nominee_person_create", "get", "draft", UNIT_ONLY),
    ("nominee_person_create", "get", "submitted", NOBODY),
    ("attachment_add", "get", "draft", UNIT_ONLY),
    ("attachment_add", "post", "submitted", NOBODY),
    ("attachment_download", "get", "draft", UNIT_ONLY),
    ("attachment_download", "get", "submitted", SEEN_ONCE_SENT),
    ("attachment_remove", "post", "draft", UNIT_CHANGES),
    ("attachment_remove", "post", "submitted", NOBODY),
]


@pytest.fixture
def scene(ready_dossier, users, tram):
    """The ready dossier (one nominee with a report file, two documents)."""
    nominee = Nominee.objects.get(dossier=ready_dossier)
    services.nominee_update(
        nominee=nominee, actor=users["staff_a"], report_file=pdf_upload("Báo cáo.pdf")
    )
    return {
        "dossier": ready_dossier,
        "nominee": nominee,
        "attachment": Attachment.objects.filter(dossier=ready_dossier).first(),
    }


def _request(client, name, method, scene):
    dossier, nominee, attachment = scene["dossier"], scene["nominee"], scene["attachment"]
    args = {
        "dossier_list": [],
        "dossier_create": [],
        "attachment_download": [attachment.pk],
        "attachment_remove": [attachment.pk],
        "nominee_update": [dossier.pk, nominee.pk],
        "nominee_remove": [dossier.pk, nominee.pk],
        "nominee_report_download": [dossier.pk, nominee.pk],
    }.get(name, [dossier.pk])
    url = reverse(f"nominations:{name}", args=args)
    if name == "nominee_verdict":
        url += f"?person={nominee.person_id}&award={nominee.award_id}"
    if name == "nominee_person_search":
        url += "?q=dang"
    if method == "get":
        return client.get(url)
    data = {"reason": "Đơn vị rút để bổ sung"}
    if name == "attachment_add":
        data = {"document_code": "to_trinh", "file": pdf_upload()}
    return client.post(url, data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "state", "expected"),
    MATRIX,
    ids=[f"{m[0]}-{m[2]}" for m in MATRIX],
)
def test_permission_matrix(client, users, scene, role, name, method, state, expected):
    if state == "submitted":
        services.dossier_submit(dossier=scene["dossier"], actor=users["head_a"])
    response = _request(client_for(client, users, role), name, method, scene)
    want = expected[role]
    if want == "done":
        assert response.status_code == 302
        assert not response["Location"].startswith(reverse("units:login"))
        return
    assert response.status_code == want
    if want == 302:
        assert response["Location"].startswith(reverse("units:login"))
    elif want == 404:
        body = response.content.decode()
        assert "Không tìm thấy trang" in body
        assert scene["dossier"].title not in body
        assert "Đặng Thùy Trâm" not in body


# --- List ----------------------------------------------------------------------------------


def _bulk(unit, user, count, state=DossierState.SUBMITTED):
    Dossier.objects.bulk_create(
        [
            Dossier(
                unit=unit,
                created_by=user,
                year=2000 + i % 26,
                kind="CONG_TRANG",
                state=state,
                title=f"Tờ trình số {i}",
            )
            for i in range(count)
        ],
        batch_size=2000,
    )


def _list_queries(client, url) -> tuple[int, str]:
    client.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("role", ["secretariat", "staff_a"])
def test_list_queries_do_not_grow(client, users, province, role, settings):
    settings.TDKT_LIST_COUNT_CAP = 50_000  # an exact count, to see the filter in it
    client_for(client, users, role)
    url = reverse("nominations:dossier_list") + "?unit=binh+son&page=2"
    _bulk(province["unit_a"], users["staff_a"], 30)
    few, body = _list_queries(client, url)
    assert "Trang 2/2" in body
    _bulk(province["unit_a"], users["staff_a"], 20_000)
    _bulk(province["unit_b"], users["staff_b"], 5)
    many, body = _list_queries(client, url)
    assert many == few
    assert "trên tổng số 20.030" in body  # filtered to Bình Sơn


def test_list_filters_and_scope(client, users, province, dossier):
    other = services.dossier_create(
        unit=province["unit_b"],
        year=2024,
        kind="DOT_XUAT",
        title="Hồ sơ Cẩm Thành",
        actor=users["staff_b"],
    )
    client.force_login(users["staff_a"])
    body = client.get(reverse("nominations:dossier_list")).content.decode()
    assert dossier.title in body and other.title not in body
    client.force_login(users["secretariat"])
    body = client.get(reverse("nominations:dossier_list")).content.decode()
    assert dossier.title not in body and other.title not in body  # drafts are the unit's
    Dossier.objects.update(state=DossierState.SUBMITTED)
    body = client.get(reverse("nominations:dossier_list") + "?unit=cam+thanh").content.decode()
    assert other.title in body and dossier.title not in body
    body = client.get(
        reverse("nominations:dossier_list") + "?year=2025&kind=CONG_TRANG"
    ).content.decode()
    assert dossier.title in body and other.title not in body
    body = client.get(reverse("nominations:dossier_list") + "?state=returned").content.decode()
    assert "Không có hồ sơ phù hợp." in body


def test_create_page_makes_a_draft(client, users, province):
    client.force_login(users["staff_a"])
    url = reverse("nominations:dossier_create")
    response = client.post(
        url,
        {
            "unit": province["unit_a"].pk,
            "year": YEAR,
            "kind": "PHONG_TRAO",
            "title": "Khen phong trào",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hãy chọn phong trào thi đua" in body and "Khen phong trào" in body
    assert not Dossier.objects.exists()
    response = client.post(
        url,
        {
            "unit": province["unit_a"].pk,
            "year": YEAR,
            "kind": "CONG_TRANG",
            "title": "Tờ trình năm 2025",
            # The one-time token the rendered form carries (test_dossier_integrity.py).
            "creation_token": "2c1f0d1e-5b7a-4c55-9d0e-3f2a1b4c5d6e",
        },
    )
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("nominations:dossier_detail", args=[dossier.pk])
    assert (dossier.unit, dossier.created_by) == (province["unit_a"], users["staff_a"])


# --- Detail --------------------------------------------------------------------------------


def test_detail_for_staff_shows_verdicts_checklist_and_waits_for_the_head(
    client, users, dossier, tram, second_person
):
    rate(tram)
    add_nominee(dossier, users["staff_a"], person=tram, code="LDTT")
    add_nominee(dossier, users["staff_a"], person=second_person, code="CSTDCS")
    attach(dossier, users["staff_a"], "to_trinh", name="Tờ trình 12.pdf")
    client.force_login(users["staff_a"])
    body = client.get(reverse("nominations:dossier_detail", args=[dossier.pk])).content.decode()
    assert "Đang chờ thủ trưởng đơn vị" in body
    assert 'data-testid="submit-dossier"' not in body
    assert "Đủ điều kiện" in body  # Trâm, rated HTTNV
    assert "Không đủ điều kiện" in body  # Bình: no rating
    assert "Năm 2025: chưa có xếp loại" in body
    assert "“Biên bản họp Hội đồng TĐKT và kết quả bỏ phiếu” của hồ sơ" in body
    assert "“Giấy chứng nhận sáng kiến hoặc đề tài khoa học” của Lê Văn Bình" in body
    assert "Tờ trình 12.pdf" in body
    client.force_login(users["head_a"])
    body = client.get(reverse("nominations:dossier_detail", args=[dossier.pk])).content.decode()
    assert 'data-testid="submit-dossier"' in body
    assert "Đang chờ thủ trưởng đơn vị" not in body


def test_detail_shows_returns_of_every_round_and_the_history(client, users, provincial_dossier):
    services.dossier_submit(dossier=provincial_dossier, actor=users["head_a"])
    return_dossier(provincial_dossier, users, reasons=("Thiếu biên bản bình xét",))
    services.dossier_submit(dossier=provincial_dossier, actor=users["head_a"])
    return_dossier(provincial_dossier, users, reasons=("Báo cáo chưa có xác nhận",))
    client.force_login(users["secretariat"])
    body = client.get(
        reverse("nominations:dossier_detail", args=[provincial_dossier.pk])
    ).content.decode()
    assert "Lần nộp 1" in body and "Lần nộp 2" in body
    assert "Thiếu biên bản bình xét" in body and "Báo cáo chưa có xác nhận" in body
    # The history: who, what, the figures.
    history = body[body.index('data-testid="dossier-history"') :]
    assert history.count("Đã nộp") >= 2
    assert users["head_a"].get_full_name() in history
    assert "Hạn thẩm định" in history and "Lần nộp" in history
    assert users["staff_a"].get_full_name() in history
    # Read-only for the secretariat: no edit, no upload, no submit.
    assert reverse("nominations:dossier_update", args=[provincial_dossier.pk]) not in body
    assert reverse("nominations:attachment_add", args=[provincial_dossier.pk]) not in body


def test_detail_after_submission_is_read_only_for_the_unit(client, users, provincial_dossier):
    services.dossier_submit(dossier=provincial_dossier, actor=users["head_a"])
    client.force_login(users["staff_a"])
    body = client.get(
        reverse("nominations:dossier_detail", args=[provincial_dossier.pk])
    ).content.decode()
    assert "Hồ sơ đã nộp: chỉ được xem, không được sửa." in body
    assert reverse("nominations:nominee_create", args=[provincial_dossier.pk]) not in body
    assert "Điều kiện khi nộp" in body and "Đủ điều kiện" in body


# --- Nominee form, person search, quick add, verdict ---------------------------------------


def _verdict(client, dossier, **params):
    url = reverse("nominations:nominee_verdict", args=[dossier.pk])
    response = client.get(url, params, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_verdict_partial_shows_the_status_and_reasons(client, users, dossier, tram, province):
    client.force_login(users["staff_a"])
    body = _verdict(
        client, dossier, subject_kind="individual", person=tram.pk, award=award("BK_TINH").pk
    )
    assert "Cần xem xét" in body
    assert "Không đạt các điều kiện xét được từ hồ sơ" in body
    body = _verdict(
        client, dossier, subject_kind="individual", person=tram.pk, award=award("LDTT").pk
    )
    assert "Không đủ điều kiện" in body and "Năm 2025: chưa có xếp loại" in body
    rate(tram, Rating.GOOD)
    body = _verdict(
        client, dossier, subject_kind="individual", person=tram.pk, award=award("LDTT").pk
    )
    assert 'data-testid="verdict-status">Đủ điều kiện<' in body
    assert "verdict-eligible" in body
    assert not Nominee.objects.exists()  # nothing written


def test_verdict_partial_without_a_choice_or_outside_the_unit(client, users, dossier, province):
    client.force_login(users["staff_a"])
    prompt = "Chọn người được đề nghị và hình thức khen thưởng để xem kết quả xét điều kiện."
    assert prompt in _verdict(client, dossier, subject_kind="individual")
    body = _verdict(
        client,
        dossier,
        subject_kind="individual",
        person=province["person_b"].pk,
        award=award("LDTT").pk,
    )
    assert prompt in body and "Nguyễn Văn An" not in body
    # A collective: the award list is the collective's.
    body = _verdict(
        client,
        dossier,
        subject_kind="collective",
        collective=province["village_a"].pk,
        award=award("TTLDTT").pk,
    )
    assert "Thôn 1" in body and 'data-testid="verdict-status"' in body


def test_nominee_form_asks_for_the_verdict_with_htmx(client, users, dossier, tram):
    client.force_login(users["staff_a"])
    url = reverse("nominations:nominee_create", args=[dossier.pk])
    body = client.get(url, {"subject_kind": "individual", "person": tram.pk}).content.decode()
    verdict_url = reverse("nominations:nominee_verdict", args=[dossier.pk])
    assert f'hx-get="{verdict_url}"' in body
    assert 'hx-include="#nominee-form [name=subject_kind], #nominee-form [name=person]' in body
    assert 'data-testid="chosen-person"' in body and "Đặng Thùy Trâm" in body
    # Only awards for a person, in an annual merit dossier.
    assert "Lao động tiên tiến" in body and "Tập thể lao động tiên tiến" not in body
    assert "Trưởng thôn" in body  # the position from the registry


def test_nominee_form_adds_and_rerenders_with_the_input(client, users, dossier, tram):
    client.force_login(users["staff_a"])
    url = reverse("nominations:nominee_create", args=[dossier.pk])
    data = {
        "subject_kind": "individual",
        "award": award("LDTT").pk,
        "position": "Trưởng thôn",
        "achievement_summary": "Dẫn đầu phong trào xây dựng nông thôn mới",
        "achievement_report": "Nội dung báo cáo",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hãy tìm và chọn cá nhân được đề nghị." in body
    assert "Dẫn đầu phong trào xây dựng nông thôn mới" in body
    assert not Nominee.objects.exists()
    bad = {**data, "person": tram.pk, "report_file": SimpleUploadedFile("bc.docx", b"not a zip")}
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "Nội dung tệp không khớp với phần mở rộng của tên tệp." in response.content.decode()
    assert not Nominee.objects.exists()
    response = client.post(url, {**data, "person": tram.pk})
    assert response.status_code == 302
    nominee = Nominee.objects.get()
    assert (nominee.person, nominee.award.code, nominee.achievement_report) == (
        tram,
        "LDTT",
        "Nội dung báo cáo",
    )


def test_person_search_is_accent_insensitive_within_the_unit(client, users, dossier):
    client.force_login(users["staff_a"])
    url = reverse("nominations:nominee_person_search", args=[dossier.pk])
    body = client.get(url, {"q": "dang thuy"}).content.decode()
    assert "Đặng Thùy Trâm" in body and 'name="person"' in body
    body = client.get(url, {"q": "nguyen van an"}).content.decode()  # another unit's person
    assert "Nguyễn Văn An" not in body
    assert 'name="person"' not in body


def test_quick_add_puts_the_person_in_the_registry_and_chooses_them(
    client, users, dossier, province
):
    client.force_login(users["staff_a"])
    url = reverse("nominations:nominee_person_create", args=[dossier.pk])
    response = client.post(
        url,
        {
            "full_name": "Trần  Thị Mới",
            "gender": "female",
            "birth_year": 1990,
            "position": "Công chức Văn hóa",
            "unit": province["village_a"].pk,
        },
    )
    person = Person.objects.get(full_name="Trần Thị Mới")
    assert person.unit == province["village_a"]
    create = reverse("nominations:nominee_create", args=[dossier.pk])
    assert response["Location"] == f"{create}?subject_kind=individual&person={person.pk}"
    body = client.get(response["Location"]).content.decode()
    assert 'data-testid="chosen-person"' in body and "Trần Thị Mới" in body
    # A unit outside the dossier's subtree is not offered.
    response = client.post(url, {"full_name": "X", "gender": "male", "unit": province["unit_b"].pk})
    assert response.status_code == 200
    assert not Person.objects.filter(full_name="X").exists()


# --- Uploads and downloads -----------------------------------------------------------------


def test_upload_page_rejects_a_bad_file_and_keeps_nothing(client, users, dossier, settings):
    client.force_login(users["staff_a"])
    url = reverse("nominations:attachment_add", args=[dossier.pk])
    settings.TDKT_UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10))
    response = client.post(url, {"document_code": "to_trinh", "file": big})
    assert response.status_code == 200
    assert "Dung lượng tệp vượt quá 1 MB." in response.content.decode()
    fake = SimpleUploadedFile("anh.png", b"%PDF-1.7 pretending")
    response = client.post(url, {"document_code": "to_trinh", "file": fake})
    assert "Nội dung tệp không khớp với phần mở rộng của tên tệp." in response.content.decode()
    assert not Attachment.objects.exists()
    response = client.post(url, {"document_code": "to_trinh", "file": pdf_upload("Tờ trình.pdf")})
    assert response.status_code == 302
    assert Attachment.objects.get().original_name == "Tờ trình.pdf"


def test_download_serves_the_file_under_its_original_name(client, users, ready_dossier):
    attachment = Attachment.objects.get(document_code="to_trinh")
    services.dossier_submit(dossier=ready_dossier, actor=users["head_a"])
    client.force_login(users["secretariat"])
    response = client.get(reverse("nominations:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "T%E1%BB%9D%20tr%C3%ACnh%20s%E1%BB%91%2012.pdf" in disposition  # Tờ trình số 12.pdf
    assert b"".join(response.streaming_content) == pdf_bytes()
    # The download of a dossier's file is logged (SECURITY-TESTS.md G1), with who and what.
    event = SecurityEvent.objects.get(kind="personal_data_exported")
    assert (event.user, event.detail) == (
        users["secretariat"],
        {"dossier": ready_dossier.pk, "attachment": attachment.pk},
    )


# --- Submission ----------------------------------------------------------------------------


def test_submit_page_lists_what_is_missing_and_saves_nothing(client, users, dossier, tram):
    rate(tram)
    add_nominee(dossier, users["staff_a"], person=tram, code="LDTT")
    client.force_login(users["head_a"])
    response = client.post(reverse("nominations:dossier_submit", args=[dossier.pk]), follow=True)
    body = response.content.decode()
    assert (
        "Hồ sơ chưa thể nộp, còn thiếu: “Tờ trình đề nghị khen thưởng” của hồ sơ;"
        " “Biên bản họp Hội đồng TĐKT và kết quả bỏ phiếu” của hồ sơ." in body
    )
    dossier.refresh_from_db()
    assert (dossier.state, dossier.round) == (DossierState.DRAFT, 0)


def test_submit_page_submits_and_locks(client, users, provincial_dossier):
    client.force_login(users["head_a"])
    response = client.post(
        reverse("nominations:dossier_submit", args=[provincial_dossier.pk]), follow=True
    )
    assert "Đã nộp hồ sơ đến cơ quan thường trực (lần 1)." in response.content.decode()
    provincial_dossier.refresh_from_db()
    assert provincial_dossier.state == DossierState.SUBMITTED
    nominee = Nominee.objects.get()
    for url in (
        reverse("nominations:dossier_update", args=[provincial_dossier.pk]),
        reverse("nominations:nominee_create", args=[provincial_dossier.pk]),
        reverse("nominations:nominee_update", args=[provincial_dossier.pk, nominee.pk]),
        reverse("nominations:attachment_add", args=[provincial_dossier.pk]),
    ):
        assert client.post(url, {"title": "đổi"}).status_code == 404
