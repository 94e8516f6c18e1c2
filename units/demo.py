"""Demo data: the province of Quảng Ngãi after the 2025 reform (DOMAIN.md §7).

Plain data first, then :func:`seed_demo`, which builds the unit tree, a registry of a few
hundred invented people and the demo logins in one transaction. The result depends only on
``seed``: one ``random.Random`` drives every choice and every date is fixed, so two runs
give the same data. Names of people and enterprises are invented.
"""

import random
import re
import unicodedata
from datetime import date
from typing import NamedTuple

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .models import CouncilPosition, Gender, Person, Role, Unit, UnitKind, User
from .services import clean_name, role_assign, unit_create

ROOT_CODE = "ubnd-tinh"
EMAIL_DOMAIN = "tdkt.quangngai.example"
TERM_START = date(2026, 1, 1)
TERM_END = date(2030, 12, 31)


def slug(text: str) -> str:
    """ASCII slug of a Vietnamese name: "Đặng Thùy Trâm" -> "dang-thuy-tram"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- Units ------------------------------------------------------------------------------


class Body(NamedTuple):
    """A unit with the titles of its head, its deputies and its staff."""

    code: str
    name: str
    head: str
    deputy: str
    staff: tuple[str, ...]
    subunits: tuple["Body", ...] = ()


OFFICE_STAFF = ("Chuyên viên", "Chuyên viên", "Chuyên viên chính", "Kế toán", "Văn thư")


def _department(code: str, name: str, subunits: tuple[Body, ...] = ()) -> Body:
    return Body(code, name, "Giám đốc", "Phó Giám đốc", OFFICE_STAFF, subunits)


def _office(code: str, name: str = "Văn phòng Sở") -> Body:
    return Body(code, name, "Chánh Văn phòng", "Phó Chánh Văn phòng", OFFICE_STAFF)


def _section(code: str, name: str) -> Body:
    return Body(code, name, "Trưởng phòng", "Phó Trưởng phòng", OFFICE_STAFF)


PROVINCE = Body(
    ROOT_CODE,
    "Ủy ban nhân dân tỉnh Quảng Ngãi",
    "Chủ tịch UBND tỉnh",
    "Phó Chủ tịch UBND tỉnh",
    (),
)
COUNCIL_CODE = "hdtdkt"
COUNCIL_NAME = "Hội đồng Thi đua - Khen thưởng tỉnh Quảng Ngãi"

# The 12 uniform departments (D150) and the Sở Dân tộc và Tôn giáo.
DEPARTMENTS = (
    Body(
        "van-phong-ubnd",
        "Văn phòng UBND tỉnh",
        "Chánh Văn phòng",
        "Phó Chánh Văn phòng",
        OFFICE_STAFF,
    ),
    _department(
        "so-noi-vu",
        "Sở Nội vụ",
        (
            _section("snv-tdkt", "Phòng Thi đua, khen thưởng"),
            _office("snv-vp"),
            _section("snv-tcbc", "Phòng Tổ chức, biên chế"),
        ),
    ),
    _department("so-tu-phap", "Sở Tư pháp"),
    _department(
        "so-tai-chinh",
        "Sở Tài chính",
        (_office("stc-vp"), _section("stc-qlns", "Phòng Quản lý ngân sách")),
    ),
    _department("so-cong-thuong", "Sở Công Thương"),
    _department(
        "so-nong-nghiep-moi-truong",
        "Sở Nông nghiệp và Môi trường",
        (
            _office("snnmt-vp"),
            Body(
                "snnmt-cckl",
                "Chi cục Kiểm lâm",
                "Chi cục trưởng",
                "Phó Chi cục trưởng",
                ("Kiểm lâm viên", "Kiểm lâm viên", "Chuyên viên"),
            ),
        ),
    ),
    _department("so-xay-dung", "Sở Xây dựng"),
    _department("so-khoa-hoc-cong-nghe", "Sở Khoa học và Công nghệ"),
    _department("so-van-hoa-the-thao-du-lich", "Sở Văn hóa, Thể thao và Du lịch"),
    _department(
        "so-giao-duc-dao-tao",
        "Sở Giáo dục và Đào tạo",
        (
            _office("sgddt-vp"),
            Body(
                "sgddt-thpt-le-khiet",
                "Trường THPT chuyên Lê Khiết",
                "Hiệu trưởng",
                "Phó Hiệu trưởng",
                ("Giáo viên", "Giáo viên", "Giáo viên", "Nhân viên thiết bị"),
            ),
        ),
    ),
    _department(
        "so-y-te",
        "Sở Y tế",
        (
            _office("syt-vp"),
            Body(
                "syt-cdc",
                "Trung tâm Kiểm soát bệnh tật tỉnh",
                "Giám đốc",
                "Phó Giám đốc",
                ("Bác sĩ", "Bác sĩ", "Điều dưỡng", "Y sĩ"),
            ),
        ),
    ),
    Body(
        "thanh-tra",
        "Thanh tra tỉnh",
        "Chánh Thanh tra",
        "Phó Chánh Thanh tra",
        ("Thanh tra viên", "Thanh tra viên chính", "Chuyên viên"),
    ),
    _department("so-dan-toc-ton-giao", "Sở Dân tộc và Tôn giáo"),
)

PARTY_MASS = (
    Body(
        "van-phong-tinh-uy",
        "Văn phòng Tỉnh ủy",
        "Chánh Văn phòng Tỉnh ủy",
        "Phó Chánh Văn phòng Tỉnh ủy",
        OFFICE_STAFF,
    ),
    Body(
        "ban-to-chuc-tu",
        "Ban Tổ chức Tỉnh ủy",
        "Trưởng ban",
        "Phó Trưởng ban",
        OFFICE_STAFF,
    ),
    Body(
        "ban-tuyen-giao-dan-van-tu",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "Trưởng ban",
        "Phó Trưởng ban",
        OFFICE_STAFF,
    ),
    Body(
        "ubkt-tinh-uy",
        "Ủy ban Kiểm tra Tỉnh ủy",
        "Chủ nhiệm",
        "Phó Chủ nhiệm",
        ("Kiểm tra viên", "Kiểm tra viên chính", "Chuyên viên"),
    ),
    Body(
        "ubmttq-tinh",
        "Ủy ban MTTQ Việt Nam tỉnh",
        "Chủ tịch",
        "Phó Chủ tịch",
        OFFICE_STAFF,
    ),
    Body(
        "ldld-tinh",
        "Liên đoàn Lao động tỉnh",
        "Chủ tịch",
        "Phó Chủ tịch",
        OFFICE_STAFF,
    ),
    Body("tinh-doan", "Tỉnh đoàn", "Bí thư Tỉnh đoàn", "Phó Bí thư Tỉnh đoàn", OFFICE_STAFF),
    Body(
        "hoi-lhpn-tinh",
        "Hội Liên hiệp Phụ nữ tỉnh",
        "Chủ tịch Hội",
        "Phó Chủ tịch Hội",
        OFFICE_STAFF,
    ),
    Body(
        "hoi-nong-dan-tinh",
        "Hội Nông dân tỉnh",
        "Chủ tịch Hội",
        "Phó Chủ tịch Hội",
        OFFICE_STAFF,
    ),
    Body(
        "hoi-ccb-tinh",
        "Hội Cựu chiến binh tỉnh",
        "Chủ tịch Hội",
        "Phó Chủ tịch Hội",
        OFFICE_STAFF,
    ),
)

CENTRAL_AGENCIES = (
    Body(
        "cong-an-tinh",
        "Công an tỉnh",
        "Giám đốc",
        "Phó Giám đốc",
        ("Cán bộ", "Cán bộ", "Điều tra viên", "Chiến sĩ"),
    ),
    Body(
        "bchqs-tinh",
        "Bộ Chỉ huy Quân sự tỉnh",
        "Chỉ huy trưởng",
        "Phó Chỉ huy trưởng",
        ("Trợ lý", "Trợ lý", "Nhân viên"),
    ),
    Body(
        "tand-tinh",
        "Tòa án nhân dân tỉnh",
        "Chánh án",
        "Phó Chánh án",
        ("Thẩm phán", "Thư ký Tòa án", "Chuyên viên"),
    ),
    Body(
        "vksnd-tinh",
        "Viện kiểm sát nhân dân tỉnh",
        "Viện trưởng",
        "Phó Viện trưởng",
        ("Kiểm sát viên", "Kiểm tra viên", "Chuyên viên"),
    ),
    Body(
        "thue-tinh",
        "Thuế tỉnh Quảng Ngãi",
        "Trưởng Thuế tỉnh",
        "Phó Trưởng Thuế tỉnh",
        ("Kiểm tra viên thuế", "Kiểm tra viên thuế", "Chuyên viên"),
    ),
    Body(
        "bhxh-tinh",
        "Bảo hiểm xã hội tỉnh",
        "Giám đốc",
        "Phó Giám đốc",
        ("Chuyên viên", "Chuyên viên", "Kế toán"),
    ),
)

PUBLIC_SERVICE = (
    Body(
        "dh-pham-van-dong",
        "Trường Đại học Phạm Văn Đồng",
        "Hiệu trưởng",
        "Phó Hiệu trưởng",
        ("Giảng viên", "Giảng viên", "Giảng viên chính", "Chuyên viên"),
    ),
    Body(
        "truong-chinh-tri",
        "Trường Chính trị tỉnh",
        "Hiệu trưởng",
        "Phó Hiệu trưởng",
        ("Giảng viên", "Giảng viên chính", "Chuyên viên"),
    ),
    Body(
        "bvdk-tinh",
        "Bệnh viện Đa khoa tỉnh Quảng Ngãi",
        "Giám đốc",
        "Phó Giám đốc",
        ("Bác sĩ", "Bác sĩ", "Bác sĩ", "Điều dưỡng", "Điều dưỡng", "Dược sĩ"),
    ),
    Body(
        "bql-kkt-dung-quat",
        "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi",
        "Trưởng ban",
        "Phó Trưởng ban",
        OFFICE_STAFF,
    ),
)

_WORKERS = ("Công nhân", "Công nhân", "Công nhân", "Kỹ sư", "Tổ trưởng sản xuất", "Kế toán")
ENTERPRISES = (
    Body(
        "dn-thuy-san-sa-ky",
        "Công ty TNHH Thủy sản Sa Kỳ (giả định)",
        "Giám đốc",
        "Phó Giám đốc",
        _WORKERS,
    ),
    Body(
        "dn-co-khi-tra-khuc",
        "Công ty Cổ phần Cơ khí Trà Khúc (giả định)",
        "Tổng Giám đốc",
        "Phó Tổng Giám đốc",
        _WORKERS,
    ),
    Body(
        "dn-nong-san-mang-den",
        "Công ty Cổ phần Nông sản Măng Đen (giả định)",
        "Giám đốc",
        "Phó Giám đốc",
        _WORKERS,
    ),
    Body(
        "dn-det-may-thien-an",
        "Công ty TNHH Dệt may Thiên Ấn (giả định)",
        "Giám đốc",
        "Phó Giám đốc",
        _WORKERS,
    ),
)

PROVINCIAL_GROUPS = (
    (UnitKind.DEPARTMENT, DEPARTMENTS),
    (UnitKind.PARTY_MASS, PARTY_MASS),
    (UnitKind.CENTRAL_AGENCY, CENTRAL_AGENCIES),
    (UnitKind.PUBLIC_SERVICE, PUBLIC_SERVICE),
    (UnitKind.ENTERPRISE, ENTERPRISES),
)

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

# --- Names ------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Family names with rough weights (Nguyễn is about a quarter of the population).
FAMILY_NAMES = _words(
    "Nguyễn Trần Lê Phạm Huỳnh Võ Hoàng Phan Vũ Đặng Bùi Đỗ "
    "Hồ Ngô Dương Lý Đinh Trương Lương Châu Tô Đoàn Mai Tạ"
)
FAMILY_WEIGHTS = (24, 9, 8, 6, 6, 6, 3, 4, 2, 3, 3, 3, 3, 3, 2, 1, 2, 3, 1, 1, 1, 2, 1, 1)
MIDDLE_NAMES = {
    Gender.MALE: _words("Văn Văn Văn Hữu Đức Minh Quang Công Thanh Xuân Ngọc Tấn Trọng Anh Quốc"),
    Gender.FEMALE: _words("Thị Thị Thị Ngọc Thu Thanh Kim Thúy Mỹ Hồng Bích Phương Diệu Thùy"),
}
# Women's second middle name after "Thị": "Nguyễn Thị Thu Hà".
SECOND_MIDDLE_NAMES = _words("Thu Thanh Kim Ngọc Mỹ Hồng Bích Diệu Thùy Phương Lệ")
GIVEN_NAMES = {
    Gender.MALE: _words(
        "An Bình Cường Dũng Duy Đạt Định Đông Giang Hải Hiếu Hòa Hoàng Hùng Huy Khang Khánh "
        "Khoa Kiên Lâm Long Lộc Lợi Minh Nam Nghĩa Nhân Phong Phúc Quân Sơn Tài Thắng Thành "
        "Thiện Thịnh Trung Tuấn Tùng Việt Vinh Vũ"
    ),
    Gender.FEMALE: _words(
        "Anh Chi Dung Diệp Duyên Giang Hà Hằng Hạnh Hiền Hoa Hồng Huệ Hương Lan Liên Linh "
        "Loan Mai My Nga Ngân Nhung Oanh Phương Quyên Tâm Thảo Thơ Thủy Trang Trâm Tuyết "
        "Uyên Vân Vy Xuân Yến"
    ),
}
# Ethnic-minority names: Hrê, Cor and Ca Dong people mostly carry Kinh-style family names;
# Xơ Đăng and Ba Na names often start with "A" (men) or "Y" (women); Gia Rai with a clan name.
MINORITY_FAMILY_NAMES = _words("Đinh Đinh Phạm Hồ Hồ Trương Bùi")
MINORITY_PREFIX = {Gender.MALE: "A", Gender.FEMALE: "Y"}
MINORITY_GIVEN_NAMES = {
    Gender.MALE: _words(
        "Pớt Sang Thuyên Đin Blưk Rin Khâm Thới Nhơn Phiên Tuân Vương Hyên Hlang Biu Kiăng "
        "Rơi Dưm Bêu Nhiên Giang Hùng Dũng Quang"
    ),
    Gender.FEMALE: _words(
        "Nhung Ngát Blang Đêl Niêm Sương Hlinh Jen Lý Chăm Hmưi Kiêm Vi Trinh Gyin Hnhất "
        "Hoa Nga Hiền Mai Thương Phiên"
    ),
}
GIA_RAI_CLANS = ("Ksor", "Siu", "Rơ Châm", "Rah Lan", "Kpă", "Nay")

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


class Login(NamedTuple):
    """A demo login: its roles and the person it is (its full name comes from the person)."""

    username: str
    person: str | None  # key of a FixedPerson, or None
    roles: tuple[tuple[str, str | None, str], ...]  # (role, unit code, council position)
    full_name: str = ""


def _council(position: str) -> tuple[str, None, str]:
    return (Role.COUNCIL_MEMBER, None, position)


SECRETARIAT = (Role.SECRETARIAT, None, "")
LOGINS = (
    Login("admin", None, ((Role.ADMINISTRATOR, None, ""),), "Quản trị hệ thống"),
    Login("chairman", "chairman", ((Role.CHAIRMAN, None, ""), _council(CouncilPosition.CHAIRMAN))),
    Login("council_vice", "council_vice", (_council(CouncilPosition.VICE_CHAIR),)),
    Login(
        "council_standing",
        "council_standing",
        (_council(CouncilPosition.STANDING_VICE_CHAIR), (Role.UNIT_HEAD, "so-noi-vu", "")),
    ),
    Login(
        "council",
        "council",
        (_council(CouncilPosition.MEMBER), (Role.UNIT_HEAD, "so-tai-chinh", "")),
    ),
    Login(
        "council_secretary",
        "council_secretary",
        (_council(CouncilPosition.SECRETARY), SECRETARIAT),
    ),
    Login("secretariat", "secretariat", (SECRETARIAT,)),
    Login("secretariat2", "secretariat2", (SECRETARIAT,)),
    *(
        Login(f"council_0{number}", f"council_0{number}", (_council(CouncilPosition.MEMBER),))
        for number in range(1, 7)
    ),
    Login("unithead", "unithead", ((Role.UNIT_HEAD, "xa-binh-son", ""),)),
    Login("unitstaff", "unitstaff", ((Role.UNIT_STAFF, "xa-binh-son", ""),)),
    Login("unitstaff2", "unitstaff2", ((Role.UNIT_STAFF, "phuong-cam-thanh", ""),)),
    Login("deptstaff", "deptstaff", ((Role.UNIT_STAFF, "so-y-te", ""),)),
)
TERMED_ROLES = (Role.COUNCIL_MEMBER, Role.CHAIRMAN)

# --- Building ---------------------------------------------------------------------------


class _Staffing(NamedTuple):
    """A unit to staff: its titles, how many people, and the area it lies in."""

    unit: Unit
    body: Body
    count: int
    ethnicity: str  # main minority of the area, "" outside mountainous areas
    kon_tum: bool


class _Builder:
    def __init__(self, rng: random.Random, people_range: tuple[int, int]) -> None:
        self.rng = rng
        self.people_range = people_range
        self.units: dict[str, Unit] = {}
        self.staffing: list[_Staffing] = []
        self.id_numbers: set[str] = set()
        self.reserved = {p.full_name for p in FIXED_PEOPLE}
        self.used: set[str] = set()

    # Units ------------------------------------------------------------------------------

    def unit(self, code: str, name: str, kind: str, parent: Unit | None, **flags) -> Unit:
        unit = unit_create(actor=None, name=name, code=code, kind=kind, parent=parent, **flags)
        self.units[code] = unit
        return unit

    def staff(self, unit: Unit, body: Body, ethnicity: str = "", kon_tum: bool = False) -> None:
        low, high = self.people_range
        count = max(1, self.rng.randint(low, high) + EXTRA_PEOPLE.get(unit.kind, 0))
        if not body.staff:  # only leaders: a head and the deputies
            count = min(count, 1 + DEPUTIES[unit.kind])
        self.staffing.append(_Staffing(unit, body, count, ethnicity, kon_tum))

    def body(self, body: Body, kind: str, parent: Unit) -> None:
        unit = self.unit(body.code, body.name, kind, parent)
        self.staff(unit, body)
        for sub in body.subunits:
            self.staff(self.unit(sub.code, sub.name, UnitKind.SUB_UNIT, unit), sub)

    def commune(self, level: Level, name: str, root: Unit) -> None:
        code = f"{level.code_prefix}-{slug(name)}"
        ethnicity = MOUNTAIN_ETHNICITY.get(name, "")
        unit = self.unit(
            code,
            f"{level.name_prefix} {name}",
            level.kind,
            root,
            is_mountainous=bool(ethnicity),
            is_ethnic_minority_area=bool(ethnicity),
            is_remote=name in REMOTE,
            is_island=level.kind == UnitKind.SPECIAL_ZONE,
        )
        kon_tum = name in FORMER_KON_TUM
        leaders = Body(
            code,
            unit.name,
            f"Chủ tịch UBND {level.title}",
            f"Phó Chủ tịch UBND {level.title}",
            (),
        )
        self.staff(unit, leaders, ethnicity, kon_tum)
        for sub in _commune_subunits(code, level):
            sub_unit = self.unit(sub.code, sub.name, UnitKind.SUB_UNIT, unit)
            self.staff(sub_unit, sub, ethnicity, kon_tum)
        for number in range(1, self.rng.randint(2, 3) + 1):
            village = Body(
                f"{code}-t{number}",
                f"{level.village} {number}",
                level.village_head,
                level.village_deputy,
                level.village_staff,
            )
            village_unit = self.unit(village.code, village.name, UnitKind.VILLAGE, unit)
            self.staff(village_unit, village, ethnicity, kon_tum)

    def tree(self) -> None:
        root = self.unit(ROOT_CODE, PROVINCE.name, UnitKind.PEOPLES_COMMITTEE, None)
        self.staff(root, PROVINCE)
        self.unit(COUNCIL_CODE, COUNCIL_NAME, UnitKind.COUNCIL, root)
        for kind, bodies in PROVINCIAL_GROUPS:
            for body in bodies:
                self.body(body, kind, root)
        for level in LEVELS:
            for name in LEVEL_NAMES[level.kind]:
                self.commune(level, name, root)

    # People -----------------------------------------------------------------------------

    def id_number(self, gender: str, year: int, kon_tum: bool) -> str:
        local, other = ("062", "051") if kon_tum else ("051", "062")
        province = local if self.rng.random() < 0.9 else other
        century = 0 if year < 2000 else 2
        sex = century + (1 if gender == Gender.FEMALE else 0)
        while True:
            number = f"{province}{sex}{year % 100:02d}{self.rng.randrange(10**6):06d}"
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    def name(self, gender: str, ethnicity: str) -> str:
        rng = self.rng
        while True:
            if ethnicity in ("Xơ Đăng", "Ba Na") and rng.random() < 0.6:
                name = f"{MINORITY_PREFIX[gender]} {rng.choice(MINORITY_GIVEN_NAMES[gender])}"
                if rng.random() < 0.3:
                    name += f" {rng.choice(MINORITY_GIVEN_NAMES[gender])}"
            elif ethnicity == "Gia Rai" and rng.random() < 0.7:
                given = rng.choice(MINORITY_GIVEN_NAMES[gender])
                name = f"{rng.choice(GIA_RAI_CLANS)} {given}"
            else:
                if ethnicity and ethnicity != "Kinh":
                    family = rng.choice(MINORITY_FAMILY_NAMES)
                else:
                    family = rng.choices(FAMILY_NAMES, FAMILY_WEIGHTS)[0]
                middle = rng.choice(MIDDLE_NAMES[gender])
                if gender == Gender.FEMALE and rng.random() < 0.15:
                    middle = f"Thị {rng.choice(SECOND_MIDDLE_NAMES)}"
                name = f"{family} {middle} {rng.choice(GIVEN_NAMES[gender])}"
            name = clean_name(name)
            words = name.split()
            if name in self.reserved or words[-1] == words[-2]:
                continue
            if words[0] in MINORITY_PREFIX.values() and name in self.used:
                continue  # short Xơ Đăng / Ba Na names: keep the demo registry readable
            self.used.add(name)
            return name

    def birth(self, low: int, high: int) -> tuple[date | None, int]:
        year = self.rng.randint(low, high)
        if self.rng.random() < 0.7:
            return date(year, self.rng.randint(1, 12), self.rng.randint(1, 28)), year
        return None, year

    def person(self, staffing: _Staffing, position: str, rank: str) -> Person:
        rng = self.rng
        manager = rank != "staff"
        male_share = 0.75 if rank == "head" else 0.5
        gender = Gender.MALE if rng.random() < male_share else Gender.FEMALE
        if staffing.ethnicity:
            minority_share = 0.7 if staffing.unit.kind == UnitKind.VILLAGE else 0.45
            if rng.random() < minority_share:
                ethnicity = staffing.ethnicity
            elif rng.random() < 0.15:
                ethnicity = rng.choice(MINORITIES)
            else:
                ethnicity = "Kinh"
        else:
            ethnicity = rng.choice(MINORITIES) if rng.random() < 0.04 else "Kinh"
        birth_date, year = self.birth(1965, 1985) if manager else self.birth(1970, 2000)
        return Person(
            full_name=self.name(gender, ethnicity),
            gender=gender,
            birth_date=birth_date,
            birth_year=year,
            ethnicity=ethnicity,
            id_number=self.id_number(gender, year, staffing.kon_tum),
            position=position,
            unit=staffing.unit,
            is_manager=manager,
            is_direct_worker=not manager,
        )

    def people(self) -> tuple[list[Person], dict[str, int]]:
        """The registry: fixed people first (their index is returned), then everyone else."""
        people: list[Person] = []
        fixed_index: dict[str, int] = {}
        kon_tum_codes = {staffing.unit.code for staffing in self.staffing if staffing.kon_tum}
        for fixed in FIXED_PEOPLE:
            fixed_index[fixed.key] = len(people)
            year = fixed.birth_date.year
            people.append(
                Person(
                    full_name=clean_name(fixed.full_name),
                    gender=fixed.gender,
                    birth_date=fixed.birth_date,
                    birth_year=year,
                    ethnicity="Kinh",
                    id_number=self.id_number(fixed.gender, year, fixed.unit in kon_tum_codes),
                    position=fixed.position,
                    unit=self.units[fixed.unit],
                    is_manager=fixed.is_head or fixed.is_manager,
                    is_direct_worker=not (fixed.is_head or fixed.is_manager),
                )
            )
        headed = {fixed.unit for fixed in FIXED_PEOPLE if fixed.is_head}
        for staffing in self.staffing:
            deputies = DEPUTIES[staffing.unit.kind]
            start = 1 if staffing.unit.code in headed else 0
            for slot in range(start, start + staffing.count):
                if slot == 0:
                    people.append(self.person(staffing, staffing.body.head, "head"))
                elif slot <= deputies:
                    people.append(self.person(staffing, staffing.body.deputy, "deputy"))
                elif staffing.body.staff:
                    position = self.rng.choice(staffing.body.staff)
                    people.append(self.person(staffing, position, "staff"))
        return people, fixed_index


def _create_logins(password: str, people: dict[str, Person], units: dict[str, Unit]) -> int:
    # One hash for the shared demo password: PBKDF2 takes ~0.4 s a call, and every demo
    # login has the same documented password anyway.
    encoded = None
    for login in LOGINS:
        person = people[login.person] if login.person else None
        user = User(
            username=login.username,
            full_name=person.full_name if person else clean_name(login.full_name),
            email=f"{login.username}@{EMAIL_DOMAIN}",
            person=person,
            is_staff=login.username == "admin",
            is_superuser=login.username == "admin",
        )
        if encoded is None:
            user.set_password(password)
            encoded = user.password
        else:
            user.password = encoded
        user._history_user = None
        user.save()
        for role, unit_code, position in login.roles:
            termed = role in TERMED_ROLES
            role_assign(
                user=user,
                role=role,
                actor=None,
                unit=units[unit_code] if unit_code else None,
                council_position=position,
                term_start=TERM_START if termed else None,
                term_end=TERM_END if termed else None,
            )
    return len(LOGINS)


def seed_demo(
    *, password: str, people_per_unit_range: tuple[int, int] = (1, 3), seed: int = 2026
) -> dict[str, int]:
    """Build the demo province, its registry and the demo logins; return the counts.

    Raises ``RuntimeError("already seeded")`` when the provincial PC already exists.
    """
    with transaction.atomic():
        if Unit.objects.filter(code=ROOT_CODE).exists():
            raise RuntimeError("already seeded")
        builder = _Builder(random.Random(seed), people_per_unit_range)
        builder.tree()
        people, fixed_index = builder.people()
        created = bulk_create_with_history(people, Person, batch_size=500)
        fixed = {key: created[index] for key, index in fixed_index.items()}
        users = _create_logins(password, fixed, builder.units)
    return {"units": len(builder.units), "people": len(created), "users": users}
