"""Fixtures of the notifications tests: the 2026 calendar used by the date cases."""

from datetime import date

import pytest

from notifications.models import Holiday

TET_2026 = [date(2026, 2, day) for day in range(16, 21)]


@pytest.fixture
def holidays_2026(db):
    """Tết 2026 and the spring holidays, whatever an earlier flush left in the table."""
    days = {d: "Tết Nguyên đán" for d in TET_2026}
    days |= {
        date(2026, 4, 27): "Nghỉ bù Giỗ Tổ Hùng Vương",
        date(2026, 4, 30): "Ngày Chiến thắng",
        date(2026, 5, 1): "Ngày Quốc tế lao động",
    }
    for day, name in days.items():
        Holiday.objects.get_or_create(day=day, defaults={"name": name})
    return days


@pytest.fixture(autouse=True)
def _offsets(settings):
    settings.TDKT_REMINDER_OFFSETS = (7, 3, 1)


@pytest.fixture(autouse=True)
def _without_the_movements_deadline():
    """The registration deadline of the movements (campaigns, 31/03 by default) falls in
    the March weeks these tests use: they count this app's own deadlines, so it is set
    aside here and put back afterwards (tests/campaigns covers it)."""
    from campaigns.deadlines import registration_deadlines
    from notifications.deadlines import register, unregister

    unregister(registration_deadlines)
    yield
    register(registration_deadlines)
