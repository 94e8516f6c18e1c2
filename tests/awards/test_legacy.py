"""Legacy import of award lists from Excel: matching, idempotency, all or nothing, the page."""

import io
import time
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from awards.legacy import (
    HEADERS,
    UNKNOWN_SIGNER,
    LegacyAwardResource,
    LegacyFileError,
    file_errors,
    guess_gender,
    import_legacy,
    read_workbook,
    row_errors,
)
from awards.models import Award, AwardGrant, Decision, Quota
from tests.factories import UnitFactory
from tests.factories.awards import grant
from tests.utils.legacy import dataset_of, row, upload, xlsx
from units.models import Person

pytestmark = pytest.mark.django_db

URL = "awards:legacy_import"


def counts() -> tuple[int, int, int]:
    return AwardGrant.objects.count(), Person.objects.count(), Decision.objects.count()


def cells(result) -> list[tuple[int, str]]:
    return [(error["row"], error["column"]) for error in row_errors(result)]


@pytest.fixture
def five_units(province):
    """The province fixture's four units and one more: five active units."""
    UnitFactory(name="Sở Giáo dục và Đào tạo", code="so-gddt", kind="department")
    return province


def test_ten_thousand_rows_import_once_and_reimport_adds_nothing(five_units, tmp_path, users):
    """Acceptance: a 10,000-row legacy file imported twice leaves one import's records."""
    path = tmp_path / "legacy-10000.xlsx"
    started = time.perf_counter()
    call_command("make_legacy_sample", rows=10_000, output=str(path), seed=1, stdout=io.StringIO())
    make_seconds = time.perf_counter() - started
    started = time.perf_counter()
    dataset = read_workbook(path)
    read_seconds = time.perf_counter() - started
    assert dataset.height == 10_000
    before = counts()
    actor = users["secretariat"]

    started = time.perf_counter()
    preview = import_legacy(dataset, dry_run=True, user=actor)
    dry_seconds = time.perf_counter() - started
    assert row_errors(preview) == [] and file_errors(preview) == []
    assert preview.totals["new"] == 10_000
    assert counts() == before  # the dry run saved nothing

    started = time.perf_counter()
    result = import_legacy(dataset, dry_run=False, user=actor)  # the same dataset again
    real_seconds = time.perf_counter() - started
    assert row_errors(result) == []
    assert result.totals["new"] == 10_000
    grants, people, decisions = counts()
    assert grants == before[0] + 10_000
    assert people > before[1] and decisions > before[2]
    imported = AwardGrant.objects.exclude(legacy_key="")
    assert imported.count() == 10_000
    assert imported.values("legacy_key").distinct().count() == 10_000
    assert not imported.filter(person__isnull=True).exists()
    # People created by the import are findable and have a gender.
    assert not Person.objects.filter(gender="").exists()

    started = time.perf_counter()
    again = import_legacy(dataset, dry_run=False, user=actor)
    again_seconds = time.perf_counter() - started
    assert row_errors(again) == []
    assert again.totals["new"] == 0
    assert again.totals["skip"] == 10_000
    assert counts() == (grants, people, decisions)
    print(
        f"\n10,000 rows: sample {make_seconds:.1f} s, read {read_seconds:.1f} s, "
        f"dry run {dry_seconds:.1f} s, import {real_seconds:.1f} s, "
        f"re-import {again_seconds:.1f} s"
    )


def test_one_bad_row_saves_nothing_and_names_row_and_column(five_units, tmp_path, users):
    path = tmp_path / "legacy-200.xlsx"
    call_command("make_legacy_sample", rows=200, output=str(path), bad_row=57, stdout=io.StringIO())
    before = counts()
    for dry_run in (True, False):
        with translation.override("en"):
            result = import_legacy(read_workbook(path), dry_run=dry_run, user=users["secretariat"])
            errors = row_errors(result)
        assert [(e["row"], e["column"]) for e in errors] == [(58, "Mã đơn vị")]
        assert errors[0]["errors"] == ["No unit has the code or name “khong-co-don-vi-nay”."]
        assert counts() == before


def test_queries_do_not_grow_with_the_rows(five_units, tmp_path, django_assert_max_num_queries):
    """Lookups are loaded once and writes go in batches: 300 rows, under 100 queries
    (mostly the cash amount, asked once per award and salary period)."""
    path = tmp_path / "legacy-300.xlsx"
    call_command("make_legacy_sample", rows=300, output=str(path), stdout=io.StringIO())
    dataset = read_workbook(path)
    with django_assert_max_num_queries(100):
        result = import_legacy(dataset, dry_run=False)
    assert result.totals["new"] == 300
    with django_assert_max_num_queries(20):
        again = import_legacy(dataset, dry_run=False)
    assert again.totals["skip"] == 300


