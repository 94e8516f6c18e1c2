"""XLSX exports are documents, not dumps (issue 9, 18): a named sheet, title rows, real
dates, the screens' labels, a frozen header, widths that fit. One shared helper
(units.spreadsheet.xlsx_document) for the award archive and the unit/person exports."""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from awards.resources import HEADERS
from awards.services import decision_create
from tests.factories.awards import grant
from units.spreadsheet import xlsx_document

pytestmark = pytest.mark.django_db


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


@pytest.fixture
def granted(province):
    decision = decision_create(
        actor=None,
        number="125/QĐ-UBND",
        issued_on=date(2024, 3, 15),
        signer_name="Nguyễn Hoàng Giang",
        signer_position="Chủ tịch Ủy ban nhân dân tỉnh",
        authority="provincial_chairman",
        kind="CONG_TRANG",
    )
    return grant("BK_TINH", 2024, unit=province["village_a"], decision=decision)


def test_the_archive_export_is_a_document(client, users, granted):
    client.force_login(users["secretariat"])
    ws = workbook(client.get(reverse("awards:archive_export"))).active
    assert ws.title == "Lưu trữ khen thưởng"
    assert ws["A1"].value == "DANH SÁCH KHEN THƯỞNG ĐÃ LƯU TRỮ"
    assert ws["A2"].value.startswith("Xuất ngày 09/06/2026")
    assert [c.value for c in ws[4]] == HEADERS
    assert HEADERS[:5] == [
        "Người/tập thể được khen",
        "Đơn vị",
        "Danh hiệu/Hình thức",
        "Năm",
        "Loại hình",
    ]  # as the archive page labels its columns
    assert all(c.font.bold for c in ws[4])
    assert ws.freeze_panes == "A5"
    row = [c.value for c in ws[5]]
    assert row[1] == "Thôn 1, xã Bình Sơn"
    assert row[4] == "Công trạng (hằng năm)"
    assert ws.cell(row=5, column=7).is_date and ws.cell(row=5, column=7).value.date() == date(
        2024, 3, 15
    )
    assert ws.cell(row=5, column=7).number_format == "DD/MM/YYYY"
    award = ws.column_dimensions["C"].width
    assert award >= len("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    assert ws.print_title_rows == "$4:$4"


def test_the_person_export_keeps_its_header_first_for_the_import(client, users, province):
    client.force_login(users["secretariat"])
    ws = workbook(client.get(reverse("units:person_export"))).active
    assert ws.title == "Cá nhân"
    assert ws["A1"].value == "ID"
    assert ws.freeze_panes == "A2"
    column = [c.value for c in ws[1]].index("Ngày sinh") + 1
    dates = [r[0] for r in ws.iter_rows(min_row=2, min_col=column, max_col=column) if r[0].value]
    assert dates and all(c.is_date and c.number_format == "DD/MM/YYYY" for c in dates)


def test_sheet_names_are_made_valid_and_short():
    content = xlsx_document(["A"], [["x"]], sheet="Danh sách [đợt 1/2026]: khen thưởng cấp tỉnh")
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    assert len(ws.title) <= 31 and not set("[]:/") & set(ws.title)
