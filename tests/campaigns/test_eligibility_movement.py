"""The eligibility engine reads the movement (Law Art. 26, ELIGIBILITY.md rule CO_TINH): a
dossier linked to a thematic movement of three years or more gets ``needs_review`` for the
provincial Emulation Flag when the bloc route fails; without it, or with a shorter or a
regular movement, the flag is ``ineligible``. The engine's input keeps its contract: the
``movement`` key is ``{"name", "years"}`` and absent when no movement is named."""

from datetime import date

import pytest
from django.urls import reverse

from awards import eligibility
from awards.models import Award
from awards.selectors import eligibility_inputs
from campaigns import services
from nominations.services import dossiers as dossier_services
from nominations.services._core import nominee_verdict, store_verdict
from tests.campaigns.conftest import YEAR, draft_movement

pytestmark = pytest.mark.django_db

REVIEW_TEXT = (
    "Phong trào thi đua chuyên đề “Chuyển đổi số” 3 năm (≥ 3 năm); việc dẫn đầu phong trào"
    " do Hội đồng xem xét"
)


def _flag_nominee(users, province, campaign=None):
    dossier = dossier_services.dossier_create(
        unit=province["unit_a"],
        year=YEAR,
        kind="PHONG_TRAO" if campaign else "CONG_TRANG",
        title="Đề nghị tặng Cờ thi đua",
        campaign=campaign,
        actor=users["staff_a"],
    )
    return dossier_services.nominee_add(
        dossier=dossier,
        award=Award.objects.get(code="CO_TINH"),
        collective=province["unit_a"],
        actor=users["staff_a"],
    )


def _launched(users, province, **overrides):
    movement = draft_movement(province, users, **overrides)
    services.target_add(
        movement=movement, actor=users["secretariat"], content="Chỉ tiêu", measure="%", plan_value=1
    )
    return services.movement_launch(movement=movement, actor=users["secretariat"])


def _thematic(verdict):
    return [c for c in verdict["checks"] if c["rule"] == "thematic_movement"]


def test_three_year_thematic_movement_opens_the_review_route(users, province, launched):
    assert launched.eligibility_movement == {"name": "Chuyển đổi số", "years": 3}
    with_movement = nominee_verdict(_flag_nominee(users, province, campaign=launched))
    assert with_movement["verdict"] == "needs_review"
    assert [c["detail"] for c in _thematic(with_movement)] == [REVIEW_TEXT]
    without = nominee_verdict(_flag_nominee(users, province))
    assert without["verdict"] == "ineligible"
    assert _thematic(without) == []


def test_the_stored_verdict_and_the_dossier_page_read_the_movement(
    client, users, province, launched
):
    nominee = _flag_nominee(users, province, campaign=launched)
    store_verdict(nominee)
    nominee.refresh_from_db()
    assert nominee.eligibility_status == "needs_review"
    client.force_login(users["staff_a"])
    page = client.get(reverse("nominations:dossier_detail", args=[nominee.dossier_id]))
    badge = page.content.decode().split('data-testid="nominee-verdict-badge">')[1]
    assert badge.split("<")[0] == "Cần xem xét"
    plain = _flag_nominee(users, province)
    page = client.get(reverse("nominations:dossier_detail", args=[plain.dossier_id]))
    badge = page.content.decode().split('data-testid="nominee-verdict-badge">')[1]
    assert badge.split("<")[0] == "Không đủ điều kiện"


def test_a_shorter_thematic_movement_leaves_the_flag_ineligible(users, province):
    short = _launched(users, province, code="hai-nam", name="Hai năm", end_date=date(2027, 12, 31))
    verdict = nominee_verdict(_flag_nominee(users, province, campaign=short))
    assert verdict["verdict"] == "ineligible"
    assert [c["detail"] for c in _thematic(verdict)] == [
        "Phong trào thi đua chuyên đề “Hai năm” 2 năm (cần ≥ 3 năm)"
    ]


def test_a_regular_annual_movement_is_never_named(users, province):
    regular = _launched(
        users,
        province,
        code="thuong-xuyen",
        name="Thi đua thường xuyên",
        kind="regular",
        end_date=date(2030, 12, 31),
    )
    assert regular.eligibility_movement is None
    verdict = nominee_verdict(_flag_nominee(users, province, campaign=regular))
    assert verdict["verdict"] == "ineligible"
    assert _thematic(verdict) == []


def test_the_input_keeps_the_contract(users, province, launched):
    subject = ("CO_TINH", YEAR, None, province["unit_a"])
    plain, named = eligibility_inputs(
        subjects=[subject, subject], movements=[None, launched.eligibility_movement]
    )
    assert "movement" not in plain
    assert named["movement"] == {"name": "Chuyển đổi số", "years": 3}
    assert {k: v for k, v in named.items() if k != "movement"} == plain
    # The engine's strict parser accepts both, and the command line gives the same verdict.
    assert eligibility.evaluate(named)["verdict"] == "needs_review"
    assert eligibility.evaluate(plain)["verdict"] == "ineligible"
    with pytest.raises(ValueError):
        eligibility_inputs(subjects=[subject], movements=[])


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (date(2026, 1, 1), date(2028, 12, 31), 3),
        (date(2026, 3, 15), date(2029, 3, 13), 2),
        (date(2026, 3, 15), date(2029, 3, 14), 3),
        (date(2026, 1, 1), date(2026, 6, 30), 1),
    ],
)
def test_duration_in_whole_years(users, province, start, end, years):
    movement = draft_movement(province, users, start_date=start, end_date=end)
    assert movement.duration_years == years
    assert movement.allows_flag_proposal == (years >= 3)
