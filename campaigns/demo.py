"""Demo movements for `make run`: the movements of the seed plan (Chuyển đổi số; "Quảng
Ngãi chung sức xây dựng nông thôn mới"; "Chung tay vì người nghèo"; văn hóa công sở; Dân
vận khéo; cải cách hành chính) at different points of their cycle, with registrations in
every state, actuals, a mid-term and a final review, and exemplars at every stage (two
published in the public gallery). Written through the services, as users would."""

from datetime import date
from io import BytesIO

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from awards.models import Award
from units.issuing import active_signers, suggested_number
from units.models import COMMUNE_LEVEL_KINDS, Person, Unit, User

from . import services
from .models import Movement, MovementState, ParticipantsRule
from .selectors import movements_open_for

MOVEMENTS = [
    # code, name, slogan, kind, years back, years long, state, objectives, targets
    (
        "chuyen-doi-so",
        "Chuyển đổi số",
        "Số hóa để phục vụ Nhân dân tốt hơn",
        "thematic",
        0,
        5,
        MovementState.IN_PROGRESS,
        "Đẩy mạnh chuyển đổi số, xây dựng chính quyền số, kinh tế số, xã hội số.",
        [
            ("Hồ sơ thủ tục hành chính giải quyết trực tuyến toàn trình", "%", "80"),
            ("Thủ tục hành chính được số hóa kết quả", "thủ tục", "40"),
            ("Cán bộ, công chức dùng chữ ký số", "%", "95"),
        ],
    ),
    (
        "nong-thon-moi",
        "Quảng Ngãi chung sức xây dựng nông thôn mới",
        "Chung sức xây dựng quê hương giàu đẹp",
        "thematic",
        2,
        3,
        MovementState.FINAL_REVIEWED,
        "Hoàn thành các tiêu chí nông thôn mới, nông thôn mới nâng cao.",
        [
            ("Tiêu chí nông thôn mới đạt thêm", "tiêu chí", "3"),
            ("Đường giao thông nông thôn được cứng hóa", "km", "5"),
        ],
    ),
    (
        "vi-nguoi-ngheo",
        "Chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
        "Không để ai bị bỏ lại phía sau",
        "thematic",
        1,
        3,
        MovementState.MIDTERM_REVIEWED,
        "Giảm nghèo bền vững, hỗ trợ nhà ở cho hộ nghèo.",
        [
            ("Hộ thoát nghèo", "hộ", "30"),
            ("Nhà đại đoàn kết được xây mới", "căn", "10"),
        ],
    ),
    (
        "van-hoa-cong-so",
        "Văn hóa công sở",
        "Công sở văn minh, thân thiện",
        "regular",
        0,
        1,
        MovementState.LAUNCHED,
        "Xây dựng môi trường làm việc văn minh, chuyên nghiệp.",
        [("Cán bộ không vi phạm quy tắc ứng xử", "%", "100")],
    ),
    (
        "dan-van-kheo",
        "Dân vận khéo",
        "Trọng dân, gần dân, hiểu dân, có trách nhiệm với dân",
        "thematic",
        0,
        2,
        MovementState.LAUNCHED,
        "Nhân rộng mô hình dân vận khéo trong các lĩnh vực.",
        [("Mô hình dân vận khéo được công nhận", "mô hình", "2")],
    ),
    (
        "cai-cach-hanh-chinh",
        "Cải cách hành chính",
        "Lấy người dân làm trung tâm",
        "regular",
        0,
        1,
        MovementState.DRAFT,
        "Nâng cao chỉ số hài lòng của người dân.",
        [],
    ),
]

EXEMPLARS = [
    # name, subject, field, movement code, stages reached, published
    ("Đinh Văn Lành", "person", "digital", "chuyen-doi-so", 0, False),
    ("Tổ công nghệ số cộng đồng thôn An Phú", "collective", "digital", "chuyen-doi-so", 1, False),
    ("Hộ ông Phạm Văn Hộ", "household", "agriculture", "nong-thon-moi", 2, False),
    ("Hợp tác xã nông nghiệp Bình Sơn", "collective", "agriculture", "nong-thon-moi", 3, True),
    ("Nguyễn Thị Thu Hà", "person", "poverty", "vi-nguoi-ngheo", 2, True),
    ("Bộ phận một cửa xã Bình Sơn", "collective", "administration", "dan-van-kheo", 1, False),
]


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(is_active=True)}


