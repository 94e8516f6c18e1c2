"""Permission matrix of the notification pages, on content, and the inbox's query count."""

from datetime import date

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.context_processors import inbox
from notifications.models import Holiday, ManualDeadline, Notification, NotificationPreference
from units.models import SecurityEvent

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.notifications.urls")]

ROLES = ["anonymous", "staff_b", "staff_a", "head_a", "secretariat", "council", "chairman"]


def client_for(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


def make(user, n=1, **kwargs):
    return [
        Notification.objects.create(user=user, kind="general", title=f"Tin {i}", **kwargs)
        for i in range(n)
    ]


# --- inbox ----------------------------------------------------------------------------------


def test_inbox_needs_a_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302
    assert reverse("units:login") in response["Location"]


def test_inbox_shows_only_the_own_notifications_unread_first(client, users):
    (old_unread,) = make(users["staff_a"])
    (read,) = make(users["staff_a"], read_at="2026-03-01T08:00:00+07:00")
    (new_unread,) = make(users["staff_a"])
    make(users["staff_b"])
    client.force_login(users["staff_a"])
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 200
    assert [n.pk for n in response.context["page"]] == [new_unread.pk, old_unread.pk, read.pk]


@pytest.mark.parametrize("role", ROLES)
def test_mark_read_only_by_the_owner(client, users, role):
    (notification,) = make(users["staff_a"])
    response = client_for(client, users, role).post(
        reverse("notifications:mark_read", args=[notification.pk])
    )
    notification.refresh_from_db()
    if role == "anonymous":
        assert response.status_code == 302
        assert notification.read_at is None
    elif role == "staff_a":
        assert response.status_code == 302
        assert response["Location"] == reverse("notifications:inbox")
        assert notification.read_at is not None
    else:
        assert response.status_code == 404
        assert notification.read_at is None


def test_mark_read_needs_post(client, users):
    (notification,) = make(users["staff_a"])
    client.force_login(users["staff_a"])
    response = client.get(reverse("notifications:mark_read", args=[notification.pk]))
    assert response.status_code == 405


def test_mark_read_opens_the_linked_object_but_never_another_site(client, users):
    (inside,) = make(users["staff_a"], url="/don-vi/")
    (outside,) = make(users["staff_a"], url="https://evil.example/")
    client.force_login(users["staff_a"])
    assert client.post(reverse("notifications:mark_read", args=[inside.pk]))["Location"] == (
        "/don-vi/"
    )
    assert client.post(reverse("notifications:mark_read", args=[outside.pk]))["Location"] == (
        reverse("notifications:inbox")
    )


def test_mark_all_read_touches_only_the_own(client, users):
    make(users["staff_a"], 3)
    make(users["staff_b"], 2)
    client.force_login(users["staff_a"])
    assert client.post(reverse("notifications:mark_all_read")).status_code == 302
    unread = Notification.objects.filter(read_at__isnull=True)
    assert sorted(unread.values_list("user__username", flat=True)) == ["staff_b", "staff_b"]


def _inbox_queries(client, user, n):
    Notification.objects.filter(user=user).delete()
    make(user, n)
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_inbox_query_count_does_not_grow_with_the_notifications(client, users):
    user = users["staff_a"]
    assert _inbox_queries(client, user, 10) == _inbox_queries(client, user, 40)


# --- context processor ----------------------------------------------------------------------


def test_context_processor_counts_the_unread_in_one_query_when_shown(users):
    make(users["staff_a"], 3)
    make(users["staff_a"], 2, read_at="2026-03-01T08:00:00+07:00")
    make(users["staff_b"], 4)
    request = RequestFactory().get("/")
    request.user = users["staff_a"]
    with CaptureQueriesContext(connection) as ctx:
        context = inbox(request)
        assert ctx.captured_queries == []  # nothing until a template shows the header
        assert context == {"unread_notifications": 3}
        assert f"{context['unread_notifications']}" == "3"
    assert len(ctx.captured_queries) == 1


def test_context_processor_for_anonymous():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as ctx:
        assert inbox(request) == {"unread_notifications": 0}
    assert ctx.captured_queries == []


# --- preferences ----------------------------------------------------------------------------


def test_preferences_page_saves_one_row_per_kind(client, users):
    client.force_login(users["staff_a"])
    assert client.get(reverse("notifications:preferences")).status_code == 200
    response = client.post(
        reverse("notifications:preferences"), {"app_deadline": "on", "email_overdue": "on"}
    )
    assert response.status_code == 302
    stored = {
        kind: (by_email, in_app)
        for kind, by_email, in_app in NotificationPreference.objects.filter(
            user=users["staff_a"]
        ).values_list("kind", "by_email", "in_app")
    }
    assert stored["deadline"] == (False, True)
    assert stored["overdue"] == (True, False)
    assert stored["general"] == (False, False)
    assert NotificationPreference.objects.exclude(user=users["staff_a"]).count() == 0


def test_preferences_need_a_login(client):
    assert client.get(reverse("notifications:preferences")).status_code == 302


# --- secretariat pages ----------------------------------------------------------------------

SECRETARIAT_ONLY = {
    "anonymous": 302,
    "staff_b": 404,
    "staff_a": 404,
    "head_a": 404,
    "secretariat": 200,
    "council": 404,
    "chairman": 404,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["holiday_list", "deadline_list"])
def test_secretariat_pages_matrix(client, users, role, name):
    Holiday.objects.get_or_create(day=date(2026, 9, 2), defaults={"name": "Quốc khánh"})
    response = client_for(client, users, role).get(reverse(f"notifications:{name}"))
    assert response.status_code == SECRETARIAT_ONLY[role]


def test_denial_is_a_security_event(client, users):
    client.force_login(users["staff_a"])
    client.get(reverse("notifications:holiday_list"))
    assert SecurityEvent.objects.filter(kind="access_denied", user=users["staff_a"]).count() == 1


def test_secretariat_lists_and_adds_holidays(client, users):
    client.force_login(users["secretariat"])
    Holiday.objects.filter(day__year=2030).delete()
    response = client.post(
        reverse("notifications:holiday_list"), {"day": "2030-01-01", "name": "Tết Dương lịch"}
    )
    assert response.status_code == 302
    response = client.get(reverse("notifications:holiday_list"), {"year": 2030})
    assert [(h.day, h.name) for h in response.context["holidays"]] == [
        (date(2030, 1, 1), "Tết Dương lịch")
    ]
    duplicate = client.post(
        reverse("notifications:holiday_list"), {"day": "2030-01-01", "name": "Lặp"}
    )
    assert duplicate.status_code == 200
    assert Holiday.objects.filter(day=date(2030, 1, 1)).count() == 1


@pytest.mark.parametrize("role", ["staff_a", "head_a", "council", "chairman"])
def test_only_the_secretariat_changes_holidays(client, users, role):
    holiday, _ = Holiday.objects.get_or_create(day=date(2030, 9, 2), defaults={"name": "QK"})
    client.force_login(users[role])
    add = client.post(reverse("notifications:holiday_list"), {"day": "2030-01-02", "name": "X"})
    delete = client.post(reverse("notifications:holiday_delete", args=[holiday.pk]))
    assert (add.status_code, delete.status_code) == (404, 404)
    assert Holiday.objects.filter(pk=holiday.pk).exists()
    assert not Holiday.objects.filter(day=date(2030, 1, 2)).exists()


def test_secretariat_deletes_a_holiday(client, users):
    holiday, _ = Holiday.objects.get_or_create(day=date(2030, 9, 2), defaults={"name": "QK"})
    client.force_login(users["secretariat"])
    response = client.post(reverse("notifications:holiday_delete", args=[holiday.pk]))
    assert response.status_code == 302
    assert not Holiday.objects.filter(pk=holiday.pk).exists()


def test_secretariat_adds_a_deadline(client, users, province):
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("notifications:deadline_list"),
        {"title": "Nộp kế hoạch", "due_on": "2026-03-20", "unit": province["unit_a"].pk},
    )
    assert response.status_code == 302
    assert list(ManualDeadline.objects.values_list("title", "unit", "created_by")) == [
        ("Nộp kế hoạch", province["unit_a"].pk, users["secretariat"].pk)
    ]


