"""The scoring table pages: settings with caps, tie-break order, quotas and cross-scoring;
groups, criteria and rules with their maxima checked; a locked table is read-only and a
change makes the next version; the head proposes, the secretariat accepts; XLSX export
and import through the pages."""

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from clusters.defaults import table_create_default
from clusters.models import BlocKind, ScoringCriterion, ScoringTable, TableState
from tests.clusters.conftest import YEAR

pytestmark = pytest.mark.django_db

ROUTES = {
    "clusters:table_list": "test_table_list_query_count_is_constant",
    "clusters:table_detail": "test_a_locked_table_is_read_only_and_versioned",
    "clusters:table_settings": "test_settings_refused_beside_the_field_then_saved",
    "clusters:group_add": "test_groups_and_criteria_within_their_maxima",
    "clusters:criterion_add": "test_groups_and_criteria_within_their_maxima",
    "clusters:rule_add": "test_groups_and_criteria_within_their_maxima",
    "clusters:table_item_edit": "test_the_head_proposes_and_the_secretariat_accepts",
    "clusters:table_item_delete": "test_groups_and_criteria_within_their_maxima",
    "clusters:table_version": "test_a_locked_table_is_read_only_and_versioned",
    "clusters:table_propose": "test_the_head_proposes_and_the_secretariat_accepts",
    "clusters:table_accept": "test_the_head_proposes_and_the_secretariat_accepts",
    "clusters:table_export": "test_export_and_import_through_the_pages",
    "clusters:table_import": "test_export_and_import_through_the_pages",
}


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


@pytest.fixture
def draft():
    return table_create_default(bloc_kind=BlocKind.DEPARTMENTS, year=YEAR)


SETTINGS = {
    "title": "Bảng chấm điểm khối sở",
    "legal_basis": "",
    "is_unconfirmed": "on",
    "bonus_cap": "5",
    "deduction_cap": "10",
    "flag_quota": "1",
    "certificate_quota": "2",
    "everyone_scores_everyone": "on",
}


def test_settings_refused_beside_the_field_then_saved(client, draft, users):
    url = reverse("clusters:table_settings", args=[draft.pk])
    client.force_login(users["council"])
    assert client.post(url, SETTINGS | {"tie_break_text": "deductions"}).status_code == 404
    client.force_login(users["secretariat"])
    page = text(client.post(url, SETTINGS | {"tie_break_text": "group:Z, deductions"}))
    assert '"group:Z" không phải tiêu chí phân định khi bằng điểm' in page
    assert 'value="group:Z, deductions"' in page
    draft.refresh_from_db()
    assert draft.title != "Bảng chấm điểm khối sở"
    client.post(
        url, SETTINGS | {"tie_break_text": "group:A, women_led", "everyone_scores_everyone": ""}
    )
    draft.refresh_from_db()
    assert (draft.title, draft.tie_break, draft.everyone_scores_everyone) == (
        "Bảng chấm điểm khối sở",
        ["group:A", "women_led"],
        False,
    )
    assert (draft.bonus_cap, draft.deduction_cap) == (5, 10)


def test_groups_and_criteria_within_their_maxima(client, draft, users):
    client.force_login(users["secretariat"])
    group = draft.groups.get(code="A")  # 55 points, its criteria total 55 already
    criterion = {
        "c-group": group.pk,
        "c-code": "A3",
        "c-title": "Cải cách hành chính",
        "c-max_points": "5",
        "c-order": "3",
        "c-evidence_hint": "",
    }
    page = text(client.post(reverse("clusters:criterion_add", args=[draft.pk]), criterion))
    assert "Tổng điểm các tiêu chí của nhóm A sẽ là 60, vượt điểm tối đa của nhóm là 55." in page
    assert 'value="Cải cách hành chính"' in page
    assert not ScoringCriterion.objects.filter(group=group, code="A3").exists()
    client.post(
        reverse("clusters:group_add", args=[draft.pk]),
        {"g-code": "E", "g-title": "Chuyển đổi số", "g-max_points": "5", "g-order": "9"},
    )
    new_group = draft.groups.get(code="E")
    client.post(
        reverse("clusters:criterion_add", args=[draft.pk]),
        criterion | {"c-group": new_group.pk, "c-code": "E1", "c-is_veto": "on"},
    )
    e1 = ScoringCriterion.objects.get(group=new_group)
    assert (e1.code, e1.max_points, e1.is_veto) == ("E1", 5, True)
    client.post(
        reverse("clusters:rule_add", args=[draft.pk]),
        {"r-kind": "bonus", "r-title": "Sáng kiến cấp tỉnh", "r-points": "2", "r-order": "5"},
    )
    assert draft.rules.filter(title="Sáng kiến cấp tỉnh", points=2).exists()
    page = text(client.get(reverse("clusters:table_detail", args=[draft.pk])))
    assert 'data-criterion="E1"' in page
    client.post(reverse("clusters:table_item_delete", args=["nhom", new_group.pk]))
    assert not draft.groups.filter(code="E").exists()


