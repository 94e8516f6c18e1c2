"""The campaigns pages: the permission matrix over every route and role (a unit sees and
edits only its own registrations, actuals and exemplars; others get 404), bad input with
Vietnamese messages and nothing saved, the constant query counts of the completion page
and the public gallery, and the gallery's privacy (published, consented, no sensitive
field; gone at once when consent is withdrawn)."""

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from campaigns import services
from campaigns.models import Exemplar, Movement, Registration, RegistrationState
from tests.campaigns.conftest import YEAR, draft_movement
from tests.factories import UnitFactory
from tests.utils.clients import ROLES, client_for
from tests.utils.links import dead_links

pytestmark = pytest.mark.django_db

ROUTES = {
    "campaigns:movement_list": "test_permission_matrix",
    "campaigns:movement_create": "test_permission_matrix, test_movement_form_*",
    "campaigns:movement_detail": "test_permission_matrix",
    "campaigns:movement_update": "test_permission_matrix",
    "campaigns:target_add": "test_permission_matrix, test_target_form_non_numeric_*",
    "campaigns:target_remove": "test_permission_matrix",
    "campaigns:movement_launch": "test_permission_matrix, test_launch_page_*",
    "campaigns:movement_transition": "test_permission_matrix",
    "campaigns:movement_plan_issue": "test_permission_matrix, test_the_clerk_issues_*",
    "campaigns:movement_review": "test_permission_matrix, test_review_page_figures",
    "campaigns:registration_list": "test_permission_matrix",
    "campaigns:registration_create": "test_permission_matrix, test_second_registration_page",
    "campaigns:registration_detail": "test_permission_matrix",
    "campaigns:registration_movements": "test_permission_matrix",
    "campaigns:registration_target_add": "test_permission_matrix, test_registered_target_*",
    "campaigns:registration_target_remove": "test_permission_matrix",
    "campaigns:registration_title_add": "test_permission_matrix",
    "campaigns:registration_title_remove": "test_permission_matrix",
    "campaigns:registration_submit": "test_permission_matrix",
    "campaigns:registration_return": "test_permission_matrix",
    "campaigns:registration_accept": "test_permission_matrix",
    "campaigns:progress_entry": "test_permission_matrix, test_progress_*",
    "campaigns:completion": "test_permission_matrix, test_completion_queries_*",
    "campaigns:completion_remind": "test_permission_matrix",
    "campaigns:exemplar_list": "test_permission_matrix",
    "campaigns:exemplar_create": "test_permission_matrix",
    "campaigns:exemplar_detail": "test_permission_matrix",
    "campaigns:exemplar_update": "test_permission_matrix",
    "campaigns:exemplar_advance": "test_permission_matrix",
    "campaigns:exemplar_consent": "test_permission_matrix",
    "campaigns:exemplar_publish": "test_permission_matrix",
    "campaigns:exemplar_photo_add": "test_permission_matrix",
    "campaigns:exemplar_photo": "test_permission_matrix",
    "campaigns:exemplar_awards": "test_permission_matrix, test_the_unit_links_*",
    "campaigns:exemplar_award_link": "test_permission_matrix, test_who_may_see_and_link",
    "campaigns:gallery": "test_permission_matrix, test_gallery_*, test_pages_without_*",
    "campaigns:gallery_detail": "test_permission_matrix, test_gallery_*",
    "campaigns:gallery_photo": "test_permission_matrix",
}

LOGGED = {role: (302 if role == "anonymous" else 200) for role in ROLES}
NOBODY = {role: (302 if role == "anonymous" else 404) for role in ROLES}
EVERYONE = dict.fromkeys(ROLES, 200)
SECRETARIAT = {**NOBODY, "secretariat": 200}
SECRETARIAT_DOES = {**NOBODY, "secretariat": "done"}
UNITS = {**NOBODY, "staff_a": 200, "head_a": 200, "staff_b": 200}
UNIT_A = {**NOBODY, "staff_a": 200, "head_a": 200}
UNIT_A_DOES = {**NOBODY, "staff_a": "done", "head_a": "done"}
UNIT_A_INVALID = {**NOBODY, "staff_a": 422, "head_a": 422}
HEAD_A_DOES = {**NOBODY, "head_a": "done"}
UNIT_A_AND_SECRETARIAT = {**UNIT_A, "secretariat": 200}
UNIT_A_AND_SECRETARIAT_DO = {**UNIT_A_DOES, "secretariat": "done"}
READERS = {**NOBODY, "secretariat": 200, "council": 200, "chairman": 200}

