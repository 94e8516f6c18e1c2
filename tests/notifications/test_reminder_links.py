"""Every reminder links to where the work is done, and its reader can open that page
(issue 9, 17): the annual dossiers (staff, heads; overdue: heads and the secretariat),
the emulation registration, and a deadline the secretariat entered without a link."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from notifications.models import ManualDeadline, Notification
from notifications.services import reminders_send

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _run(time_machine, day):
    time_machine.move_to(datetime(day.year, day.month, day.day, 7, 0, tzinfo=HCM), tick=False)
    return reminders_send(today=day)


def _opened(client, notification):
    client.force_login(notification.user)
    return client.get(notification.url).status_code


def test_each_reminder_opens_a_page_its_reader_may_see(client, users, province, time_machine):
    ManualDeadline.objects.create(
        title="Báo cáo sơ kết phong trào", due_on=date(2026, 12, 10), unit=province["unit_a"]
    )
    for day in (date(2026, 12, 1), date(2026, 12, 11)):
        assert _run(time_machine, day) > 0
    notes = list(Notification.objects.select_related("user").order_by("pk"))
    assert notes
    assert [n.title for n in notes if not n.url] == []
    opened = {(n.user.username, n.url): _opened(client, n) for n in notes}
    assert {key: status for key, status in opened.items() if status != 200} == {}


def test_annual_reminder_leads_the_unit_to_its_dossiers(users, province, time_machine):
    _run(time_machine, date(2026, 12, 1))
    note = Notification.objects.filter(user=users["staff_a"]).get()
    assert note.url == reverse("nominations:dossier_list")


def test_a_deadline_without_a_link_leads_to_the_dashboard(users, province, time_machine):
    ManualDeadline.objects.create(
        title="Báo cáo sơ kết phong trào", due_on=date(2026, 12, 10), unit=province["unit_a"]
    )
    _run(time_machine, date(2026, 12, 1))
    note = Notification.objects.get(user=users["staff_a"], title__contains="sơ kết")
    assert note.url == reverse("units:dashboard")
