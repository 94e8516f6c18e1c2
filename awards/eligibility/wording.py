"""The Vietnamese words of the checks' ``detail``: labels and number formats.

The contract makes ``detail`` a Vietnamese sentence a clerk reads (ELIGIBILITY.md,
"Output"), so these strings are data of the contract, not interface text to translate;
keeping them here keeps the rules free of wording and the wording in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .types import Initiative

RATING_LABELS = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
}
LEVEL_LABELS = {"unit": "cấp cơ sở", "province": "cấp tỉnh", "national": "toàn quốc"}
KIND_LABELS = {
    "CONG_TRANG": "khen thưởng công trạng",
    "PHONG_TRAO": "khen thưởng phong trào",
    "DOT_XUAT": "khen thưởng đột xuất",
    "CONG_HIEN": "khen thưởng quá trình cống hiến",
    "NIEN_HAN": "khen thưởng theo niên hạn",
    "DOI_NGOAI": "khen thưởng đối ngoại",
}
SUBJECT_LABELS = {"individual": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}
DISCIPLINE_LABELS = {
    "khien_trach": "khiển trách",
    "canh_cao": "cảnh cáo",
    "ha_bac_luong": "hạ bậc lương",
    "giang_chuc": "giáng chức",
    "cach_chuc": "cách chức",
    "buoc_thoi_viec": "buộc thôi việc",
}
# Short names as written in reports and minutes.
AWARD_LABELS = {
    "LDTT": "LĐTT",
    "CSTDCS": "CSTĐCS",
    "CSTD_TINH": "CSTĐ cấp tỉnh",
    "CSTD_TQ": "CSTĐ toàn quốc",
    "TTLDTT": "TTLĐTT",
    "TTLDXS": "TTLĐXS",
    "CO_TINH": "Cờ thi đua của UBND tỉnh",
    "CO_CP": "Cờ thi đua của Chính phủ",
    "GDVH": "Gia đình văn hóa",
    "GK": "Giấy khen",
    "BK_TINH": "Bằng khen của Chủ tịch UBND tỉnh",
    "BK_TTG": "Bằng khen của Thủ tướng Chính phủ",
}


def law(article: int) -> str:
    """The basis of a check: ``Luật TĐKT 2022, Điều 22``."""
    return f"Luật TĐKT 2022, Điều {article}"


def award_label(code: str) -> str:
    return AWARD_LABELS.get(code, code)


def vn_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def years(values: Iterable[int]) -> str:
    """``2023, 2024, 2025``."""
    return ", ".join(str(y) for y in values)


def period(first: int, last: int) -> str:
    """``năm 2025`` for one year, ``2023–2025`` for several."""
    return f"năm {last}" if first == last else f"{first}–{last}"


def rating_of_year(year: int, rating: str | None) -> str:
    """``Năm 2025: Hoàn thành tốt nhiệm vụ``."""
    label = RATING_LABELS[rating] if rating else "chưa có xếp loại"
    return f"Năm {year}: {label}"


def initiative(item: Initiative) -> str:
    """``SK-2025-14 (cấp tỉnh, 2025)``, as in the contract's example."""
    return f"{item.id} ({LEVEL_LABELS[item.level]}, {item.year})"


def percent(part: int, whole: int, threshold: int, passed: bool) -> str:
    """``17/24 lao động tiên tiến = 70,8% (≥ 70%)``: one decimal, Vietnamese comma.

    The comparison itself is exact (integers, done by the caller). The display rounds
    half up, except that a failing share is never shown as reaching the threshold:
    6 999/10 000 reads "69,9%", not a contradictory "70,0% (< 70%)".
    """
    tenths = (part * 2000 + whole) // (2 * whole)  # round half up, integers only
    if not passed and tenths >= threshold * 10:
        tenths = part * 1000 // whole
    sign = "≥" if passed else "<"
    return (
        f"{part}/{whole} lao động tiên tiến = {tenths // 10},{tenths % 10}% ({sign} {threshold}%)"
    )
