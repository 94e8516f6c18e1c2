"""Demo data: one deadline due in three working days, and its reminders already sent, so
that the demo unit logins find a reminder in their inbox right after ``make run``."""

from datetime import date

from django.db import transaction

from .deadlines import add_working_days
from .models import ManualDeadline
from .services import reminders_send

DEMO_TITLE = "Nộp báo cáo tổng kết công tác thi đua, khen thưởng năm {year}"


def seed_demo_deadline(*, today: date) -> ManualDeadline:
    """Create the demo deadline (every unit, due 3 working days after ``today``) and send
    the reminders due ``today``. Running it again reuses the deadline and sends nothing new.
    """
    title = DEMO_TITLE.format(year=today.year)
    with transaction.atomic():
        deadline = ManualDeadline.objects.filter(title=title, unit=None).first()
        if deadline is None:
            deadline = ManualDeadline.objects.create(
                title=title, due_on=add_working_days(today, 3), unit=None
            )
    reminders_send(today=today)
    return deadline
