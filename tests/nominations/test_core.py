"""The shared core of the nominations path: the state machine, how a dossier's stage
follows its nominees, the Council's figures and the deadlines fed to the reminders."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from awards.models import Award
from nominations.deadlines import nomination_deadlines
from nominations.models import (
    Consultation,
    Dossier,
    DossierEvent,
    DossierState,
    EventAction,
    NomineeOutcome,
)
from nominations.selectors._core import dossiers_openable
from nominations.services._core import (
    dossier_advance,
    dossier_transition,
    quorum_needed,
    votes_needed,
)
from notifications.models import Notification, ReminderLog
from notifications.services import reminders_send
from tests.factories import nominations as nf
from units.selectors import roles_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(province, users):
    return nf.dossier(
        unit=province["unit_a"], created_by=users["staff_a"], state=DossierState.IN_APPRAISAL
    )


def test_a_move_the_machine_does_not_allow_is_refused_in_vietnamese(dossier, users):
    with pytest.raises(ValidationError) as error:
        dossier_transition(
            dossier=dossier,
            to=DossierState.DRAFT,
            actor=users["secretariat"],
            action=EventAction.EDITED,
        )
    assert error.value.messages == [
        "Hồ sơ đang ở trạng thái “Đang thẩm định” không thể chuyển sang “Dự thảo”."
    ]
    dossier.refresh_from_db()
    assert dossier.state == DossierState.IN_APPRAISAL
    assert not DossierEvent.objects.exists()


def test_a_move_is_recorded_with_who_and_the_states(dossier, users):
    dossier_transition(
        dossier=dossier,
        to=DossierState.RETURNED,
        actor=users["secretariat"],
        action=EventAction.RETURNED,
        data={"reasons": ["Thiếu biên bản"]},
    )
    event = DossierEvent.objects.get()
    assert (event.actor, event.from_state, event.to_state, event.data) == (
        users["secretariat"],
        DossierState.IN_APPRAISAL,
        DossierState.RETURNED,
        {"reasons": ["Thiếu biên bản"]},
    )
    assert dossier.history.first().history_user == users["secretariat"]


def test_events_are_append_only(dossier, users):
    event = DossierEvent.objects.create(dossier=dossier, action=EventAction.EDITED)
    event.note = "sửa"
    with pytest.raises(ValueError):
        event.save()


def _outcomes(dossier, province, *pairs):
    people = [nf_person(province, i) for i in range(len(pairs))]
    for person, (award, outcome, extra) in zip(people, pairs, strict=True):
        nf.nominee(dossier=dossier, person=person, award=award, outcome=outcome, **extra)


def nf_person(province, i):
    from tests.factories import PersonFactory

    return PersonFactory(full_name=f"Trần Thị Lợi {i}", unit=province["unit_a"])


@pytest.mark.parametrize(
    ("pairs", "expected", "path"),
    [
        # approved, the award needs consultation: consultation first
        (
            [("CSTD_TQ", NomineeOutcome.APPROVED, {"needs_consultation": True})],
            DossierState.CONSULTATION,
            [DossierState.CONSULTATION],
        ),
        # approved, a vote is needed: before the Council
        (
            [("BK_TINH", NomineeOutcome.APPROVED, {})],
            DossierState.IN_COUNCIL,
            [DossierState.IN_COUNCIL],
        ),
        # no vote needed (Giấy khen): straight to the proposal stage
        (
            [("GK", NomineeOutcome.APPROVED, {})],
            DossierState.PROPOSED,
            [DossierState.PROPOSED],
        ),
        # nobody approved: rejected
        (
            [("BK_TINH", NomineeOutcome.NOT_APPROVED, {})],
            DossierState.REJECTED,
            [DossierState.REJECTED],
        ),
        # one awarded, one failed the vote: decided
        (
            [
                ("BK_TINH", NomineeOutcome.AWARDED, {}),
                ("CSTD_TINH", NomineeOutcome.FAILED, {}),
            ],
            DossierState.DECIDED,
            [DossierState.PROPOSED, DossierState.DECIDED],
        ),
    ],
)
def test_the_dossier_follows_its_furthest_behind_nominee(
    dossier, province, users, pairs, expected, path
):
    _outcomes(dossier, province, *pairs)
    result = dossier_advance(dossier=dossier, actor=users["secretariat"])
    assert result.state == expected
    assert list(
        DossierEvent.objects.filter(dossier=dossier).values_list("to_state", flat=True)
    ) == [s.value for s in path]


def test_nothing_moves_while_a_nominee_is_still_pending(dossier, province, users):
    _outcomes(
        dossier,
        province,
        ("BK_TINH", NomineeOutcome.APPROVED, {}),
        ("GK", NomineeOutcome.PENDING, {}),
    )
    assert dossier_advance(dossier=dossier, actor=None).state == DossierState.IN_APPRAISAL
    assert not DossierEvent.objects.exists()


def test_the_simplified_procedure_skips_the_vote(dossier, province, users):
    dossier.simplified = True
    dossier.save()
    _outcomes(dossier, province, ("BK_TINH", NomineeOutcome.APPROVED, {}))
    assert dossier_advance(dossier=dossier, actor=None).state == DossierState.PROPOSED


@pytest.mark.parametrize(
    ("code", "total", "needed"),
    [
        ("CSTD_TINH", 25, 23),
        ("CSTDCS", 25, 20),
        ("CO_TINH", 25, 20),
        ("BK_TINH", 25, 13),
        ("CSTD_TINH", 11, 10),
        ("CSTDCS", 11, 9),
        ("BK_TINH", 11, 6),
        ("BK_TINH", 10, 6),
        ("CSTD_TINH", 10, 9),
    ],
)
def test_votes_needed_count_against_the_whole_council(code, total, needed):
    assert votes_needed(Award.objects.get(code=code), total) == needed


def test_vote_thresholds_and_quorum_are_settings(settings):
    settings.TDKT_VOTE_PERCENT = {"eighty": 75, "ninety": 85}
    settings.TDKT_COUNCIL_QUORUM_PERCENT = 67
    assert votes_needed(Award.objects.get(code="CSTDCS"), 20) == 15
    assert votes_needed(Award.objects.get(code="CSTD_TINH"), 20) == 17
    assert quorum_needed(12) == 9


@pytest.mark.parametrize(("total", "quorum"), [(11, 9), (25, 20), (10, 8), (1, 1)])
def test_quorum_of_an_award_session(total, quorum):
    assert quorum_needed(total) == quorum


# --- Deadlines ------------------------------------------------------------------------------


def test_the_annual_deadline_is_a_setting(settings):
    settings.TDKT_ANNUAL_DEADLINE_DAY = 5
    keys = {d.key: d.due_on for d in nomination_deadlines(date(2026, 12, 1), date(2026, 12, 31))}
    assert keys == {"nominations:annual:2026": date(2026, 12, 5)}


def test_appraisal_limits_and_consultation_windows_are_deadlines(province, users):
    queued = nf.dossier(
        unit=province["unit_a"],
        created_by=users["staff_a"],
        state=DossierState.SUBMITTED,
        title="Hồ sơ khen thưởng chuyên đề",
        received_on=date(2026, 3, 2),
        appraisal_due_on=date(2026, 3, 20),
    )
    nf.dossier(  # appraised already: no deadline
        unit=province["unit_a"],
        created_by=users["staff_a"],
        state=DossierState.IN_COUNCIL,
        appraisal_due_on=date(2026, 3, 20),
    )
    consultation = Consultation.objects.create(
        title="Lấy ý kiến đợt 1",
        opens_on=date(2026, 3, 9),
        closes_on=date(2026, 3, 20),
        created_by=users["secretariat"],
    )
    found = {
        d.key: (d.due_on, d.audience)
        for d in nomination_deadlines(date(2026, 3, 1), date(2026, 3, 31))
    }
    assert found == {
        f"nominations:appraisal:{queued.pk}:20260320": (date(2026, 3, 20), "secretariat"),
        f"nominations:consultation:{consultation.pk}": (date(2026, 3, 20), "secretariat"),
    }


def test_the_secretariat_alone_is_reminded_of_an_appraisal_limit(province, users, settings):
    settings.TDKT_REMINDER_OFFSETS = (3,)
    nf.dossier(
        unit=province["unit_a"],
        created_by=users["staff_a"],
        state=DossierState.IN_APPRAISAL,
        title="Hồ sơ khen thưởng đột xuất",
        received_on=date(2026, 3, 2),
        appraisal_due_on=date(2026, 3, 20),
    )
    assert reminders_send(today=date(2026, 3, 17)) == 1
    note = Notification.objects.get()
    assert note.user == users["secretariat"]
    assert note.title == "Nhắc hạn: Thẩm định hồ sơ “Hồ sơ khen thưởng đột xuất”"
    assert ReminderLog.objects.count() == 1


def test_the_deadline_page_lists_every_registered_deadline(client, province, users, settings):
    import time_machine

    with time_machine.travel(date(2026, 12, 1), tick=False):
        nf.dossier(
            unit=province["unit_a"],
            created_by=users["staff_a"],
            state=DossierState.SUBMITTED,
            title="Hồ sơ khen thưởng chuyên đề",
            received_on=date(2026, 11, 20),
            appraisal_due_on=date(2026, 12, 4),
        )
        client.force_login(users["secretariat"])
        html = client.get("/thong-bao/han-nop/").content.decode()
    import re

    table = re.search(r'data-testid="upcoming-table">(.*?)</table>', html, re.S).group(1)
    rows = [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]
    ]
    assert rows == [
        ["Thẩm định hồ sơ “Hồ sơ khen thưởng chuyên đề”", "04/12/2026", "Cơ quan Thường trực", "3"],
        ["Hồ sơ đề nghị khen thưởng tổng kết năm 2026", "10/12/2026", "Tất cả đơn vị", "7"],
        # The movements' registration deadline (campaigns), due from the units not registered.
        ["Đăng ký thi đua năm 2027", "31/03/2027", "2 đơn vị", "82"],
    ]


def test_the_dossiers_a_reader_may_open_among_those_asked(
    province, users, dossier, django_assert_num_queries
):
    """``dossiers_openable``: of the dossiers asked, those the reader's visibility lets them
    open (the links of the review and consultation pages), in one query; a draft is its
    unit's alone, and the administrator's superuser account opens none."""
    draft = Dossier.objects.create(
        unit=province["unit_a"],
        year=2025,
        kind="CONG_TRANG",
        title="Bản nháp",
        created_by=users["staff_a"],
    )
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.SUBMITTED)
    asked = [dossier.pk, draft.pk, 999_999]
    roles_of(users["secretariat"])  # read once per request, before any view
    with django_assert_num_queries(1):
        assert dossiers_openable(user=users["secretariat"], ids=asked) == {dossier.pk}
    assert dossiers_openable(user=users["staff_a"], ids=asked) == {dossier.pk, draft.pk}
    assert dossiers_openable(user=users["staff_b"], ids=asked) == set()
    users["admin"].is_superuser = True
    assert dossiers_openable(user=users["admin"], ids=asked) == set()
