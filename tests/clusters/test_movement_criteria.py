"""Movement results as criteria of the scoring table (issue 11 point 2): a criterion may
name a movement; each sheet suggests its points from the share of the target unit's
registered targets of that movement achieved in the round's year; the suggestion only
fills an empty line and the scorer confirms it."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns import services as campaigns
from campaigns.models import Movement, MovementState, ParticipantsRule
from clusters import services
from clusters.forms import CriterionForm
from clusters.models import ScoringCriterion, SheetRole
from clusters.movement_results import achievement_rate

pytestmark = pytest.mark.django_db
YEAR = 2026  # the cluster fixture's year
YEAR_START, YEAR_END = date(2026, 1, 1), date(2028, 12, 31)
TARGETS = (("Hồ sơ trực tuyến", "%", "80"), ("Thủ tục số hóa", "thủ tục", "40"))


@pytest.fixture(autouse=True)
def _window(settings):
    settings.TDKT_REGISTRATION_DEADLINE = "31/12"


@pytest.fixture
def movement(province, users):
    from awards.models import Award

    movement = campaigns.movement_create(
        actor=users["secretariat"],
        awards=[(Award.objects.get(code="BK_TINH"), 10)],
        code="chuyen-doi-so",
        name="Chuyển đổi số",
        slogan="Số hóa để phục vụ Nhân dân",
        kind="thematic",
        scope="province",
        launch_level="council",
        launching_unit=province["root"],
        start_date=YEAR_START,
        end_date=YEAR_END,
        objectives="Đẩy mạnh chuyển đổi số.",
        content="Số hóa hồ sơ.",
        criteria="Tỷ lệ hồ sơ trực tuyến.",
        participants_rule=ParticipantsRule.ALL,
    )
    for content, measure, plan in (
        ("Hồ sơ trực tuyến", "%", "80"),
        ("Thủ tục số hóa", "thủ tục", "40"),
    ):
        campaigns.target_add(
            movement=movement,
            actor=users["secretariat"],
            content=content,
            measure=measure,
            plan_value=plan,
        )
    campaigns.movement_launch(movement=movement, actor=users["secretariat"])
    return Movement.objects.get(pk=movement.pk)


@pytest.fixture
def results(movement, province, users):
    """Xã A registered 90 and 50 and reached 45 (50%) and 60 (capped at 100%)."""
    registration = campaigns.registration_create(
        actor=users["staff_a"], unit=province["unit_a"], year=YEAR, movements=[movement]
    )
    for target, plan in zip(movement.targets.all(), ("90", "50"), strict=True):
        campaigns.registered_target_add(
            registration=registration,
            actor=users["staff_a"],
            movement=movement,
            target=target,
            plan_value=plan,
        )
    campaigns.registration_submit(registration=registration, actor=users["head_a"])
    campaigns.registration_accept(registration=registration, actor=users["secretariat"])
    for target, actual in zip(registration.targets.order_by("pk"), ("45", "60"), strict=True):
        campaigns.progress_report(target=target, actor=users["staff_a"], actual_value=actual)
    return registration


def test_the_rate_counts_each_target_up_to_its_plan(movement, results, province):
    assert achievement_rate(movement=movement, unit=province["unit_a"], year=YEAR) == Decimal(
        "0.75"
    )
    assert achievement_rate(movement=movement, unit=province["unit_b"], year=YEAR) is None
    assert achievement_rate(movement=movement, unit=province["unit_a"], year=YEAR + 1) is None


def test_the_sheet_suggests_the_points_and_the_scorer_confirms(
    client, cluster, movement, results, province, users
):
    ScoringCriterion.objects.filter(group__table=cluster["table"], code="C2").update(
        movement=movement
    )
    scoring_round = cluster["round"]
    sheet = services.sheet_start(
        scoring_round=scoring_round,
        role=SheetRole.PEER,
        target=province["unit_a"],
        actor=users["staff_b"],
        scorer_unit=province["unit_b"],
    )
    client.force_login(users["staff_b"])
    page = client.get(reverse("clusters:sheet_edit", args=[sheet.pk])).content.decode()
    assert 'name="line_C2" value="9"' in page  # 12 points × 75%
    assert (
        "Kết quả phong trào “Chuyển đổi số”: đạt 75,0% chỉ tiêu đã đăng ký, gợi ý 9,00 điểm."
        in page
    )
    # A unit that registered nothing: 0 suggested, and the sheet says why.
    other = services.sheet_start(
        scoring_round=scoring_round,
        role=SheetRole.SELF,
        target=province["unit_b"],
        actor=users["staff_b"],
        scorer_unit=province["unit_b"],
    )
    page = client.get(reverse("clusters:sheet_edit", args=[other.pk])).content.decode()
    assert 'name="line_C2" value="0"' in page
    assert "không đăng ký chỉ tiêu nào của phong trào “Chuyển đổi số”" in page
    # Saved lines win over the suggestion: nothing scores by itself.
    points = {c.code: "1" for c in ScoringCriterion.objects.filter(group__table=cluster["table"])}
    services.sheet_save(sheet=sheet, points=points, actor=users["staff_b"])
    page = client.get(reverse("clusters:sheet_edit", args=[sheet.pk])).content.decode()
    assert 'name="line_C2" value="1"' in page


def test_the_criterion_form_offers_launched_movements_of_the_year(
    cluster, movement, province, users
):
    draft = campaigns.movement_create(
        actor=users["secretariat"],
        awards=[],
        code="nhap",
        name="Phong trào chưa phát động",
        slogan="",
        kind="thematic",
        scope="province",
        launch_level="council",
        launching_unit=province["root"],
        start_date=YEAR_START,
        end_date=YEAR_END,
        objectives="",
        content="",
        criteria="",
        participants_rule=ParticipantsRule.ALL,
    )
    form = CriterionForm(table=cluster["table"])
    offered = list(form.fields["movement"].queryset)
    assert offered == [movement]
    assert draft.state == MovementState.DRAFT
    assert not form.fields["movement"].required
