"""Seed the award catalogue: every code of ELIGIBILITY.md plus the orders, medals and
provincial titles the province proposes or decides, with cash coefficients (dated) and the
base salary in force (Decree 73/2024). The secretariat edits all of it afterwards; codes
are stable. Sources: DOMAIN.md §1–§3 (Law 06/2022/QH15, Decree 152/2025/NĐ-CP)."""

from datetime import date
from decimal import Decimal

from django.db import migrations

TO_TRINH = {"code": "to_trinh", "name": "Tờ trình đề nghị khen thưởng"}
BAO_CAO = {"code": "bao_cao_thanh_tich", "name": "Báo cáo thành tích"}
BIEN_BAN = {"code": "bien_ban", "name": "Biên bản họp Hội đồng TĐKT và kết quả bỏ phiếu"}
SANG_KIEN = {"code": "sang_kien", "name": "Giấy chứng nhận sáng kiến hoặc đề tài khoa học"}
HTXSNV = {"code": "danh_gia_htxsnv", "name": "Quyết định đánh giá hoàn thành xuất sắc nhiệm vụ"}
NGHIA_VU = {
    "code": "xac_nhan_nghia_vu",
    "name": "Xác nhận thực hiện nghĩa vụ thuế, bảo hiểm xã hội, an toàn lao động, môi trường",
}
TOM_TAT = {"code": "tom_tat_thanh_tich", "name": "Tóm tắt thành tích"}
XAC_NHAN_TINH = {
    "code": "xac_nhan_pham_vi",
    "name": "Xác nhận phạm vi ảnh hưởng của sáng kiến, đề tài",
}

MERIT = ["CONG_TRANG"]
ALL_KINDS = ["CONG_TRANG", "PHONG_TRAO", "DOT_XUAT", "CONG_HIEN", "DOI_NGOAI"]

# code, name, category, subject, level, authority, kinds, documents, vote, consultation,
# simplified, order
AWARDS = [
    ("LDTT", "Lao động tiên tiến", "title", "individual", "grassroots", "unit_head",
     MERIT, [TO_TRINH, BAO_CAO, BIEN_BAN], "none", False, False, 10),
    ("CSTDCS", "Chiến sĩ thi đua cơ sở", "title", "individual", "grassroots", "unit_head",
     MERIT, [TO_TRINH, BAO_CAO, BIEN_BAN, SANG_KIEN], "eighty", False, False, 20),
    ("CSTD_TINH", "Chiến sĩ thi đua cấp tỉnh", "title", "individual", "province",
     "provincial_chairman", MERIT, [TO_TRINH, BAO_CAO, BIEN_BAN, SANG_KIEN, XAC_NHAN_TINH],
     "ninety", False, False, 30),
    ("CSTD_TQ", "Chiến sĩ thi đua toàn quốc", "title", "individual", "state", "prime_minister",
     MERIT, [TO_TRINH, BAO_CAO, BIEN_BAN, SANG_KIEN, XAC_NHAN_TINH], "ninety", True, False, 40),
    ("TTLDTT", "Tập thể lao động tiên tiến", "title", "collective", "grassroots", "unit_head",
     MERIT, [TO_TRINH, BAO_CAO, BIEN_BAN], "none", False, False, 50),
    ("TTLDXS", "Tập thể lao động xuất sắc", "title", "collective", "province",
     "provincial_chairman", MERIT, [TO_TRINH, BAO_CAO, BIEN_BAN], "majority", False, False, 60),
    ("CO_TINH", "Cờ thi đua của Ủy ban nhân dân tỉnh", "title", "collective", "province",
     "provincial_committee", ["CONG_TRANG", "PHONG_TRAO"], [TO_TRINH, BAO_CAO, BIEN_BAN],
     "eighty", False, False, 70),
    ("CO_CP", "Cờ thi đua của Chính phủ", "title", "collective", "government",
     "prime_minister", ["CONG_TRANG", "PHONG_TRAO"], [TO_TRINH, BAO_CAO, BIEN_BAN, NGHIA_VU],
     "eighty", False, False, 80),
    ("XA_TIEU_BIEU", "Xã, phường, đặc khu tiêu biểu", "title", "collective", "province",
     "provincial_chairman", MERIT, [TO_TRINH, BAO_CAO, BIEN_BAN], "majority", False, False, 90),
    ("THON_VH", "Thôn, tổ dân phố văn hóa", "title", "collective", "grassroots",
     "commune_chairman", MERIT, [TO_TRINH, BIEN_BAN], "none", False, False, 100),
    ("GDVH", "Gia đình văn hóa", "title", "household", "grassroots", "commune_chairman",
     MERIT, [TO_TRINH, BIEN_BAN], "none", False, False, 110),
    ("GK", "Giấy khen", "form", "any", "grassroots", "unit_head", ALL_KINDS,
     [TO_TRINH, TOM_TAT], "none", False, True, 120),
    ("BK_TINH", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "form", "any", "province",
     "provincial_chairman", ALL_KINDS, [TO_TRINH, BAO_CAO, BIEN_BAN], "majority", False, True,
     130),
    ("BK_TTG", "Bằng khen của Thủ tướng Chính phủ", "form", "any", "government",
     "prime_minister", ALL_KINDS, [TO_TRINH, BAO_CAO, BIEN_BAN, NGHIA_VU], "majority", False,
     False, 140),
    ("CONG_DAN_TB", "Công dân tiêu biểu tỉnh Quảng Ngãi", "title", "individual", "province",
     "provincial_committee", MERIT, [TO_TRINH, BAO_CAO, BIEN_BAN], "ninety", True, False, 150),
    ("HC_LD_3", "Huân chương Lao động hạng Ba", "form", "any", "state", "president",
     ["CONG_TRANG", "CONG_HIEN", "DOT_XUAT"], [TO_TRINH, BAO_CAO, BIEN_BAN, NGHIA_VU],
     "majority", True, False, 200),
    ("HC_LD_2", "Huân chương Lao động hạng Nhì", "form", "any", "state", "president",
     ["CONG_TRANG", "CONG_HIEN", "DOT_XUAT"], [TO_TRINH, BAO_CAO, BIEN_BAN, NGHIA_VU],
     "majority", True, False, 210),
    ("HC_LD_1", "Huân chương Lao động hạng Nhất", "form", "any", "state", "president",
     ["CONG_TRANG", "CONG_HIEN", "DOT_XUAT"], [TO_TRINH, BAO_CAO, BIEN_BAN, NGHIA_VU],
     "majority", True, False, 220),
    ("HC_BVTQ_3", "Huân chương Bảo vệ Tổ quốc hạng Ba", "form", "any", "state", "president",
     ["CONG_TRANG", "CONG_HIEN", "DOT_XUAT"], [TO_TRINH, BAO_CAO, BIEN_BAN], "majority", True,
     False, 230),
    ("AHLD", "Anh hùng Lao động", "title", "any", "state", "president", MERIT,
     [TO_TRINH, BAO_CAO, BIEN_BAN], "ninety", True, False, 300),
]