def test_sample_command_is_deterministic_and_needs_units(five_units, tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    call_command("make_legacy_sample", rows=50, output=str(first), seed=7, stdout=io.StringIO())
    call_command("make_legacy_sample", rows=50, output=str(second), seed=7, stdout=io.StringIO())
    assert read_workbook(first).dict == read_workbook(second).dict
    assert read_workbook(first).headers == HEADERS


def test_sample_command_without_units_fails(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("make_legacy_sample", rows=5, output=str(tmp_path / "x.xlsx"))


@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        (
            {"award": "Danh hiệu không có"},
            "Danh hiệu/Hình thức",
            "No award in the catalogue matches “Danh hiệu không có”.",
        ),
        ({"date": "31/02/2019"}, "Ngày quyết định", "Write the date as dd/mm/yyyy."),
        ({"date": "2019-12-20"}, "Ngày quyết định", "Write the date as dd/mm/yyyy."),
        ({"date": ""}, "Ngày quyết định", "This column is required."),
        ({"year": "hai nghìn"}, "Năm", "Write the year as four digits."),
        ({"name": "  "}, "Họ và tên", "This column is required."),
        ({"number": None}, "Số quyết định", "This column is required."),
        ({"gender": "X"}, "Giới tính", "“X” is not one of: Nam, Nữ."),
        ({"birth_year": 2030}, "Năm sinh", "The year of birth is after the year of the award."),
        (
            {"award": "TTLDXS"},
            "Danh hiệu/Hình thức",
            "“Tập thể lao động xuất sắc” is not awarded to individuals.",
        ),
        (
            {"kind": "Niên hạn"},
            "Loại hình",
            "“Lao động tiên tiến” is not given as “Niên hạn”.",
        ),
        ({"unit": "Không có"}, "Mã đơn vị", "No unit has the code or name “Không có”."),
    ],
)
def test_bad_cells_are_reported_by_row_and_column(province, overrides, column, message):
    rows = [row(name="Võ Thị Mai"), row(**overrides), row(name="Lê Văn Tám")]
    before = counts()
    with translation.override("en"):
        result = import_legacy(dataset_of(rows), dry_run=False)
        errors = row_errors(result)
    assert [(e["row"], e["column"], e["errors"]) for e in errors] == [(3, column, [message])]
    assert counts() == before


def test_several_errors_in_one_row_each_name_their_column(province):
    rows = [row(award="?", date="hôm qua", unit="?")]
    result = import_legacy(dataset_of(rows), dry_run=True)
    assert cells(result) == [(2, "Mã đơn vị"), (2, "Danh hiệu/Hình thức"), (2, "Ngày quyết định")]


def test_vietnamese_messages_in_the_vietnamese_interface(province):
    with translation.override("vi"):
        result = import_legacy(dataset_of([row(date="31/02/2019")]), dry_run=True)
        assert row_errors(result)[0]["errors"] == [
            "Ghi ngày theo định dạng ngày/tháng/năm (dd/mm/yyyy)."
        ]


def test_existing_person_matched_accent_insensitively(province):
    """ "NGUYEN VAN AN" born 1979 in phuong-b is the registry's "Nguyễn Văn An"."""
    an = province["person_b"]
    before = Person.objects.count()
    rows = [
        row(name="NGUYEN VAN AN", birth_year=1979, gender=None),
        row(name="nguyễn văn an", birth_year=None, award="GK", number="7/QĐ-UBND"),
        row(name="Nguyễn  Văn An", birth_year=1979, unit="phuong cam thanh", year=2020),
    ]
    result = import_legacy(dataset_of(rows), dry_run=False)
    assert row_errors(result) == []
    assert result.totals["new"] == 3
    assert Person.objects.count() == before
    grants = AwardGrant.objects.filter(person=an)
    assert grants.count() == 3
    assert set(grants.values_list("recipient_name", flat=True)) == {"Nguyễn Văn An"}
    assert set(grants.values_list("recipient_unit_name", flat=True)) == {"Phường Cẩm Thành"}


