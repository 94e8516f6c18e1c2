"""The covenant (drafted, opened, signed by each member once) and the scoring table's
versions (a locked table is never edited; a new version copies it as a draft)."""

import pytest
from django.core.exceptions import ValidationError

from clusters import services
from clusters.models import CovenantState, ScoringCriterion, TableState

pytestmark = pytest.mark.django_db


def test_covenant_signed_by_every_member_once(cluster, users):
    bloc, members = cluster["bloc"], cluster["members"]
    covenant = services.covenant_draft(
        bloc=bloc, year=2026, targets="100% xã đạt chuẩn nông thôn mới", actor=users["head_a"]
    )
    with pytest.raises(ValidationError):
        services.covenant_sign(covenant=covenant, unit=members[0], actor=users["head_a"])
    services.covenant_open_for_signature(covenant=covenant, actor=users["head_a"])
    services.covenant_sign(covenant=covenant, unit=members[0], actor=users["head_a"])
    with pytest.raises(ValidationError) as error:
        services.covenant_sign(covenant=covenant, unit=members[0], actor=users["head_a"])
    assert error.value.messages == ["Đơn vị đã ký giao ước này."]
    with pytest.raises(ValidationError):
        services.covenant_draft(bloc=bloc, year=2026, targets="Khác", actor=users["head_a"])
    for unit in members[1:]:
        covenant.refresh_from_db()
        assert covenant.state == CovenantState.SIGNING
        services.covenant_sign(covenant=covenant, unit=unit, actor=users["secretariat"])
    covenant.refresh_from_db()
    assert covenant.state == CovenantState.SIGNED
    assert covenant.signatures.count() == 6


def test_an_outsider_cannot_sign(cluster, users, province):
    covenant = services.covenant_draft(
        bloc=cluster["bloc"], year=2026, targets="Mục tiêu", actor=users["head_a"]
    )
    services.covenant_open_for_signature(covenant=covenant, actor=users["head_a"])
    with pytest.raises(ValidationError) as error:
        services.covenant_sign(covenant=covenant, unit=province["root"], actor=users["secretariat"])
    assert error.value.messages == ["Chỉ các thành viên của cụm, khối ký giao ước."]


def test_a_locked_table_is_copied_into_a_new_draft_version(cluster, users):
    table = cluster["table"]
    table.refresh_from_db()
    assert table.state == TableState.LOCKED
    with pytest.raises(ValidationError):
        services.table_check_editable(table)
    copy = services.table_new_version(table=table, actor=users["secretariat"])
    assert (copy.version, copy.state, copy.locked_at) == (2, TableState.DRAFT, None)
    services.table_check_editable(copy)
    original = list(
        ScoringCriterion.objects.filter(group__table=table).values_list(
            "code", "max_points", "is_veto"
        )
    )
    copied = list(
        ScoringCriterion.objects.filter(group__table=copy).values_list(
            "code", "max_points", "is_veto"
        )
    )
    assert copied == original and len(copied) == 8
    assert copy.rules.count() == table.rules.count() == 5
    assert copy.to_template() == table.to_template()
