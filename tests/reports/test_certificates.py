"""Certificates of an issued decision (issue 12 point 5): one PDF made by a report job
with progress, one page per recipient, each page's QR code decoding to that recipient's
verification page; printings and reprints recorded; the pre-printed stock's offsets."""

import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from awards.codes import verification_url
from reports import kinds_certificates as kc
from reports.models import CertificatePrint, CertificateStock, ReportJob, ReportStatus
from reports.services import build
from tests.utils.certificates import issued_decision, people_awarded, register_entry
from tests.utils.pdf import pages, pdftotext
from tests.utils.qr import read_png

pytestmark = pytest.mark.django_db
SITE = "https://tdkt.quangngai.gov.vn"
DPI = 110


@pytest.fixture(autouse=True)
def _jobs_in_process():
    """The job runs in the test's process even when REDIS_URL names a broker (the job
    through a real worker is tests/reports/test_jobs.py)."""
    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def decision(province, signers, settings):
    settings.TDKT_SITE_URL = SITE
    return issued_decision(issuer=province["root"], signer=signers["vice"])


def _qr_texts(pdf: bytes) -> list[str]:
    """The text of the QR code of each page, read from the page's lower left corner
    rendered by pdftoppm (empty when none is found)."""
    mm = DPI / 25.4
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.pdf"
        path.write_bytes(pdf)
        box = [int(8 * mm), int(160 * mm), int(50 * mm), int(42 * mm)]
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(DPI),
                "-gray",
                "-png",
                "-x",
                str(box[0]),
                "-y",
                str(box[1]),
                "-W",
                str(box[2]),
                "-H",
                str(box[3]),
                str(path),
                str(Path(folder) / "p"),
            ],
            check=True,
        )
        texts = []
        for image in sorted(Path(folder).glob("p-*.png")):
            found = read_png(image.read_bytes())
            texts.append(found[0] if found else "")
    return texts


def test_300_certificates_come_from_one_job_with_progress(
    decision, province, signers, users, django_capture_on_commit_callbacks
):
    grants = people_awarded(decision=decision, unit=province["unit_a"], n=300)
    with django_capture_on_commit_callbacks(execute=True):
        printing = kc.certificates_request(
            user=users["secretariat"], decision=decision, stock=CertificateStock.A4
        )
    job = ReportJob.objects.get(pk=printing.job_id)
    assert (job.kind, job.status, job.progress) == ("certificates", ReportStatus.DONE, 100)
    pdf = job.file.read()
    assert pages(pdf) == 300
    assert printing.grants.count() == 300 and not printing.is_reprint
    texts = pdftotext(pdf).split("\f")[:300]  # a form feed ends each page
    decoded = _qr_texts(pdf)
    assert len(decoded) == 300
    for grant, text, qr in zip(grants, texts, decoded, strict=True):
        assert qr == f"{SITE}/xac-minh/{grant.verification_code}/"
        assert qr == verification_url(grant.verification_code)
        assert grant.recipient_name in text and grant.verification_code in text
        assert "125/QĐ-UBND" in text and "ngày 20 tháng 05 năm 2026" in text
        assert "Trần Phước Hiền" in text and "PHÓ CHỦ TỊCH" in text


def test_progress_moves_after_each_chunk(decision, province, users, monkeypatch):
    grants = people_awarded(decision=decision, unit=province["unit_a"], n=7)
    monkeypatch.setattr(kc, "CHUNK", 3)
    seen = []
    pdf = kc.certificates_pdf(
        decision=decision, grants=grants, stock=CertificateStock.A4, progress=seen.append
    )
    assert pages(pdf) == 7
    assert [round(p) for p in seen] == [round(10 + 80 * 3 / 7), round(10 + 80 * 6 / 7), 90, 99]


def test_the_job_pipeline_hands_the_progress_to_the_kind(decision, province, users):
    people_awarded(decision=decision, unit=province["unit_a"], n=2)
    printing = CertificatePrint.objects.create(
        decision=decision, printed_by=users["secretariat"], stock=CertificateStock.A4
    )
    printing.grants.set(decision.grants.all())
    seen = []
    data, name = build(
        user=users["secretariat"],
        kind="certificates",
        fmt="pdf",
        object_id=printing.pk,
        progress=seen.append,
    )
    assert pages(data) == 2 and name.startswith("certificates-") and seen[-1] == 99


def test_a_page_reads_as_the_certificate(decision, province, signers, users):
    register_entry(
        decision=decision,
        signer=signers["vice"],
        user=users["secretariat"],
        authority_line="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
    )
    (grant,) = people_awarded(decision=decision, unit=province["unit_a"], n=1)
    pdf = kc.certificates_pdf(decision=decision, grants=[grant], stock=CertificateStock.A4)
    text = " ".join(pdftotext(pdf).split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BẰNG KHEN",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THỬ",
        "Người Nhận 001",
        "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025",
        "Quyết định số: 125/QĐ-UBND",
        "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
        "Trần Phước Hiền",
        f"Mã xác minh {grant.verification_code}",
    ):
        assert expected in text


