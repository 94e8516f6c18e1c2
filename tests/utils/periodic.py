"""A small province with known numbers for the periodic report (issue 12): awards of 2026
and 2025, dossiers with their histories, movements, registrations and targets, a bloc
with its flag. ``EXPECTED`` holds every figure of the annual report of 2026 worked out by
hand from the rows below."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from awards.models import Award, AwardGrant, Decision
from campaigns.models import (
    Movement,
    Progress,
    RegisteredTarget,
    Registration,
    Review,
)
from clusters.models import Bloc, BlocMembership
from nominations.models import Dossier, DossierEvent, Nominee
from nominations.models.consultation import Consultation, Opinion
from tests.factories import PersonFactory, UnitFactory

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=9, tzinfo=TZ)


def _grant(award, *, scope, person=None, unit=None, decision=None, year=2026, **extra):
    return AwardGrant.objects.create(
        award=Award.objects.get(code=award),
        person=person,
        unit=unit,
        recipient_name=person.full_name if person else unit.name,
        unit_scope=scope,
        year=year,
        kind="CONG_TRANG",
        decision=decision,
        **extra,
    )


def _events(dossier, user, steps):
    for day, action, to_state in steps:
        DossierEvent.objects.create(
            dossier=dossier, at=at(day), actor=user, action=action, to_state=to_state
        )


def build_known_world(*, root, user) -> dict:
    """The rows; ``root`` is the provincial People's Committee, ``user`` any user."""
    commune = UnitFactory(
        name="Xã Ngọc Linh",
        code="pr-xa-ngoc-linh",
        kind="commune",
        parent=root,
        is_mountainous=True,
    )
    village = UnitFactory(name="Thôn Đăk Tả", code="pr-thon-dak-ta", kind="village", parent=commune)
    ward = UnitFactory(name="Phường Nghĩa Lộ", code="pr-phuong-nghia-lo", kind="ward", parent=root)
    enterprise = UnitFactory(
        name="Công ty Cổ phần Sông Trà", code="pr-cty-song-tra", kind="enterprise", parent=root
    )
    workshop = UnitFactory(
        name="Phân xưởng chế biến", code="pr-px-che-bien", kind="sub_unit", parent=enterprise
    )
    department = UnitFactory(
        name="Sở Giáo dục và Đào tạo", code="pr-so-gddt", kind="department", parent=root
    )
    farmer = PersonFactory(
        full_name="Y Liên",
        gender="female",
        ethnicity="Xơ Đăng",
        unit=village,
        is_direct_worker=True,
    )
    teacher = PersonFactory(
        full_name="Trần Văn Bình", gender="male", ethnicity="Kinh", unit=department
    )
    worker = PersonFactory(
        full_name="Lê Thị Hoa",
        gender="female",
        ethnicity="Kinh",
        unit=workshop,
        is_direct_worker=True,
    )
    officer = PersonFactory(full_name="Đinh Văn Rươl", gender="male", ethnicity="Ba Na", unit=ward)

    decision = Decision.objects.create(
        number="15/QĐ-UBND",
        issued_on=datetime.date(2026, 3, 10),
        issuer=root,
        signer_name="Nguyễn Hoàng Nam",
        signer_position="Chủ tịch",
        authority="provincial_chairman",
        kind="CONG_TRANG",
    )
    old_decision = Decision.objects.create(
        number="20/QĐ-UBND",
        issued_on=datetime.date(2025, 4, 1),
        issuer=root,
        signer_name="Nguyễn Hoàng Nam",
        signer_position="Chủ tịch",
        authority="provincial_chairman",
        kind="CONG_TRANG",
    )
    grants = [
        _grant("LDTT", person=farmer, scope=village, decision=decision),
        _grant("CSTD_TINH", person=teacher, scope=department, decision=decision),
        _grant("BK_TINH", person=worker, scope=workshop, decision=decision),
        _grant("GK", person=officer, scope=ward, decision=decision),
        _grant("CO_TINH", unit=commune, scope=commune, decision=decision),
        _grant("TTLDXS", unit=enterprise, scope=enterprise, decision=decision),
        _grant("GK", person=farmer, scope=village),  # legacy: no decision, year 2026
        _grant("LDTT", person=teacher, scope=department, decision=old_decision, year=2025),
        _grant("CO_TINH", unit=commune, scope=commune, decision=old_decision, year=2025),
        # Decided in 2023 and 2022: only the five-year chart counts them.
        _grant("GK", person=officer, scope=ward, year=2023),
    ]
    revoked = None
    if any(f.name == "revoked_on" for f in AwardGrant._meta.get_fields()):
        revoked = _grant(
            "BK_TINH",
            person=teacher,
            scope=department,
            decision=decision,
            revoked_on=datetime.date(2026, 5, 2),
        )

    bloc = Bloc.objects.create(name="Cụm thi đua miền núi", code="pr-cum-mien-nui", kind="communes")
    BlocMembership.objects.create(bloc=bloc, unit=commune, year=2026)
    BlocMembership.objects.create(bloc=bloc, unit=ward, year=2026)

    base = {"unit": ward, "kind": "CONG_TRANG", "created_by": user}
    d1 = Dossier.objects.create(
        year=2026, title="Hồ sơ khen thưởng phường Nghĩa Lộ", state="decided", **base
    )
    _events(
        d1,
        user,
        [
            ("2026-02-01", "submitted", "submitted"),
            ("2026-02-03", "appraisal_started", "in_appraisal"),
            ("2026-02-11", "returned", "returned"),
            ("2026-02-15", "submitted", "submitted"),
            ("2026-02-25", "consultation_opened", "consultation"),
            ("2026-03-07", "consultation_closed", "in_council"),
            ("2026-03-09", "proposed", "proposed"),
            ("2026-03-19", "decision_issued", "decided"),
        ],
    )
    d2 = Dossier.objects.create(
        year=2026, title="Hồ sơ đề nghị Cờ thi đua", state="rejected", **base
    )
    _events(
        d2,
        user,
        [
            ("2026-04-01", "submitted", "submitted"),
            ("2026-04-02", "appraisal_started", "in_appraisal"),
            ("2026-04-21", "rejected", "rejected"),
        ],
    )
    d3 = Dossier.objects.create(
        year=2026,
        title="Hồ sơ khen thưởng đột xuất",
        state="in_appraisal",
        appraisal_due_on=datetime.date(2026, 5, 20),
        **base,
    )
    _events(d3, user, [("2026-05-01", "submitted", "submitted")])
    d4 = Dossier.objects.create(year=2025, title="Hồ sơ năm 2025", state="in_council", **base)
    _events(
        d4,
        user,
        [
            ("2025-03-01", "submitted", "submitted"),
            ("2025-03-05", "put_on_agenda", "in_council"),
        ],
    )
    flag_nominee = Nominee.objects.create(
        dossier=d2,
        award=Award.objects.get(code="CO_TINH"),
        collective=commune,
        display_name=commune.name,
    )
    consultation = Consultation.objects.create(
        title="Lấy ý kiến 2026",
        opens_on=datetime.date(2026, 2, 25),
        closes_on=datetime.date(2026, 3, 6),
        created_by=user,
    )
    Opinion.objects.create(
        consultation=consultation,
        nominee=flag_nominee,
        is_objection=True,
        body="Phản ánh",
        received_at=at("2026-03-01"),
        status="upheld",
    )
    Opinion.objects.create(
        consultation=consultation,
        nominee=flag_nominee,
        is_objection=True,
        body="Quảng cáo",
        received_at=at("2026-03-02"),
        status="spam",
    )
    Opinion.objects.create(
        consultation=consultation,
        nominee=flag_nominee,
        is_objection=False,
        body="Đồng ý",
        received_at=at("2026-03-02"),
        status="noted",
    )

    movement_fields = {
        "kind": "thematic",
        "scope": "province",
        "launch_level": "council",
        "launching_unit": root,
        "participants_rule": "all",
        "created_by": user,
    }
    m1 = Movement.objects.create(
        code="pr-chuyen-doi-so",
        name="Chuyển đổi số 2026",
        state="in_progress",
        start_date=datetime.date(2026, 2, 1),
        end_date=datetime.date(2028, 12, 31),
        launched_on=datetime.date(2026, 2, 1),
        **movement_fields,
    )
    m2 = Movement.objects.create(
        code="pr-nong-thon-moi",
        name="Nông thôn mới 2025",
        state="final_reviewed",
        start_date=datetime.date(2025, 5, 1),
        end_date=datetime.date(2026, 2, 28),
        launched_on=datetime.date(2025, 5, 1),
        **movement_fields,
    )
    Movement.objects.create(
        code="pr-nhap",
        name="Phong trào dự thảo",
        state="draft",
        start_date=datetime.date(2026, 7, 1),
        end_date=datetime.date(2026, 12, 31),
        **movement_fields,
    )
    Review.objects.create(
        movement=m2, stage="final", held_on=datetime.date(2026, 3, 1), created_by=user
    )
    accepted = Registration.objects.create(
        unit=commune, year=2026, state="accepted", created_by=user
    )
    submitted = Registration.objects.create(
        unit=ward, year=2026, state="submitted", created_by=user
    )
    Registration.objects.create(unit=department, year=2026, state="draft", created_by=user)
    t1 = RegisteredTarget.objects.create(
        registration=accepted,
        movement=m1,
        content="Hồ sơ trực tuyến",
        measure="%",
        plan_value=Decimal("10"),
    )
    t2 = RegisteredTarget.objects.create(
        registration=accepted,
        movement=m1,
        content="Điểm wifi",
        measure="điểm",
        plan_value=Decimal("5"),
    )
    RegisteredTarget.objects.create(
        registration=submitted,
        movement=m1,
        content="Chữ ký số",
        measure="người",
        plan_value=Decimal("100"),
    )
    Progress.objects.create(
        target=t1,
        actual_value=Decimal("12"),
        reported_on=datetime.date(2026, 5, 1),
        reported_by=user,
    )
    Progress.objects.create(
        target=t2,
        actual_value=Decimal("3"),
        reported_on=datetime.date(2026, 3, 1),
        reported_by=user,
    )
    Progress.objects.create(
        target=t2,
        actual_value=Decimal("6"),
        reported_on=datetime.date(2026, 5, 1),
        reported_by=user,
    )
    return {
        "commune": commune,
        "ward": ward,
        "enterprise": enterprise,
        "grants": grants,
        "revoked": revoked,
        "dossiers": [d1, d2, d3, d4],
        "movements": [m1, m2],
    }


