"""Fixtures of the campaigns tests: a thematic movement of the province, launched, with
two targets; the registration of commune A for the suite's year."""

from datetime import date
from decimal import Decimal

import pytest

from awards.models import Award
from campaigns import services
from campaigns.models import Movement, ParticipantsRule

YEAR = 2026


@pytest.fixture(autouse=True)
def _registration_window_open(settings):
    """The suite's day (9 June) is past the default window (31/03): keep it open here; the
    window's own tests set the deadline they need."""
    settings.TDKT_REGISTRATION_DEADLINE = "31/12"


def draft_movement(province, users, **overrides) -> Movement:
    fields = {
        "code": "chuyen-doi-so",
        "name": "Chuyển đổi số",
        "slogan": "Số hóa để phục vụ Nhân dân",
        "kind": "thematic",
        "scope": "province",
        "launch_level": "council",
        "launching_unit": province["root"],
        "start_date": date(2026, 1, 1),
        "end_date": date(2028, 12, 31),
        "objectives": "Đẩy mạnh chuyển đổi số trong cơ quan nhà nước.",
        "content": "Số hóa hồ sơ, dịch vụ công trực tuyến.",
        "criteria": "Tỷ lệ hồ sơ trực tuyến; số thủ tục số hóa.",
        "participants_rule": ParticipantsRule.ALL,
    }
    fields.update(overrides)
    return services.movement_create(
        actor=users["secretariat"],
        awards=[(Award.objects.get(code="BK_TINH"), 10)],
        **fields,
    )


@pytest.fixture
def movement(province, users) -> Movement:
    movement = draft_movement(province, users)
    services.target_add(
        movement=movement,
        actor=users["secretariat"],
        content="Hồ sơ giải quyết trực tuyến",
        measure="%",
        plan_value="80",
    )
    services.target_add(
        movement=movement,
        actor=users["secretariat"],
        content="Thủ tục được số hóa",
        measure="thủ tục",
        plan_value="40",
    )
    return movement


@pytest.fixture
def launched(movement, users) -> Movement:
    return services.movement_launch(movement=movement, actor=users["secretariat"])


@pytest.fixture
def registration(launched, users, province):
    registration = services.registration_create(
        actor=users["staff_a"], unit=province["unit_a"], year=YEAR, movements=[launched]
    )
    for target, plan in zip(launched.targets.all(), ("90", "50"), strict=True):
        services.registered_target_add(
            registration=registration,
            actor=users["staff_a"],
            movement=launched,
            target=target,
            plan_value=plan,
        )
    services.registered_title_add(
        registration=registration, actor=users["staff_a"], award=Award.objects.get(code="TTLDTT")
    )
    services.registered_title_add(
        registration=registration,
        actor=users["staff_a"],
        award=Award.objects.get(code="LDTT"),
        person=province["person_a"],
    )
    return registration


@pytest.fixture
def submitted(registration, users):
    return services.registration_submit(registration=registration, actor=users["head_a"])


@pytest.fixture
def accepted(submitted, users):
    return services.registration_accept(registration=submitted, actor=users["secretariat"])


__all__ = ["Decimal", "YEAR"]
