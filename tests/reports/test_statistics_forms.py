"""Statistics forms 0601–0605 of Circular 02/2023/TT-BNV (issue 12, point 3): every cell
of 0602 and 0603 on a fixture with known numbers, a second computation in plain Python
over the archive rows, the XLSX's official labels, the kinds, and the versions."""

import io
import json
import shutil

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import AwardGrant
from awards.recipients import grant_recipient_class
from reports import services
from reports.kinds_statistics import statistics_table
from reports.statistics import definitions
from tests.utils.statistics import EXPECTED_0602, EXPECTED_0603, YEAR, build_statistics_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(province):
    return build_statistics_world(province["root"])


def _matrix(table) -> dict:
    return {
        row.code: {int(c.code): table.cell(row.code, c.code) for c in table.definition.columns}
        for row in table.definition.rows
    }


def _expected(sparse: dict, table) -> dict:
    columns = [int(c.code) for c in table.definition.columns]
    return {row: {c: cells.get(c, 0) for c in columns} for row, cells in sparse.items()}


@pytest.mark.parametrize("form, expected", [("0602", EXPECTED_0602), ("0603", EXPECTED_0603)])
def test_every_cell_equals_the_known_numbers(world, form, expected):
    table = statistics_table(form, YEAR)
    assert table.definition.version == "02/2023/TT-BNV"
    assert _matrix(table) == _expected(expected, table)


# --- The independent computation: plain Python over every archive row -------------------

STATE_COLUMNS = {  # award code → (collective column, individual column)
    "HC_LD_3": (2, 3),
    "AHLD": (8, 9),
    "CO_CP": (10, None),
    "BK_TTG": (11, 12),
    "CSTD_TQ": (None, 13),
}
PROVINCE_COLUMNS = {
    "BK_TINH": (2, 3),
    "CSTD_TINH": (None, 4),
    "CO_TINH": (5, None),
    "KNC_TDKT": (None, 6),
}
CLASS_ROWS = {
    "provincial_leader": "09",
    "department_leader": "10",
    "entrepreneur": "11",
    "other_leader": "12",
    "direct_worker": "13",
    "": "14",
}
KIND_ROWS = {
    "CONG_TRANG": "16",
    "PHONG_TRAO": "17",
    "DOT_XUAT": "18",
    "DOI_NGOAI": "19",
    "CONG_HIEN": "20",
    "NIEN_HAN": "21",
}


def _independent(levels: tuple[str, ...], columns: dict, other: tuple[int, int], n_columns: int):
    cells = {f"{r:02d}": dict.fromkeys(range(1, n_columns + 1), 0) for r in range(1, 23)}
    for grant in AwardGrant.objects.select_related("award", "decision", "person", "unit"):
        if grant.revoked_on is not None or grant.award.level not in levels:
            continue
        year = grant.decision.issued_on.year if grant.decision else grant.year
        if year != YEAR:
            continue
        individual = grant.person is not None
        pair = columns.get(grant.award.code, other)
        column = pair[1] if individual else pair[0]
        rows = ["01", "02", "03", "04", "15", KIND_ROWS[grant.kind]]
        if grant.unit is not None:
            rows.append("05")
            if grant.unit.kind == "enterprise":
                rows.append("06")
        elif grant.household is not None:
            rows.append("07")
        else:
            rows += ["08", CLASS_ROWS[grant_recipient_class(grant)]]
        for row in rows:
            cells[row][1] += 1
            cells[row][column] += 1
    return cells


def test_an_independent_computation_agrees(world):
    state = _independent(("state", "government"), STATE_COLUMNS, (14, 15), 15)
    province = _independent(("province",), PROVINCE_COLUMNS, (7, 8), 8)
    assert _matrix(statistics_table("0602", YEAR)) == state
    assert _matrix(statistics_table("0603", YEAR)) == province
    assert state["01"][1] == 9 and province["01"][1] == 8


def test_a_revoked_award_drops_out_of_the_counts(world):
    before = statistics_table("0603", YEAR).cell("01", "1")
    grant = AwardGrant.objects.get(award__code="CO_TINH")
    grant.revoked_on = grant.decision.issued_on
    grant.save()
    table = statistics_table("0603", YEAR)
    assert (before, table.cell("01", "1"), table.cell("05", "5")) == (8, 7, 0)


