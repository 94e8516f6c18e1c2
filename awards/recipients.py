"""The recipient class of a grant or a nominee: the rows of statistics forms 0602 and 0603
(Circular 02/2023/TT-BNV) count collectives (of which enterprises), households and
individuals by position: provincial leaders, department-level leaders, entrepreneurs,
other leaders (deputy head of office and up) and direct workers (workers, farmers…).

The class is recorded at nomination, prefilled by :func:`derive_recipient_class` from the
position and confirmed by the unit, and carried into the archive grant at issuing. For an
old grant without a class the statistics derive it on the fly from the person's position;
what cannot be derived is counted as "chưa phân loại" (unclassified).

Everything here is pure: no database access.
"""

from __future__ import annotations

import re
import unicodedata

from .models import RecipientClass, SubjectKind

# Abbreviations written in positions, expanded before matching.
_ABBREVIATIONS = (
    (r"\bubnd\b", "ủy ban nhân dân"),
    (r"\bhđnd\b", "hội đồng nhân dân"),
    (r"\bhđqt\b", "hội đồng quản trị"),
    (r"\bhtx\b", "hợp tác xã"),
    (r"\bmttq\b", "mặt trận tổ quốc"),
    (r"\bđbqh\b", "đại biểu quốc hội"),
    (r"\bcty\b", "công ty"),
    (r"\bp\.\s*", "phó "),
    (r"\bpgđ\b", "phó giám đốc"),
    (r"\bgđ\b", "giám đốc"),
    (r"\btp\.?\s", "trưởng phòng "),
)

# Position keywords → class, the first match wins: the more specific patterns come first
# ("Chủ tịch UBND tỉnh" before a commune's "Chủ tịch", "Giám đốc công ty" before a
# hospital's "Giám đốc"). Patterns are regular expressions over the folded position
# (lower case, NFC, "uỷ" written "ủy", abbreviations expanded, single spaces).
POSITION_KEYWORDS: tuple[tuple[str, str], ...] = (
    # Leaders of the province (cán bộ lãnh đạo cấp tỉnh và tương đương).
    (r"bí thư tỉnh ủy", RecipientClass.PROVINCIAL_LEADER),
    (r"ủy viên ban thường vụ tỉnh ủy", RecipientClass.PROVINCIAL_LEADER),
    (r"chủ tịch (ủy ban nhân dân|hội đồng nhân dân) tỉnh", RecipientClass.PROVINCIAL_LEADER),
    (r"chủ tịch ủy ban mặt trận tổ quốc .*tỉnh", RecipientClass.PROVINCIAL_LEADER),
    (r"trưởng đoàn đại biểu quốc hội", RecipientClass.PROVINCIAL_LEADER),
    # Entrepreneurs (doanh nhân): heads of companies and cooperatives.
    (r"doanh nhân|chủ doanh nghiệp|chủ cơ sở sản xuất", RecipientClass.ENTREPRENEUR),
    (r"(tổng )?giám đốc (công ty|doanh nghiệp|hợp tác xã|tập đoàn)", RecipientClass.ENTREPRENEUR),
    (r"tổng giám đốc", RecipientClass.ENTREPRENEUR),
    (r"chủ tịch hội đồng (quản trị|thành viên)", RecipientClass.ENTREPRENEUR),
    (r"chủ nhiệm hợp tác xã", RecipientClass.ENTREPRENEUR),
    # Department-level leaders (lãnh đạo cấp sở, ban, ngành và tương đương).
    (r"giám đốc sở|giám đốc công an tỉnh", RecipientClass.DEPARTMENT_LEADER),
    (
        r"chánh văn phòng (ủy ban nhân dân|hội đồng nhân dân|đoàn đại biểu|tỉnh ủy)",
        "department_leader",
    ),
    (r"chánh thanh tra tỉnh", RecipientClass.DEPARTMENT_LEADER),
    (r"trưởng ban .*(tỉnh ủy|tỉnh|hội đồng nhân dân)", RecipientClass.DEPARTMENT_LEADER),
    (r"bí thư tỉnh đoàn", RecipientClass.DEPARTMENT_LEADER),
    (r"chỉ huy trưởng bộ chỉ huy", RecipientClass.DEPARTMENT_LEADER),
    (r"^(phó )?(chủ tịch|trưởng ban) .*\btỉnh\b", RecipientClass.DEPARTMENT_LEADER),
    (r"vụ trưởng|cục trưởng", RecipientClass.DEPARTMENT_LEADER),
    # Other leaders from deputy head of office up (các cấp lãnh đạo khác từ Phó trưởng
    # phòng trở lên): offices, communes, schools, hospitals, centres.
    (
        r"trưởng phòng|trưởng khoa|trưởng trạm|trưởng ban|chánh |hiệu trưởng|hiệu phó",
        "other_leader",
    ),
    (r"bí thư (đảng ủy|đảng bộ)|chi cục trưởng|trưởng công an|chỉ huy trưởng", "other_leader"),
    (r"^(phó )?(giám đốc|chủ tịch)", RecipientClass.OTHER_LEADER),
    # Direct workers (công nhân, nông dân, người lao động trực tiếp…).
    (r"công nhân|nông dân|ngư dân|diêm dân|người lao động|lao động", RecipientClass.DIRECT_WORKER),
    (r"giáo viên|bác sĩ|y sĩ|điều dưỡng|hộ sinh|dược sĩ", RecipientClass.DIRECT_WORKER),
    (r"nhân viên|kỹ thuật viên|chiến sĩ|thợ|xã viên|tài xế|lái xe", RecipientClass.DIRECT_WORKER),
)

