"""Scoring rounds and sheets: drafted, submitted, locked; refusals that save nothing;
reopening with a reason; flag resolutions that never change a score by themselves."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clusters import selectors, services
from clusters.models import (
    FlagOutcome,
    FlagResolution,
    RoundState,
    Sheet,
    SheetLine,
    SheetRole,
    SheetState,
    TableState,
)
from tests.clusters.conftest import fill, points

pytestmark = pytest.mark.django_db


def test_opening_the_round_locks_the_table(cluster):
    assert cluster["round"].state == RoundState.OPEN
    cluster["table"].refresh_from_db()
    assert cluster["table"].state == TableState.LOCKED
    assert cluster["table"].locked_at is not None


def test_a_line_above_its_maximum_is_refused_beside_its_field_and_nothing_is_saved(cluster, users):
    unit_a = cluster["members"][0]
    sheet = services.sheet_start(
        scoring_round=cluster["round"],
        role=SheetRole.SELF,
        target=unit_a,
        actor=users["staff_a"],
        scorer_unit=unit_a,
    )
    with pytest.raises(ValidationError) as error:
        services.sheet_save(
            sheet=sheet, points=points(A1=35.5, B3=-1), actor=users["staff_a"], submit=True
        )
    assert set(error.value.error_dict) == {"line_A1", "line_B3"}
    assert error.value.error_dict["line_A1"][0].messages == [
        "35,5 điểm vượt quá điểm tối đa 35 của tiêu chí A1."
    ]
    sheet.refresh_from_db()
    assert (sheet.state, sheet.total, SheetLine.objects.filter(sheet=sheet).count()) == (
        SheetState.DRAFT,
        Decimal(0),
        0,
    )


def test_save_submit_and_the_total(cluster, users):
    unit_a = cluster["members"][0]
    sheet = fill(cluster["round"], SheetRole.SELF, unit_a, unit_a, users["staff_a"], A1=30.5)
    assert (sheet.state, sheet.total) == (SheetState.SUBMITTED, Decimal("95.5"))
    assert SheetLine.objects.filter(sheet=sheet).count() == 8


def test_a_submitted_or_locked_sheet_cannot_be_edited(cluster, users):
    unit_a = cluster["members"][0]
    sheet = fill(cluster["round"], SheetRole.SELF, unit_a, unit_a, users["staff_a"])
    with pytest.raises(ValidationError) as error:
        services.sheet_save(sheet=sheet, points=points(5), actor=users["staff_a"])
    assert "đã được gửi" in error.value.messages[0]
    services.round_close(scoring_round=cluster["round"], actor=users["secretariat"])
    sheet.refresh_from_db()
    assert sheet.state == SheetState.LOCKED
    with pytest.raises(ValidationError) as error:
        services.sheet_save(sheet=sheet, points=points(5), actor=users["staff_a"])
    assert error.value.messages == ["Phiếu đã khóa; chỉ có thể sửa sau khi được mở lại kèm lý do."]
    sheet.refresh_from_db()
    assert sheet.total == Decimal(100)


def test_reopening_needs_a_reason_and_is_recorded(cluster, users):
    unit_a = cluster["members"][0]
    sheet = fill(cluster["round"], SheetRole.SELF, unit_a, unit_a, users["staff_a"])
    with pytest.raises(ValidationError):
        services.sheet_reopen(sheet=sheet, reason="  ", actor=users["secretariat"])
    services.sheet_reopen(sheet=sheet, reason="Thiếu minh chứng A1", actor=users["secretariat"])
    sheet.refresh_from_db()
    assert sheet.state == SheetState.DRAFT
    assert [(r.reason, r.reopened_by) for r in sheet.reopenings.all()] == [
        ("Thiếu minh chứng A1", users["secretariat"])
    ]
    services.sheet_save(sheet=sheet, points=points(4), actor=users["staff_a"], submit=True)
    sheet.refresh_from_db()
    assert sheet.total == Decimal(96)


def test_starting_a_sheet_twice_gives_the_same_sheet(cluster, users):
    unit_a, unit_b = cluster["members"][:2]
    first = services.sheet_start(
        scoring_round=cluster["round"],
        role=SheetRole.PEER,
        target=unit_b,
        actor=users["staff_a"],
        scorer_unit=unit_a,
    )
    second = services.sheet_start(
        scoring_round=cluster["round"],
        role=SheetRole.PEER,
        target=unit_b,
        actor=users["head_a"],
        scorer_unit=unit_a,
    )
    assert first.pk == second.pk
    assert Sheet.objects.count() == 1


def _cross(cluster, users, high_pair=False):
    """Every member scores every other (the head with head sheets), 90 points each; with
    ``high_pair`` members 3 and 4 give each other 100."""
    members = cluster["members"]
    actors = {members[0].pk: users["head_a"], members[1].pk: users["staff_b"]}
    for member in members[2:]:
        actors[member.pk] = cluster["staff"][member.code]
    for scorer in members:
        for target in members:
            if scorer == target:
                continue
            role = SheetRole.HEAD if scorer == members[0] else SheetRole.PEER
            # 90 points, split by the scorer so no two scorers give identical sheets.
            k = members.index(scorer)
            over = {"A1": 25 + k, "A2": 20 - k}
            if high_pair and {scorer, target} == {members[2], members[3]}:
                over = {}
            fill(cluster["round"], role, scorer, target, actors[scorer.pk], **over)


def test_the_ranking_from_stored_sheets_and_a_flag_resolved_by_verification(cluster, users):
    _cross(cluster, users, high_pair=True)
    data = selectors.ranking(cluster["round"])
    m3, m4 = cluster["members"][2].code, cluster["members"][3].code
    # m3 and m4: four sheets of 90 and one of 100 → 5 basis sheets, trimmed → 90;
    # r(m3,m4) = 100 − 90 = 10; the others' residuals −2.5 (m3, m4 as targets) or 0 → the
    # median |r| is 0 → σ = 1: mutual_high.
    kinds = [(f.kind, f.units) for f in data.flags if f.kind != "tie"]
    assert kinds == [("mutual_high", (m3, m4))]
    flag = next(f for f in data.flags if f.kind == "mutual_high")
    assert flag.text == (
        "Hai đơn vị chấm cho nhau cao bất thường: Xã Cụm 3 chấm Xã Cụm 4 cao hơn bình quân "
        "của các thành viên khác 10 điểm, Xã Cụm 4 chấm Xã Cụm 3 cao hơn 10 điểm "
        "(ngưỡng 2)."
    )
    # The flag changed no score: every unit 90, all tied.
    assert {row["score_text"] for row in data.rows} == {"90"}
    # The secretariat verifies m3 at 80 and resolves the flag with that sheet.
    verification = fill(
        cluster["round"],
        SheetRole.SECRETARIAT,
        None,
        cluster["members"][2],
        users["secretariat"],
        total_off=20,
    )
    services.flag_resolve(
        scoring_round=cluster["round"],
        key=flag.key,
        kind=flag.kind,
        outcome=FlagOutcome.ADJUSTED,
        reason="Thẩm định lại hồ sơ",
        actor=users["secretariat"],
        verification_sheet=verification,
    )
    data = selectors.ranking(cluster["round"])
    last = data.rows[-1]
    assert (last["code"], last["score_text"], last["source"], last["rank"]) == (
        m3,
        "80",
        "verified",
        6,
    )
    assert FlagResolution.objects.get().outcome == FlagOutcome.ADJUSTED
    resolved = next(f for f in data.flags if f.kind == "mutual_high")
    assert resolved.resolution.reason == "Thẩm định lại hồ sơ"


def test_an_adjustment_needs_a_verification_sheet_and_a_reason(cluster, users):
    with pytest.raises(ValidationError) as error:
        services.flag_resolve(
            scoring_round=cluster["round"],
            key="tie:a,b",
            kind="tie",
            outcome=FlagOutcome.ADJUSTED,
            reason="x",
            actor=users["secretariat"],
        )
    assert "outcome" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.flag_resolve(
            scoring_round=cluster["round"],
            key="tie:a,b",
            kind="tie",
            outcome=FlagOutcome.ACCEPTED,
            reason="",
            actor=users["secretariat"],
        )
    assert "reason" in error.value.error_dict
    assert FlagResolution.objects.count() == 0


def test_sending_back_reopens_the_sheet(cluster, users):
    unit_a, unit_b = cluster["members"][:2]
    sheet = fill(cluster["round"], SheetRole.HEAD, unit_a, unit_b, users["head_a"], total_off=30)
    services.flag_resolve(
        scoring_round=cluster["round"],
        key=f"low_ball:{unit_a.code},{unit_b.code}",
        kind="low_ball",
        outcome=FlagOutcome.SENT_BACK,
        reason="Chấm thấp bất thường",
        actor=users["secretariat"],
        sheet_to_reopen=sheet,
    )
    sheet.refresh_from_db()
    assert sheet.state == SheetState.DRAFT
    assert sheet.reopenings.get().reason == "Chấm thấp bất thường"


def test_bloc_ranks_come_from_the_closed_round_only(cluster, users):
    _cross(cluster, users)
    m3 = cluster["members"][2]
    fill(cluster["round"], SheetRole.SECRETARIAT, None, m3, users["secretariat"], total_off=0)
    ids = [m.pk for m in cluster["members"]]
    # Open round: nothing final yet.
    assert selectors.bloc_ranks(unit_ids=ids, year=2026) == {}
    services.round_close(scoring_round=cluster["round"], actor=users["secretariat"])
    ranks = selectors.bloc_ranks(unit_ids=ids, year=2026)
    # m3 verified at 100, the five others 90 each (tied at rank 2).
    assert ranks == {m3.pk: 1} | {m.pk: 2 for m in cluster["members"] if m != m3}
    assert selectors.bloc_ranks(unit_ids=ids, year=2025) == {}