def _registering_units(limit: int) -> list[Unit]:
    return list(
        Unit.objects.filter(is_active=True, kind__in=COMMUNE_LEVEL_KINDS).order_by("path")[:limit]
    )


def _issue_plan(movement: Movement, clerk: User) -> None:
    """The plan of a movement under way was signed and issued: the register's next
    number (the launched-only movements keep an unnumbered plan, waiting for it)."""
    signer = active_signers(movement.launching_unit).first()
    if signer is None:
        return
    today = timezone.localdate()
    pdf = pikepdf.Pdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    buffer = BytesIO()
    pdf.save(buffer)
    services.movement_plan_issue(
        movement=movement,
        actor=clerk,
        number=suggested_number(
            issuer=movement.launching_unit, doc_type=services.PLAN_TYPE, year=today.year
        ),
        issued_on=today,
        signer=signer,
        authority_line="TM. HỘI ĐỒNG",
        issuer_symbol=services.plan_symbol(movement),
        signed_file=SimpleUploadedFile(
            "ke-hoach-da-ky.pdf", buffer.getvalue(), content_type="application/pdf"
        ),
    )


def _movements(users, year: int) -> dict[str, Movement]:
    secretariat = users["secretariat"]
    root = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    made = {}
    for code, name, slogan, kind, back, length, state, objectives, targets in MOVEMENTS:
        movement = services.movement_create(
            actor=secretariat,
            code=code,
            name=name,
            slogan=slogan,
            kind=kind,
            scope="province",
            launch_level="council",
            launching_unit=root,
            start_date=date(year - back, 1, 1),
            end_date=date(year - back + length - 1, 12, 31),
            objectives=objectives,
            content="Tuyên truyền, phát động sâu rộng; đăng ký chỉ tiêu; sơ kết, tổng kết.",
            criteria="Mức độ hoàn thành chỉ tiêu; số mô hình, điển hình được nhân rộng.",
            participants_rule=ParticipantsRule.ALL,
            awards=[(Award.objects.get(code="BK_TINH"), 10), (Award.objects.get(code="GK"), None)],
        )
        for content, measure, plan in targets:
            services.target_add(
                movement=movement,
                actor=secretariat,
                content=content,
                measure=measure,
                plan_value=plan,
            )
        if state != MovementState.DRAFT:
            services.movement_launch(movement=movement, actor=secretariat)
        if state in (
            MovementState.IN_PROGRESS,
            MovementState.MIDTERM_REVIEWED,
            MovementState.FINAL_REVIEWED,
        ):
            _issue_plan(movement, secretariat)
            services.movement_transition(
                movement=movement, actor=secretariat, to=MovementState.IN_PROGRESS
            )
        made[code] = movement
    return made


def _register(unit: Unit, staff: User, head: User, year: int, titles: bool) -> object:
    registration = services.registration_create(
        actor=staff, unit=unit, year=year, movements=movements_open_for(unit=unit, year=year)
    )
    for movement in registration.movements.all():
        for target in movement.targets.all():
            services.registered_target_add(
                registration=registration,
                actor=staff,
                movement=movement,
                target=target,
                plan_value=target.plan_value,
            )
    if titles:
        services.registered_title_add(
            registration=registration, actor=staff, award=Award.objects.get(code="TTLDTT")
        )
        for person in Person.objects.filter(unit__path__startswith=unit.path, is_active=True)[:3]:
            services.registered_title_add(
                registration=registration,
                actor=staff,
                award=Award.objects.get(code="LDTT"),
                person=person,
            )
    return registration


def _actuals(registration, staff: User, share: float) -> None:
    for target in registration.targets.all():
        services.progress_report(
            target=target, actor=staff, actual_value=round(float(target.plan_value) * share, 2)
        )


