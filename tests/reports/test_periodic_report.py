"""The periodic report's life (issue 12 points 1, 2, 4): prepared by beat near its due
date and announced to the secretariat, narrative written, reviewed, issued with a number
from the register and a signed original, figures frozen, the chairman told in the inbox
and by mail; its PDF, DOCX and XLSX; who sees what; the chairman's dashboard panel."""

import datetime
from io import BytesIO

import openpyxl
import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from notifications.models import Notification, OutgoingEmail
from reports.models import PeriodicReport, PeriodicReportState
from reports.periodic_services import (
    periodic_drafts_prepare,
    periodic_report_file,
    periodic_report_issue,
    periodic_report_prepare,
    periodic_report_review,
    periodic_report_write,
)
from reports.tasks import prepare_periodic_drafts
from tests.utils.pdf import pdftotext
from tests.utils.periodic import build_known_world
from units.models import IssuedDocument

pytestmark = pytest.mark.django_db

NARRATIVE = {
    "results": "Phong trào thi đua được triển khai sâu rộng.",
    "limits": "Tỷ lệ khen thưởng người trực tiếp lao động còn thấp.",
    "causes": "Một số đơn vị chưa chú trọng phát hiện điển hình.",
    "direction": "Ưu tiên khen thưởng cơ sở, vùng sâu, vùng xa.",
}


@pytest.fixture
def world(province, users):
    return build_known_world(root=province["root"], user=users["secretariat"])


def _issued(users, signers, signed_pdf, number=5) -> PeriodicReport:
    report, _ = periodic_report_prepare(kind="year", year=2026, actor=users["secretariat"])
    periodic_report_write(report=report, actor=users["secretariat"], **NARRATIVE)
    periodic_report_review(report=report, actor=users["secretariat"])
    return periodic_report_issue(
        report=report,
        actor=users["secretariat"],
        number=number,
        issuer_symbol="snv",
        issued_on=datetime.date(2026, 6, 8),
        signer=signers["director"],
        authority_line="",
        signed_file=signed_pdf("bao-cao-ky.pdf"),
    )


def test_beat_prepares_the_draft_near_the_due_date_once_and_tells_the_secretariat(users):
    assert settings.CELERY_BEAT_SCHEDULE["prepare-periodic-reports"]["task"] == (
        "reports.prepare_periodic_drafts"
    )
    assert settings.TDKT_PERIODIC_YEAR_DUE == "15/12"
    with time_machine.travel(datetime.datetime(2026, 11, 20, 8, 0), tick=False):
        assert periodic_drafts_prepare() == []  # 25 days before 15/12: not yet
    with time_machine.travel(datetime.datetime(2026, 12, 2, 8, 0), tick=False):
        prepare_periodic_drafts.apply()
        prepare_periodic_drafts.apply()  # daily: the second run finds it
    reports = list(PeriodicReport.objects.values_list("period_kind", "year", "state"))
    assert reports == [("year", 2026, "draft")]
    notes = Notification.objects.filter(user=users["secretariat"])
    assert [n.title for n in notes] == [
        "Dự thảo Báo cáo công tác thi đua, khen thưởng năm 2026 đã sẵn sàng"
    ]


def test_due_dates_are_settings(users, settings):
    settings.TDKT_PERIODIC_HALF_YEAR_DUE = "20/07"
    settings.TDKT_PERIODIC_DRAFT_DAYS_BEFORE = 5
    with time_machine.travel(datetime.datetime(2026, 7, 14, 8, 0), tick=False):
        assert periodic_drafts_prepare() == []
    with time_machine.travel(datetime.datetime(2026, 7, 16, 8, 0), tick=False):
        created = periodic_drafts_prepare()
    assert [(r.period_kind, r.year) for r in created] == [("half_year", 2026)]


def test_review_needs_every_section_and_issuing_needs_review(users, signers, signed_pdf):
    report, created = periodic_report_prepare(kind="year", year=2026, actor=users["secretariat"])
    assert created
    with pytest.raises(ValidationError):
        periodic_report_review(report=report, actor=users["secretariat"])
    with pytest.raises(ValidationError) as error:
        periodic_report_issue(
            report=report,
            actor=users["secretariat"],
            number=1,
            issuer_symbol="SNV",
            issued_on=datetime.date(2026, 6, 8),
            signer=signers["director"],
            authority_line="",
            signed_file=signed_pdf(),
        )
    assert error.value.messages == ["Chỉ báo cáo đã rà soát mới được ban hành."]
    assert IssuedDocument.objects.count() == 0


