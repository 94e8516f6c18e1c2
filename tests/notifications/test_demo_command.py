"""`make run` seeds the demo and its deadline: the demo users find a reminder."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from notifications.models import Notification
from units.models import User

pytestmark = pytest.mark.django_db


def test_demo_users_find_a_reminder_in_their_inbox(client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo_deadline", stdout=io.StringIO())
    call_command("seed_demo_deadline", stdout=io.StringIO())  # idempotent
    unitstaff = User.objects.get(username="unitstaff")
    notes = Notification.objects.filter(user=unitstaff)
    assert notes.count() == 1
    client.force_login(unitstaff)
    body = client.get(reverse("units:dashboard")).content.decode()
    assert 'data-testid="unread-count">1<' in body
