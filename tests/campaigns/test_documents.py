"""The movements' documents: every kind renders in each of its formats, with the right
figures; the registration form follows MOVEMENTS.md's layout; form 0601 counts the
movements by scope, duration and method; a unit gets only its own registration's form."""

import subprocess
from io import BytesIO

import docx
import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns import services
from reports import kinds
from reports.services import build
from tests.campaigns.conftest import YEAR

pytestmark = pytest.mark.django_db


def pdftotext(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def _sheet_values(data: bytes, sheet: int = 0) -> list[list]:
    workbook = openpyxl.load_workbook(BytesIO(data))
    return [list(row) for row in workbook.worksheets[sheet].iter_rows(values_only=True)]


@pytest.fixture
def reviewed(accepted, users, launched):
    first, second = accepted.targets.order_by("id")
    services.progress_report(target=first, actor=users["staff_a"], actual_value="72")
    services.progress_report(target=second, actor=users["staff_a"], actual_value="55")
    services.movement_transition(movement=launched, actor=users["secretariat"], to="in_progress")
    return services.review_save(
        movement=launched,
        actor=users["secretariat"],
        stage="final",
        organisation="Phát động rộng khắp, tuyên truyền trên báo Quảng Ngãi.",
        limits="Một số xã còn chậm báo cáo.",
        direction="Nhân rộng mô hình một cửa số.",
    )


def test_kinds_are_listed():
    codes = {k.code for k in kinds.all_kinds()}
    assert {
        "movement_plan",
        "registration_form",
        "movement_review",
        "movement_results",
        "form_0601",
    } <= codes


def test_launch_plan_pdf_and_docx(launched, users):
    pdf, _name = build(
        user=users["secretariat"], kind="movement_plan", fmt="pdf", object_id=launched.pk
    )
    text = " ".join(pdftotext(pdf).split())
    assert "KẾ HOẠCH" in text
    assert "Số: ..../KH-HĐTĐKT" in text  # numbered by the register when issued
    assert "Phát động phong trào thi đua “Chuyển đổi số”" in text
    assert "Hồ sơ giải quyết trực tuyến % 80" in text
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh 10" in text
    assert "Cờ thi đua của Ủy ban nhân dân tỉnh" in text  # three years or more
    word = docx.Document(
        BytesIO(
            build(
                user=users["secretariat"], kind="movement_plan", fmt="docx", object_id=launched.pk
            )[0]
        )
    )
    assert any("I. MỤC ĐÍCH, YÊU CẦU" in p.text for p in word.paragraphs)


def test_registration_form_layout_pdf_and_xlsx(submitted, users):
    pdf, _ = build(
        user=users["staff_a"], kind="registration_form", fmt="pdf", object_id=submitted.pk
    )
    text = " ".join(pdftotext(pdf).split())
    assert f"BẢNG ĐĂNG KÝ GIAO ƯỚC THI ĐUA NĂM {YEAR}" in text
    for heading in (
        "I. CÁC PHONG TRÀO THI ĐUA THAM GIA",
        "II. CÁC CHỈ TIÊU ĐĂNG KÝ",
        "III. DANH HIỆU THI ĐUA ĐĂNG KÝ",
    ):
        assert heading in text
    assert "Hồ sơ giải quyết trực tuyến % 90" in text
    assert "Đặng Thùy Trâm Trưởng thôn Lao động tiên tiến" in text
    assert "Tập thể lao động tiên tiến" in text
    xlsx, _ = build(
        user=users["staff_a"], kind="registration_form", fmt="xlsx", object_id=submitted.pk
    )
    workbook = openpyxl.load_workbook(BytesIO(xlsx))
    assert workbook.sheetnames == [
        "I. Phong trào",
        "II. Chỉ tiêu",
        "III. Danh hiệu cá nhân",
        "IV. Danh hiệu tập thể",
    ]
    targets = _sheet_values(xlsx, 1)
    assert targets[1][:4] == ["1", "Hồ sơ giải quyết trực tuyến", "%", "90"]


def test_registration_form_of_another_unit_refused(submitted, users):
    with pytest.raises((PermissionDenied, ValidationError)):
        build(user=users["staff_b"], kind="registration_form", fmt="pdf", object_id=submitted.pk)


def test_review_report_pdf_docx_with_the_figures(reviewed, users, launched):
    pdf, _ = build(
        user=users["secretariat"], kind="movement_review", fmt="pdf", object_id=reviewed.pk
    )
    text = " ".join(pdftotext(pdf).split())
    assert "BÁO CÁO" in text
    assert "Tổng kết phong trào thi đua “Chuyển đổi số”" in text
    assert "Có 1 đơn vị đăng ký 2 chỉ tiêu; 1 chỉ tiêu đạt và vượt kế hoạch." in text
    assert "Hồ sơ giải quyết trực tuyến % 90 72 80,0%" in text
    assert "Thủ tục được số hóa thủ tục 50 55 110,0%" in text
    assert "II. CÔNG TÁC TỔ CHỨC THỰC HIỆN" in text
    assert "Nhân rộng mô hình một cửa số." in text
    word = docx.Document(
        BytesIO(
            build(
                user=users["secretariat"], kind="movement_review", fmt="docx", object_id=reviewed.pk
            )[0]
        )
    )
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "80,0%" in cells and "110,0%" in cells


def test_results_xlsx_by_unit(reviewed, users, launched):
    data, _ = build(
        user=users["secretariat"], kind="movement_results", fmt="xlsx", object_id=launched.pk
    )
    rows = _sheet_values(data)
    assert rows[2] == ["Xã Bình Sơn", "Hồ sơ giải quyết trực tuyến", "%", 90, 72, 80]
    assert rows[3] == ["Xã Bình Sơn", "Thủ tục được số hóa", "thủ tục", 50, 55, 110]


def test_form_0601_counts(launched, users, province):
    from tests.campaigns.conftest import draft_movement

    regular = draft_movement(
        province,
        users,
        code="van-hoa-cong-so",
        name="Văn hóa công sở",
        kind="regular",
        scope="unit",
        launch_level="department",
        start_date=launched.start_date,
        end_date=launched.start_date.replace(month=12, day=31),
    )
    services.target_add(
        movement=regular, actor=users["secretariat"], content="X", measure="%", plan_value="1"
    )
    services.movement_launch(movement=regular, actor=users["secretariat"])
    draft_movement(province, users, code="nhap", name="Còn dự thảo")  # not counted
    data, _ = build(user=users["secretariat"], kind="form_0601", fmt="xlsx", year=YEAR)
    rows = {row[0]: row[2:] for row in _sheet_values(data) if row[0]}
    assert rows["1"] == [2, 0, 1, 1]
    assert rows["2.2"] == [1, 0, 1, 0]
    assert rows["2.4"] == [1, 0, 0, 1]
    assert rows["3.2"] == [1, 0, 0, 1]  # 1 year
    assert rows["3.4"] == [1, 0, 1, 0]  # 3 to under 5 years
    assert rows["4.1"] == [1, 0, 1, 0]
    assert rows["4.2"] == [1, 0, 0, 1]


def test_form_0601_only_for_the_secretariat_and_chairman(users):
    with pytest.raises((PermissionDenied, ValidationError)):
        build(user=users["staff_a"], kind="form_0601", fmt="xlsx", year=YEAR)


def test_make_report_lists_the_movement_kinds():
    import os
    import sys
    from pathlib import Path

    result = subprocess.run(
        [sys.executable, "manage.py", "make_report", "--list"],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = {line.split("\t")[0]: line.split("\t") for line in result.stdout.splitlines()}
    assert lines["movement_plan"][1:] == [
        "pdf,docx",
        "Kế hoạch phát động phong trào thi đua",
        "--object",
    ]
    assert lines["registration_form"][1] == "pdf,xlsx"
    assert lines["movement_review"][1] == "pdf,docx"
    assert lines["movement_results"][1] == "xlsx"
    assert lines["form_0601"][1:] == ["xlsx", "Biểu 0601: số phong trào thi đua"]
