"""The registration deadline in the reminder registry, and the dashboard panels."""

from datetime import date

import pytest
from django.urls import reverse

from campaigns.deadlines import registration_deadlines
from campaigns.selectors import REGISTERING_KINDS
from notifications.deadlines import deadlines_between
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_registration_deadline_is_due_from_the_units_not_registered(settings, submitted, province):
    settings.TDKT_REGISTRATION_DEADLINE = "31/03"
    [deadline] = registration_deadlines(date(2027, 1, 1), date(2027, 12, 31))
    assert (deadline.key, deadline.due_on) == ("campaigns:registration:2027", date(2027, 3, 31))
    assert set(deadline.unit_ids) == set(
        Unit.objects.filter(kind__in=REGISTERING_KINDS).values_list("pk", flat=True)
    )
    settings.TDKT_REGISTRATION_DEADLINE = "30/06"
    [deadline] = registration_deadlines(date(2026, 6, 1), date(2026, 6, 30))
    assert deadline.unit_ids == (province["unit_b"].pk,)  # unit A has submitted


def test_the_registry_has_it(settings):
    settings.TDKT_REGISTRATION_DEADLINE = "31/03"
    keys = {d.key for d in deadlines_between(date(2027, 3, 1), date(2027, 3, 31))}
    assert "campaigns:registration:2027" in keys


def test_dashboard_panels(client, users, submitted):
    client.force_login(users["secretariat"])
    body = client.get(reverse("units:dashboard")).content.decode()
    assert "Phong trào thi đua" in body
    assert "Bản đăng ký chờ xử lý" in body
    client.force_login(users["staff_b"])
    body = client.get(reverse("units:dashboard")).content.decode()
    assert "Đăng ký thi đua của đơn vị" in body
