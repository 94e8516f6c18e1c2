"""The award history of a person and of a collective: years in order, records, sensitive
parts only for those who keep the record, and their display logged."""

import re
from datetime import date

import pytest
from django.urls import reverse

from awards.models import Initiative, MemberStatistics, PendingCase, TaskRating
from awards.services import decision_create, record_save
from tests.factories import PersonFactory
from tests.factories.awards import grant
from units.models import SecurityEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(db):
    return decision_create(
        actor=None,
        number="310/QĐ-UBND",
        issued_on=date(2025, 4, 8),
        signer_name="Trần Phước Hiền",
        signer_position="Phó Chủ tịch Ủy ban nhân dân tỉnh",
        authority="provincial_chairman",
        kind="CONG_TRANG",
    )


@pytest.fixture
def career(province, decision):
    """A person with awards in 2023 and 2025, ratings, and an initiative the 2025 award
    used; the same for the commune as a collective."""
    person = PersonFactory(full_name="Lương Thị Mai", gender="female", unit=province["unit_a"])
    cstdcs = grant("CSTDCS", 2023, person=person, certificate_number="GK-2023-17")
    bk = grant("BK_TINH", 2025, person=person, decision=decision)
    for year, rating in [(2023, "HTXSNV"), (2024, "HTTNV"), (2025, "HTXSNV")]:
        record_save(instance=TaskRating(person=person, year=year, rating=rating), actor=None)
    record_save(
        instance=Initiative(
            code="SK-2024-031",
            title="Số hóa hồ sơ khen thưởng cấp xã",
            person=person,
            year=2024,
            level="province",
            used_by=bk,
        ),
        actor=None,
    )
    record_save(
        instance=Initiative(
            code="SK-2022-007",
            title="Sổ tay thi đua thôn bản",
            person=person,
            year=2022,
            level="unit",
        ),
        actor=None,
    )
    unit = province["unit_a"]
    grant("TTLDTT", 2023, unit=unit)
    grant("TTLDXS", 2025, unit=unit, decision=decision)
    record_save(
        instance=MemberStatistics(
            unit=unit,
            year=2025,
            total=1240,
            ldtt=1010,
            completed_tasks=1200,
            cstdcs=131,
            disciplined_warning_or_above=2,
        ),
        actor=None,
    )
    return {"person": person, "cstdcs": cstdcs, "bk": bk, "unit": unit}


def years_table(body: str) -> str:
    start = body.index('data-testid="history-years"')
    return body[start : body.index("</table>", start)]


def test_person_history_by_year_newest_first(client, users, career):
    client.force_login(users["staff_a"])
    response = client.get(reverse("awards:person_history", args=[career["person"].pk]))
    assert response.status_code == 200
    years = response.context["history"]["years"]
    assert [entry["year"] for entry in years] == [2025, 2024, 2023]
    assert [[g.award.code for g in entry["grants"]] for entry in years] == [
        ["BK_TINH"],
        [],
        ["CSTDCS"],
    ]
    assert [entry["rating"].rating for entry in years] == ["HTXSNV", "HTTNV", "HTXSNV"]

    table = years_table(response.content.decode())
    assert re.findall(r"<th scope=\"row\"[^>]*>(\d{4})</th>", table) == ["2025", "2024", "2023"]
    assert table.index("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh") < table.index(
        "Chiến sĩ thi đua cơ sở"
    )
    assert "310/QĐ-UBND · 08/04/2025" in table
    assert "2.025" not in table


def test_person_history_initiatives(client, users, career):
    client.force_login(users["secretariat"])
    response = client.get(reverse("awards:person_history", args=[career["person"].pk]))
    assert [i.code for i in response.context["history"]["initiatives"]] == [
        "SK-2024-031",
        "SK-2022-007",
    ]
    body = response.content.decode()
    start = body.index('data-testid="history-initiatives"')
    table = body[start : body.index("</table>", start)]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    cells = [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in rows
    ]
    assert [row[0] for row in cells] == ["SK-2024-031", "SK-2022-007"]
    assert cells[0][1] == "Số hóa hồ sơ khen thưởng cấp xã"
    assert cells[0][3] == "2024"
    assert cells[0][4] == "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (2025)"


def test_unit_history_with_member_statistics(client, users, career):
    client.force_login(users["head_a"])
    response = client.get(reverse("awards:unit_history", args=[career["unit"].pk]))
    assert response.status_code == 200
    history = response.context["history"]
    assert [entry["year"] for entry in history["years"]] == [2025, 2023]
    assert [s.total for s in history["member_stats"]] == [1240]
    body = response.content.decode()
    table = years_table(body)
    assert table.index("Tập thể lao động xuất sắc") < table.index("Tập thể lao động tiên tiến")
    start = body.index('data-testid="history-members"')
    members = body[start : body.index("</table>", start)]
    assert re.findall(r'<td class="text-end">([\d.]+)</td>', members) == [
        "1.240",
        "1.010",
        "1.200",
        "131",
        "2",
    ]
    # The person's own awards are not the collective's.
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" not in body
    assert "disciplines" not in history


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("staff_a", True),
        ("head_a", True),
        ("secretariat", True),
        ("council", False),
        ("chairman", False),
    ],
)
def test_pending_cases_only_for_those_who_keep_the_record(client, users, career, role, shown):
    record_save(
        instance=PendingCase(
            person=career["person"],
            kind="investigation",
            opened_on=date(2025, 9, 1),
            note="THANHTRA-SENTINEL-8812",
        ),
        actor=None,
    )
    client.force_login(users[role])
    response = client.get(reverse("awards:person_history", args=[career["person"].pk]))
    assert response.status_code == 200
    assert ("THANHTRA-SENTINEL-8812" in response.content.decode()) is shown
    assert ("pending" in response.context["history"]) is shown
    assert response.context["show_sensitive"] is shown
    events = SecurityEvent.objects.filter(kind="sensitive_viewed")
    assert [(e.username, e.detail) for e in events] == (
        [
            (
                users[role].username,
                {"person": career["person"].pk, "records": "discipline_pending"},
            )
        ]
        if shown
        else []
    )


def test_nothing_sensitive_on_record_logs_nothing(client, users, career):
    client.force_login(users["secretariat"])
    response = client.get(reverse("awards:person_history", args=[career["person"].pk]))
    assert response.context["show_sensitive"] is True
    assert not SecurityEvent.objects.filter(kind="sensitive_viewed").exists()


def test_empty_history(client, users, province):
    client.force_login(users["staff_b"])
    response = client.get(reverse("awards:person_history", args=[province["person_b"].pk]))
    assert response.status_code == 200
    assert response.context["history"]["years"] == []
    assert "Nguyễn Văn An" in response.content.decode()