def test_the_preprinted_stock_prints_only_the_fields_moved_by_the_offsets(
    decision, province, settings
):
    settings.TDKT_CERTIFICATE_OFFSETS_MM = "all=1.5,-2; qr=0,3"
    (grant,) = people_awarded(decision=decision, unit=province["unit_a"], n=1)
    html = kc._html(kc._pages_context(decision, [grant], {}), stock=CertificateStock.PREPRINTED)
    assert "CỘNG HÒA XÃ HỘI" not in html and "BẰNG KHEN" not in html
    assert "left: 21.5mm; top: 76.0mm;" in html  # the recipient: (20, 78) + (1.5, -2)
    assert "left: 19.5mm; top: 169.0mm;" in html  # the QR: (18, 168) + (1.5, -2 + 3)
    plain = kc._html(kc._pages_context(decision, [grant], {}), stock=CertificateStock.A4)
    assert "CỘNG HÒA XÃ HỘI" in plain and "left: 20mm; top: 78mm;" in plain


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", {name: (0.0, 0.0) for name in kc.FIELDS}),
        ("recipient=2,-1", {**{n: (0.0, 0.0) for n in kc.FIELDS}, "recipient": (2.0, -1.0)}),
        ("all=1,1;qr=0.5,0", {**{n: (1.0, 1.0) for n in kc.FIELDS}, "qr": (1.5, 1.0)}),
    ],
)
def test_offsets_setting(raw, expected):
    assert kc.certificate_offsets(raw) == expected


@pytest.mark.parametrize("raw", ["recipient=2", "name=1,1", "qr=1;;x", "all=80,0"])
def test_a_malformed_offset_is_named(raw):
    with pytest.raises(ImproperlyConfigured, match="TDKT_CERTIFICATE_OFFSETS_MM"):
        kc.certificate_offsets(raw)


def test_a_reprint_needs_a_reason_and_is_recorded(decision, province, users):
    grants = people_awarded(decision=decision, unit=province["unit_a"], n=3)
    secretariat = users["secretariat"]
    first = kc.certificates_request(user=secretariat, decision=decision, stock="a4")
    assert (first.is_reprint, first.reason, first.grants.count()) == (False, "", 3)
    with pytest.raises(ValidationError) as refused:
        kc.certificates_request(
            user=secretariat, decision=decision, stock="a4", grant_ids=[grants[0].pk]
        )
    assert refused.value.message_dict["reason"] == [
        "1 giấy chứng nhận trong số này đã được in trước đây: hãy nêu lý do in lại."
    ]
    assert CertificatePrint.objects.count() == 1
    again = kc.certificates_request(
        user=secretariat,
        decision=decision,
        stock="preprinted",
        grant_ids=[grants[0].pk],
        reason="Bản in bị nhòe mực",
    )
    assert (again.is_reprint, again.reason, again.printed_by, again.stock) == (
        True,
        "Bản in bị nhòe mực",
        secretariat,
        "preprinted",
    )
    assert list(again.grants.all()) == [grants[0]]


def test_revoked_awards_are_not_printed(decision, province, users):
    grants = people_awarded(decision=decision, unit=province["unit_a"], n=2)
    grants[0].revoked_on = decision.issued_on
    grants[0].save()
    printing = kc.certificates_request(user=users["secretariat"], decision=decision, stock="a4")
    assert list(printing.grants.all()) == [grants[1]]
    with pytest.raises(ValidationError):
        kc.certificates_request(
            user=users["secretariat"],
            decision=decision,
            stock="a4",
            grant_ids=[grants[0].pk],
            reason="x",
        )


def test_only_the_secretariat_prints(decision, province, users, client):
    people_awarded(decision=decision, unit=province["unit_a"], n=1)
    url = reverse("reports:certificates", args=[decision.pk])
    for role in ("staff_a", "head_a", "council", "chairman"):
        client.force_login(users[role])
        assert client.get(url).status_code == 404
        assert client.post(url, {"stock": "a4"}).status_code == 404
    with pytest.raises(ValidationError):
        kc.certificates_request(user=users["chairman"], decision=decision, stock="a4")
    assert CertificatePrint.objects.count() == 0


def test_the_page_asks_for_the_pdf_and_lists_the_printings(
    decision, province, users, client, django_assert_max_num_queries
):
    people_awarded(decision=decision, unit=province["unit_a"], n=3)
    client.force_login(users["secretariat"])
    url = reverse("reports:certificates", args=[decision.pk])
    response = client.post(url, {"stock": "a4", "reason": ""})
    assert response.status_code == 302
    printing = CertificatePrint.objects.get()
    assert printing.job.kind == "certificates" and printing.grants.count() == 3
    again = client.post(url, {"stock": "a4", "reason": ""})
    assert "hãy nêu lý do in lại" in again.content.decode()
    client.post(url, {"stock": "a4", "reason": "Mất bản cũ"})
    page = client.get(url).content.decode()
    assert page.count('data-testid="certificate-print"') == 2 and "Mất bản cũ" in page


def test_the_page_answers_in_constant_queries(decision, province, users, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    people_awarded(decision=decision, unit=province["unit_a"], n=3)
    client.force_login(users["secretariat"])
    url = reverse("reports:certificates", args=[decision.pk])
    kc.certificates_request(user=users["secretariat"], decision=decision, stock="a4")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        kc.certificates_request(
            user=users["secretariat"], decision=decision, stock="a4", reason="Lần nữa"
        )
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    assert len(five) == len(one)
