"""The signed-in user and their roles kept between requests (units.principal, issue 13):
no user or role row is read while nothing they came from changed, and any change is felt
on the very next request."""

import pickle
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PASSWORD
from tests.utils.faults import UNREACHABLE_CACHES
from units import principal
from units.models import Role, RoleAssignment, Unit, User

pytestmark = pytest.mark.django_db

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
PRINCIPAL_TABLES = ('"units_user"', '"units_roleassignment"')


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.TDKT_PAGE_CACHE_SECONDS = 60


def _reads_of_the_principal(client, url) -> tuple[int, list[str]]:
    """The answer's status and the statements that read the user or their roles."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT")
        and any(f"FROM {table}" in q["sql"] for table in PRINCIPAL_TABLES)
    ]


def test_the_user_and_roles_are_read_once_then_kept(client, users):
    client.force_login(users["secretariat"])
    assert client.session[BACKEND_SESSION_KEY] == "units.principal.PrincipalBackend"
    url = reverse("units:unit_list")  # a page that is not kept itself
    status, first = _reads_of_the_principal(client, url)
    assert status == 200 and len(first) == 2  # the user, then their roles
    status, second = _reads_of_the_principal(client, url)
    assert (status, second) == (200, [])
    # The header still names the role and the page is the secretariat's.
    assert ">Cơ quan Thường trực Hội đồng</small>" in client.get(url).content.decode()


def test_a_role_taken_away_or_given_is_felt_on_the_next_request(client, users, province):
    user = users["secretariat"]
    client.force_login(user)
    url = reverse("units:unit_create")
    assert client.get(url).status_code == 200
    assert _reads_of_the_principal(client, url) == (200, [])
    RoleAssignment.objects.filter(user=user).delete()  # no signals: a bulk delete
    assert client.get(url).status_code == 404
    RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=Role.SECRETARIAT)])
    assert client.get(url).status_code == 200


def test_a_locked_account_is_signed_out_on_the_next_request(client, users):
    client.force_login(users["staff_a"])
    url = reverse("nominations:dossier_list")
    assert client.get(url).status_code == 200
    assert _reads_of_the_principal(client, url) == (200, [])  # the kept user serves it
    User.objects.filter(pk=users["staff_a"].pk).update(is_active=False)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("units:login"))


def test_a_password_changed_elsewhere_signs_this_session_out(client, users):
    client.force_login(users["staff_a"])
    url = reverse("nominations:dossier_list")
    assert client.get(url).status_code == 200
    assert _reads_of_the_principal(client, url) == (200, [])
    user = User.objects.get(pk=users["staff_a"].pk)
    user.set_password("Một-mật-khẩu-mới-2026")
    user.save(update_fields=["password"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("units:login"))


def test_a_renamed_unit_shows_in_the_header_at_once(client, users, province):
    client.force_login(users["staff_a"])
    url = reverse("nominations:dossier_list")
    client.get(url)
    status, reads = _reads_of_the_principal(client, url)
    assert (status, reads) == (200, [])
    assert "Xã Bình Sơn Mới" not in client.get(url).content.decode()
    Unit.objects.filter(pk=province["unit_a"].pk).update(name="Xã Bình Sơn Mới")
    assert "Xã Bình Sơn Mới" in client.get(url).content.decode()


def test_a_term_that_ended_no_longer_counts_the_next_day(client, users, _frozen_clock):
    user = users["secretariat"]
    RoleAssignment.objects.filter(user=user).update(term_end=date(2026, 6, 9))
    _frozen_clock.move_to(datetime(2026, 6, 9, 23, 59, 20, tzinfo=VIETNAM))
    client.force_login(user)
    url = reverse("units:unit_create")
    assert client.get(url).status_code == 200
    assert _reads_of_the_principal(client, url) == (200, [])  # kept, dates and all
    _frozen_clock.move_to(datetime(2026, 6, 10, 0, 0, 20, tzinfo=VIETNAM))  # nothing written
    assert _reads_of_the_principal(client, url) == (404, [])


def test_without_a_shared_cache_the_rows_are_read_each_time(client, users, settings):
    client.force_login(users["secretariat"])
    url = reverse("units:unit_list")
    settings.TDKT_PAGE_CACHE_SECONDS = 0
    assert [len(_reads_of_the_principal(client, url)[1]) for _ in range(2)] == [2, 2]
    settings.TDKT_PAGE_CACHE_SECONDS = 60
    with override_settings(CACHES=UNREACHABLE_CACHES):
        for _ in range(2):
            status, reads = _reads_of_the_principal(client, url)
            assert (status, len(reads)) == (200, 2)


def test_no_such_user_is_nobody():
    assert principal.load(987654) is None
    assert principal.PrincipalBackend().get_user(987654) is None


def test_the_kept_copy_holds_no_password_hash(client, users):
    user = users["staff_a"]
    client.force_login(user)
    client.get(reverse("nominations:dossier_list"))
    kept = cache.get(f"{principal.PREFIX}:{user.pk}")
    password = User.objects.get(pk=user.pk).password
    assert password.startswith(("pbkdf2_", "argon2", "md5$", "!"))
    assert password.encode() not in pickle.dumps(kept)
    kept_user = kept[1][0]
    assert "password" not in kept_user.__dict__
    assert kept_user.get_session_auth_hash() == user.get_session_auth_hash()
    # Read from the database where it is used.
    assert kept_user.password == password


def test_changing_ones_own_password_keeps_one_signed_in(client, users):
    user = users["staff_a"]
    client.force_login(user)
    url = reverse("nominations:dossier_list")
    assert client.get(url).status_code == 200
    assert _reads_of_the_principal(client, url) == (200, [])  # the kept user serves it
    new = "Đổi-mật-khẩu-2026!"
    response = client.post(
        reverse("units:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get(url).status_code == 200
    assert User.objects.get(pk=user.pk).check_password(new)