def test_a_deadline_link_must_stay_inside_the_portal(client, users):
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("notifications:deadline_list"),
        {"title": "X", "due_on": "2026-03-20", "url": "https://evil.example/"},
    )
    assert response.status_code == 200
    assert ManualDeadline.objects.count() == 0


def test_unit_staff_cannot_add_a_deadline(client, users):
    client.force_login(users["staff_a"])
    response = client.post(
        reverse("notifications:deadline_list"), {"title": "X", "due_on": "2026-03-20"}
    )
    assert response.status_code == 404
    assert ManualDeadline.objects.count() == 0


def test_the_header_badge_shows_99_plus_and_tells_screen_readers_the_count(client, users):
    """Past 99 the badge reads "99+" (a four-digit count ran under the user's button at an
    office screen); a screen reader still hears the real number."""
    client.force_login(users["staff_a"])
    make(users["staff_a"], 99)
    badge = '<span class="visually-hidden"> chưa đọc</span>'
    body = client.get(reverse("notifications:inbox")).content.decode()
    assert f'data-testid="unread-count">99{badge}' in body
    make(users["staff_a"], 21)
    body = client.get(reverse("notifications:inbox")).content.decode()
    assert (
        'data-testid="unread-count"><span aria-hidden="true">99+</span>'
        f'<span class="visually-hidden">120</span>{badge}'
    ) in body
