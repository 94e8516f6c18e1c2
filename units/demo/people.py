"""The fixed people of the demo registry: the logins' persons and the people searched
for in the tests."""

from datetime import date
from typing import NamedTuple

from ..models import Gender
from ._common import ROOT_CODE

# --- Fixed people and logins ------------------------------------------------------------


class FixedPerson(NamedTuple):
    key: str
    full_name: str
    gender: str
    birth_date: date
    unit: str
    position: str
    is_head: bool = False
    is_manager: bool = False


M, F = Gender.MALE, Gender.FEMALE
FIXED_PEOPLE = (
    FixedPerson(
        "chairman", "Võ Thành Long", M, date(1970, 3, 12), ROOT_CODE, "Chủ tịch UBND tỉnh", True
    ),
    FixedPerson(
        "council_vice",
        "Nguyễn Thị Kim Oanh",
        F,
        date(1973, 8, 21),
        ROOT_CODE,
        "Phó Chủ tịch UBND tỉnh",
        is_manager=True,
    ),
    FixedPerson(
        "council_standing",
        "Phan Văn Khánh",
        M,
        date(1971, 11, 2),
        "so-noi-vu",
        "Giám đốc",
        True,
    ),
    FixedPerson(
        "council", "Trương Công Hiếu", M, date(1972, 5, 17), "so-tai-chinh", "Giám đốc", True
    ),
    FixedPerson(
        "council_secretary",
        "Lê Hữu Phước",
        M,
        date(1976, 1, 9),
        "snv-tdkt",
        "Trưởng phòng",
        True,
    ),
    FixedPerson("secretariat", "Trần Thị Thu Hà", F, date(1988, 6, 30), "snv-tdkt", "Chuyên viên"),
    FixedPerson("secretariat2", "Huỳnh Minh Tuấn", M, date(1991, 9, 14), "snv-tdkt", "Chuyên viên"),
    FixedPerson(
        "council_01",
        "Đỗ Thanh Bình",
        M,
        date(1969, 4, 4),
        "ban-tuyen-giao-dan-van-tu",
        "Trưởng ban",
        True,
    ),
    FixedPerson(
        "council_02", "Bùi Thị Lệ Thu", F, date(1968, 12, 1), "ubmttq-tinh", "Chủ tịch", True
    ),
    FixedPerson("council_03", "Ngô Văn Dũng", M, date(1970, 7, 25), "ldld-tinh", "Chủ tịch", True),
    FixedPerson(
        "council_04", "Dương Đức Thắng", M, date(1971, 2, 19), "cong-an-tinh", "Giám đốc", True
    ),
    FixedPerson(
        "council_05",
        "Hoàng Trọng Nghĩa",
        M,
        date(1972, 10, 10),
        "bchqs-tinh",
        "Chỉ huy trưởng",
        True,
    ),
    FixedPerson(
        "council_06",
        "Lương Minh Trí",
        M,
        date(1974, 3, 28),
        "van-phong-ubnd",
        "Chánh Văn phòng",
        True,
    ),
    FixedPerson(
        "unithead",
        "Phạm Văn Lợi",
        M,
        date(1975, 5, 5),
        "xa-binh-son",
        "Chủ tịch UBND xã",
        True,
    ),
    FixedPerson(
        "unitstaff",
        "Nguyễn Thị Thanh Thủy",
        F,
        date(1990, 2, 14),
        "xa-binh-son-vhxh",
        "Công chức Văn hóa - Xã hội",
    ),
    FixedPerson(
        "unitstaff2",
        "Võ Thị Diệu Linh",
        F,
        date(1992, 11, 23),
        "phuong-cam-thanh-vp",
        "Công chức Văn phòng - Thống kê",
    ),
    FixedPerson("deptstaff", "Hồ Minh Hiếu", M, date(1989, 8, 8), "so-y-te", "Chuyên viên"),
    # People the search demos look for.
    FixedPerson("search_an", "Nguyễn Văn An", M, date(1982, 4, 15), "so-noi-vu", "Chuyên viên"),
    FixedPerson(
        "search_hanh",
        "Đặng Thị Hạnh",
        F,
        date(1985, 9, 2),
        "sgddt-thpt-le-khiet",
        "Giáo viên",
    ),
    FixedPerson("search_tram", "Đặng Thùy Trâm", F, date(1994, 11, 27), "bvdk-tinh", "Bác sĩ"),
)
