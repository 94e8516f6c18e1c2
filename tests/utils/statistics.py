"""A small archive with known numbers for statistics forms 0602 and 0603 (issue 12,
point 3). The rows numbered in comments are the ones the expected tables count."""

import datetime

from awards.models import Award, AwardGrant, Decision, Household
from tests.factories import PersonFactory, UnitFactory

YEAR = 2026


def _decision(number: str, on: str) -> Decision:
    return Decision.objects.create(
        number=number,
        issued_on=datetime.date.fromisoformat(on),
        signer_name="Nguyễn Văn Ký",
        signer_position="Chủ tịch",
        authority="provincial_chairman",
        kind="CONG_TRANG",
    )


def _grant(code, *, scope, person=None, unit=None, household=None, kind="CONG_TRANG", **extra):
    name = person.full_name if person else unit.name if unit else household.head_name
    return AwardGrant.objects.create(
        award=Award.objects.get(code=code),
        person=person,
        unit=unit,
        household=household,
        recipient_name=name,
        unit_scope=scope,
        year=extra.pop("year", YEAR),
        kind=kind,
        **extra,
    )


def build_statistics_world(root) -> dict:
    """Grants of 2026 (and a few that must not count) under ``root``."""
    department = UnitFactory(name="Sở Tài chính", code="st-so-tc", kind="department", parent=root)
    commune = UnitFactory(name="Xã Trà Bồng", code="st-xa-tb", kind="commune", parent=root)
    company = UnitFactory(
        name="Công ty CP Đường Quảng Ngãi", code="st-cty", kind="enterprise", parent=root
    )
    knc = Award.objects.create(
        code="KNC_TDKT",
        name="Kỷ niệm chương Vì sự nghiệp thi đua, khen thưởng tỉnh",
        category="form",
        subject_kind="individual",
        level="province",
        authority="provincial_chairman",
        kinds=["CONG_HIEN"],
    )

    def person(name, position, unit, **extra):
        return PersonFactory(full_name=name, position=position, unit=unit, **extra)

    chair = person("Trần Văn Chủ", "Chủ tịch UBND tỉnh", root, ethnicity="Kinh")
    director = person("Lê Thị Giám", "Giám đốc Sở Tài chính", department, gender="female")
    owner = person("Phạm Văn Doanh", "Giám đốc Công ty CP Đường Quảng Ngãi", company)
    deputy = person("Võ Văn Phó", "Phó Trưởng phòng Ngân sách", department)
    worker = person("Đinh Văn Thợ", "Công nhân", company, is_direct_worker=True)
    farmer = person("Hồ Thị Nông", "Nông dân", commune, gender="female", ethnicity="Cor")
    village_head = person("Đinh Văn Thôn", "Trưởng thôn", commune)
    officer = person("Ngô Văn Chuyên", "Chuyên viên", department)
    household = Household.objects.create(head_name="Hộ ông Hồ Văn Dân", unit=commune)

    state = _decision("12/QĐ-CTN", "2026-05-10")
    provincial = _decision("800/QĐ-UBND", "2026-08-01")
    last_year = _decision("900/QĐ-UBND", "2025-12-20")
    # State-level (form 0602): rows 1–8 and 11 count.
    _grant("HC_LD_3", scope=root, person=chair, decision=state)  # 1
    _grant("HC_LD_3", scope=company, unit=company, decision=state, kind="CONG_HIEN")  # 2
    _grant("AHLD", scope=company, person=worker, decision=state)  # 3
    _grant("CO_CP", scope=commune, unit=commune, decision=state)  # 4
    _grant("BK_TTG", scope=department, person=director, decision=state, kind="DOT_XUAT")  # 5
    _grant("BK_TTG", scope=commune, person=farmer, decision=state, kind="PHONG_TRAO")  # 6
    _grant("BK_TTG", scope=commune, household=household, decision=state)  # 7
    _grant("CSTD_TQ", scope=commune, person=village_head)  # 8: legacy, no decision, 2026
    _grant(  # 9: revoked, not counted
        "BK_TTG",
        scope=company,
        person=owner,
        decision=state,
        revoked_on=datetime.date(2026, 6, 1),
    )
    _grant("BK_TTG", scope=department, person=deputy, decision=last_year, year=2025)  # 10: 2025
    _grant(  # 11: the class recorded at nomination wins over the position
        "BK_TTG",
        scope=department,
        person=officer,
        decision=state,
        kind="NIEN_HAN",
        recipient_class="other_leader",
    )
    # Provincial (form 0603): rows 12–19 count.
    _grant("BK_TINH", scope=department, person=deputy, decision=provincial)  # 12
    _grant("BK_TINH", scope=company, unit=company, decision=provincial)  # 13
    _grant("BK_TINH", scope=company, person=owner, decision=provincial, kind="DOT_XUAT")  # 14
    _grant("CSTD_TINH", scope=department, person=director, decision=provincial)  # 15
    _grant("CO_TINH", scope=commune, unit=commune, decision=provincial)  # 16
    _grant(knc.code, scope=company, person=worker, decision=provincial, kind="CONG_HIEN")  # 17
    _grant("TTLDXS", scope=commune, unit=commune, decision=provincial)  # 18
    _grant("BK_TINH", scope=commune, household=household, decision=provincial)  # 19
    _grant(  # 20: revoked
        "BK_TINH",
        scope=commune,
        person=village_head,
        decision=provincial,
        revoked_on=datetime.date(2026, 9, 1),
    )
    _grant("GK", scope=company, person=worker, decision=provincial)  # 21: grassroots
    return {"department": department, "commune": commune, "company": company}


