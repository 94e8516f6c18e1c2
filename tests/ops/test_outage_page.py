"""Issue 13 point 6: a database that cannot be reached gives the Vietnamese 503 page with
Retry-After, wherever the error is raised (a view, or a middleware reading the session);
any other error keeps the 500 page."""

from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import IntegrityError, InterfaceError, OperationalError
from django.test import Client

from tests.factories import user_with_role
from units.models import Role

VIETNAMESE = "Cổng tạm thời chưa kết nối được cơ sở dữ liệu"
HINT = "Trang sẽ tự tải lại sau 30 giây"


@pytest.fixture
def staff_client(province):
    user = user_with_role(Role.UNIT_STAFF, province["unit_a"], username="outage")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _assert_outage_page(response, seconds="30"):
    assert response.status_code == 503
    assert response["Retry-After"] == seconds
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert VIETNAMESE in body
    assert f'<meta http-equiv="refresh" content="{seconds}">' in body
    assert "Traceback" not in body and "OperationalError" not in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error",
    [
        OperationalError("connection to server failed: Connection refused"),
        InterfaceError("connection already closed"),
    ],
)
def test_outage_inside_a_view_gives_the_503_page(staff_client, error):
    with mock.patch("units.views.dashboard.selectors.dashboard_figures", side_effect=error):
        response = staff_client.get("/")

    _assert_outage_page(response)
    assert HINT in response.content.decode()


@pytest.mark.django_db
def test_outage_inside_a_middleware_gives_the_503_page(staff_client):
    refused = OperationalError("the database system is shutting down")
    with mock.patch.object(SessionStore, "load", side_effect=refused):
        response = staff_client.get("/")

    _assert_outage_page(response)


@pytest.mark.django_db
def test_outage_while_saving_the_session_gives_the_503_page_not_a_400(staff_client, _frozen_clock):
    # The session middleware turns a failed save into SessionInterrupted (a 400): the
    # database went away between reading the session and saving it. The last activity is
    # written once a minute: a minute later, this page view writes the session.
    _frozen_clock.shift(61)
    with mock.patch.object(Session, "save", side_effect=OperationalError("terminating connection")):
        response = staff_client.get("/")

    _assert_outage_page(response)


@pytest.mark.django_db
def test_retry_after_follows_the_setting(staff_client, settings):
    settings.TDKT_RETRY_AFTER_SECONDS = 12
    with mock.patch(
        "units.views.dashboard.selectors.dashboard_figures",
        side_effect=OperationalError("timeout expired"),
    ):
        response = staff_client.get("/")

    _assert_outage_page(response, seconds="12")
    assert "Trang sẽ tự tải lại sau 12 giây" in response.content.decode()


@pytest.mark.django_db
def test_other_database_errors_keep_the_500_page(staff_client):
    with mock.patch(
        "units.views.dashboard.selectors.dashboard_figures",
        side_effect=IntegrityError("duplicate key"),
    ):
        response = staff_client.get("/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert VIETNAMESE not in response.content.decode()


@pytest.mark.django_db
def test_healthz_names_the_part_that_is_down(client):
    with mock.patch(
        "units.views.dashboard.selectors.health_check",
        side_effect=OperationalError("connection refused"),
    ):
        down = client.get("/healthz/")
    up = client.get("/healthz/")

    assert down.status_code == 503
    assert down.content.decode().splitlines()[0] == "database: down"
    assert down.content.decode().splitlines()[1].startswith("broker: ")
    assert down["Retry-After"] == str(settings.TDKT_RETRY_AFTER_SECONDS)
    assert up.status_code == 200
    assert "Retry-After" not in up
    assert up.content.decode().splitlines()[0] == "database: ok"
