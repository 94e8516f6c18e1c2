"""Circular 02/2023 form 0601 (movements by scope, duration and method) for a year, XLSX."""

import datetime

from django.conf import settings
from django.utils import timezone

from campaigns.models import (
    DurationBucket,
    LaunchLevel,
    Movement,
    MovementKind,
    MovementScope,
    MovementState,
)

from ._common import _xlsx

FORM_0601_COLUMNS = ["Tổng số", "Trung ương", "Bộ, ngành, tỉnh", "Cơ quan, đơn vị"]


def _0601_column(movement: Movement) -> int:
    return 2 if movement.launch_level == LaunchLevel.COUNCIL else 3


def build_form_0601(*, user, fmt: str, year: int | None = None, **_kwargs) -> bytes:
    year = year or timezone.localdate().year
    movements = list(
        Movement.objects.exclude(state=MovementState.DRAFT).filter(
            start_date__lte=datetime.date(year, 12, 31), end_date__gte=datetime.date(year, 1, 1)
        )
    )
    rows_spec = [
        ("1", "Tổng số phong trào thi đua", lambda m: True),
        ("2", "Chia theo phạm vi", None),
        ("2.1", "Toàn quốc", lambda m: False),
        ("2.2", "Bộ, ngành, tỉnh", lambda m: m.scope == MovementScope.PROVINCE),
        ("2.3", "Khối, cụm thi đua", lambda m: m.scope == MovementScope.BLOC_CLUSTER),
        ("2.4", "Cơ quan, đơn vị", lambda m: m.scope == MovementScope.UNIT),
        ("3", "Chia theo thời gian", None),
        *(
            (f"3.{i}", str(bucket.label), lambda m, b=bucket.value: m.duration_bucket == b)
            for i, bucket in enumerate(DurationBucket, start=1)
        ),
        ("4", "Chia theo hình thức", None),
        ("4.1", "Theo chuyên đề, theo đợt", lambda m: m.kind == MovementKind.THEMATIC),
        ("4.2", "Thường xuyên hằng năm", lambda m: m.kind == MovementKind.REGULAR),
    ]
    rows = []
    for code, label, test in rows_spec:
        if test is None:
            rows.append([code, label, None, None, None, None])
            continue
        counts = [0, 0, 0, 0]
        for movement in movements:
            if test(movement):
                counts[0] += 1
                counts[_0601_column(movement)] += 1
        rows.append([code, label, *counts])
    province = getattr(settings, "TDKT_PROVINCE_NAME", "Quảng Ngãi")
    return _xlsx(
        [("0601", ["Mã số", "Chỉ tiêu", *FORM_0601_COLUMNS], rows)],
        titles={
            "0601": [
                "Biểu số 0601.N/BNV-TĐKT",
                f"SỐ PHONG TRÀO THI ĐUA NĂM {year}",
                f"Đơn vị báo cáo: Ủy ban nhân dân tỉnh {province}",
                "Đơn vị tính: phong trào",
            ]
        },
    )
