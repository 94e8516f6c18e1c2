"""Invented Vietnamese names, Kinh and ethnic-minority, with rough weights."""

from ..models import Gender

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
