"""Documents name every unit fully (issue 9, 6): the unit directory's name and "Cấp trên"
columns read "Phòng Văn hóa - Xã hội, xã Bình Sơn", never a bare "Văn phòng HĐND và
UBND" that thirty-eight communes share."""

from io import BytesIO

import openpyxl
import pytest

from reports.services import build
from tests.factories import UnitFactory
from tests.utils.pdf import pdftotext

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_team(province):
    office = UnitFactory(
        name="Văn phòng HĐND và UBND",
        code="phuong-b-vp",
        kind="sub_unit",
        parent=province["unit_b"],
    )
    team = UnitFactory(name="Tổ Một cửa", code="phuong-b-vp-mc", kind="sub_unit", parent=office)
    return office, team


def test_the_unit_directory_names_units_and_their_parents_fully(users, office_team):
    data, _filename = build(user=users["secretariat"], kind="unit_directory", fmt="xlsx")
    sheet = openpyxl.load_workbook(BytesIO(data)).active
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["xa-a-t1"][2] == "Thôn 1, xã Bình Sơn"
    assert rows["phuong-b-vp"][2] == "Văn phòng HĐND và UBND, phường Cẩm Thành"
    assert rows["phuong-b-vp-mc"][2] == "Tổ Một cửa, phường Cẩm Thành"
    assert rows["phuong-b-vp-mc"][4] == "Văn phòng HĐND và UBND, phường Cẩm Thành"

    pdf, _filename = build(user=users["secretariat"], kind="unit_directory", fmt="pdf")
    assert "Văn phòng HĐND và UBND, phường Cẩm Thành" in " ".join(pdftotext(pdf).split())