# (route, method, object, {role: status}); "done" = redirected back after the change.
MATRIX = [
    ("movement_list", "get", None, LOGGED),
    ("movement_create", "get", None, {**UNITS, "secretariat": 200}),
    ("movement_detail", "get", "launched", LOGGED),
    ("movement_detail", "get", "draft", SECRETARIAT),
    ("movement_update", "get", "draft", SECRETARIAT),
    ("movement_update", "get", "launched", NOBODY),
    ("target_add", "post", "draft", SECRETARIAT_DOES),
    ("target_remove", "post", "draft_target", SECRETARIAT_DOES),
    ("movement_launch", "post", "draft", SECRETARIAT_DOES),
    ("movement_transition", "post", "launched", SECRETARIAT_DOES),
    ("movement_plan_issue", "post", "launched", {**NOBODY, "secretariat": 400}),
    ("movement_plan_issue", "post", "draft", {**NOBODY, "secretariat": 400}),
    ("movement_review", "get", "launched", SECRETARIAT),
    ("registration_list", "get", None, {**UNITS, "secretariat": 200, "chairman": 200}),
    ("registration_create", "get", None, UNITS),
    ("registration_detail", "get", "submitted", {**UNIT_A, "secretariat": 200, "chairman": 200}),
    ("registration_detail", "get", "draft_registration", UNIT_A),
    ("registration_movements", "post", "draft_registration", UNIT_A_DOES),
    ("registration_movements", "post", "submitted", NOBODY),
    ("registration_target_add", "post", "draft_registration", UNIT_A_INVALID),
    ("registration_target_remove", "post", "draft_target_of_registration", UNIT_A_DOES),
    ("registration_title_add", "post", "draft_registration", UNIT_A_INVALID),
    ("registration_title_remove", "post", "draft_title", UNIT_A_DOES),
    ("registration_submit", "post", "draft_registration", HEAD_A_DOES),
    ("registration_return", "post", "submitted", SECRETARIAT_DOES),
    ("registration_accept", "post", "submitted", SECRETARIAT_DOES),
    ("progress_entry", "get", "submitted", UNIT_A),
    ("progress_entry", "get", "draft_registration", NOBODY),
    ("completion", "get", None, READERS),
    ("completion_remind", "post", None, SECRETARIAT_DOES),
    ("exemplar_list", "get", None, {**UNITS, "secretariat": 200}),
    ("exemplar_create", "get", None, {**UNITS, "secretariat": 200}),
    ("exemplar_detail", "get", "exemplar", UNIT_A_AND_SECRETARIAT),
    ("exemplar_update", "get", "exemplar", UNIT_A_AND_SECRETARIAT),
    ("exemplar_advance", "post", "exemplar", UNIT_A_AND_SECRETARIAT_DO),
    ("exemplar_consent", "post", "exemplar", UNIT_A_AND_SECRETARIAT_DO),
    ("exemplar_publish", "post", "exemplar", SECRETARIAT_DOES),
    ("exemplar_photo_add", "post", "exemplar", UNIT_A_AND_SECRETARIAT_DO),
    ("exemplar_photo", "get", "photo", UNIT_A_AND_SECRETARIAT),
    ("exemplar_awards", "get", "exemplar", UNIT_A_AND_SECRETARIAT),
    ("exemplar_award_link", "post", "exemplar", UNIT_A_AND_SECRETARIAT_DO),
    ("gallery", "get", None, EVERYONE),
    ("gallery_detail", "get", "public", EVERYONE),
    ("gallery_detail", "get", "exemplar", dict.fromkeys(ROLES, 404)),
    ("gallery_photo", "get", "public_photo", EVERYONE),
]


