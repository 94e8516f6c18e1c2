"""XLSX export and import of a scoring table: a round trip keeps every criterion and rule,
a faulty file is refused whole with its rows named, a locked table is refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from clusters import services
from clusters.defaults import table_create_default
from clusters.models import BlocKind, ScoringCriterion
from clusters.spreadsheet import table_export, table_import

pytestmark = pytest.mark.django_db


def _criteria(table):
    return list(
        ScoringCriterion.objects.filter(group__table=table)
        .order_by("group__order", "order")
        .values_list("group__code", "code", "max_points", "is_veto", "evidence_required")
    )


def test_round_trip_into_a_new_draft_table(db):
    source = table_create_default(bloc_kind=BlocKind.DEPARTMENTS, year=2026)
    data = table_export(source)
    sheet = load_workbook(io.BytesIO(data))["Bảng điểm"]
    assert [c.value for c in sheet[2]][:6] == [
        "A",
        "Thực hiện nhiệm vụ chính trị, chuyên môn và các chỉ tiêu được giao",
        55,
        "A1",
        "Hoàn thành các chỉ tiêu kinh tế - xã hội, chuyên môn được giao",
        35,
    ]
    target = table_create_default(bloc_kind=BlocKind.DEPARTMENTS, year=2026, version=2)
    target.groups.all().delete()
    table_import(table=target, data=data)
    assert _criteria(target) == _criteria(source)
    assert list(target.rules.values_list("kind", "title", "points")) == list(
        source.rules.values_list("kind", "title", "points")
    )


def test_a_faulty_file_is_refused_whole(db):
    table = table_create_default(bloc_kind=BlocKind.DEPARTMENTS, year=2026)
    before = _criteria(table)
    workbook = load_workbook(io.BytesIO(table_export(table)))
    sheet = workbook["Bảng điểm"]
    sheet["F3"] = "hai mươi"
    sheet["D4"] = "A1"
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(ValidationError) as error:
        table_import(table=table, data=out.getvalue())
    assert error.value.messages == [
        "Dòng 3: Điểm tối đa phải là số điểm, không phải “hai mươi”.",
        "Dòng 4: tiêu chí A1 xuất hiện hai lần.",
    ]
    assert _criteria(table) == before
    with pytest.raises(ValidationError) as error:
        table_import(table=table, data=b"not a workbook")
    assert error.value.messages == ["Tệp không phải bảng tính XLSX đọc được."]


def test_a_locked_table_is_refused(cluster, users):
    table = cluster["table"]
    table.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        table_import(table=table, data=table_export(table))
    assert error.value.messages == [
        "Bảng chấm điểm đã khóa từ khi mở đợt chấm; hãy tạo phiên bản mới."
    ]
    services.table_new_version(table=table, actor=users["secretariat"])