def test_other_birth_year_or_unit_is_another_person(province):
    before = Person.objects.count()
    rows = [
        row(name="Nguyễn Văn An", birth_year=1990),
        row(name="Nguyễn Văn An", birth_year=1979, unit="xa-a"),
    ]
    result = import_legacy(dataset_of(rows), dry_run=False)
    assert row_errors(result) == []
    assert Person.objects.count() == before + 2
    assert not AwardGrant.objects.filter(person=province["person_b"]).exists()


def test_without_birth_year_several_namesakes_is_an_error(province):
    Person.objects.create(
        full_name="Nguyễn Văn An", gender="male", birth_year=1990, unit=province["unit_b"]
    )
    with translation.override("en"):
        result = import_legacy(
            dataset_of([row(name="Nguyen Van An", birth_year=None)]), dry_run=True
        )
        errors = row_errors(result)
    assert [(e["row"], e["column"]) for e in errors] == [(2, "Năm sinh")]
    assert "give the year of birth" in errors[0]["errors"][0]


def test_new_people_get_gender_from_the_column_or_the_middle_name(province):
    rows = [
        row(name="Lê Thị Hoa", gender=None, birth_year=None),
        row(name="Phan Văn Tài", gender=None, birth_year=1975),
        row(name="Đỗ Ngọc Lan", gender="Nữ"),
        row(name="Mai Thanh Tùng", gender="nam", birth_year=1985),
    ]
    result = import_legacy(dataset_of(rows), dry_run=False)
    assert row_errors(result) == []
    genders = dict(
        Person.objects.filter(unit=province["unit_b"]).values_list("full_name", "gender")
    )
    assert genders["Lê Thị Hoa"] == "female"
    assert genders["Phan Văn Tài"] == "male"
    assert genders["Đỗ Ngọc Lan"] == "female"
    assert genders["Mai Thanh Tùng"] == "male"
    hoa = Person.objects.get(full_name="Lê Thị Hoa")
    assert (hoa.birth_year, hoa.position) == (None, "Chuyên viên")
    assert guess_gender("Nguyễn Thị Thu Hà") == "female"
    assert guess_gender("Thị Minh") == "male"  # "Thị" as family name is not a middle name


def test_decisions_are_found_or_created_once(province):
    existing = Decision.objects.create(
        number="99/QĐ-UBND",
        issued_on=date(2018, 12, 1),
        signer_name="Đặng Văn Minh",
        signer_position="Chủ tịch",
        authority="provincial_chairman",
        kind="CONG_TRANG",
    )
    rows = [
        row(name="Hồ Văn Một", number="99/QĐ-UBND", date="01/12/2018", year=2018),
        row(name="Hồ Văn Hai", signer=None, certificate="12/GCN"),
        row(name="Hồ Văn Ba", signer="Ai Đó"),
        row(name="Hồ Văn Bốn", award="Bằng khen của Chủ tịch UBND tỉnh"),
    ]
    with translation.override("en"):
        result = import_legacy(dataset_of(rows), dry_run=True)
    # The award's exact catalogue name is needed; an abbreviation is not guessed.
    assert cells(result) == [(5, "Danh hiệu/Hình thức")]
    rows[3] = row(
        name="Hồ Văn Bốn", award="bang khen cua chu tich uy ban nhan dan tinh", kind="Đột xuất"
    )
    before = Decision.objects.count()
    result = import_legacy(dataset_of(rows), dry_run=False)
    assert row_errors(result) == []
    assert Decision.objects.count() == before + 1
    created = Decision.objects.get(number="125/QĐ-UBND")
    assert (created.signer_name, created.signer_position, created.authority) == (
        UNKNOWN_SIGNER,
        "",
        "provincial_chairman",
    )
    assert AwardGrant.objects.get(recipient_name="Hồ Văn Một").decision == existing
    hai = AwardGrant.objects.get(recipient_name="Hồ Văn Hai")
    assert (hai.certificate_number, hai.kind, hai.year) == ("12/GCN", "CONG_TRANG", 2019)
    bon = AwardGrant.objects.get(recipient_name="Hồ Văn Bốn")
    assert (bon.award.code, bon.kind) == ("BK_TINH", "DOT_XUAT")