def test_a_locked_table_is_read_only_and_versioned(client, cluster, users):
    table = cluster["table"]  # locked when the round opened
    client.force_login(users["secretariat"])
    page = text(client.get(reverse("clusters:table_detail", args=[table.pk])))
    assert "Bảng đã khóa từ khi mở chấm điểm" in page
    assert 'data-testid="settings-form"' not in page
    criterion = ScoringCriterion.objects.filter(group__table=table).first()
    assert (
        client.post(
            reverse("clusters:table_settings", args=[table.pk]), SETTINGS | {"tie_break_text": ""}
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("clusters:table_item_edit", args=["tieu-chi", criterion.pk])).status_code
        == 404
    )
    assert client.post(reverse("clusters:table_version", args=[table.pk])).status_code == 302
    copy = ScoringTable.objects.get(bloc_kind=table.bloc_kind, year=YEAR, version=table.version + 1)
    assert copy.state == TableState.DRAFT
    assert sorted(
        ScoringCriterion.objects.filter(group__table=copy).values_list("code", "max_points")
    ) == sorted(
        ScoringCriterion.objects.filter(group__table=table).values_list("code", "max_points")
    )


def test_the_head_proposes_and_the_secretariat_accepts(client, cluster, users):
    table = cluster["table"]
    client.force_login(users["staff_b"])  # a member, not a head: no proposal
    assert client.post(reverse("clusters:table_propose", args=[table.pk])).status_code == 404
    client.force_login(users["head_a"])
    page = text(client.get(reverse("clusters:table_detail", args=[table.pk])))
    assert 'data-testid="propose"' in page and 'data-testid="new-version"' not in page
    client.post(reverse("clusters:table_propose", args=[table.pk]))
    proposal = ScoringTable.objects.get(
        bloc_kind=table.bloc_kind, year=YEAR, state=TableState.PROPOSED
    )
    a1 = ScoringCriterion.objects.get(group__table=proposal, code="A1")
    url = reverse("clusters:table_item_edit", args=["tieu-chi", a1.pk])
    data = {
        "group": a1.group_id,
        "code": "A1",
        "title": "Chỉ tiêu kinh tế - xã hội (đề xuất)",
        "max_points": "30",
        "order": "1",
        "evidence_required": "on",
        "evidence_hint": "",
    }
    client.post(url, data)
    a1.refresh_from_db()
    assert (a1.title, a1.max_points) == ("Chỉ tiêu kinh tế - xã hội (đề xuất)", 30)
    # The head cannot accept its own proposal; the secretariat does.
    assert client.post(reverse("clusters:table_accept", args=[proposal.pk])).status_code == 404
    client.force_login(users["secretariat"])
    client.post(reverse("clusters:table_accept", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.state == TableState.DRAFT
    # Once accepted, the head no longer edits it.
    client.force_login(users["head_a"])
    assert client.post(url, data).status_code == 404


def test_export_and_import_through_the_pages(client, draft, users):
    client.force_login(users["secretariat"])
    response = client.get(reverse("clusters:table_export", args=[draft.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Bảng điểm"]
    sheet.cell(row=2, column=5, value="Tiêu chí đổi tên khi nhập")
    buffer = io.BytesIO()
    workbook.save(buffer)
    url = reverse("clusters:table_import", args=[draft.pk])
    bad = SimpleUploadedFile("bang.xlsx", b"not a workbook")
    page = text(client.post(url, {"file": bad}))
    assert 'data-testid="file-not-kept"' in page
    upload = SimpleUploadedFile("bang.xlsx", buffer.getvalue())
    assert client.post(url, {"file": upload}).status_code == 302
    first = (
        ScoringCriterion.objects.filter(group__table=draft)
        .order_by("group__order", "order")
        .first()
    )
    assert first.title == "Tiêu chí đổi tên khi nhập"


def test_table_list_query_count_is_constant(client, draft, users):
    url = reverse("clusters:table_list")
    client.force_login(users["staff_b"])
    assert client.get(url).status_code == 404
    client.force_login(users["secretariat"])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for kind in (BlocKind.COMMUNES, BlocKind.ENTERPRISES, BlocKind.PUBLIC_SERVICE):
        table_create_default(bloc_kind=kind, year=YEAR)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert page.count("/cum-khoi/bang-diem/") == 4
    assert len(large.captured_queries) == len(small.captured_queries)