@override_settings(
    TDKT_REGISTRATION_DEADLINE="31/12",
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
def seed_demo_campaigns(*, today) -> dict[str, int]:
    """Create the demo movements once; returns what was made."""
    if Movement.objects.exists():
        return {}
    users = _users()
    if not {"secretariat", "unitstaff", "unithead"} <= users.keys():
        return {}
    year = today.year
    secretariat, staff, head = users["secretariat"], users["unitstaff"], users["unithead"]
    commune = next((a.unit for a in staff.roles.select_related("unit") if a.unit_id), None)
    if commune is None:
        return {}
    with transaction.atomic():
        movements = _movements(users, year)
        # The demo commune: accepted after one return, with titles and actuals.
        own = _register(commune, staff, head, year, titles=True)
        services.registration_submit(registration=own, actor=head)
        services.registration_return(
            registration=own,
            actor=secretariat,
            reason="Bổ sung chỉ tiêu về chữ ký số theo Kế hoạch của tỉnh.",
        )
        services.registration_submit(registration=own, actor=head)
        services.registration_accept(registration=own, actor=secretariat)
        _actuals(own, staff, 0.9)
        # Other communes: accepted, submitted, returned, draft; the rest not registered.
        others = [u for u in _registering_units(12) if u.pk != commune.pk]
        registered = 0
        for i, unit in enumerate(others[:8]):
            unit_staff = _acting_user(unit)
            if unit_staff is None:
                continue
            registration = _register(unit, unit_staff, unit_staff, year, titles=False)
            registered += 1
            if i % 4 == 3:
                continue  # a draft
            services.registration_submit(registration=registration, actor=unit_staff)
            if i % 4 == 0:
                services.registration_accept(registration=registration, actor=secretariat)
                _actuals(registration, unit_staff, 0.6 + 0.1 * i)
            elif i % 4 == 2:
                services.registration_return(
                    registration=registration,
                    actor=secretariat,
                    reason="Chỉ tiêu hộ thoát nghèo thấp hơn kế hoạch của tỉnh.",
                )
        # Reviews: the mid-term of the poverty movement, the final one of the new countryside.
        services.review_save(
            movement=movements["vi-nguoi-ngheo"],
            actor=secretariat,
            stage="midterm",
            organisation="Phát động đến 100% xã, phường; tuyên truyền trên Báo Quảng Ngãi.",
            limits="Một số địa phương chậm báo cáo kết quả.",
            direction="Tập trung hỗ trợ nhà ở cho hộ nghèo vùng đồng bào dân tộc thiểu số.",
        )
        services.review_save(
            movement=movements["nong-thon-moi"],
            actor=secretariat,
            stage="final",
            organisation="Các địa phương hưởng ứng sâu rộng; nhiều mô hình hay được nhân rộng.",
            limits="Nguồn lực đầu tư còn hạn chế ở vùng miền núi.",
            direction="Xây dựng nông thôn mới nâng cao, kiểu mẫu.",
        )
        exemplars = 0
        for name, subject, field, code, stages, published in EXEMPLARS:
            exemplar = services.exemplar_propose(
                actor=staff,
                subject_kind=subject,
                name=name,
                unit=commune,
                commune=commune,
                field=field,
                movement=movements[code],
                summary=(
                    f"{name} là điển hình tiêu biểu trong phong trào “{movements[code].name}”, "
                    "được cộng đồng ghi nhận và nhân rộng."
                ),
                evidence="Báo cáo thành tích có xác nhận của Ủy ban nhân dân xã.",
                media_links="https://baoquangngai.vn/",
            )
            for _ in range(stages):
                services.exemplar_advance(exemplar=exemplar, actor=staff, responsible_unit=commune)
            if published:
                services.exemplar_record_consent(exemplar=exemplar, actor=staff, on=today)
                services.exemplar_publish(exemplar=exemplar, actor=secretariat)
            exemplars += 1
    return {"movements": len(movements), "registrations": registered + 1, "exemplars": exemplars}


def _acting_user(unit: Unit) -> User | None:
    """A demo user (staff and head) of the unit to act for it, made once."""
    from units.models import Role, RoleAssignment

    user, created = User.objects.get_or_create(
        username=f"demo-{unit.code}"[:150], defaults={"full_name": f"Cán bộ {unit.name}"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        for role in (Role.UNIT_STAFF, Role.UNIT_HEAD):
            RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user
