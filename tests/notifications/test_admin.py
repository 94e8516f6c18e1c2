"""The reminders' schedule in the Django admin (django-celery-beat's crontabs): a value
Celery cannot read is refused with a message and the input kept, never a 500; a schedule
already stored with such a value still lists."""

import pytest
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from tests.factories import user_with_role
from units.models import Role

pytestmark = pytest.mark.django_db

EVERY = {"day_of_month": "*", "month_of_year": "*", "day_of_week": "*", "timezone": "UTC"}
# The add form also carries the inline of the tasks that use the schedule.
INLINE = {"periodictask_set-TOTAL_FORMS": "0", "periodictask_set-INITIAL_FORMS": "0"}
REFUSED = (
    "Bộ lập lịch không đọc được “{}”: hãy dùng số, khoảng (1-5), bước (*/15) hoặc * như"
    " trong crontab."
)


@pytest.fixture
def administrator(client, province):
    user = user_with_role(Role.ADMINISTRATOR, username="quantri")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


@pytest.mark.parametrize("value", ["-1", "abc", "99999999999999999999", "5-"])
def test_a_minute_celery_cannot_read_is_refused_and_nothing_is_saved(administrator, value):
    response = administrator.post(
        reverse("admin:django_celery_beat_crontabschedule_add"),
        {"minute": value, "hour": "6", **EVERY, **INLINE},
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert [str(m) for m in form.errors["minute"]] == [REFUSED.format(value)]
    assert list(form.errors) == ["minute"]
    assert f'name="minute" value="{value}"' in response.content.decode()  # the input kept
    assert not CrontabSchedule.objects.exists()


def test_a_readable_schedule_is_saved_and_listed_in_words(administrator):
    response = administrator.post(
        reverse("admin:django_celery_beat_crontabschedule_add"),
        {"minute": "*/15", "hour": "6-7", **EVERY, **INLINE},
    )
    assert response.status_code == 302
    saved = CrontabSchedule.objects.get()
    assert (saved.minute, saved.hour) == ("*/15", "6-7")
    listing = administrator.get(reverse("admin:django_celery_beat_crontabschedule_changelist"))
    assert listing.status_code == 200
    assert saved.human_readable in listing.content.decode()


def test_a_stored_schedule_celery_cannot_read_still_lists_as_typed(administrator):
    """Written by code, not through the form: the library's own list drew it in words
    and failed (ParseException); the list shows its fields as they are."""
    CrontabSchedule.objects.create(minute="-1", hour="6", **{**EVERY, "timezone": "UTC"})
    listing = administrator.get(reverse("admin:django_celery_beat_crontabschedule_changelist"))
    assert listing.status_code == 200
    assert '<td class="field-schedule_text">-1 6 * * *</td>' in listing.content.decode()


def test_the_task_page_draws_a_stored_schedule_celery_cannot_read_as_typed(administrator):
    """The library's task page drew every stored schedule in words and failed on one it
    cannot read; the task's own schedule reads the same way."""
    readable = CrontabSchedule.objects.create(minute="30", hour="6", **EVERY)
    unreadable = CrontabSchedule.objects.create(minute="-1", hour="6", **EVERY)
    task = PeriodicTask.objects.create(
        name="Nhắc hạn", task="notifications.send_reminders", crontab=unreadable
    )
    for url in [
        reverse("admin:django_celery_beat_periodictask_add"),
        reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]),
    ]:
        response = administrator.get(url)
        assert response.status_code == 200
        assert response.context["readable_crontabs"] == {
            readable.pk: readable.human_readable,
            unreadable.pk: "-1 6 * * *",
        }
    assert response.context["adminform"].form.instance.crontab == unreadable
    assert '<div class="readonly">-1 6 * * *</div>' in response.content.decode()
