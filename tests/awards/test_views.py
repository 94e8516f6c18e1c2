"""Permission matrix and behaviour of the catalogue, records, decisions, quotas and the
eligibility page."""

from datetime import date

import pytest
from django.urls import reverse

from awards.models import Award, Decision, Quota, TaskRating
from tests.utils.clients import ROLES, client_for

pytestmark = pytest.mark.django_db


def _url(name, province, kind=None):
    person = province["person_a"]
    return {
        "award_list": reverse("awards:award_list"),
        "award_update": reverse("awards:award_update", args=["LDTT"]),
        "quota_list": reverse("awards:quota_list"),
        "decision_list": reverse("awards:decision_list"),
        "decision_create": reverse("awards:decision_create"),
        "record_create": reverse("awards:record_create", args=["ca-nhan", person.pk, "rating"]),
        "grant_create": reverse("awards:grant_create", args=["ca-nhan", person.pk]),
        "eligibility": reverse("awards:eligibility") + f"?person={person.pk}",
    }[name]


AWARDS_MATRIX = [
    (
        "award_list",
        {
            "anonymous": 302,
            "staff_b": 200,
            "staff_a": 200,
            "head_a": 200,
            "secretariat": 200,
            "council": 200,
            "chairman": 200,
        },
    ),
    (
        "award_update",
        {
            "anonymous": 302,
            "staff_b": 404,
            "staff_a": 404,
            "head_a": 404,
            "secretariat": 200,
            "council": 404,
            "chairman": 404,
        },
    ),
    (
        "quota_list",
        {
            "anonymous": 302,
            "staff_b": 200,
            "staff_a": 200,
            "head_a": 200,
            "secretariat": 200,
            "council": 200,
            "chairman": 200,
        },
    ),
    (
        "decision_list",
        {
            "anonymous": 302,
            "staff_b": 404,
            "staff_a": 404,
            "head_a": 404,
            "secretariat": 200,
            "council": 404,
            "chairman": 404,
        },
    ),
    (
        "decision_create",
        {
            "anonymous": 302,
            "staff_b": 404,
            "staff_a": 404,
            "head_a": 404,
            "secretariat": 200,
            "council": 404,
            "chairman": 404,
        },
    ),
    (
        "record_create",
        {
            "anonymous": 302,
            "staff_b": 404,
            "staff_a": 200,
            "head_a": 200,
            "secretariat": 200,
            "council": 404,
            "chairman": 404,
        },
    ),
    (
        "grant_create",
        {
            "anonymous": 302,
            "staff_b": 404,
            "staff_a": 200,
            "head_a": 200,
            "secretariat": 200,
            "council": 404,
            "chairman": 404,
        },
    ),
    (
        "eligibility",
        {
            "anonymous": 302,
            "staff_b": 404,
            "staff_a": 200,
            "head_a": 200,
            "secretariat": 200,
            "council": 404,
            "chairman": 404,
        },
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "expected"), AWARDS_MATRIX, ids=[m[0] for m in AWARDS_MATRIX])
def test_awards_permission_matrix(client, users, province, role, name, expected):
    response = client_for(client, users, role).get(_url(name, province))
    assert response.status_code == expected[role]
    body = response.content.decode()
    if expected[role] == 404:
        assert "Đặng Thùy Trâm" not in body
    if expected[role] == 200 and name in ("record_create", "grant_create", "eligibility"):
        assert "Đặng Thùy Trâm" in body
    if expected[role] == 200 and name == "award_list":
        assert "Chiến sĩ thi đua cấp tỉnh" in body


def test_rating_entry_by_unit_staff_is_saved_with_history(client, users, province):
    client.force_login(users["staff_a"])
    person = province["person_a"]
    response = client.post(_url("record_create", province), {"year": 2025, "rating": "HTXSNV"})
    assert response.status_code == 302
    rating = TaskRating.objects.get(person=person, year=2025)
    assert (rating.rating, rating.history.first().history_user) == ("HTXSNV", users["staff_a"])
    # The same year twice is refused with a message, nothing saved twice.
    again = client.post(_url("record_create", province), {"year": 2025, "rating": "HTTNV"})
    assert again.status_code == 200
    assert again.context["form"].errors
    assert TaskRating.objects.filter(person=person).count() == 1