def png_upload(name="anh.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def propose(users, province, movement, name="Đặng Thùy Trâm", **extra):
    fields = {
        "subject_kind": "person",
        "name": name,
        "person": province["person_a"],
        "unit": province["unit_a"],
        "commune": province["unit_a"],
        "field": "digital",
        "movement": movement,
        "summary": "Đưa dịch vụ công trực tuyến đến từng hộ dân trong thôn.",
    }
    fields.update(extra)
    return services.exemplar_propose(actor=users["staff_a"], **fields)


def make_public(exemplar, users, province):
    for _ in range(2):
        services.exemplar_advance(
            exemplar=exemplar, actor=users["staff_a"], responsible_unit=province["unit_a"]
        )
    services.exemplar_record_consent(exemplar=exemplar, actor=users["staff_a"], on=date(2026, 6, 1))
    services.exemplar_publish(exemplar=exemplar, actor=users["secretariat"])
    return exemplar


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def scene(province, users, submitted, _media):
    launched = Movement.objects.get(code="chuyen-doi-so")
    draft = draft_movement(province, users, code="van-hoa-cong-so", name="Văn hóa công sở")
    draft_target = services.target_add(
        movement=draft, actor=users["secretariat"], content="X", measure="%", plan_value="1"
    )
    other_year = services.registration_create(
        actor=users["staff_a"], unit=province["unit_a"], year=YEAR + 1, movements=[launched]
    )
    draft_target_of_registration = services.registered_target_add(
        registration=other_year,
        actor=users["staff_a"],
        movement=launched,
        content="Hộ dùng dịch vụ công",
        measure="hộ",
        plan_value="10",
    )
    from awards.models import Award

    draft_title = services.registered_title_add(
        registration=other_year, actor=users["staff_a"], award=Award.objects.get(code="TTLDTT")
    )
    exemplar = propose(users, province, launched, name="Nguyễn Thị Hoa")
    photo = services.exemplar_photo_add(
        exemplar=exemplar, actor=users["staff_a"], image=png_upload()
    )
    public = make_public(propose(users, province, launched), users, province)
    public_photo = services.exemplar_photo_add(
        exemplar=public, actor=users["staff_a"], image=png_upload()
    )
    return {
        "launched": launched,
        "draft": draft,
        "draft_target": draft_target,
        "submitted": submitted,
        "draft_registration": other_year,
        "draft_target_of_registration": draft_target_of_registration,
        "draft_title": draft_title,
        "exemplar": exemplar,
        "photo": photo,
        "public": public,
        "public_photo": public_photo,
    }


def _url(name, scene, key):
    if key is None:
        return reverse(f"campaigns:{name}")
    obj = scene[key]
    if key == "draft_target":
        return reverse(f"campaigns:{name}", args=[obj.movement_id, obj.pk])
    if key == "draft_target_of_registration":
        return reverse(f"campaigns:{name}", args=[obj.registration_id, obj.pk])
    if key == "draft_title":
        return reverse(f"campaigns:{name}", args=[obj.registration_id, obj.pk])
    if key in ("photo", "public_photo"):
        return reverse(f"campaigns:{name}", args=[obj.exemplar_id, obj.pk])
    return reverse(f"campaigns:{name}", args=[obj.pk])


POST_DATA = {
    "movement_transition": {"to": "in_progress"},
    "registration_return": {"reason": "Thiếu chỉ tiêu."},
    "registration_movements": {},
    "exemplar_advance": {"responsible_unit": "", "on": "2026-06-09"},
    "exemplar_consent": {"consent_on": "2026-06-01"},
    "completion_remind": {"year": "2026"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "key", "expected"),
    MATRIX,
    ids=[f"{m[0]}-{m[2]}" for m in MATRIX],
)
def test_permission_matrix(client, users, scene, role, name, method, key, expected):
    client = client_for(client, users, role)
    url = _url(name, scene, key)
    response = client.get(url) if method == "get" else client.post(url, POST_DATA.get(name, {}))
    want = expected[role]
    if want == "done":
        assert response.status_code == 302
        assert not response["Location"].startswith(reverse("units:login"))
    else:
        assert response.status_code == want
    if want == 302:
        assert response["Location"].startswith(reverse("units:login"))
    if want == 404:
        assert "Không tìm thấy trang" in response.content.decode()


def test_target_form_non_numeric_plan_value_saves_nothing(client, users, province):
    movement = draft_movement(province, users)
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("campaigns:target_add", args=[movement.pk]),
        {"content": "Tỷ lệ", "measure": "%", "plan_value": "tám mươi"},
        follow=True,
    )
    assert "Hãy nhập một số (ví dụ 12 hoặc 12,5), không phải “tám mươi”." in (
        response.content.decode()
    )
    assert movement.targets.count() == 0