def test_imported_grant_is_the_record_grant_create_makes(province, users):
    """Same snapshot, cash and scope as a grant typed in through the service."""
    rows = [
        row(name="Trương Văn Sáu", year=2025, number="1/QĐ-UBND", date=date(2025, 12, 20)),
        row(name="Trương Văn Bảy", year=2025, number="1/QĐ-UBND", date=date(2025, 12, 20)),
    ]
    result = import_legacy(dataset_of(rows), dry_run=False, user=users["secretariat"])
    assert row_errors(result) == []
    imported = AwardGrant.objects.get(recipient_name="Trương Văn Sáu")
    typed = grant(
        "LDTT", 2025, person=province["person_b"], decision=imported.decision, legacy_key="x"
    )
    fields = [
        "award_id",
        "unit_scope_id",
        "recipient_unit_name",
        "year",
        "kind",
        "decision_id",
        "cash_amount",
        "certificate_number",
        "unit_id",
        "household_id",
    ]
    assert [getattr(imported, f) for f in fields] == [getattr(typed, f) for f in fields]
    # 0.3 × 2,340,000 in force on 20/12/2025, rounded up to the next 10,000 đồng
    assert imported.cash_amount == 710_000
    assert imported.recipient_name == imported.person.full_name
    assert len(imported.legacy_key) == 64 and len(imported.verification_code) == 14
    # History rows name the user who imported, for grants, people and decisions.
    assert imported.history.get().history_user == users["secretariat"]
    assert imported.person.history.get().history_user == users["secretariat"]
    assert imported.decision.history.get().history_user == users["secretariat"]


def test_local_quotas_apply(province):
    award = Award.objects.get(code="LDTT")
    Quota.objects.create(unit=province["root"], award=award, year=2026, limit=2)
    grant("LDTT", 2026, person=province["person_a"])  # one place already taken
    rows = [row(name=f"Trương Văn {n}", year=2026, date="02/01/2026") for n in ("Tám", "Chín")]
    rows.append(row(name="Trương Văn Mười", year=2026, date="02/01/2026", award="GK"))
    before = counts()
    with translation.override("en"):
        result = import_legacy(dataset_of(rows), dry_run=False)
        errors = row_errors(result)
    assert [(e["row"], e["column"]) for e in errors] == [(3, "Danh hiệu/Hình thức")]
    assert errors[0]["errors"] == [
        "The quota of 2 “Lao động tiên tiến” for Ủy ban nhân dân tỉnh Thử in 2026 is used up."
    ]
    assert counts() == before


def test_repeated_rows_and_blank_rows_are_skipped(province):
    rows = [row(), [None] * len(HEADERS), row(), row(name="Lý Văn Khác"), [None] * len(HEADERS)]
    result = import_legacy(dataset_of(rows), dry_run=False)
    assert row_errors(result) == []
    assert (result.totals["new"], result.totals["skip"]) == (2, 2)  # trailing blank dropped
    assert AwardGrant.objects.filter(recipient_name="Trần Văn Hùng").count() == 1


def test_missing_columns_are_a_file_error(province):
    headers = ["Họ và tên", "Mã đơn vị", "Năm"]
    with translation.override("en"):
        result = import_legacy(dataset_of([["A", "xa-a", 2019]], headers), dry_run=True)
        assert file_errors(result) == [
            "These columns are missing: Danh hiệu/Hình thức, Số quyết định, Ngày quyết định."
        ]
    assert result.rows == []


def test_optional_columns_may_be_left_out(province):
    headers = ["Họ và tên*", " Mã đơn vị ", "Danh hiệu/Hình thức", "Năm", "Số quyết định"]
    headers.append("Ngày quyết định")
    rows = [["Lê Thị Năm", "xa-a", "LDTT", 2015, "15/QĐ-UBND", "30/12/2015"]]
    result = import_legacy(dataset_of(rows, headers), dry_run=False)
    assert row_errors(result) == [] and result.totals["new"] == 1
    grant = AwardGrant.objects.get(recipient_name="Lê Thị Năm")
    assert (grant.kind, grant.person.gender, grant.person.birth_year) == (
        "CONG_TRANG",
        "female",
        None,
    )


def test_row_cap_is_a_file_error(province, settings):
    settings.TDKT_IMPORT_MAX_ROWS = 3
    content = xlsx([row(name=f"Người {n}") for n in range(4)])
    with translation.override("en"), pytest.raises(LegacyFileError, match="more than 3 rows"):
        read_workbook(io.BytesIO(content))
    dataset = read_workbook(io.BytesIO(content), max_rows=10)
    with translation.override("en"):
        result = import_legacy(dataset, dry_run=False)
        assert file_errors(result) == ["The file has more than 3 rows."]


