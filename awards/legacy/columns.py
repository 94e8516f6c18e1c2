"""The documented layout of a legacy file: its columns, the kinds of commendation and
genders as old lists write them, the batch sizes, and the file-level error."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from units.models import Gender

from ..models import CommendationKind

COL_NAME = "Họ và tên"
COL_BIRTH_YEAR = "Năm sinh"
COL_GENDER = "Giới tính"
COL_UNIT = "Mã đơn vị"
COL_POSITION = "Chức vụ"
COL_AWARD = "Danh hiệu/Hình thức"
COL_YEAR = "Năm"
COL_KIND = "Loại hình"
COL_DECISION_NUMBER = "Số quyết định"
COL_DECISION_DATE = "Ngày quyết định"
COL_SIGNER = "Người ký"
COL_CERTIFICATE = "Số bằng/giấy chứng nhận"
KEY_COLUMN = "legacy_key"  # computed by the import, never read from the file

UNKNOWN_SIGNER = "Không rõ (dữ liệu cũ)"
RELATIONS = ["award", "person", "unit", "household", "unit_scope", "decision"]
KEY_CHUNK = 500  # values per IN (...) query, well under SQLite's parameter limit
WRITE_BATCH = 1000  # rows per INSERT: under PostgreSQL's 65,535 parameters per statement
PREVIEW_ROWS = 200  # rows whose values are kept for the preview page

# (header, required, what to write, example) — the documented layout, shown on the page.
LEGACY_COLUMNS = [
    (COL_NAME, True, gettext_lazy("Full name, with or without diacritics."), "Nguyễn Văn An"),
    (COL_BIRTH_YEAR, False, gettext_lazy("Year of birth, four digits."), "1979"),
    (
        COL_GENDER,
        False,
        gettext_lazy(
            "“Nam” or “Nữ”. When empty: female if a middle name is “Thị”, otherwise male."
        ),
        "Nam",
    ),
    (
        COL_UNIT,
        True,
        gettext_lazy("The unit's code, or its exact name when no other unit has the same name."),
        "xa-binh-son",
    ),
    (COL_POSITION, False, gettext_lazy("Position at the time of the award."), "Chuyên viên"),
    (
        COL_AWARD,
        True,
        gettext_lazy("The award's code or its exact name in the catalogue."),
        "LDTT",
    ),
    (COL_YEAR, True, gettext_lazy("Year of the award, four digits."), "2018"),
    (
        COL_KIND,
        False,
        gettext_lazy(
            "Empty for “Công trạng”, or: Phong trào, Đột xuất, Cống hiến, Niên hạn, Đối ngoại."
        ),
        "Công trạng",
    ),
    (COL_DECISION_NUMBER, True, gettext_lazy("Number and symbol of the decision."), "1234/QĐ-UBND"),
    (COL_DECISION_DATE, True, gettext_lazy("Date of the decision, dd/mm/yyyy."), "15/12/2018"),
    (COL_SIGNER, False, gettext_lazy("Who signed the decision."), "Trần Văn Bình"),
    (COL_CERTIFICATE, False, gettext_lazy("Number of the certificate."), "123/GCN"),
]
HEADERS = [column[0] for column in LEGACY_COLUMNS]
REQUIRED_HEADERS = [column[0] for column in LEGACY_COLUMNS if column[1]]

# Fixed Vietnamese labels of the kinds of commendation (Law 06/2022/QH15, Art 6), with the
# other ways old lists write them; compared after ``normalize``.
KIND_LABELS = {
    CommendationKind.MERIT: "Công trạng",
    CommendationKind.MOVEMENT: "Phong trào",
    CommendationKind.AD_HOC: "Đột xuất",
    CommendationKind.CAREER: "Cống hiến",
    CommendationKind.SENIORITY: "Niên hạn",
    CommendationKind.FOREIGN: "Đối ngoại",
}
KIND_ALIASES = {
    CommendationKind.MERIT: ("theo cong trang",),
    CommendationKind.MOVEMENT: (
        "phong trao thi dua",
        "theo phong trao thi dua",
        "theo dot",
        "chuyen de",
        "theo dot hoac chuyen de",
        "theo chuyen de",
    ),
    CommendationKind.CAREER: ("qua trinh cong hien", "theo qua trinh cong hien"),
    CommendationKind.SENIORITY: ("theo nien han",),
}
GENDER_WORDS = {
    "nam": Gender.MALE,
    "male": Gender.MALE,
    "nu": Gender.FEMALE,
    "female": Gender.FEMALE,
}


class LegacyFileError(Exception):
    """A problem with the whole file (unreadable, too many rows, missing columns)."""
