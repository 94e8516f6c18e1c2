"""Strict validation of the engine's input: every error names the exact field."""

import pytest

from awards.eligibility import InputError, evaluate, validate_input
from awards.eligibility.types import Discipline, Members, Movement, Pending, Subject


def base(**overrides):
    data = {"award": "LDTT", "year": 2025, "subject": {"kind": "individual"}}
    data.update(overrides)
    return data


def error_of(data):
    with pytest.raises(InputError) as caught:
        validate_input(data)
    return caught.value.field, caught.value.message


def test_minimal_input_has_empty_records():
    parsed = validate_input(base())
    assert parsed.subject == Subject(kind="individual")
    assert dict(parsed.ratings) == {}
    assert parsed.titles == ()
    assert parsed.initiatives == ()
    assert parsed.discipline == ()
    assert parsed.pending == Pending(investigation=False, complaint=False)
    assert parsed.members is None
    assert parsed.bloc_rank is None
    assert parsed.movement is None
    assert parsed.rule_set is None


def test_full_input_is_parsed():
    parsed = validate_input(
        base(
            award="TTLDXS",
            subject={"kind": "collective", "gender": None},
            ratings={"2024": "HTTNV", "2025": "HTXSNV"},
            discipline=[{"level": "canh_cao", "from": "2025-01-02", "to": None}],
            members={
                "total": 24,
                "ldtt": 18,
                "completed_tasks": 24,
                "cstdcs": 2,
                "disciplined_warning_or_above": 0,
            },
            bloc_rank=1,
            movement={"name": "Chuyển đổi số", "years": 3},
            pending=None,
            titles=None,
        )
    )
    assert dict(parsed.ratings) == {2024: "HTTNV", 2025: "HTXSNV"}
    assert parsed.discipline[0].start.isoformat() == "2025-01-02"
    assert parsed.discipline == (Discipline("canh_cao", parsed.discipline[0].start, None),)
    assert parsed.members == Members(24, 18, 24, 2, 0)
    assert parsed.movement == Movement("Chuyển đổi số", 3)
    assert parsed.bloc_rank == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"year": 2025, "subject": {"kind": "individual"}}, "award", "thiếu trường bắt buộc"),
        (base(award=""), "award", "phải là chuỗi ký tự khác rỗng"),
        (base(award=12), "award", "phải là chuỗi ký tự khác rỗng"),
        (base(year="2025"), "year", "phải là số nguyên (năm)"),
        (base(year=True), "year", "phải là số nguyên (năm)"),
        (base(year=1944), "year", "năm phải trong khoảng 1945..2100"),
        (base(year=2101), "year", "năm phải trong khoảng 1945..2100"),
        (base(subject={}), "subject.kind", "thiếu trường bắt buộc"),
        (
            base(subject={"kind": "person"}),
            "subject.kind",
            "giá trị phải là một trong individual, collective, household",
        ),
        (
            base(subject={"kind": "individual", "name": "A"}),
            "subject.name",
            "trường không được hỗ trợ (các trường hợp lệ: kind, gender)",
        ),
        (
            base(ratings={"2024": "XUAT_SAC"}),
            "ratings.2024",
            "giá trị phải là một trong HTXSNV, HTTNV, HTNV, KHTNV",
        ),
        (base(ratings={"24": "HTTNV"}), "ratings.24", "khóa phải là năm dạng chuỗi YYYY"),
        (base(ratings={"1900": "HTTNV"}), "ratings.1900", "năm phải trong khoảng 1945..2100"),
        (base(ratings=["HTTNV"]), "ratings", 'phải là một đối tượng JSON {"YYYY": xếp loại}'),
        (base(titles={}), "titles", "phải là một danh sách"),
        (
            base(
                titles=[
                    {"code": "CSTDCS", "year": 2024, "kind": "CONG_TRANG"},
                    {"code": "CSTDCS", "year": 2025, "kind": "CONG_TRANG"},
                    {"code": "CSTDCS", "year": 2025, "kind": "MERIT"},
                ]
            ),
            "titles[2].kind",
            "giá trị phải là một trong CONG_TRANG, PHONG_TRAO, DOT_XUAT, CONG_HIEN, NIEN_HAN,"
            " DOI_NGOAI",
        ),
        (base(titles=[{"code": "CSTDCS", "kind": "CONG_TRANG"}]), "titles[0].year", None),
        (base(titles=["CSTDCS"]), "titles[0]", "phải là một đối tượng JSON"),
        (
            base(initiatives=[{"id": "SK-1", "year": 2025, "level": "commune"}]),
            "initiatives[0].level",
            "giá trị phải là một trong unit, province, national",
        ),
        (
            base(initiatives=[{"id": "SK-1", "year": 2025, "level": "unit", "used_by": ""}]),
            "initiatives[0].used_by",
            "phải là chuỗi ký tự khác rỗng",
        ),
        (
            base(
                initiatives=[
                    {"id": "SK-1", "year": 2025, "level": "unit"},
                    {"id": "SK-1", "year": 2024, "level": "unit"},
                ]
            ),
            "initiatives[1].id",
            "trùng mã với initiatives[0]",
        ),
        (
            base(discipline=[{"level": "canh_cao", "from": "2025-02-30", "to": None}]),
            "discipline[0].from",
            "phải là ngày hợp lệ dạng YYYY-MM-DD",
        ),
        (
            base(discipline=[{"level": "canh_cao", "from": "20250101", "to": None}]),
            "discipline[0].from",
            "phải là ngày hợp lệ dạng YYYY-MM-DD",
        ),
        (
            base(discipline=[{"level": "canh_cao", "from": "2025-01-01"}]),
            "discipline[0].to",
            "thiếu trường bắt buộc",
        ),
        (
            base(discipline=[{"level": "canh_cao", "from": "2025-03-01", "to": "2025-02-01"}]),
            "discipline[0].to",
            "không được trước ngày bắt đầu (from)",
        ),
        (base(pending={"investigation": 1}), "pending.investigation", "phải là true hoặc false"),
        (
            base(pending={"investigaton": True}),
            "pending.investigaton",
            "trường không được hỗ trợ (các trường hợp lệ: investigation, complaint)",
        ),
        (
            base(
                members={
                    "total": 24,
                    "ldtt": 25,
                    "completed_tasks": 24,
                    "cstdcs": 2,
                    "disciplined_warning_or_above": 0,
                }
            ),
            "members.ldtt",
            "phải nhỏ hơn hoặc bằng 24",
        ),
        (
            base(
                members={
                    "total": 0,
                    "ldtt": 0,
                    "completed_tasks": 0,
                    "cstdcs": 0,
                    "disciplined_warning_or_above": 0,
                }
            ),
            "members.total",
            "phải lớn hơn hoặc bằng 1",
        ),
        (
            base(
                members={
                    "total": 24,
                    "ldtt": 18,
                    "completed_tasks": 24,
                    "cstdcs": -1,
                    "disciplined_warning_or_above": 0,
                }
            ),
            "members.cstdcs",
            "phải lớn hơn hoặc bằng 0",
        ),
        (base(members={"total": 24}), "members.ldtt", "thiếu trường bắt buộc"),
        (base(bloc_rank=0), "bloc_rank", "phải lớn hơn hoặc bằng 1"),
        (base(bloc_rank=1.0), "bloc_rank", "phải là số nguyên"),
        (base(movement={"name": "X"}), "movement.years", "thiếu trường bắt buộc"),
        (base(rule_set="2025"), "rule_set", "phải là ngày hợp lệ dạng YYYY-MM-DD"),
        (base(extra=1), "extra", None),
        ([], "", "phải là một đối tượng JSON"),
    ],
)
def test_errors_name_the_field(data, field, message):
    got_field, got_message = error_of(data)
    assert got_field == field
    if message is not None:
        assert got_message == message


def test_unknown_top_level_key_lists_the_valid_ones():
    field, message = error_of(base(bloc="A"))
    assert field == "bloc"
    assert message.startswith("trường không được hỗ trợ (các trường hợp lệ: award, year, subject")


def test_evaluate_raises_the_same_error():
    with pytest.raises(InputError) as caught:
        evaluate(base(ratings={"2024": "A"}))
    assert str(caught.value) == (
        "ratings.2024: giá trị phải là một trong HTXSNV, HTTNV, HTNV, KHTNV"
    )


@pytest.mark.parametrize(
    ("field", "expected"),
    [("ratings.2024", "[3].ratings.2024"), ("titles[1].kind", "[3].titles[1].kind"), ("", "[3]")],
)
def test_error_within_a_list_is_prefixed_with_the_index(field, expected):
    assert InputError(field, "x").within(3).field == expected