def test_formulas_are_never_evaluated(province):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(row(name='=HYPERLINK("http://x","Nguyễn Văn A")'))
    buffer = io.BytesIO()
    workbook.save(buffer)
    dataset = read_workbook(io.BytesIO(buffer.getvalue()))
    # No cached value was saved by openpyxl, so the cell reads empty: never computed.
    assert dataset.dict[0]["Họ và tên"] is None


def test_resource_column_names_are_the_documented_layout():
    resource = LegacyAwardResource()
    columns = [field.column_name for field in resource.get_import_fields()]
    assert columns == ["legacy_key", *HEADERS]


# --- The page ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 302),
        ("staff_a", 404),
        ("head_a", 404),
        ("council", 404),
        ("chairman", 404),
        ("secretariat", 200),
    ],
)
def test_page_permission_matrix(client, users, who, expected):
    if who:
        client.force_login(users[who])
    assert client.get(reverse(URL)).status_code == expected
    response = client.post(reverse(URL), {"file": upload(xlsx([row()]))})
    assert response.status_code == expected
    assert not AwardGrant.objects.exists()


def test_page_preview_then_confirm_once(client, users, province):
    client.force_login(users["secretariat"])
    page = client.get(reverse(URL))
    assert "Số bằng/giấy chứng nhận" in page.content.decode()  # the documented layout
    before = counts()
    rows = [row(name="Phạm Văn Hậu"), row(name="NGUYEN VAN AN", birth_year=1979)]
    response = client.post(reverse(URL), {"file": upload(xlsx(rows))})
    assert response.status_code == 200
    assert response.context["errors"] == []
    assert response.context["totals"]["new"] == 2
    assert [r["name"] for r in response.context["rows"]] == ["Phạm Văn Hậu", "NGUYEN VAN AN"]
    assert counts() == before
    token = response.context["token"]

    other = users["admin"]
    client.force_login(other)
    assert client.post(reverse(URL), {"token": token}).status_code == 404
    client.force_login(users["secretariat"])
    done = client.post(reverse(URL), {"token": token}, follow=True)
    assert done.status_code == 200
    assert [m.level_tag for m in done.context["messages"]] == ["success"]
    assert counts() == (before[0] + 2, before[1] + 1, before[2] + 1)
    assert AwardGrant.objects.filter(person=province["person_b"]).count() == 1

    replay = client.post(reverse(URL), {"token": token}, follow=True)
    assert counts() == (before[0] + 2, before[1] + 1, before[2] + 1)
    assert any(m.level_tag == "error" for m in replay.context["messages"])

    again = client.post(reverse(URL), {"file": upload(xlsx(rows))})
    assert again.context["totals"]["new"] == 0 and "token" not in again.context


def test_page_token_of_another_secretariat_user_fails(client, users, province):
    from tests.factories import user_with_role

    client.force_login(users["secretariat"])
    response = client.post(reverse(URL), {"file": upload(xlsx([row()]))})
    token = response.context["token"]
    client.force_login(user_with_role("secretariat", username="sec2"))
    client.post(reverse(URL), {"token": token}, follow=True)
    client.post(reverse(URL), {"token": token + "x"}, follow=True)
    assert not AwardGrant.objects.exists()


def test_page_bad_row_shows_errors_and_gives_no_token(client, users, province):
    client.force_login(users["secretariat"])
    rows = [row(), row(name="Lê Văn Sai", unit="khong-co"), row(name="Lê Văn Đúng")]
    response = client.post(reverse(URL), {"file": upload(xlsx(rows))})
    assert [(e["row"], e["column"]) for e in response.context["errors"]] == [(3, "Mã đơn vị")]
    assert "token" not in response.context
    assert 'data-testid="import-errors"' in response.content.decode()
    assert not AwardGrant.objects.exists()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"this is not a workbook", "danh-sach.xlsx"),
        (b"%PDF-1.4\n%%EOF", "danh-sach.pdf"),
        (b"Ho va ten;Nam\nA;2019\n", "danh-sach.csv"),
    ],
)
def test_page_refuses_malformed_files(client, users, province, content, name):
    client.force_login(users["secretariat"])
    before = counts()
    response = client.post(reverse(URL), {"file": upload(content, name)})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert "token" not in response.context
    assert counts() == before


def test_page_missing_columns_is_a_form_error(client, users, province):
    client.force_login(users["secretariat"])
    response = client.post(reverse(URL), {"file": upload(xlsx([["A"]], ["Họ và tên"]))})
    assert response.context["form"].errors["file"]
    assert "token" not in response.context