def test_issuing_records_the_number_freezes_the_figures_and_tells_the_chairman(
    world, users, signers, signed_pdf
):
    report = _issued(users, signers, signed_pdf)
    assert report.state == PeriodicReportState.ISSUED
    assert report.issued_document.number_text == "05/BC-SNV"
    assert report.issued_document.signer_name == "Lê Thị Thu Hà"
    assert report.figures["current"]["awards"]["shares"]["women"] == {"num": 3, "den": 5}
    # frozen: a change in the archive changes nothing in the issued report
    world["grants"][0].delete()
    report.refresh_from_db()
    assert report.figures["current"]["awards"]["total"] == 7
    inbox = Notification.objects.get(user=users["chairman"])
    assert inbox.url == reverse("reports:periodic_detail", args=[report.pk])
    assert "05/BC-SNV" in inbox.title
    assert OutgoingEmail.objects.filter(address=users["chairman"].email).count() == 1
    with pytest.raises(ValidationError):
        periodic_report_write(report=report, actor=users["secretariat"], **NARRATIVE)


def test_a_number_already_in_the_register_saves_nothing(world, users, signers, signed_pdf):
    _issued(users, signers, signed_pdf, number=5)
    report, _ = periodic_report_prepare(kind="half_year", year=2026, actor=users["secretariat"])
    periodic_report_write(report=report, actor=users["secretariat"], **NARRATIVE)
    periodic_report_review(report=report, actor=users["secretariat"])
    with pytest.raises(ValidationError):
        periodic_report_issue(
            report=report,
            actor=users["secretariat"],
            number=5,
            issuer_symbol="SNV",
            issued_on=datetime.date(2026, 6, 8),
            signer=signers["director"],
            authority_line="",
            signed_file=signed_pdf(),
        )
    report.refresh_from_db()
    assert (report.state, report.figures, report.issued_document_id) == ("reviewed", None, None)


def test_the_pdf_docx_and_xlsx_carry_the_figures(world, users, signers, signed_pdf):
    report = _issued(users, signers, signed_pdf)
    pdf, name = periodic_report_file(report=report, fmt="pdf")
    assert name == "bao-cao-tdkt-nam-2026.pdf"
    text = " ".join(pdftotext(pdf).split())
    assert "Số: 05/BC-SNV" in text
    assert "Công tác thi đua, khen thưởng năm 2026" in text
    for line in (
        "Nữ 3 5 60,0%",
        "Dân tộc thiểu số 3 5 60,0%",
        "Cấp xã và cơ sở 4 7 57,1%",
        "Doanh nghiệp 2 7 28,6%",
        "Người trực tiếp lao động 3 5 60,0%",
    ):
        assert line in text
    assert "Biểu đồ 2. Tỷ lệ khen thưởng theo đối tượng" in text
    assert NARRATIVE["limits"] in text
    docx = Document(BytesIO(periodic_report_file(report=report, fmt="docx")[0]))
    assert len(docx.inline_shapes) == 3
    body = "\n".join(p.text for p in docx.paragraphs)
    assert NARRATIVE["direction"] in body
    book = openpyxl.load_workbook(BytesIO(periodic_report_file(report=report, fmt="xlsx")[0]))
    assert book.sheetnames == [
        "Phong trào",
        "Đăng ký, chỉ tiêu",
        "Khối, cụm",
        "Đơn vị dẫn đầu",
        "Khen thưởng theo cấp",
        "Theo hình thức",
        "Tỷ lệ",
        "Hồ sơ",
        "Thời gian xử lý",
    ]
    shares = book["Tỷ lệ"]
    assert shares["A1"].value == "7. Tỷ lệ khen thưởng theo đối tượng — năm 2026"
    assert shares.freeze_panes == "B3"
    rows = {row[0]: row[1:4] for row in shares.iter_rows(min_row=3, values_only=True)}
    assert rows["Nữ"] == ("3", "5", "60,0%")


def test_who_sees_the_report(client, world, users, signers, signed_pdf):
    report, _ = periodic_report_prepare(kind="year", year=2026, actor=users["secretariat"])
    url = reverse("reports:periodic_detail", args=[report.pk])
    for role, expected in (("staff_a", 404), ("council", 404), ("chairman", 404)):
        client.force_login(users[role])
        assert client.get(url).status_code == expected, role
    client.force_login(users["secretariat"])
    page = client.get(url).content.decode()
    assert 'data-figure="awards.share.women"' in page
    _issued(users, signers, signed_pdf)
    client.force_login(users["chairman"])
    page = client.get(url).content.decode()
    assert "05/BC-SNV" in page
    assert 'data-testid="narrative-form"' not in page
    figure = client.get(reverse("reports:periodic_figure", args=[report.pk, "awards.share.women"]))
    names = [n for n in ("Lê Thị Hoa", "Y Liên") if n in figure.content.decode()]
    assert names == ["Lê Thị Hoa", "Y Liên"]
    assert figure.context["count"] == 3
    missing = client.get(reverse("reports:periodic_figure", args=[report.pk, "awards.bogus"]))
    assert missing.status_code == 404
    download = client.get(reverse("reports:periodic_download", args=[report.pk, "pdf"]))
    assert download.content.startswith(b"%PDF")
    client.force_login(users["staff_a"])
    assert (
        client.get(reverse("reports:periodic_download", args=[report.pk, "pdf"])).status_code == 404
    )


