"""Thin tasks of the organisation app, run through Celery (eager without Redis)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from units.models import SecurityEvent, User
from units.tasks import disable_idle_accounts

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    not __import__("config.celery").celery.app.conf.task_always_eager,
    reason="eager mode: the worker test covers the broker",
)
def test_disable_idle_accounts_task():
    idle = UserFactory(last_login=timezone.now() - timedelta(days=60))
    active = UserFactory(last_login=timezone.now() - timedelta(days=1))
    result = disable_idle_accounts.delay().get(timeout=10)
    assert result == [idle.username]
    assert list(User.objects.filter(is_active=False).values_list("username", flat=True)) == [
        idle.username
    ]
    assert User.objects.get(pk=active.pk).is_active
    assert SecurityEvent.objects.get(kind="account_disabled").username == idle.username
