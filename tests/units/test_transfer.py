"""XLSX import and export of units and people: preview, per-row errors, all or nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from units.models import Person, SecurityEvent, Unit
from units.resources import PersonResource

pytestmark = pytest.mark.django_db

PERSON_HEADERS = [
    "ID",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Năm sinh",
    "Dân tộc",
    "Số CCCD",
    "Chức vụ",
    "Mã đơn vị",
    "Lãnh đạo, quản lý",
    "Trực tiếp lao động",
]


def xlsx(headers, rows, name="ca-nhan.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def person_row(name, unit_code="xa-a", year=1990, **overrides):
    row = {
        "ID": None,
        "Họ và tên": name,
        "Giới tính": "Nữ",
        "Ngày sinh": None,
        "Năm sinh": year,
        "Dân tộc": "Kinh",
        "Số CCCD": "",
        "Chức vụ": "Chuyên viên",
        "Mã đơn vị": unit_code,
        "Lãnh đạo, quản lý": "Không",
        "Trực tiếp lao động": "Có",
    }
    row.update(overrides)
    return [row[h] for h in PERSON_HEADERS]


def preview(client, upload):
    return client.post(reverse("units:person_import"), {"file": upload})


def test_import_preview_then_confirm_creates_people(client, users, province):
    client.force_login(users["secretariat"])
    before = Person.objects.count()
    upload = xlsx(
        PERSON_HEADERS, [person_row("Phạm Thị Lan"), person_row("Võ Văn Tùng", "phuong-b")]
    )
    response = preview(client, upload)
    assert response.status_code == 200
    assert response.context["totals"]["new"] == 2
    assert Person.objects.count() == before  # the preview saved nothing
    token = response.context["token"]
    confirmed = client.post(reverse("units:person_import"), {"token": token}, follow=True)
    assert Person.objects.count() == before + 2
    lan = Person.objects.get(full_name="Phạm Thị Lan")
    assert (lan.unit.code, lan.birth_year, lan.gender, lan.is_direct_worker) == (
        "xa-a",
        1990,
        "female",
        True,
    )
    assert (
        "Hoàn tất nhập dữ liệu: thêm mới 2, cập nhật 0, giữ nguyên 0." in confirmed.content.decode()
    )
    # The same token cannot be replayed: the file is gone.
    again = client.post(reverse("units:person_import"), {"token": token}, follow=True)
    assert Person.objects.count() == before + 2
    assert "Phiên nhập dữ liệu đã hết hạn" in again.content.decode()


def test_one_bad_row_saves_nothing_and_names_row_and_column(client, users, province):
    client.force_login(users["secretariat"])
    before = Person.objects.count()
    rows = [person_row(f"Người Thứ {i}") for i in range(5)]
    rows.insert(3, person_row("Hồ Văn Sai", unit_code="khong-co"))
    response = preview(client, xlsx(PERSON_HEADERS, rows))
    errors = response.context["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(5, "Mã đơn vị")]
    assert errors[0]["errors"] == ["Không có đơn vị nào có mã “khong-co”."]
    assert "token" not in response.context
    assert Person.objects.count() == before


def test_malformed_file_gets_a_vietnamese_message(client, users, province):
    client.force_login(users["secretariat"])
    fake = SimpleUploadedFile(
        "ca-nhan.xlsx", b"this is not a workbook", content_type="application/octet-stream"
    )
    response = preview(client, fake)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Nội dung tệp không khớp với phần mở rộng của tên tệp."
    ]


def test_missing_columns_are_named(client, users, province):
    client.force_login(users["secretariat"])
    response = preview(client, xlsx(["Họ và tên"], [["Lê Văn A"]]))
    assert response.context["form"].errors["file"] == ["Thiếu các cột sau: Giới tính, Mã đơn vị."]


def test_reimport_of_an_export_changes_nothing(client, users, province):
    client.force_login(users["secretariat"])
    exported = client.get(reverse("units:person_export"))
    upload = SimpleUploadedFile("ca-nhan.xlsx", exported.content)
    response = preview(client, upload)
    assert response.context["totals"]["new"] == 0
    assert response.context["totals"]["skip"] == Person.objects.count()


@pytest.mark.parametrize(
    "hostile", ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_export_neutralises_formulas(client, users, province, hostile):
    person = province["person_b"]
    Person.objects.filter(pk=person.pk).update(position=hostile)
    client.force_login(users["secretariat"])
    response = client.get(reverse("units:person_export"))
    assert response["Content-Disposition"].startswith('attachment; filename="ca-nhan-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [c for c in cells if c.data_type == "f"] == []
    assert "'" + hostile in [c.value for c in cells]
    assert SecurityEvent.objects.filter(kind="personal_data_exported", username="sec").count() == 1


def test_unit_import_builds_the_tree(client, users, province):
    client.force_login(users["secretariat"])
    headers = ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên", "Miền núi"]
    rows = [
        ["xa-moi", "Xã Mới", "Xã", "ubnd-thu", "Có"],
        ["xa-moi-t1", "Thôn Một", "Thôn, tổ dân phố", "xa-moi", "Không"],
    ]
    response = client.post(
        reverse("units:unit_import"), {"file": xlsx(headers, rows, "don-vi.xlsx")}
    )
    assert response.context["errors"] == []
    client.post(reverse("units:unit_import"), {"token": response.context["token"]})
    new, village = Unit.objects.get(code="xa-moi"), Unit.objects.get(code="xa-moi-t1")
    assert (new.kind, new.is_mountainous, village.parent_id) == ("commune", True, new.pk)
    assert village.path == f"{new.path}{village.pk}/"


def test_resource_headers_are_the_documented_layout():
    assert [f.column_name for f in PersonResource().get_export_fields()] == PERSON_HEADERS