_COMPILED = tuple((re.compile(pattern), str(value)) for pattern, value in POSITION_KEYWORDS)

ENTERPRISE_UNIT_KINDS = ("enterprise",)
INDIVIDUAL_CLASSES = (
    RecipientClass.PROVINCIAL_LEADER,
    RecipientClass.DEPARTMENT_LEADER,
    RecipientClass.ENTREPRENEUR,
    RecipientClass.OTHER_LEADER,
    RecipientClass.DIRECT_WORKER,
)
COLLECTIVE_CLASSES = (RecipientClass.COLLECTIVE, RecipientClass.ENTERPRISE)
# The classes that fit each kind of subject.
CLASSES_FOR_SUBJECT = {
    SubjectKind.INDIVIDUAL.value: tuple(c.value for c in INDIVIDUAL_CLASSES),
    SubjectKind.COLLECTIVE.value: tuple(c.value for c in COLLECTIVE_CLASSES),
    SubjectKind.HOUSEHOLD.value: (RecipientClass.HOUSEHOLD.value,),
}


def fold_position(text: str) -> str:
    """The position as matched: NFC, lower case, "uỷ"/"ủy" unified, abbreviations
    expanded, single spaces."""
    folded = unicodedata.normalize("NFC", text or "").casefold()
    folded = folded.replace("uỷ", "ủy").replace("thuỷ", "thủy").replace("hoà", "hòa")
    folded = re.sub(r"\s+", " ", folded).strip() + " "
    for pattern, replacement in _ABBREVIATIONS:
        folded = re.sub(pattern, replacement, folded)
    return re.sub(r"\s+", " ", folded).strip()


def class_from_position(position: str) -> str:
    """The individual class the position's words give, or "" when none matches."""
    folded = fold_position(position)
    if not folded:
        return ""
    for pattern, value in _COMPILED:
        if pattern.search(folded):
            return value
    return ""


def derive_recipient_class(
    *,
    subject_kind: str,
    position: str = "",
    unit_kind: str = "",
    is_direct_worker: bool = False,
    is_manager: bool = False,
) -> str:
    """The recipient class as far as it can be derived, or "" (unclassified).

    A household is a household; a collective is an enterprise when its unit is one, a
    collective otherwise; a person is classed by the words of the position, then by the
    registry's flags (a direct worker; a manager counts as another leader)."""
    if subject_kind == SubjectKind.HOUSEHOLD:
        return RecipientClass.HOUSEHOLD.value
    if subject_kind == SubjectKind.COLLECTIVE:
        if unit_kind in ENTERPRISE_UNIT_KINDS:
            return RecipientClass.ENTERPRISE.value
        return RecipientClass.COLLECTIVE.value
    found = class_from_position(position)
    if found:
        return found
    if is_direct_worker:
        return RecipientClass.DIRECT_WORKER.value
    if is_manager:
        return RecipientClass.OTHER_LEADER.value
    return ""


def nominee_recipient_class(nominee) -> str:
    """The class a nominee carries, or the derived one when the unit left it empty."""
    if nominee.recipient_class:
        return nominee.recipient_class
    person, collective = nominee.person, nominee.collective
    return derive_recipient_class(
        subject_kind=nominee.subject_kind,
        position=nominee.position or (person.position if person else ""),
        unit_kind=collective.kind if collective else "",
        is_direct_worker=bool(person and person.is_direct_worker),
        is_manager=bool(person and person.is_manager),
    )


def grant_recipient_class(grant) -> str:
    """The class of an archive grant: the recorded one, else derived on the fly from the
    person's position and flags or the collective's kind (old rows); "" if unknown."""
    if grant.recipient_class:
        return grant.recipient_class
    person, unit = grant.person, grant.unit
    return derive_recipient_class(
        subject_kind=grant.subject_kind,
        position=person.position if person else "",
        unit_kind=unit.kind if unit else "",
        is_direct_worker=bool(person and person.is_direct_worker),
        is_manager=bool(person and person.is_manager),
    )