def test_movement_form_end_before_start_beside_the_field(client, users, province):
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("campaigns:movement_create"),
        {
            "code": "dan-van-kheo",
            "name": "Dân vận khéo",
            "kind": "thematic",
            "scope": "province",
            "launch_level": "council",
            "launching_unit": province["root"].pk,
            "start_date": "2026-06-01",
            "end_date": "2026-01-01",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ngày kết thúc không được trước ngày bắt đầu." in body
    assert not Movement.objects.filter(code="dan-van-kheo").exists()


def test_launch_page_refused_for_want_of_criteria(client, users, province):
    movement = draft_movement(province, users, criteria="")
    services.target_add(
        movement=movement, actor=users["secretariat"], content="X", measure="%", plan_value="5"
    )
    client.force_login(users["secretariat"])
    response = client.post(reverse("campaigns:movement_launch", args=[movement.pk]), follow=True)
    assert (
        "Phong trào chưa thể phát động: còn thiếu tiêu chí đánh giá." in response.content.decode()
    )
    movement.refresh_from_db()
    assert movement.state == "draft"


def test_second_registration_page(client, users, province, registration):
    client.force_login(users["head_a"])
    response = client.post(
        reverse("campaigns:registration_create"), {"unit": province["unit_a"].pk, "year": YEAR}
    )
    assert "Xã Bình Sơn đã đăng ký thi đua năm 2026: hãy mở bản đăng ký đó." in (
        response.content.decode()
    )
    assert Registration.objects.count() == 1


def test_registered_target_non_numeric_saves_nothing(client, users, registration, launched):
    client.force_login(users["staff_a"])
    count = registration.targets.count()
    response = client.post(
        reverse("campaigns:registration_target_add", args=[registration.pk]),
        {"movement": launched.pk, "content": "Hộ", "measure": "hộ", "plan_value": "12,5,3"},
    )
    assert response.status_code == 422
    assert "Hãy nhập một số" in response.content.decode()
    assert registration.targets.count() == count


def test_progress_for_another_units_target_is_404(client, users, submitted):
    client.force_login(users["staff_b"])
    response = client.post(
        reverse("campaigns:progress_entry", args=[submitted.pk]),
        {f"actual-{submitted.targets.first().pk}": "5"},
    )
    assert response.status_code == 404
    assert not submitted.targets.first().progress.exists()


def test_progress_entry_saves_and_review_page_figures(client, users, accepted, launched):
    first, second = accepted.targets.order_by("id")
    client.force_login(users["staff_a"])
    response = client.post(
        reverse("campaigns:progress_entry", args=[accepted.pk]),
        {f"actual-{first.pk}": "72", f"actual-{second.pk}": "abc"},
    )
    assert response.status_code == 422
    assert "Hãy nhập một số (ví dụ 12 hoặc 12,5), không phải “abc”." in response.content.decode()
    client.post(
        reverse("campaigns:progress_entry", args=[accepted.pk]), {f"actual-{second.pk}": "50"}
    )
    client.force_login(users["secretariat"])
    body = client.get(reverse("campaigns:movement_review", args=[launched.pk])).content.decode()
    assert "80,0%" in body
    assert "100,0%" in body
    assert "1 đơn vị đăng ký 2 chỉ tiêu; đạt 1." in body


def test_completion_queries_do_not_grow(
    client, users, province, submitted, django_assert_num_queries
):
    client.force_login(users["secretariat"])
    url = reverse("campaigns:completion")
    before = _count(client, url)
    for i in range(30):
        UnitFactory(name=f"Xã Mới {i}", code=f"xa-moi-{i}", parent=province["root"])
    with django_assert_num_queries(before):
        body = client.get(url).content.decode()
    assert "1/32 đơn vị đã gửi đăng ký" in body
    assert body.count("Chưa đăng ký</span>") == 31


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_gallery_queries_do_not_grow(client, users, province, launched, django_assert_num_queries):
    url = reverse("campaigns:gallery")
    make_public(propose(users, province, launched), users, province)
    before = _count(client, url)
    for i in range(15):
        make_public(propose(users, province, launched, name=f"Hộ gia đình {i}"), users, province)
    assert _count(client, url + "?q=ho+gia") == before
    with django_assert_num_queries(before):
        body = client.get(url).content.decode()
    assert body.count('class="card h-100"') == 16


def test_gallery_shows_only_published_consented_without_sensitive_fields(
    client, users, province, launched
):
    public = make_public(propose(users, province, launched), users, province)
    propose(users, province, launched, name="Chưa công bố")
    body = client.get(reverse("campaigns:gallery")).content.decode()
    assert "Đặng Thùy Trâm" in body
    assert "Chưa công bố" not in body
    detail = client.get(reverse("campaigns:gallery_detail", args=[public.pk])).content.decode()
    assert "Đưa dịch vụ công trực tuyến" in detail
    for secret in ("Hrê", "051185000123", "07/03/1985", "1985-03-07"):
        assert secret not in body
        assert secret not in detail


def test_gallery_search_is_accent_insensitive_and_filters(client, users, province, launched):
    make_public(propose(users, province, launched), users, province)
    make_public(
        propose(users, province, launched, name="Nguyễn Văn An", field="health"), users, province
    )
    url = reverse("campaigns:gallery")
    body = client.get(url, {"q": "dang thuy"}).content.decode()
    assert "Đặng Thùy Trâm" in body and "Nguyễn Văn An" not in body
    body = client.get(url, {"field": "health"}).content.decode()
    assert "Nguyễn Văn An" in body and "Đặng Thùy Trâm" not in body
    body = client.get(url, {"commune": province["unit_a"].pk}).content.decode()
    assert "Nguyễn Văn An" in body and "Đặng Thùy Trâm" in body


def test_gallery_withdrawn_consent_removes_it_at_once(client, users, province, launched):
    public = make_public(propose(users, province, launched), users, province)
    detail = reverse("campaigns:gallery_detail", args=[public.pk])
    assert client.get(detail).status_code == 200
    staff = client_for(type(client)(), users, "staff_a")
    staff.post(reverse("campaigns:exemplar_consent", args=[public.pk]), {"withdraw": "1"})
    assert client.get(detail).status_code == 404
    assert "Đặng Thùy Trâm" not in client.get(reverse("campaigns:gallery")).content.decode()
    assert Exemplar.objects.get(pk=public.pk).is_published is False


def test_registration_states_shown(client, users, submitted):
    client.force_login(users["secretariat"])
    body = client.get(reverse("campaigns:registration_list")).content.decode()
    assert "Xã Bình Sơn" in body
    assert submitted.state == RegistrationState.SUBMITTED


def test_completion_links_only_the_registrations_its_reader_may_open(
    client, users, province, registration
):
    """A unit's name links its registration where the reader may open it: never a draft,
    nothing for a Council member without a unit of their own; no link answers 404."""
    url = reverse("campaigns:completion")
    detail = reverse("campaigns:registration_detail", args=[registration.pk])
    link = f'<a href="{detail}">Xã Bình Sơn</a>'
    readers = ("secretariat", "chairman", "council")
    for role in readers:
        client.force_login(users[role])
        body = client.get(url).content.decode()
        assert "Xã Bình Sơn" in body and detail not in body, role  # a draft
        assert dead_links(client, body) == [], role
    services.registration_submit(registration=registration, actor=users["head_a"])
    for role in readers:
        client.force_login(users[role])
        body = client.get(url).content.decode()
        assert (link in body) is (role != "council"), role
        assert dead_links(client, body) == [], role
