"""No dead ends for a unit's staff (issue 9, 17): the unit page's breadcrumb links only
pages the reader may open; the report page offers what the role may produce or is not
in the menu; eligibility reasons are said once; a form error says the file must be
chosen again. (Reminder links: tests/notifications/test_reminder_links.py.)"""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from nominations.selectors.dossiers import verdict_reasons
from tests.utils.dossiers import pdf_bytes

pytestmark = pytest.mark.django_db


def breadcrumb(body: str) -> str:
    return re.search(r'<ol class="breadcrumb">(.*?)</ol>', body, re.S).group(1)


def test_unit_breadcrumb_links_only_what_the_staff_may_open(client, users, province):
    client.force_login(users["staff_a"])
    body = client.get(reverse("units:unit_detail", args=[province["village_a"].pk])).content
    crumbs = breadcrumb(body.decode())
    links = re.findall(r'href="([^"]+)"', crumbs)
    assert links == [
        reverse("units:unit_list"),
        reverse("units:unit_detail", args=[province["unit_a"].pk]),
    ]
    assert "Ủy ban nhân dân tỉnh Thử" in crumbs  # named, not linked
    for link in links:
        assert client.get(link).status_code == 200


def test_the_secretariat_breadcrumb_still_links_the_province(client, users, province):
    client.force_login(users["secretariat"])
    body = client.get(reverse("units:unit_detail", args=[province["village_a"].pk])).content
    root = reverse("units:unit_detail", args=[province["root"].pk])
    assert f'href="{root}"' in breadcrumb(body.decode())


def test_reports_are_not_in_a_unit_staff_menu_and_the_page_says_why(client, users):
    client.force_login(users["staff_a"])
    page = client.get(reverse("units:dashboard")).content.decode()
    assert f'href="{reverse("reports:report_list")}"' not in page
    reports = client.get(reverse("reports:report_list"))
    body = unescape(reports.content.decode())
    assert 'data-testid="no-report-to-ask"' in body
    assert "Vai trò của bạn không có báo cáo nào để yêu cầu tại đây." in body
    assert 'name="kind"' not in body


def test_the_secretariat_menu_offers_reports(client, users):
    client.force_login(users["secretariat"])
    page = client.get(reverse("units:dashboard")).content.decode()
    assert f'href="{reverse("reports:report_list")}"' in page
    assert 'name="kind"' in client.get(reverse("reports:report_list")).content.decode()


REPEATED = {
    "verdict": "ineligible",
    "checks": [
        {"rule": "a", "passed": False, "detail": "Năm 2026: chưa có đánh giá", "basis": "X"},
        {"rule": "b", "passed": True, "detail": "Không bị kỷ luật", "basis": "Y"},
        {"rule": "c", "passed": False, "detail": "Năm 2026: chưa có đánh giá", "basis": "X"},
        {"rule": "d", "passed": False, "detail": "Chưa có sáng kiến", "basis": "Z"},
    ],
}


def test_eligibility_reasons_are_said_once():
    assert verdict_reasons(REPEATED) == ["Năm 2026: chưa có đánh giá", "Chưa có sáng kiến"]
    html = render_to_string(
        "nominations/appraisal/_verdict.html", {"status": "ineligible", "result": REPEATED}
    )
    assert html.count("Năm 2026: chưa có đánh giá") == 1
    assert html.count("Chưa có sáng kiến") == 1
    assert "Không bị kỷ luật" not in html


def test_a_form_error_says_the_file_must_be_chosen_again(client, users, dossier):
    client.force_login(users["staff_a"])
    upload = SimpleUploadedFile("bien-ban-hop.pdf", pdf_bytes(), "application/pdf")
    response = client.post(
        reverse("nominations:attachment_add", args=[dossier.pk]),
        {"document_code": "not-a-document", "file": upload},
    )
    assert response.status_code in (200, 400)
    body = unescape(response.content.decode())
    assert (
        "Tệp “bien-ban-hop.pdf” chưa được lưu vì biểu mẫu còn lỗi: hãy chọn lại tệp trước khi lưu."
    ) in body
    assert not dossier.attachments.exists()