def test_preparing_with_bad_input_answers_in_vietnamese(client, users):
    client.force_login(users["secretariat"])
    response = client.post(reverse("reports:periodic_prepare"), {"period_kind": "x", "year": "abc"})
    assert response.status_code == 400
    assert PeriodicReport.objects.count() == 0
    assert "Hãy chọn" in response.content.decode()


def test_the_chairmans_dashboard_shows_the_latest_report_in_constant_queries(
    client, world, users, signers, signed_pdf
):
    _issued(users, signers, signed_pdf)
    client.force_login(users["chairman"])
    with CaptureQueriesContext(connection) as first:
        page = client.get(reverse("units:dashboard")).content.decode()
    assert "05/BC-SNV" in page
    assert 'data-testid="panel-chart"' in page
    assert "Nữ: 60,0% (3/5)" in page
    assert "Xã Ngọc Linh (Cụm thi đua miền núi)" in page
    from awards.models import AwardGrant

    for grant in list(AwardGrant.objects.all()):
        grant.pk = None
        grant.verification_code = grant.verification_code[::-1] + "Y"
        grant.save()
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("units:dashboard"))
    assert len(second) == len(first)


def test_make_report_lists_and_renders_the_kind(world, users, tmp_path, capsys):
    call_command("make_report", "--list")
    listed = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert "periodic_report" in listed
    out = tmp_path / "bao-cao.pdf"
    call_command("make_report", "periodic_report", "--year", "2026", "--output", str(out))
    text = " ".join(pdftotext(out.read_bytes()).split())
    assert "Nữ 3 5 60,0%" in text


# Every route of the periodic report, for tests/units/test_routes.py.
ROUTES = (
    "reports:periodic_list",
    "reports:periodic_prepare",
    "reports:periodic_detail",
    "reports:periodic_write",
    "reports:periodic_review",
    "reports:periodic_issue",
    "reports:periodic_signed",
    "reports:periodic_download",
    "reports:periodic_figure",
)


def test_permission_matrix_of_every_route(client, world, users, signers, signed_pdf):
    """Anonymous → login; a unit's staff and a Council member → 404 everywhere; the
    chairman reads issued reports only and changes nothing; the secretariat does all."""
    issued = _issued(users, signers, signed_pdf)
    draft, _ = periodic_report_prepare(kind="half_year", year=2026, actor=users["secretariat"])
    reads = [
        ("reports:periodic_list", ()),
        ("reports:periodic_detail", (issued.pk,)),
        ("reports:periodic_signed", (issued.pk,)),
        ("reports:periodic_download", (issued.pk, "xlsx")),
        ("reports:periodic_figure", (issued.pk, "awards.total")),
    ]
    draft_reads = [
        ("reports:periodic_detail", (draft.pk,)),
        ("reports:periodic_download", (draft.pk, "xlsx")),
        ("reports:periodic_figure", (draft.pk, "awards.total")),
    ]
    writes = [
        ("reports:periodic_prepare", ()),
        ("reports:periodic_write", (draft.pk,)),
        ("reports:periodic_review", (draft.pk,)),
        ("reports:periodic_issue", (draft.pk,)),
    ]
    assert {name for name, _ in reads + draft_reads + writes} == set(ROUTES)
    expected = {
        "staff_a": (404, 404, 404),
        "council": (404, 404, 404),
        "chairman": (200, 404, 404),
        "secretariat": (200, 200, None),
    }
    for role, (read, draft_read, write) in expected.items():
        client.force_login(users[role])
        for name, args in reads:
            assert client.get(reverse(name, args=args)).status_code == read, (role, name)
        for name, args in draft_reads:
            assert client.get(reverse(name, args=args)).status_code == draft_read, (role, name)
        if write:
            for name, args in writes:
                assert client.post(reverse(name, args=args)).status_code == write, (role, name)
        client.logout()
    for name, args in reads + draft_reads:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], name
    draft.refresh_from_db()
    assert (draft.state, draft.results) == ("draft", "")