# The annual report of 2026 (and its previous year), worked out by hand.
EXPECTED = {
    "current": {
        "awards": {
            "total": 7,
            "individual": 5,
            "collective": 2,
            "by_level": {"state": 0, "government": 0, "province": 4, "grassroots": 3},
            "shares": {
                "commune": {"num": 4, "den": 7},
                "direct_worker": {"num": 3, "den": 5},
                "women": {"num": 3, "den": 5},
                "ethnic_minority": {"num": 3, "den": 5},
                "remote_area": {"num": 3, "den": 7},
                "enterprise": {"num": 2, "den": 7},
            },
        },
        "dossiers": {
            "received": 3,
            "returned": 1,
            "approved": 1,
            "rejected": 1,
            "overdue": 1,
            "objections": 1,
            "objections_upheld": 1,
            "stages": {
                "appraisal": {"n": 3, "median": 10.0, "p90": 20.0},
                "consultation": {"n": 1, "median": 10.0, "p90": 10.0},
                "council": {"n": 1, "median": 2.0, "p90": 2.0},
                "decision": {"n": 1, "median": 10.0, "p90": 10.0},
            },
        },
        "movements": {
            "launched": 1,
            "in_progress": 1,
            "reviewed": 1,
            "registration": {"num": 2, "den": 4},
            "targets_met": {"num": 2, "den": 3},
        },
        "clusters": {
            "blocs": 1,
            "members": 2,
            "flags_proposed": 1,
            "flags_awarded": 1,
            "leading_units": [{"unit": "Xã Ngọc Linh", "bloc": "Cụm thi đua miền núi"}],
        },
    },
    "previous": {
        "awards": {
            "total": 2,
            "individual": 1,
            "collective": 1,
            "by_level": {"state": 0, "government": 0, "province": 1, "grassroots": 1},
        },
        "dossiers": {"received": 1, "returned": 0, "approved": 0, "overdue": 0},
        "movements": {"launched": 1, "in_progress": 0, "reviewed": 0},
    },
    "five_years_2026": {"2022": 0, "2023": 1, "2024": 0, "2025": 2, "2026": 7},
}
