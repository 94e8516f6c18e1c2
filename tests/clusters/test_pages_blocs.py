"""The bloc page and the secretariat's bloc admin: members, the head and deputy of each
year with their history, the assigned Council members, the rules documents through the
one upload validator; 404 for whoever may not; input kept on errors; constant queries."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import Bloc, BlocCouncilMember, BlocKind, BlocLeadership, BlocMembership
from tests.clusters.conftest import YEAR
from tests.factories import UnitFactory, user_with_role
from tests.utils.dossiers import pdf_bytes
from units.models import Role

pytestmark = pytest.mark.django_db

ROUTES = {
    "clusters:bloc_detail": "test_bloc_page_shows_members_leadership_council_documents",
    "clusters:bloc_create": "test_bloc_create_refuses_a_duplicate_code_and_keeps_the_input",
    "clusters:member_add": "test_member_add_and_remove_only_by_the_secretariat",
    "clusters:member_remove": "test_member_add_and_remove_only_by_the_secretariat",
    "clusters:leadership_set": "test_leadership_of_the_year_with_history",
    "clusters:council_assign": "test_council_assignment",
    "clusters:council_unassign": "test_council_assignment",
    "clusters:document_add": "test_rules_document_through_the_upload_validator",
    "clusters:document_download": "test_rules_document_through_the_upload_validator",
}


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def test_bloc_page_shows_members_leadership_council_documents(client, cluster, users):
    url = reverse("clusters:bloc_detail", args=[cluster["bloc"].pk])
    client.force_login(users["staff_b"])
    page = text(client.get(url))
    names = re.findall(r'<tr data-unit="([^"]+)"><td>([^<]+)</td>', page)
    assert [code for code, _name in names] == sorted(
        [m.code for m in cluster["members"]],
        key=lambda c: next(m.name for m in cluster["members"] if m.code == c),
    )
    head_row = page.split(f'data-unit="{cluster["members"][0].code}"')[1].split("</tr>")[0]
    assert "Trưởng" in head_row
    deputy_row = page.split(f'data-unit="{cluster["members"][1].code}"')[1].split("</tr>")[0]
    assert "Phó" in deputy_row
    council = page.split('data-testid="council"')[1].split("</ul>")[0]
    assert (users["council"].get_full_name() or users["council"].username) in council
    # A member sees no admin form; the secretariat does.
    assert 'data-testid="member-form"' not in page
    client.force_login(users["secretariat"])
    page = text(client.get(url))
    assert 'data-testid="member-form"' in page and 'data-testid="council-form"' in page
    # An outsider learns nothing.
    client.force_login(cluster["outsider"])
    assert client.get(url).status_code == 404


def test_bloc_create_refuses_a_duplicate_code_and_keeps_the_input(client, cluster, users):
    url = reverse("clusters:bloc_create")
    client.force_login(users["staff_b"])
    assert client.get(url).status_code == 404
    client.force_login(users["secretariat"])
    data = {"name": "Khối các sở kinh tế", "code": "cum-1", "kind": BlocKind.DEPARTMENTS}
    page = text(client.post(url, data))
    assert "Mã viết tắt này đã được cụm, khối khác sử dụng." in page
    assert 'value="Khối các sở kinh tế"' in page
    assert Bloc.objects.count() == 1
    response = client.post(url, data | {"code": "khoi-kt"})
    bloc = Bloc.objects.get(code="khoi-kt")
    assert response.url == reverse("clusters:bloc_detail", args=[bloc.pk])
    assert (bloc.name, bloc.kind) == ("Khối các sở kinh tế", BlocKind.DEPARTMENTS)


def test_member_add_and_remove_only_by_the_secretariat(client, cluster, users, province):
    bloc = Bloc.objects.create(name="Cụm thi đua số 2", code="cum-2", kind=BlocKind.COMMUNES)
    newcomer = UnitFactory(name="Xã Mới", code="xa-moi", parent=province["root"])
    add = reverse("clusters:member_add", args=[bloc.pk])
    client.force_login(users["head_a"])
    assert client.post(add, {"unit": newcomer.pk, "year": YEAR}).status_code == 404
    client.force_login(users["secretariat"])
    # A unit of cụm 1 cannot sit in cụm 2 the same year: the message is beside the field.
    taken = cluster["members"][2]
    page = text(client.post(add, {"unit": taken.pk, "year": YEAR}))
    assert f"{taken.name} đã là thành viên của Cụm thi đua số 1 năm {YEAR}." in page
    assert not BlocMembership.objects.filter(bloc=bloc).exists()
    response = client.post(add, {"unit": newcomer.pk, "year": YEAR, "women_led": "on"})
    assert response.url == reverse("clusters:bloc_detail", args=[bloc.pk]) + f"?year={YEAR}"
    membership = BlocMembership.objects.get(bloc=bloc)
    assert (membership.unit, membership.year, membership.women_led) == (newcomer, YEAR, True)
    # cụm 1's round is open: its members are fixed.
    fixed = BlocMembership.objects.get(bloc=cluster["bloc"], unit=taken)
    client.post(reverse("clusters:member_remove", args=[fixed.pk]))
    assert BlocMembership.objects.filter(pk=fixed.pk).exists()
    client.post(reverse("clusters:member_remove", args=[membership.pk]))
    assert not BlocMembership.objects.filter(pk=membership.pk).exists()


def test_leadership_of_the_year_with_history(client, cluster, users):
    bloc = cluster["bloc"]
    members = cluster["members"]
    url = reverse("clusters:leadership_set", args=[bloc.pk])
    client.force_login(users["secretariat"])
    page = text(client.post(url, {"year": YEAR, "head": members[2].pk, "deputy": members[2].pk}))
    assert "Đơn vị phó không thể đồng thời là đơn vị trưởng." in page
    assert BlocLeadership.objects.get(bloc=bloc, year=YEAR).head == members[0]
    client.post(url, {"year": YEAR, "head": members[2].pk, "deputy": members[3].pk})
    lead = BlocLeadership.objects.get(bloc=bloc, year=YEAR)
    assert (lead.head, lead.deputy) == (members[2], members[3])
    page = text(client.get(reverse("clusters:bloc_detail", args=[bloc.pk])))
    leaderships = page.split('data-testid="leaderships"')[1].split("</table>")[0]
    assert members[2].name in leaderships and members[0].name not in leaderships
    history = page.split('data-testid="leadership-history"')[1].split("</ul>")[0]
    assert history.count("<li>") == 2
    assert members[0].name in history and members[2].name in history


def test_council_assignment(client, cluster, users):
    bloc = cluster["bloc"]
    url = reverse("clusters:council_assign", args=[bloc.pk])
    client.force_login(users["secretariat"])
    page = text(client.post(url, {"year": YEAR, "user": users["council"].pk}))
    assert "Thành viên Hội đồng này đã được phân công." in page
    # Only a Council member can be chosen.
    page = text(client.post(url, {"year": YEAR, "user": users["staff_b"].pk}))
    assert "Hãy chọn một lựa chọn hợp lệ" in page
    other = user_with_role(Role.COUNCIL_MEMBER, username="council2")
    client.post(url, {"year": YEAR, "user": other.pk})
    assigned = BlocCouncilMember.objects.filter(bloc=bloc, year=YEAR)
    assert sorted(a.user.username for a in assigned) == ["council1", "council2"]
    client.post(reverse("clusters:council_unassign", args=[assigned.get(user=other).pk]))
    assert [a.user.username for a in assigned.all()] == ["council1"]


def test_rules_document_through_the_upload_validator(client, cluster, users):
    bloc = cluster["bloc"]
    url = reverse("clusters:document_add", args=[bloc.pk])
    client.force_login(users["staff_b"])  # a member, not the head
    fake = SimpleUploadedFile("quy-che.pdf", b"not a pdf", content_type="application/pdf")
    assert client.post(url, {"year": YEAR, "title": "Quy chế", "file": fake}).status_code == 404
    client.force_login(users["head_a"])  # the head of the year uploads
    fake = SimpleUploadedFile("quy-che.pdf", b"not a pdf", content_type="application/pdf")
    page = text(client.post(url, {"year": YEAR, "title": "Quy chế hoạt động", "file": fake}))
    assert 'value="Quy chế hoạt động"' in page
    assert 'data-testid="file-not-kept"' in page
    assert not bloc.documents.exists()
    good = SimpleUploadedFile("quy-che.pdf", pdf_bytes(), content_type="application/pdf")
    client.post(url, {"year": YEAR, "title": "Quy chế hoạt động", "file": good})
    [document] = bloc.documents.all()
    assert (document.title, document.original_name) == ("Quy chế hoạt động", "quy-che.pdf")
    download = reverse("clusters:document_download", args=[document.pk])
    client.force_login(users["staff_b"])
    assert b"".join(client.get(download).streaming_content) == pdf_bytes()
    client.force_login(cluster["outsider"])
    assert client.get(download).status_code == 404


def test_bloc_page_query_count_is_constant_in_the_number_of_members(client, cluster, users):
    url = reverse("clusters:bloc_detail", args=[cluster["bloc"].pk])
    client.force_login(users["secretariat"])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(7, 15):
        unit = UnitFactory(
            name=f"Xã Thêm {i}", code=f"xa-them-{i}", parent=cluster["members"][0].parent
        )
        BlocMembership.objects.create(bloc=cluster["bloc"], unit=unit, year=YEAR)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert page.count('<tr data-unit="') == 14
    assert len(large.captured_queries) == len(small.captured_queries)
