"""The recipient class (statistics forms 0602/0603) derived from the position at
nomination (awards.recipients), and carried or derived for archive rows."""

import pytest

from awards.models import Award, AwardGrant
from awards.recipients import (
    class_from_position,
    derive_recipient_class,
    fold_position,
    grant_recipient_class,
)
from tests.factories import PersonFactory, UnitFactory


@pytest.mark.parametrize(
    "position, expected",
    [
        ("Chủ tịch UBND tỉnh", "provincial_leader"),
        ("Phó Chủ tịch Ủy ban nhân dân tỉnh", "provincial_leader"),
        ("Bí thư Tỉnh uỷ", "provincial_leader"),
        ("Chủ tịch HĐND tỉnh", "provincial_leader"),
        ("Giám đốc Sở Y tế", "department_leader"),
        ("Phó Giám đốc Sở Nội vụ", "department_leader"),
        ("Chủ tịch Hội Nông dân tỉnh", "department_leader"),
        ("Trưởng Ban Dân tộc tỉnh", "department_leader"),
        ("Giám đốc Công ty TNHH Thành Đạt", "entrepreneur"),
        ("Chủ tịch HĐQT", "entrepreneur"),
        ("Giám đốc HTX Nông nghiệp Tịnh Phong", "entrepreneur"),
        ("Phó Trưởng phòng Kế hoạch - Tài chính", "other_leader"),
        ("Trưởng phòng Cảnh sát, Công an tỉnh", "other_leader"),
        ("Chủ tịch UBND xã Bình Sơn", "other_leader"),
        ("Giám đốc Bệnh viện Đa khoa tỉnh", "other_leader"),
        ("Hiệu trưởng Trường THCS Nghĩa Hành", "other_leader"),
        ("Công nhân", "direct_worker"),
        ("Nông dân", "direct_worker"),
        ("Ngư dân", "direct_worker"),
        ("Giáo viên", "direct_worker"),
        ("Nhân viên y tế thôn", "direct_worker"),
        ("Bí thư Chi đoàn", ""),
        ("Trưởng thôn", ""),
        ("Chuyên viên", ""),
        ("", ""),
    ],
)
def test_the_position_gives_the_class(position, expected):
    assert class_from_position(position) == expected


def test_positions_are_folded_before_matching():
    assert fold_position("  Phó  Chủ tịch UBND  Tỉnh ") == "phó chủ tịch ủy ban nhân dân tỉnh"
    decomposed = "Chu\u0309 ti\u0323ch UBND ti\u0309nh"  # NFD, as some keyboards type it
    assert class_from_position(decomposed) == "provincial_leader"


@pytest.mark.parametrize(
    "subject, unit_kind, position, flags, expected",
    [
        ("household", "", "", {}, "household"),
        ("collective", "enterprise", "", {}, "enterprise"),
        ("collective", "commune", "", {}, "collective"),
        ("individual", "", "Hộ kinh doanh cá thể", {"is_direct_worker": True}, "direct_worker"),
        ("individual", "", "Kế toán trưởng", {"is_manager": True}, "other_leader"),
        ("individual", "", "Kế toán", {}, ""),
        ("individual", "", "Công nhân", {"is_manager": True}, "direct_worker"),
    ],
)
def test_subjects_and_registry_flags(subject, unit_kind, position, flags, expected):
    assert (
        derive_recipient_class(
            subject_kind=subject, position=position, unit_kind=unit_kind, **flags
        )
        == expected
    )


@pytest.mark.django_db
def test_an_archive_row_keeps_its_class_or_derives_one(province):
    company = UnitFactory(name="Công ty CP Thử", code="cty-thu", kind="enterprise")
    chair = PersonFactory(full_name="Trần Văn Tỉnh", position="Chủ tịch UBND tỉnh")
    award = Award.objects.get(code="BK_TINH")

    def grant(**fields):
        name = fields["person"].full_name if "person" in fields else fields["unit"].name
        return AwardGrant(award=award, recipient_name=name, year=2026, kind="CONG_TRANG", **fields)

    assert grant_recipient_class(grant(person=chair)) == "provincial_leader"
    assert grant_recipient_class(grant(person=chair, recipient_class="direct_worker")) == (
        "direct_worker"
    )
    assert grant_recipient_class(grant(unit=company)) == "enterprise"
    assert grant_recipient_class(grant(person=province["person_a"])) == ""  # Trưởng thôn


@pytest.mark.django_db
def test_the_legacy_import_derives_the_class_from_the_position(province, users):
    from datetime import date

    from awards.legacy import HEADERS, import_legacy
    from tests.utils.legacy import dataset_of, row

    def with_position(name, position):
        values = row(name=name, year=2025, number="7/QĐ-UBND", date=date(2025, 12, 20))
        values[HEADERS.index("Chức vụ")] = position
        return values

    rows = [with_position("Trương Văn Sáu", "Công nhân"), with_position("Trương Văn Bảy", "")]
    import_legacy(dataset_of(rows), dry_run=False, user=users["secretariat"])
    classes = dict(AwardGrant.objects.values_list("recipient_name", "recipient_class"))
    assert classes == {"Trương Văn Sáu": "direct_worker", "Trương Văn Bảy": ""}
