"""The illustrative default scoring table of ``DOMAIN.md`` §5, marked unconfirmed: the
province has fixed no weights, caps or quotas, so the secretariat edits these (the bonus
example follows Hồ Chí Minh City's form, capped at +5 as in the domain notes)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from .models import AdjustmentKind, AdjustmentRule, ScoringCriterion, ScoringGroup, ScoringTable

# (code, title, max, [(code, title, max, veto, evidence_required, hint)])
DEFAULT_GROUPS = [
    (
        "A",
        "Thực hiện nhiệm vụ chính trị, chuyên môn và các chỉ tiêu được giao",
        55,
        [
            (
                "A1",
                "Hoàn thành các chỉ tiêu kinh tế - xã hội, chuyên môn được giao",
                35,
                False,
                True,
                "Báo cáo tổng kết năm có số liệu so với chỉ tiêu",
            ),
            ("A2", "Thực hiện các nhiệm vụ đột xuất, trọng tâm của tỉnh", 20, False, False, ""),
        ],
    ),
    (
        "B",
        "Công tác thi đua, khen thưởng",
        20,
        [
            (
                "B1",
                "Phát động, đăng ký, ký giao ước thi đua",
                8,
                False,
                True,
                "Kế hoạch phát động, bản đăng ký thi đua",
            ),
            (
                "B2",
                "Sơ kết, tổng kết; phát hiện, nhân rộng điển hình tiên tiến",
                6,
                False,
                False,
                "",
            ),
            ("B3", "Báo cáo đầy đủ, đúng hạn", 6, False, False, ""),
        ],
    ),
    (
        "C",
        "Xây dựng Đảng, đoàn thể; cải cách hành chính, chuyển đổi số; kỷ luật, kỷ cương",
        17,
        [
            (
                "C1",
                "Không có cán bộ vi phạm kỷ luật nghiêm trọng",
                5,
                True,
                False,
                "0 điểm khi có vi phạm nghiêm trọng: đơn vị không được đề nghị Cờ thi đua",
            ),
            ("C2", "Cải cách hành chính, chuyển đổi số", 12, False, False, ""),
        ],
    ),
    (
        "D",
        "Tham gia các hoạt động chung của cụm, khối",
        8,
        [("D1", "Tham gia đầy đủ các hoạt động chung của cụm, khối", 8, False, False, "")],
    ),
]

DEFAULT_RULES = [
    (AdjustmentKind.BONUS, "Được tặng Cờ thi đua của Chính phủ năm trước", 5),
    (AdjustmentKind.BONUS, "Được tặng Cờ thi đua cấp Bộ, cấp tỉnh năm trước", 3),
    (AdjustmentKind.BONUS, "Có mô hình mới, cách làm sáng tạo được nhân rộng", 2),
    (AdjustmentKind.DEDUCTION, "Báo cáo chậm hoặc không báo cáo (mỗi lần)", 1),
    (AdjustmentKind.DEDUCTION, "Có kết luận thanh tra, kiểm tra nêu sai phạm", 5),
]


@transaction.atomic
def table_create_default(*, bloc_kind: str, year: int, version: int = 1) -> ScoringTable:
    table = ScoringTable.objects.create(
        bloc_kind=bloc_kind,
        year=year,
        version=version,
        title=f"Bảng chấm điểm thi đua năm {year} (mặc định, chưa được tỉnh xác nhận)",
        is_unconfirmed=True,
        bonus_cap=Decimal(5),
        deduction_cap=Decimal(10),
        tie_break=["group:A", "deductions", "women_led"],
        flag_quota=1,
        certificate_quota=2,
        everyone_scores_everyone=True,
    )
    for g, (code, title, maximum, criteria) in enumerate(DEFAULT_GROUPS):
        group = ScoringGroup.objects.create(
            table=table, code=code, title=title, max_points=Decimal(maximum), order=g
        )
        ScoringCriterion.objects.bulk_create(
            ScoringCriterion(
                group=group,
                code=ccode,
                title=ctitle,
                max_points=Decimal(cmax),
                is_veto=veto,
                evidence_required=evidence,
                evidence_hint=hint,
                order=c,
            )
            for c, (ccode, ctitle, cmax, veto, evidence, hint) in enumerate(criteria)
        )
    AdjustmentRule.objects.bulk_create(
        AdjustmentRule(table=table, kind=kind, title=title, points=Decimal(points), order=i)
        for i, (kind, title, points) in enumerate(DEFAULT_RULES)
    )
    return table
