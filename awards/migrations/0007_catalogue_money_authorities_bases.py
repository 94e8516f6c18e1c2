"""Issue 9 points 3–5: the catalogue's missing cash coefficients, the deciding
authorities, and the national legal-basis lines of the documents.

Money (Decree 152/2025/NĐ-CP, in force 1/7/2025, as summarised in the press):
- Art 51(1)(e), (g), (h): Huân chương Lao động hạng Nhất 9.0, hạng Nhì 7.5, hạng Ba 4.5;
  Huân chương Bảo vệ Tổ quốc hạng Ba 4.5 (× base salary), individual. Art 51(2): a
  collective gets twice the individual amount. Source read: xazon.com blog "Quy định về
  mức tiền thưởng Huân chương các loại từ tháng 7/2025", quoting Art 51.
- Art 54(1): "Bằng khen của Thủ tướng Chính phủ" 3.5; Bằng khen of a ministry or province
  1.5 (individual). Source read: giadinh.suckhoedoisong.vn, 11/8/2025, quoting Art 54(1).
  Collectives twice the individual (Art 54(2), press summary, UNCONFIRMED wording): the
  3.0 and 7.0 already seeded by 0002 agree.

Authorities (Law 06/2022/QH15): the chairman of the provincial People's Committee decides
the provincial Emulation Flag and the province's own titles such as "Công dân tiêu biểu"
(Art 79; the article's text was not retrievable here, as stated in issue 9 and
DOMAIN.md §1.2); the Government decides its own Emulation Flag (Art 78(1)), not the
Prime Minister.

Legal bases: the national instruments each document cites, as data the secretariat keeps
(LegalBasis); the province's own regulation is added by the secretariat in the portal.
Law 72/2025/QH15 on the Organisation of Local Government is dated 16/6/2025 (in force
1/7/2025; the number is quoted in legal Q&A datasets, the date is the one given in issue 9:
UNCONFIRMED here, the law's text was not retrievable with the search tool); Decree 152/2025/NĐ-CP is dated 14/6/2025, its title as published by the
Government: "quy định về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy
định chi tiết và hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng" (read on
pbgdpl.cantho.gov.vn and baomoi, 2025).
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

FROM = date(2025, 7, 1)
ART51 = "Nghị định 152/2025/NĐ-CP, Điều 51 khoản 1"
ART51_2 = "Nghị định 152/2025/NĐ-CP, Điều 51 khoản 2 (tập thể gấp hai lần cá nhân)"
ART54 = "Nghị định 152/2025/NĐ-CP, Điều 54 khoản 1"

# code, subject kind, coefficient, basis
COEFFICIENTS = [
    ("BK_TINH", "individual", "1.5", ART54),
    ("BK_TTG", "individual", "3.5", ART54),
    ("HC_LD_3", "individual", "4.5", ART51 + " điểm h"),
    ("HC_LD_3", "collective", "9.0", ART51_2),
    ("HC_LD_2", "individual", "7.5", ART51 + " điểm g"),
    ("HC_LD_2", "collective", "15.0", ART51_2),
    ("HC_LD_1", "individual", "9.0", ART51 + " điểm e"),
    ("HC_LD_1", "collective", "18.0", ART51_2),
    ("HC_BVTQ_3", "individual", "4.5", ART51 + " điểm h"),
    ("HC_BVTQ_3", "collective", "9.0", ART51_2),
]
# The collective amounts of 0002, now with the article they rest on.
BASIS_FIXES = [
    ("BK_TINH", "collective", "Nghị định 152/2025/NĐ-CP, Điều 54 (tập thể gấp hai lần cá nhân)"),
    ("BK_TTG", "collective", "Nghị định 152/2025/NĐ-CP, Điều 54 (tập thể gấp hai lần cá nhân)"),
]

# code: (authority now, authority before)
AUTHORITIES = {
    "CO_TINH": ("provincial_chairman", "provincial_committee"),
    "CONG_DAN_TB": ("provincial_chairman", "provincial_committee"),
    "CO_CP": ("government", "prime_minister"),
}

LAW_LOCAL = "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025"
LAW_TDKT = "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022"
DECREE_152 = (
    "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân "
    "cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi "
    "hành một số điều của Luật Thi đua, khen thưởng"
)
# document, order, text, valid from
BASES = [
    ("award_decision", 10, LAW_LOCAL, date(2025, 7, 1)),
    ("award_decision", 20, LAW_TDKT, date(2024, 1, 1)),
    ("award_decision", 30, DECREE_152, date(2025, 7, 1)),
    ("council_roster", 10, LAW_LOCAL, date(2025, 7, 1)),
    ("council_roster", 20, LAW_TDKT, date(2024, 1, 1)),
    ("council_roster", 30, DECREE_152, date(2025, 7, 1)),
    ("submission", 20, LAW_TDKT, date(2024, 1, 1)),
    ("submission", 30, DECREE_152, date(2025, 7, 1)),
    ("central_proposal", 20, LAW_TDKT, date(2024, 1, 1)),
    ("central_proposal", 30, DECREE_152, date(2025, 7, 1)),
]


def forward(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    CashCoefficient = apps.get_model("awards", "CashCoefficient")
    LegalBasis = apps.get_model("awards", "LegalBasis")
    awards = {a.code: a for a in Award.objects.all()}
    for code, subject, coefficient, basis in COEFFICIENTS:
        if code in awards:
            CashCoefficient.objects.get_or_create(
                award=awards[code], subject_kind=subject, valid_from=FROM,
                defaults={"coefficient": Decimal(coefficient), "basis": basis},
            )
    for code, subject, basis in BASIS_FIXES:
        CashCoefficient.objects.filter(
            award__code=code, subject_kind=subject, valid_from=FROM
        ).update(basis=basis)
    for code, (now, before) in AUTHORITIES.items():
        Award.objects.filter(code=code, authority=before).update(authority=now)
    for document, order, text, valid_from in BASES:
        LegalBasis.objects.get_or_create(
            applies_to=document, role="basis", text=text,
            defaults={"order": order, "valid_from": valid_from},
        )


def backward(apps, schema_editor):
    CashCoefficient = apps.get_model("awards", "CashCoefficient")
    for code, subject, _coefficient, basis in COEFFICIENTS:
        CashCoefficient.objects.filter(
            award__code=code, subject_kind=subject, valid_from=FROM, basis=basis
        ).delete()
    Award = apps.get_model("awards", "Award")
    for code, (now, before) in AUTHORITIES.items():
        Award.objects.filter(code=code, authority=now).update(authority=before)
    apps.get_model("awards", "LegalBasis").objects.filter(
        text__in=[text for _d, _o, text, _v in BASES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0006_legal_basis_and_government")]
    operations = [migrations.RunPython(forward, backward)]