def test_member_statistics_cannot_exceed_members(client, users, province):
    client.force_login(users["secretariat"])
    url = reverse("awards:record_create", args=["don-vi", province["unit_a"].pk, "stats"])
    response = client.post(
        url,
        {
            "year": 2025,
            "total": 10,
            "ldtt": 11,
            "completed_tasks": 10,
            "cstdcs": 1,
            "disciplined_warning_or_above": 0,
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["ldtt"]


def test_eligibility_page_shows_the_verdict_with_every_check(client, users, province):
    person = province["person_a"]
    TaskRating.objects.create(person=person, year=2025, rating="HTTNV")
    client.force_login(users["staff_a"])
    ldtt = Award.objects.get(code="LDTT")
    response = client.get(
        reverse("awards:eligibility"), {"person": person.pk, "award": ldtt.pk, "year": 2025}
    )
    result = response.context["result"]
    assert result["verdict"] == "eligible"
    body = response.content.decode()
    assert "Đủ điều kiện đề nghị" in body
    for check in result["checks"]:
        assert check["detail"] in body


def test_eligibility_search_finds_only_visible_people(client, users, province):
    client.force_login(users["staff_a"])
    response = client.get(reverse("awards:eligibility"), {"q": "nguyen van an"})
    assert response.context["matches"] == []  # Nguyễn Văn An is in unit B
    response = client.get(reverse("awards:eligibility"), {"q": "dang thuy"})
    assert [p.full_name for p in response.context["matches"]] == ["Đặng Thùy Trâm"]


def test_catalogue_edit_keeps_the_code(client, users):
    client.force_login(users["secretariat"])
    award = Award.objects.get(code="LDTT")
    response = client.post(
        reverse("awards:award_update", args=["LDTT"]),
        {
            "award-name": "Lao động tiên tiến (sửa)",
            "award-code": "HACKED",
            "award-category": award.category,
            "award-subject_kind": award.subject_kind,
            "award-level": award.level,
            "award-authority": award.authority,
            "award-kinds": ["CONG_TRANG"],
            "award-required_documents": "Tờ trình đề nghị khen thưởng\nGiấy mới",
            "award-council_vote": "none",
            "award-is_active": "on",
            "award-sort_order": 10,
        },
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert (award.code, award.name) == ("LDTT", "Lao động tiên tiến (sửa)")
    assert award.required_documents == [
        {"code": "to_trinh", "name": "Tờ trình đề nghị khen thưởng"},
        {"code": "tai_lieu_2", "name": "Giấy mới"},
    ]
    assert award.history.first().history_user == users["secretariat"]


def test_decision_and_grant_through_the_pages(client, users, province):
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("awards:decision_create"),
        {
            "number": "125/QĐ-UBND",
            "issued_on": "2025-12-20",
            "signer_name": "Trần Văn Bình",
            "signer_position": "Chủ tịch UBND tỉnh",
            "authority": "provincial_chairman",
            "kind": "CONG_TRANG",
            "summary": "Tặng Bằng khen",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(number="125/QĐ-UBND")
    assert decision.issued_on == date(2025, 12, 20)
    bk = Award.objects.get(code="BK_TINH")
    response = client.post(
        _url("grant_create", province),
        {
            "award": bk.pk,
            "year": 2025,
            "kind": "CONG_TRANG",
            "decision": decision.pk,
            "certificate_number": "BK-0001",
        },
    )
    assert response.status_code == 302
    made = province["person_a"].grants.get()
    assert (made.award.code, made.decision, made.certificate_number) == (
        "BK_TINH",
        decision,
        "BK-0001",
    )


def test_quota_page_counts_and_refuses_duplicates(client, users, province):
    client.force_login(users["secretariat"])
    ldtt = Award.objects.get(code="LDTT")
    data = {"unit": province["unit_a"].pk, "award": ldtt.pk, "year": 2025, "limit": 3}
    assert client.post(reverse("awards:quota_list"), data).status_code == 302
    again = client.post(reverse("awards:quota_list"), data)
    assert again.status_code == 200 and again.context["form"].errors
    assert Quota.objects.count() == 1
    client.force_login(users["staff_b"])
    page = client.get(reverse("awards:quota_list"), {"year": 2025})
    assert list(page.context["page"]) == []  # unit A's quota is not unit B's business


@pytest.mark.parametrize(
    ("role", "buttons"),
    [("staff_a", {"record", "check"}), ("secretariat", {"record", "check"}), ("council", set())],
)
def test_history_page_offers_record_keeping_by_permission(client, users, province, role, buttons):
    person = province["person_a"]
    client.force_login(users[role])
    body = client.get(reverse("awards:person_history", args=[person.pk])).content.decode()
    shown = set()
    if reverse("awards:record_create", args=["ca-nhan", person.pk, "rating"]) in body:
        shown.add("record")
    if f"{reverse('awards:eligibility')}?person={person.pk}" in body:
        shown.add("check")
    assert shown == buttons


def test_years_are_plain_and_counts_grouped(client, users, province):
    from awards.models import TaskRating as Rating

    Rating.objects.create(person=province["person_a"], year=2025, rating="HTTNV")
    client.force_login(users["secretariat"])
    ldtt = Award.objects.get(code="LDTT")
    body = client.get(
        reverse("awards:eligibility"),
        {"person": province["person_a"].pk, "award": ldtt.pk, "year": 2025},
    ).content.decode()
    assert "Lao động tiên tiến, 2025" in body and "2.025" not in body
    salary = client.get(reverse("awards:award_list")).content.decode()
    assert "2.340.000" in salary


def test_household_registered_and_awarded_by_the_commune(client, users, province):
    from awards.models import AwardGrant, Household

    village = province["village_a"]
    client.force_login(users["staff_a"])
    response = client.post(
        reverse("awards:household_create", args=[village.pk]),
        {"head_name": "  Phạm   Văn Lực ", "address": "Thôn 1"},
    )
    household = Household.objects.get()
    assert (household.head_name, household.unit) == ("Phạm Văn Lực", village)
    assert response["Location"].endswith(f"/khen-thuong/don-vi/{village.pk}/#ho-gia-dinh")
    gdvh = Award.objects.get(code="GDVH")
    response = client.post(
        reverse("awards:grant_create", args=["ho-gia-dinh", household.pk]),
        {"award": gdvh.pk, "year": 2025, "kind": "CONG_TRANG"},
    )
    made = AwardGrant.objects.get(household=household)
    assert (made.award.code, made.recipient_name, made.unit_scope) == (
        "GDVH",
        "Hộ ông/bà Phạm Văn Lực",
        village,
    )
    page = client.get(reverse("awards:unit_history", args=[village.pk])).content.decode()
    assert "Phạm Văn Lực" in page and "Gia đình văn hóa (2025)" in page
    # Another commune's staff cannot see or add to it.
    client.force_login(users["staff_b"])
    assert client.get(reverse("awards:household_create", args=[village.pk])).status_code == 404
    assert (
        client.get(reverse("awards:grant_create", args=["ho-gia-dinh", household.pk])).status_code
        == 404
    )


def test_base_salary_is_a_dated_parameter(client, users, province):
    from awards.models import BaseSalary
    from awards.services import cash_amount

    url = reverse("awards:base_salary_list")
    client.force_login(users["council"])
    assert client.get(url).status_code == 404
    client.force_login(users["secretariat"])
    response = client.post(
        url, {"amount": 2_530_000, "valid_from": "2026-07-01", "basis": "Giả định"}
    )
    assert response.status_code == 302
    assert list(BaseSalary.objects.values_list("amount", flat=True)) == [2_530_000, 2_340_000]
    cstdcs = Award.objects.get(code="CSTDCS")
    assert cash_amount(award=cstdcs, subject_kind="individual", on=date(2026, 6, 30)) == 2_340_000
    assert cash_amount(award=cstdcs, subject_kind="individual", on=date(2026, 7, 1)) == 2_530_000
    again = client.post(url, {"amount": 1, "valid_from": "2026-07-01"})
    assert again.status_code == 200 and again.context["form"].errors
