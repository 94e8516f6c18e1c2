"""The 2025 wards, communes and special zone, their levels (urban, rural, mountainous,
remote) and how each kind of unit is staffed."""

from typing import NamedTuple

from ..models import UnitKind
from .bodies import Body

WARDS = (
    "Cẩm Thành",
    "Nghĩa Lộ",
    "Trương Quang Trọng",
    "Đức Phổ",
    "Trà Câu",
    "Sa Huỳnh",
    "Đăk Cấm",
    "Kon Tum",
    "Đăk Bla",
)
SPECIAL_ZONES = ("Lý Sơn",)
COMMUNES = (
    "Bình Sơn",
    "Vạn Tường",
    "Đông Sơn",
    "Tịnh Khê",
    "Sơn Tịnh",
    "Tư Nghĩa",
    "Nghĩa Giang",
    "Mộ Đức",
    "Long Phụng",
    "Nguyễn Nghiêm",
    "Ba Tơ",
    "Ba Vinh",
    "Đặng Thùy Trâm",
    "Minh Long",
    "Sơn Hà",
    "Sơn Tây",
    "Trà Bồng",
    "Tây Trà",
    # former Kon Tum
    "Đăk Hà",
    "Đăk Tô",
    "Ngọc Linh",
    "Măng Đen",
    "Kon Plông",
    "Sa Thầy",
    "Ia Chim",
    "Bờ Y",
    "Tu Mơ Rông",
    "Ya Ly",
)
FORMER_KON_TUM = frozenset(
    (
        "Đăk Hà",
        "Đăk Tô",
        "Ngọc Linh",
        "Măng Đen",
        "Kon Plông",
        "Sa Thầy",
        "Ia Chim",
        "Bờ Y",
        "Tu Mơ Rông",
        "Ya Ly",
        "Đăk Cấm",
        "Kon Tum",
        "Đăk Bla",
    )
)
# The main ethnic minority of each mountainous commune (mountainous + ethnic-minority area).
MOUNTAIN_ETHNICITY = {
    "Ba Tơ": "Hrê",
    "Ba Vinh": "Hrê",
    "Đặng Thùy Trâm": "Hrê",
    "Minh Long": "Hrê",
    "Sơn Hà": "Hrê",
    "Sơn Tây": "Ca Dong",
    "Trà Bồng": "Cor",
    "Tây Trà": "Cor",
    "Đăk Hà": "Ba Na",
    "Đăk Tô": "Xơ Đăng",
    "Ngọc Linh": "Xơ Đăng",
    "Măng Đen": "Xơ Đăng",
    "Kon Plông": "Ba Na",
    "Sa Thầy": "Gia Rai",
    "Ia Chim": "Gia Rai",
    "Bờ Y": "Xơ Đăng",
    "Tu Mơ Rông": "Xơ Đăng",
    "Ya Ly": "Gia Rai",
}
REMOTE = frozenset(("Ngọc Linh", "Tu Mơ Rông", "Ia Chim", "Bờ Y", "Tây Trà", "Sơn Tây"))
MINORITIES = ("Hrê", "Cor", "Ca Dong", "Xơ Đăng", "Ba Na", "Gia Rai")


class Level(NamedTuple):
    """How one kind of commune-level unit is named and staffed."""

    kind: str
    name_prefix: str
    code_prefix: str
    title: str  # "xã", "phường", "đặc khu" in the leaders' titles
    economy: str
    village: str
    village_head: str
    village_deputy: str
    village_staff: tuple[str, ...]


_RURAL_STAFF = (
    "Nông dân",
    "Nông dân",
    "Trưởng Ban công tác Mặt trận thôn",
    "Chi hội trưởng Chi hội Phụ nữ",
)
LEVELS = (
    Level(
        UnitKind.WARD,
        "Phường",
        "phuong",
        "phường",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Tổ dân phố",
        "Tổ trưởng tổ dân phố",
        "Tổ phó tổ dân phố",
        (
            "Hộ kinh doanh cá thể",
            "Trưởng Ban công tác Mặt trận tổ dân phố",
            "Chi hội trưởng Chi hội Phụ nữ",
        ),
    ),
    Level(
        UnitKind.SPECIAL_ZONE,
        "Đặc khu",
        "dac-khu",
        "đặc khu",
        "Phòng Kinh tế",
        "Thôn",
        "Trưởng thôn",
        "Phó Trưởng thôn",
        ("Ngư dân", "Ngư dân", "Nông dân", "Trưởng Ban công tác Mặt trận thôn"),
    ),
    Level(
        UnitKind.COMMUNE,
        "Xã",
        "xa",
        "xã",
        "Phòng Kinh tế",
        "Thôn",
        "Trưởng thôn",
        "Phó Trưởng thôn",
        _RURAL_STAFF,
    ),
)
LEVEL_NAMES = {
    UnitKind.WARD: WARDS,
    UnitKind.SPECIAL_ZONE: SPECIAL_ZONES,
    UnitKind.COMMUNE: COMMUNES,
}


def _commune_subunits(code: str, level: Level) -> tuple[Body, ...]:
    return (
        Body(
            f"{code}-vp",
            "Văn phòng HĐND và UBND",
            "Chánh Văn phòng",
            "Phó Chánh Văn phòng",
            (
                "Công chức Văn phòng - Thống kê",
                "Công chức Tư pháp - Hộ tịch",
                "Văn thư",
                "Kế toán",
            ),
        ),
        Body(
            f"{code}-kt",
            level.economy,
            "Trưởng phòng",
            "Phó Trưởng phòng",
            ("Công chức Địa chính - Xây dựng", "Công chức Tài chính - Kế toán", "Chuyên viên"),
        ),
        Body(
            f"{code}-vhxh",
            "Phòng Văn hóa - Xã hội",
            "Trưởng phòng",
            "Phó Trưởng phòng",
            ("Công chức Văn hóa - Xã hội", "Công chức Văn hóa - Xã hội", "Chuyên viên"),
        ),
        Body(
            f"{code}-pvhcc",
            "Trung tâm Phục vụ hành chính công",
            "Giám đốc Trung tâm",
            "Phó Giám đốc Trung tâm",
            ("Công chức tiếp nhận và trả kết quả", "Chuyên viên"),
        ),
    )


# How many deputies a unit of each kind has before the rest are staff.
DEPUTIES = {
    UnitKind.PEOPLES_COMMITTEE: 4,
    UnitKind.DEPARTMENT: 2,
    UnitKind.PARTY_MASS: 2,
    UnitKind.CENTRAL_AGENCY: 2,
    UnitKind.PUBLIC_SERVICE: 2,
    UnitKind.ENTERPRISE: 1,
    UnitKind.COMMUNE: 2,
    UnitKind.WARD: 2,
    UnitKind.SPECIAL_ZONE: 2,
    UnitKind.SUB_UNIT: 1,
    UnitKind.VILLAGE: 1,
}
# People added to the drawn number, by kind: provincial bodies are larger.
EXTRA_PEOPLE = {
    UnitKind.DEPARTMENT: 3,
    UnitKind.PARTY_MASS: 2,
    UnitKind.CENTRAL_AGENCY: 3,
    UnitKind.PUBLIC_SERVICE: 3,
    UnitKind.ENTERPRISE: 3,
    UnitKind.VILLAGE: -1,
}