# Expected cells, by row code: {column code: count}; every other cell is 0.
ALL_0602 = {1: 9, 2: 1, 3: 1, 9: 1, 10: 1, 11: 1, 12: 3, 13: 1}
EXPECTED_0602 = {
    "01": ALL_0602,
    "02": ALL_0602,
    "03": ALL_0602,
    "04": ALL_0602,
    "05": {1: 2, 2: 1, 10: 1},
    "06": {1: 1, 2: 1},
    "07": {1: 1, 11: 1},
    "08": {1: 6, 3: 1, 9: 1, 12: 3, 13: 1},
    "09": {1: 1, 3: 1},
    "10": {1: 1, 12: 1},
    "11": {},
    "12": {1: 1, 12: 1},
    "13": {1: 2, 9: 1, 12: 1},
    "14": {1: 1, 13: 1},
    "15": ALL_0602,
    "16": {1: 5, 3: 1, 9: 1, 10: 1, 11: 1, 13: 1},
    "17": {1: 1, 12: 1},
    "18": {1: 1, 12: 1},
    "19": {},
    "20": {1: 1, 2: 1},
    "21": {1: 1, 12: 1},
    "22": {},
}
ALL_0603 = {1: 8, 2: 2, 3: 2, 4: 1, 5: 1, 6: 1, 7: 1}
EXPECTED_0603 = {
    "01": ALL_0603,
    "02": ALL_0603,
    "03": ALL_0603,
    "04": ALL_0603,
    "05": {1: 3, 2: 1, 5: 1, 7: 1},
    "06": {1: 1, 2: 1},
    "07": {1: 1, 2: 1},
    "08": {1: 4, 3: 2, 4: 1, 6: 1},
    "09": {},
    "10": {1: 1, 4: 1},
    "11": {1: 1, 3: 1},
    "12": {1: 1, 3: 1},
    "13": {1: 1, 6: 1},
    "14": {},
    "15": ALL_0603,
    "16": {1: 6, 2: 2, 3: 1, 4: 1, 5: 1, 7: 1},
    "17": {},
    "18": {1: 1, 3: 1},
    "19": {},
    "20": {1: 1, 6: 1},
    "21": {},
    "22": {},
}
