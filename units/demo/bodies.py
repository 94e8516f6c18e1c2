"""The province's structure: the provincial PC, the Council, its departments, the
party and mass organisations, central agencies, public-service units and enterprises."""

from typing import NamedTuple

from ..models import UnitKind
from ._common import ROOT_CODE

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
