"""Builders of legacy award lists (XLSX) for the tests of the legacy import."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.legacy import HEADERS, read_workbook


def xlsx(rows, headers=HEADERS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(**overrides) -> list:
    """A valid row (keys are the headers without spaces or diacritics)."""
    values = {
        "Họ và tên": "Trần Văn Hùng",
        "Năm sinh": 1980,
        "Giới tính": "Nam",
        "Mã đơn vị": "phuong-b",
        "Chức vụ": "Chuyên viên",
        "Danh hiệu/Hình thức": "LDTT",
        "Năm": 2019,
        "Loại hình": "",
        "Số quyết định": "125/QĐ-UBND",
        "Ngày quyết định": "20/12/2019",
        "Người ký": "Phạm Quang Vinh",
        "Số bằng/giấy chứng nhận": "",
    }
    aliases = {
        "name": "Họ và tên",
        "birth_year": "Năm sinh",
        "gender": "Giới tính",
        "unit": "Mã đơn vị",
        "award": "Danh hiệu/Hình thức",
        "year": "Năm",
        "kind": "Loại hình",
        "number": "Số quyết định",
        "date": "Ngày quyết định",
        "signer": "Người ký",
        "certificate": "Số bằng/giấy chứng nhận",
    }
    for key, value in overrides.items():
        values[aliases[key]] = value
    return [values[header] for header in HEADERS]


def dataset_of(rows, headers=HEADERS):
    return read_workbook(io.BytesIO(xlsx(rows, headers)))


def upload(content: bytes, name="danh-sach-cu.xlsx"):
    return SimpleUploadedFile(
        name,
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