D152 = "Nghị định 152/2025/NĐ-CP, Điều 50"
# code, subject kind, coefficient × base salary, basis (valid from 1/7/2025)
COEFFICIENTS = [
    ("LDTT", "individual", "0.3", D152),
    ("CSTDCS", "individual", "1.0", D152),
    ("CSTD_TINH", "individual", "3.0", D152),
    ("CSTD_TQ", "individual", "4.5", D152),
    ("TTLDTT", "collective", "0.8", D152),
    ("TTLDXS", "collective", "1.5", D152),
    ("CO_TINH", "collective", "8.0", D152),
    ("CO_CP", "collective", "12.0", D152),
    ("XA_TIEU_BIEU", "collective", "2.0", D152),
    ("THON_VH", "collective", "1.5", D152),
    ("GK", "individual", "0.3", D152),
    ("GK", "collective", "0.6", D152),
    ("BK_TINH", "collective", "3.0", "Nghị định 152/2025/NĐ-CP (theo tóm tắt, cần đối chiếu)"),
    ("BK_TTG", "collective", "7.0", "Nghị định 152/2025/NĐ-CP, Điều 54 (theo tóm tắt)"),
]


def seed(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    CashCoefficient = apps.get_model("awards", "CashCoefficient")
    BaseSalary = apps.get_model("awards", "BaseSalary")
    by_code = {}
    for row in AWARDS:
        (code, name, category, subject, level, authority, kinds, documents, vote,
         consultation, simplified, order) = row
        by_code[code] = Award.objects.create(
            code=code, name=name, category=category, subject_kind=subject, level=level,
            authority=authority, kinds=kinds, required_documents=documents,
            council_vote=vote, needs_consultation=consultation,
            simplified_procedure=simplified, sort_order=order,
        )
    for code, subject, coefficient, basis in COEFFICIENTS:
        CashCoefficient.objects.create(
            award=by_code[code], subject_kind=subject, coefficient=Decimal(coefficient),
            valid_from=date(2025, 7, 1), basis=basis,
        )
    BaseSalary.objects.create(
        amount=2_340_000, valid_from=date(2024, 7, 1), basis="Nghị định 73/2024/NĐ-CP"
    )


def unseed(apps, schema_editor):
    apps.get_model("awards", "CashCoefficient").objects.all().delete()
    apps.get_model("awards", "BaseSalary").objects.all().delete()
    apps.get_model("awards", "Award").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
