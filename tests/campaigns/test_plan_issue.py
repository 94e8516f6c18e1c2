"""The launch plan is numbered by the launching unit's register, as decisions are
(Decree 30/2020, Art. 15–16; ``units.issuing``): the launch gives no number and the
printed plan reads "Số: ..../KH-HĐTĐKT"; the clerk issues the signed plan with the
register's number, date, signer and signed original, and the plan then prints them. A
number already in the register, a missing PDF or a second issue is refused in Vietnamese
and saves nothing; no portal counter is touched."""

import subprocess
from datetime import date

import pytest
from django.urls import reverse

from campaigns import services
from reports.models import DocumentNumber
from reports.services import build
from units import issuing
from units.models import IssuedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True)
    return " ".join(out.stdout.decode().split())


def _plan(user, movement) -> str:
    return _text(build(user=user, kind="movement_plan", fmt="pdf", object_id=movement.pk)[0])


def _issue(movement, users, signers, signed_pdf, **overrides):
    data = {
        "movement": movement,
        "actor": users["secretariat"],
        "number": 7,
        "issued_on": date(2026, 6, 8),
        "signer": signers["chairman"],
        "authority_line": "TM. HỘI ĐỒNG",
        "issuer_symbol": "hđtđkt",
        "signed_file": signed_pdf("ke-hoach-ky.pdf"),
    }
    data.update(overrides)
    return services.movement_plan_issue(**data)


def test_launch_gives_no_number_and_the_draft_prints_dots(launched, users):
    assert launched.plan_number == ""
    assert launched.plan_register is None
    text = _plan(users["secretariat"], launched)
    assert "Số: ..../KH-HĐTĐKT" in text
    assert "Số: 01/KH" not in text
    assert not DocumentNumber.objects.exists()  # no portal counter


def test_issuing_records_the_register_number_and_the_plan_prints_it(
    launched, users, signers, signed_pdf
):
    issuing.document_issue(  # an earlier plan of the Council in the register
        user=users["secretariat"],
        issuer=launched.launching_unit,
        doc_type="KH",
        issuer_symbol="HĐTĐKT",
        year=2026,
        number=6,
        issued_on=date(2026, 5, 4),
        signer=signers["chairman"],
        authority_line="",
        signed_file=signed_pdf(),
    )
    assert issuing.suggested_number(issuer=launched.launching_unit, doc_type="KH", year=2026) == 7
    movement = _issue(launched, users, signers, signed_pdf)
    assert movement.plan_number == "07/KH-HĐTĐKT"
    register = IssuedDocument.objects.get(movement_plan=movement)
    assert (register.number_text, register.issued_on, register.signer_name) == (
        "07/KH-HĐTĐKT",
        date(2026, 6, 8),
        "Nguyễn Hoàng Nam",
    )
    assert register.summary == "Kế hoạch phát động phong trào thi đua “Chuyển đổi số”"
    text = _plan(users["secretariat"], movement)
    assert "Số: 07/KH-HĐTĐKT" in text
    assert "ngày 08 tháng 6 năm 2026" in text
    assert "Nguyễn Hoàng Nam" in text
    assert "..../KH" not in text
    assert not DocumentNumber.objects.exists()


def test_refusals_save_nothing(launched, movement, users, signers, signed_pdf, province):
    from django.core.exceptions import ValidationError

    issuing.document_issue(
        user=users["secretariat"],
        issuer=launched.launching_unit,
        doc_type="KH",
        issuer_symbol="HĐTĐKT",
        year=2026,
        number=7,
        issued_on=date(2026, 5, 4),
        signer=signers["chairman"],
        authority_line="",
        signed_file=signed_pdf(),
    )
    with pytest.raises(ValidationError) as taken:
        _issue(launched, users, signers, signed_pdf)
    assert (
        "Số 7 năm 2026 đã có trong sổ văn bản của Ủy ban nhân dân tỉnh Thử (04/05/2026)"
        in taken.value.messages[0]
    )
    with pytest.raises(ValidationError) as no_file:
        _issue(launched, users, signers, signed_pdf, number=8, signed_file=None)
    assert no_file.value.messages == ["Hãy đính kèm bản gốc đã ký (PDF)."]
    with pytest.raises(ValidationError) as other_unit:
        _issue(launched, users, signers, signed_pdf, number=8, actor=users["staff_a"])
    assert other_unit.value.messages == ["Chỉ cán bộ của đơn vị phát động mới ban hành kế hoạch."]
    launched.refresh_from_db()
    assert (launched.plan_number, launched.plan_register) == ("", None)
    assert IssuedDocument.objects.filter(doc_type="KH").count() == 1
    _issue(launched, users, signers, signed_pdf, number=8)
    with pytest.raises(ValidationError) as twice:
        _issue(launched, users, signers, signed_pdf, number=9)
    assert twice.value.messages == ["Kế hoạch đã được ban hành với số 08/KH-HĐTĐKT."]


def test_the_clerk_issues_from_the_movement_page(client, launched, users, signers, signed_pdf):
    client.force_login(users["secretariat"])
    url = reverse("campaigns:movement_detail", args=[launched.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="plan-number">..../KH-HĐTĐKT</strong>' in page
    assert 'data-testid="plan-issue"' in page
    assert 'name="number" value="1"' in page  # the register's next number, suggested
    issue_url = reverse("campaigns:movement_plan_issue", args=[launched.pk])
    data = {
        "number": "3",
        "issued_on": "2026-06-09",
        "issuer_symbol": "HĐTĐKT",
        "signer": signers["vice"].pk,
        "authority_line": "TM. HỘI ĐỒNG\nKT. CHỦ TỊCH",
    }
    refused = client.post(issue_url, data)  # no signed original
    assert refused.status_code == 400
    assert "Hãy đính kèm bản gốc đã ký (PDF)." in refused.content.decode()
    response = client.post(issue_url, {**data, "signed_file": signed_pdf()})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-testid="plan-number">03/KH-HĐTĐKT</strong>, 09/06/2026' in page
    assert 'data-testid="plan-issue"' not in page
    # Staff of another unit sees the movement but has no issuing form and may not post.
    client.force_login(users["staff_a"])
    assert 'data-testid="plan-issue"' not in client.get(url).content.decode()
    assert client.post(issue_url, {**data, "number": "4"}).status_code == 404