def test_old_rows_without_a_class_are_derived_or_unclassified(world):
    table = statistics_table("0602", YEAR)
    assert AwardGrant.objects.filter(recipient_class="").count() > 0
    # Derived from the position on the fly: "Chủ tịch UBND tỉnh" is a provincial leader;
    # "Trưởng thôn" gives no class and is counted "chưa phân loại" (row 14).
    assert table.cell("09", "1") == 1
    assert (table.cell("14", "1"), table.unclassified) == (1, 1)


# --- The XLSX -----------------------------------------------------------------------------


def _sheet(data: bytes):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return book, book.active


def _values(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _row_by_label(rows, label):
    return next(row for row in rows if row[0] == label)


def test_the_0602_xlsx_has_the_official_labels_and_the_figures(world, users):
    data, name = services.build(
        user=users["secretariat"], kind="statistics_0602", fmt="xlsx", year=YEAR
    )
    assert name.endswith(".xlsx")
    book, sheet = _sheet(data)
    assert book.sheetnames == ["0602"]
    rows = _values(sheet)
    column_a = [row[0] for row in rows]
    assert column_a[:5] == [
        "Biểu số 0602.N/BNV-TĐKT",
        "Ban hành kèm theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023 của Bộ trưởng Bộ Nội vụ",
        "Ngày nhận báo cáo: 15/12",
        "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC",
        "Năm 2026",
    ]
    assert "Đơn vị báo cáo: Ủy ban nhân dân tỉnh Thử" in column_a
    header = rows.index(next(r for r in rows if r[0] == "Tên chỉ tiêu"))
    groups, labels, codes = rows[header], rows[header + 1], rows[header + 2]
    assert groups[:4] == ["Tên chỉ tiêu", "Mã số", "Tổng số", "Huân chương, Huy chương"]
    assert "Giải thưởng Hồ Chí Minh" in groups
    assert "Giải thưởng Nhà nước" in groups
    assert "Danh hiệu vinh dự Nhà nước" in groups
    assert "Cờ thi đua của Chính phủ" in groups
    assert "Bằng khen của Thủ tướng Chính phủ" in groups
    assert "Danh hiệu Chiến sĩ thi đua toàn quốc" in groups
    assert labels[3:5] == ["Tập thể", "Cá nhân"]
    assert codes == ["A", "B", *[str(n) for n in range(1, 16)]]
    assert sheet.freeze_panes == f"C{header + 4}"
    assert _row_by_label(rows, "1. Tập thể")[1:] == [
        "05",
        2,
        1,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        0,
        0,
    ]
    assert _row_by_label(rows, "- Doanh nhân")[2] == 0
    assert _row_by_label(rows, "- Công nhân, nông dân, người lao động trực tiếp (*)")[2] == 2
    assert _row_by_label(rows, "Ủy ban nhân dân tỉnh Thử")[1:3] == ["03", 9]
    assert "Số lượt cá nhân chưa phân loại đối tượng: 1." in column_a


def test_the_0603_xlsx_has_the_official_columns(world, users):
    data, _name = services.build(
        user=users["chairman"], kind="statistics_0603", fmt="xlsx", year=YEAR
    )
    _book, sheet = _sheet(data)
    rows = _values(sheet)
    header = rows.index(next(r for r in rows if r[0] == "Tên chỉ tiêu"))
    assert rows[header][2:] == [
        "Tổng số",
        "Bằng khen của Chủ tịch UBND tỉnh",
        None,
        "Chiến sĩ thi đua cấp tỉnh",
        "Cờ thi đua của UBND tỉnh",
        "Kỷ niệm chương (*)",
        "Danh hiệu, hình thức khác (*)",
        None,
    ]
    assert rows[header + 1][2:] == [
        None,
        "Tập thể",
        "Cá nhân",
        "Cá nhân",
        "Tập thể",
        "Cá nhân",
        "Tập thể",
        "Cá nhân",
    ]
    assert _row_by_label(rows, "TỔNG SỐ")[1:] == ["01", 8, 2, 2, 1, 1, 1, 1, 0]


def test_make_report_lists_every_form_and_each_renders(world, users, tmp_path):
    out = io.StringIO()
    call_command("make_report", "--list", stdout=out)
    listed = {line.split("\t")[0]: line.split("\t") for line in out.getvalue().splitlines()}
    for form in ("0601", "0602", "0603", "0604", "0605"):
        assert listed[f"statistics_{form}"][1] == "xlsx"
        path = tmp_path / f"{form}.xlsx"
        call_command(
            "make_report",
            f"statistics_{form}",
            "--year",
            str(YEAR),
            "--output",
            str(path),
            "--as",
            users["secretariat"].username,
            stdout=io.StringIO(),
        )
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == [form]
        assert book.active["A1"].value == f"Biểu số {form}.N/BNV-TĐKT"
    assert listed["statistics_0602"][2] == "Biểu thống kê 0602 – Số lượng khen thưởng cấp Nhà nước"


def test_a_unit_cannot_have_the_forms(world, users):
    with pytest.raises(PermissionDenied):
        services.build(user=users["staff_a"], kind="statistics_0602", fmt="xlsx", year=YEAR)


# --- Versions -----------------------------------------------------------------------------


def test_a_new_version_changes_the_output_without_code(world, users, tmp_path, monkeypatch):
    """A second definition (a successor circular from 2027 with a changed label) is a file
    dropped in the definitions: reports of 2027 use it, reports of 2026 keep 02/2023."""
    source = definitions.DEFINITION_DIRS[0] / "tt02-2023_0602.json"
    raw = json.loads(source.read_text(encoding="utf-8"))
    raw.update(version="18/2025/TT-BNV", valid_from=2027, circular="Thông tư số 18/2025/TT-BNV")
    for row in raw["rows"]:
        if row["code"] == "11":
            row["label"] = "- Doanh nhân, chủ doanh nghiệp"
    (tmp_path / "tt18-2025_0602.json").write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    monkeypatch.setattr(definitions, "DEFINITION_DIRS", [*definitions.DEFINITION_DIRS, tmp_path])

    def labels(year):
        data, _ = services.build(
            user=users["secretariat"], kind="statistics_0602", fmt="xlsx", year=year
        )
        return [row[0] for row in _values(_sheet(data)[1])]

    assert "- Doanh nhân" in labels(2026)
    new = labels(2027)
    assert "- Doanh nhân, chủ doanh nghiệp" in new and "- Doanh nhân" not in new
    assert "Ban hành kèm theo Thông tư số 18/2025/TT-BNV" in new
    assert [d.version for d in definitions.versions("0602")] == ["02/2023/TT-BNV", "18/2025/TT-BNV"]


def test_a_broken_definition_is_refused_with_a_clear_message(tmp_path, monkeypatch):
    shutil.copy(definitions.DEFINITION_DIRS[0] / "tt02-2023_0603.json", tmp_path / "a.json")
    raw = json.loads((tmp_path / "a.json").read_text("utf-8"))
    raw["rows"][1]["code"] = raw["rows"][0]["code"]
    (tmp_path / "a.json").write_text(json.dumps(raw), "utf-8")
    monkeypatch.setattr(definitions, "DEFINITION_DIRS", [tmp_path])
    with pytest.raises(Exception, match="row codes must be present and unique"):
        definitions.load_all()


def test_no_definition_for_an_early_year(db):
    with pytest.raises(Exception, match="2019"):
        definitions.definition_for("0602", 2019)


def test_a_form_reads_the_archive_in_a_constant_number_of_queries(world, django_assert_num_queries):
    with CaptureQueriesContext(connection) as few:
        statistics_table("0602", YEAR)
    grant = AwardGrant.objects.filter(award__code="BK_TTG").first()
    for n in range(30):
        grant.pk, grant.verification_code = None, f"EXTRA-{n}"
        grant.recipient_name = f"Người thứ {n}"
        grant.save()
    with django_assert_num_queries(len(few)):
        table = statistics_table("0602", YEAR)
    assert table.cell("01", "1") == 9 + 30
