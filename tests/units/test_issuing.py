"""The issuing office's register: suggested numbers, issuing, refusals (issue 9, point 1)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from units.issuing import (
    authority_line_choices,
    document_issue,
    format_number,
    suggested_number,
)
from units.models import IssuedDocument, SecurityEvent, Signer

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 9)


def _issue(users, province, signers, signed_pdf, **overrides):
    args = {
        "user": users["secretariat"],
        "issuer": province["root"],
        "doc_type": "QĐ",
        "issuer_symbol": "UBND",
        "year": 2026,
        "number": 5,
        "issued_on": TODAY,
        "signer": signers["chairman"],
        "authority_line": "",
        "signed_file": signed_pdf(),
        "summary": "Về việc tặng Bằng khen",
    }
    args.update(overrides)
    return document_issue(**args)


def _message(error: ValidationError, field: str) -> str:
    return " ".join(error.value.message_dict[field])


def test_suggested_number_is_the_registers_last_plus_one(users, province, signers, signed_pdf):
    root = province["root"]
    assert suggested_number(issuer=root, doc_type="QĐ", year=2026) == 1
    _issue(users, province, signers, signed_pdf, number=1204)
    _issue(users, province, signers, signed_pdf, number=37)
    assert suggested_number(issuer=root, doc_type="QĐ", year=2026) == 1205
    # Per type, per year and per issuer.
    assert suggested_number(issuer=root, doc_type="TTr", year=2026) == 1
    assert suggested_number(issuer=root, doc_type="QĐ", year=2025) == 1
    assert suggested_number(issuer=province["unit_a"], doc_type="QĐ", year=2026) == 1


def test_document_issue_records_number_signer_snapshot_and_file(
    users, province, signers, signed_pdf
):
    document = _issue(
        users,
        province,
        signers,
        signed_pdf,
        signer=signers["vice"],
        authority_line="tm. ủy ban nhân dân\n  kt.  chủ tịch ",
    )
    document.refresh_from_db()
    assert document.number_text == "05/QĐ-UBND"
    assert (document.signer_name, document.signer_position) == ("Trần Phước Hiền", "Phó Chủ tịch")
    assert document.authority_lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    assert document.signed_file.read().startswith(b"%PDF-")
    assert document.signed_file_name == "qd-ky.pdf"
    assert document.issued_by == users["secretariat"]
    # The snapshot stays when the signer's row is edited later.
    Signer.objects.filter(pk=signers["vice"].pk).update(full_name="Người khác")
    document.refresh_from_db()
    assert document.signer_name == "Trần Phước Hiền"
    event = SecurityEvent.objects.get(kind="document_issued")
    assert event.detail["number"] == "05/QĐ-UBND"


def test_number_format_has_a_leading_zero_below_ten():
    assert format_number(5, doc_type="QĐ", issuer_symbol="UBND") == "05/QĐ-UBND"
    assert format_number(1204, doc_type="TTr", issuer_symbol="SNV") == "1204/TTr-SNV"


def test_duplicate_number_is_refused_in_vietnamese(users, province, signers, signed_pdf):
    _issue(users, province, signers, signed_pdf, number=12)
    with pytest.raises(ValidationError) as error:
        _issue(users, province, signers, signed_pdf, number=12)
    assert _message(error, "number") == (
        "Số 12 năm 2026 đã có trong sổ văn bản của Ủy ban nhân dân tỉnh Thử (09/06/2026). "
        "Hãy nhập đúng số văn thư đã cấp cho văn bản này."
    )
    assert IssuedDocument.objects.count() == 1
    # The same number in another type, year or issuer is another register entry.
    _issue(users, province, signers, signed_pdf, number=12, doc_type="TTr")
    assert IssuedDocument.objects.count() == 2


def test_future_date_and_date_outside_the_year_are_refused(users, province, signers, signed_pdf):
    with pytest.raises(ValidationError) as error:
        _issue(users, province, signers, signed_pdf, issued_on=datetime.date(2026, 6, 10))
    assert _message(error, "issued_on") == "Ngày ban hành không được ở tương lai."
    with pytest.raises(ValidationError) as error:
        _issue(users, province, signers, signed_pdf, issued_on=datetime.date(2025, 12, 31))
    assert _message(error, "issued_on") == "Ngày ban hành phải thuộc năm 2026, năm của sổ văn bản."
    assert not IssuedDocument.objects.exists()


def test_signer_of_another_unit_and_bad_authority_line_are_refused(
    users, province, signers, signed_pdf
):
    other = Signer.objects.create(
        unit=province["unit_a"], full_name="Lê Văn B", position="Chủ tịch"
    )
    with pytest.raises(ValidationError) as error:
        _issue(users, province, signers, signed_pdf, signer=other)
    assert _message(error, "signer") == "Người ký không thuộc Ủy ban nhân dân tỉnh Thử."
    with pytest.raises(ValidationError) as error:
        _issue(users, province, signers, signed_pdf, authority_line="THAY MẶT ỦY BAN")
    assert _message(error, "authority_line") == (
        "Mỗi dòng thẩm quyền ký phải bắt đầu bằng TM., KT., Q., TL. hoặc TUQ."
    )


def test_signed_file_must_be_a_valid_pdf(users, province, signers, signed_pdf):
    fake = SimpleUploadedFile("qd.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError) as error:
        _issue(users, province, signers, signed_pdf, signed_file=fake)
    assert _message(error, "signed_file") == "Nội dung tệp không khớp với phần mở rộng của tên tệp."
    with pytest.raises(ValidationError) as error:
        _issue(users, province, signers, signed_pdf, signed_file=None)
    assert _message(error, "signed_file") == "Hãy đính kèm bản gốc đã ký (PDF)."
    assert not IssuedDocument.objects.exists()


def test_authority_line_choices_for_committee_and_own_right():
    committee = authority_line_choices(body="Ủy ban nhân dân", head="Chủ tịch", collective=True)
    assert [value for value, _label in committee] == [
        "TM. ỦY BAN NHÂN DÂN",
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
    ]
    own = authority_line_choices(body="Ủy ban nhân dân", head="Chủ tịch", collective=False)
    assert [value for value, _label in own][:2] == ["", "KT. CHỦ TỊCH"]


# --- Signers' pages (issue 9, point 2) ------------------------------------------------------

SIGNER_PAGES = ("units:signer_list", "units:signer_create", "units:register_list")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("staff_a", 404),
        ("staff_b", 404),
        ("council", 404),
        ("chairman", 404),
        ("admin", 404),
        ("head_a", 200),
        ("secretariat", 200),
    ],
)
def test_signer_pages_are_for_the_secretariat_and_unit_heads(
    client, users, signers, role, expected
):
    client.force_login(users[role])
    for name in SIGNER_PAGES:
        assert client.get(reverse(name)).status_code == expected, name
    edit = reverse("units:signer_update", args=[signers["chairman"].pk])
    assert client.get(edit).status_code == (200 if role == "secretariat" else 404)


def test_the_secretariat_keeps_the_signers(client, users, signers, province):
    client.force_login(users["secretariat"])
    page = client.get(reverse("units:signer_list")).content.decode()
    assert "Nguyễn Hoàng Nam" in page and "Lê Thị Thu Hà" in page
    edit = reverse("units:signer_update", args=[signers["vice"].pk])
    data = {
        "unit": province["root"].pk,
        "full_name": "  Trần   Phước Hiền ",
        "position": "Phó Chủ tịch Thường trực",
        "sort_order": 2,
        "is_active": "on",
    }
    assert client.post(edit, data)["Location"] == reverse("units:signer_list")
    signers["vice"].refresh_from_db()
    assert (signers["vice"].full_name, signers["vice"].position) == (
        "Trần Phước Hiền",
        "Phó Chủ tịch Thường trực",
    )
    assert signers["vice"].history.first().history_user == users["secretariat"]
    response = client.post(reverse("units:signer_create"), {**data, "full_name": ""})
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in response.content.decode()


def test_a_unit_head_keeps_his_own_units_signers_only(client, users, signers, province):
    client.force_login(users["head_a"])
    create = reverse("units:signer_create")
    form = client.get(create).context["form"]
    assert list(form.fields["unit"].queryset) == [province["unit_a"]]
    data = {
        "unit": province["unit_a"].pk,
        "full_name": "Phạm Văn Chủ",
        "position": "Chủ tịch",
        "sort_order": 1,
        "is_active": "on",
    }
    assert client.post(create, data).status_code == 302
    mine = Signer.objects.get(full_name="Phạm Văn Chủ")
    assert mine.unit == province["unit_a"]
    # Another unit cannot be chosen, and another unit's signer is not his.
    response = client.post(create, {**data, "unit": province["root"].pk, "full_name": "X"})
    assert response.status_code == 200 and not Signer.objects.filter(full_name="X").exists()
    page = client.get(reverse("units:signer_list")).content.decode()
    assert "Phạm Văn Chủ" in page and "Nguyễn Hoàng Nam" not in page
    assert client.get(reverse("units:signer_update", args=[mine.pk])).status_code == 200


def test_the_register_lists_issued_documents(client, users, province, signers, signed_pdf):
    _issue(
        users,
        province,
        signers,
        signed_pdf,
        number=152,
        signer=signers["vice"],
        authority_line="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
    )
    client.force_login(users["secretariat"])
    page = " ".join(client.get(reverse("units:register_list")).content.decode().split())
    assert "152/QĐ-UBND" in page and "09/06/2026" in page
    assert "KT. CHỦ TỊCH</div>Phó Chủ tịch Trần Phước Hiền" in page
    client.force_login(users["head_a"])
    assert "152/QĐ-UBND" not in client.get(reverse("units:register_list")).content.decode()
