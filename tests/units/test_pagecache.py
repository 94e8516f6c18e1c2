"""Kept pages (units.pagecache): a key page is built once and served again, per user, until
anything is written to the database; then it is built again and shows the change."""

import os
from datetime import date, timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import update_last_login
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import AwardGrant
from nominations.models import Dossier
from nominations.services import dossiers as services
from tests.factories.awards import grant as make_grant
from tests.utils.faults import UNREACHABLE_CACHES
from tests.utils.python import run_python
from units import pagecache, principal
from units.models import RoleAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept(settings):
    settings.TDKT_PAGE_CACHE_SECONDS = 60
    pagecache._tables_of.clear()  # each test learns what its views read


@pytest.fixture
def dossier(province, users):
    return services.dossier_create(
        unit=province["unit_a"],
        year=2026,
        kind="DOT_XUAT",
        title="Hồ sơ Bình Sơn",
        actor=users["staff_a"],
    )


def _get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response


def _warm(client, url, **headers):
    """The first view learns the tables the page reads (and sets the CSRF cookie: an answer
    with a cookie is never kept either); the second is built and kept."""
    assert _get(client, url, **headers)["X-Page-Cache"] == "miss"
    assert _get(client, url, **headers)["X-Page-Cache"] == "miss"


DOSSIER = "nominations_dossier"
WATCHED = [DOSSIER, "units_user", "units_roleassignment", "django_session", pagecache.ANY_TABLE]


def test_a_second_view_is_the_kept_copy_with_fewer_queries(client, users, dossier):
    url = reverse("nominations:dossier_list")
    client.force_login(users["staff_a"])
    _get(client, url)
    with CaptureQueriesContext(connection) as built:
        first = _get(client, url)
    with CaptureQueriesContext(connection) as kept:
        second = _get(client, url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert "Hồ sơ Bình Sơn" in second.content.decode()
    assert second["Content-Type"] == first["Content-Type"]
    # session, user, roles: nothing of the page itself
    assert len(kept) < len(built)
    assert not any("nominations_dossier" in q["sql"] for q in kept.captured_queries)


def test_a_kept_copy_and_its_counters_come_back_in_one_round_trip(client, users, dossier):
    """The page is kept beside the counters it was built at: one read of the cache gives
    both, and a copy whose counters moved is not served (issue 13: a round trip fewer)."""
    url = reverse("nominations:dossier_list")
    client.force_login(users["staff_a"])
    _warm(client, url)
    with (
        mock.patch.object(pagecache.cache, "get_many", wraps=pagecache.cache.get_many) as reads,
        mock.patch.object(pagecache.cache, "set", wraps=pagecache.cache.set) as writes,
    ):
        assert _get(client, url)["X-Page-Cache"] == "hit"
    # Two reads in all: the signed-in user with their roles (units.principal), then the
    # page with its counters; nothing written.
    assert reads.call_count == 2 and writes.call_count == 0
    who, asked = (call.args[0] for call in reads.call_args_list)
    assert who[-1] == f"{principal.PREFIX}:{users['staff_a'].pk}"
    assert asked[-1].startswith(pagecache.PAGE_PREFIX)
    assert {pagecache._key(DOSSIER), pagecache._key(pagecache.ANY_TABLE)} <= set(asked)
    # The same key, once the dossiers' counter moved: built again, then kept again.
    pagecache.bump(DOSSIER)
    assert _get(client, url)["X-Page-Cache"] == "miss"
    assert _get(client, url)["X-Page-Cache"] == "hit"


def test_an_update_without_signals_makes_the_next_view_show_it(client, users, dossier):
    url = reverse("nominations:dossier_list")
    client.force_login(users["staff_a"])
    _warm(client, url)
    Dossier.objects.filter(pk=dossier.pk).update(title="Hồ sơ đã đổi tên")  # no signal
    response = _get(client, url)
    assert response["X-Page-Cache"] == "miss"
    assert "Hồ sơ đã đổi tên" in response.content.decode()
    assert "Hồ sơ Bình Sơn" not in response.content.decode()


def test_raw_sql_moves_the_generation_on(client, users, dossier):
    url = reverse("nominations:dossier_list")
    client.force_login(users["staff_a"])
    _warm(client, url)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE nominations_dossier SET title = %s WHERE id = %s", ["Tên mới", dossier.pk]
        )
    response = _get(client, url)
    assert response["X-Page-Cache"] == "miss"
    assert "Tên mới" in response.content.decode()


def test_a_write_moves_its_table_on_again_once_committed_registered_once(dossier):
    before = pagecache.generations([DOSSIER])[DOSSIER]
    with transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(title="Trong giao dịch")
        Dossier.objects.filter(pk=dossier.pk).update(title="Lần nữa")
        during = pagecache.generations([DOSSIER])[DOSSIER]
        callbacks = [func for _, func, _ in connection.run_on_commit]
    # The test's own transaction never commits: run what would run at the commit.
    assert callbacks.count(pagecache._Bump(DOSSIER)) == 1
    callbacks[callbacks.index(pagecache._Bump(DOSSIER))]()
    after = pagecache.generations([DOSSIER])[DOSSIER]
    assert (during - before, after - during) == (2, 1)


def test_the_session_clock_a_login_and_reads_leave_every_generation_alone(client, users, dossier):
    client.force_login(users["staff_a"])
    before = pagecache.generations(WATCHED)
    Session.objects.update(expire_date=Session.objects.get().expire_date + timedelta(days=1))
    update_last_login(None, users["staff_a"])
    list(Dossier.objects.all())
    _get(client, reverse("nominations:dossier_list"))
    assert pagecache.generations(WATCHED) == before


def test_a_write_to_a_table_the_page_does_not_read_keeps_the_copy(client, users, dossier):
    url = reverse("nominations:dossier_list")
    client.force_login(users["staff_a"])
    _warm(client, url)
    before = pagecache.generations(["clusters_bloc"])["clusters_bloc"]
    with connection.cursor() as cursor:
        cursor.execute('UPDATE "clusters_bloc" SET "name" = "name"')
    assert pagecache.generations(["clusters_bloc"])["clusters_bloc"] == before + 1
    assert _get(client, url)["X-Page-Cache"] == "hit"


def test_a_role_taken_away_is_felt_at_once(client, users):
    url = reverse("nominations:appraisal_queue")
    client.force_login(users["secretariat"])
    _warm(client, url)
    assert _get(client, url)["X-Page-Cache"] == "hit"
    RoleAssignment.objects.filter(user=users["secretariat"]).delete()
    response = client.get(url)
    assert response.status_code in (403, 404)
    assert 'data-testid="appraisal' not in response.content.decode()


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('SELECT "x" FROM "nominations_dossier"', None),
        ("  (SELECT 1) UNION (SELECT 2)", None),
        ('SAVEPOINT "s1"', None),
        ('INSERT INTO "nominations_dossier" ("title") VALUES (%s)', DOSSIER),
        ('UPDATE "django_session" SET "session_data" = %s', None),
        ('DELETE FROM "axes_accessattempt" WHERE 1', None),
        ('UPDATE "units_user" SET "last_login" = %s WHERE "units_user"."id" = %s', None),
        ('UPDATE "units_user" SET "is_active" = %s WHERE "units_user"."id" = %s', "units_user"),
        ('DELETE FROM "awards_awardgrant"', "awards_awardgrant"),
        ("TRUNCATE awards_awardgrant", pagecache.ANY_TABLE),
        ("WITH x AS (DELETE FROM awards_awardgrant RETURNING 1) SELECT 1", pagecache.ANY_TABLE),
        ('with x as (select 1) update "units_unit" set "name" = %s', pagecache.ANY_TABLE),
        # A search's count and page (SearchPaginator) reads: it moves nothing on.
        ('WITH m AS MATERIALIZED (SELECT "u"."updated_at" FROM "units_person") SELECT 1', None),
        ('ALTER TABLE "awards_awardgrant" ADD COLUMN "y" int', pagecache.ANY_TABLE),
    ],
)
def test_which_table_a_statement_writes(sql, table):
    assert pagecache.written_table(sql) == table


def test_which_tables_a_query_reads():
    sql = (
        'SELECT "a"."id" FROM "nominations_dossier" INNER JOIN "units_unit" ON (1) '
        'LEFT OUTER JOIN "units_unit" T5 ON (1) WHERE "a"."id" IN '
        '(SELECT U0."id" FROM "awards_awardgrant" U0) AND x IN (SELECT 1 FROM public.units_person)'
    )
    assert pagecache.read_tables(sql) == {
        "nominations_dossier",
        "units_unit",
        "awards_awardgrant",
        "units_person",
    }


def test_each_user_gets_only_their_own_copy(client, users, dossier, province):
    url = reverse("nominations:dossier_list")
    client.force_login(users["staff_a"])
    _warm(client, url)
    client.logout()
    client.force_login(users["staff_b"])
    response = _get(client, url)
    assert response["X-Page-Cache"] == "miss"
    assert "Hồ sơ Bình Sơn" not in response.content.decode()


def _leave_message(client, text):
    """A message waiting for the next page, as a view leaves it (the cookie storage)."""
    storage = CookieStorage(RequestFactory().get("/"))
    response = HttpResponse()
    storage._store([Message(constants.SUCCESS, text)], response)
    client.cookies[storage.cookie_name] = response.cookies[storage.cookie_name].value


def test_a_waiting_message_is_shown_once_never_kept(client, users, dossier):
    url = reverse("nominations:dossier_list")
    client.force_login(users["staff_a"])
    _warm(client, url)
    _leave_message(client, "Đã lưu hồ sơ.")
    shown = _get(client, url)
    assert "X-Page-Cache" not in shown
    assert "Đã lưu hồ sơ." in shown.content.decode()
    again = _get(client, url)
    assert again["X-Page-Cache"] == "hit"
    assert "Đã lưu hồ sơ." not in again.content.decode()


def test_an_htmx_search_and_the_whole_page_are_kept_apart(client, users):
    url = reverse("awards:archive") + "?q=tram"
    client.force_login(users["secretariat"])
    _warm(client, url)
    partial = _get(client, url, HTTP_HX_REQUEST="true")
    whole = _get(client, url)
    assert (partial["X-Page-Cache"], whole["X-Page-Cache"]) == ("miss", "hit")
    assert whole.content.startswith(b"<!doctype html>")
    assert partial.content.lstrip().startswith(b'<div id="archive-results">')
    assert whole["Vary"] == partial["Vary"]
    assert "HX-Request" in whole["Vary"]
    assert 'data-testid="inbox-link"' in whole.content.decode()


def test_an_htmx_search_does_not_count_the_unread_notifications(client, users, settings):
    settings.TDKT_PAGE_CACHE_SECONDS = 0
    client.force_login(users["secretariat"])
    url = reverse("awards:archive") + "?q=tram"
    with CaptureQueriesContext(connection) as partial:
        _get(client, url, HTTP_HX_REQUEST="true")
    with CaptureQueriesContext(connection) as whole:
        _get(client, url)
    counted = [
        sum("notifications_notification" in q["sql"] for q in c.captured_queries)
        for c in (partial, whole)
    ]
    assert counted == [0, 1]


def test_a_new_day_builds_the_page_again(client, province, _frozen_clock):
    # Pages count days to deadlines: a kept copy never outlives its day.
    grant = make_grant("CSTDCS", 2023, person=province["person_a"])
    url = reverse("awards:verify", args=[grant.verification_code])
    _warm(client, url)
    assert _get(client, url)["X-Page-Cache"] == "hit"
    _frozen_clock.shift(timedelta(days=1))
    assert _get(client, url)["X-Page-Cache"] == "miss"
    assert _get(client, url)["X-Page-Cache"] == "hit"


def test_a_revoked_grant_shows_as_revoked_at_once(client, province):
    grant = make_grant("CSTDCS", 2023, person=province["person_a"])
    url = reverse("awards:verify", args=[grant.verification_code])
    _warm(client, url)
    kept = _get(client, url)
    assert kept["X-Page-Cache"] == "hit"
    assert "verify-revocation-reason" not in kept.content.decode()
    AwardGrant.objects.filter(pk=grant.pk).update(
        revoked_on=date(2026, 6, 1), revocation_reason="Khai man thành tích"
    )
    after = _get(client, url)
    assert after["X-Page-Cache"] == "miss"
    assert "Khai man thành tích" in after.content.decode()


def test_off_when_the_setting_is_zero(client, users, settings):
    settings.TDKT_PAGE_CACHE_SECONDS = 0
    url = reverse("nominations:dossier_list")
    client.force_login(users["staff_a"])
    _get(client, url)
    assert "X-Page-Cache" not in _get(client, url)
    assert "X-Page-Cache" not in _get(client, url)


def test_a_cache_that_cannot_be_reached_builds_every_page(client, users, dossier):
    url = reverse("nominations:dossier_list")
    client.force_login(users["staff_a"])
    with override_settings(CACHES=UNREACHABLE_CACHES):
        for _ in range(2):
            response = _get(client, url)
            assert "X-Page-Cache" not in response
            assert "Hồ sơ Bình Sơn" in response.content.decode()
        # The write goes through; the counter cannot move and says so only in the log.
        Dossier.objects.filter(pk=dossier.pk).update(title="Vẫn ghi được")
        assert pagecache.generations([DOSSIER]) is None
        assert "Vẫn ghi được" in _get(client, url).content.decode()
    assert Dossier.objects.get(pk=dossier.pk).title == "Vẫn ghi được"


@pytest.mark.parametrize(("redis_url", "seconds"), [("redis://127.0.0.1:6379/9", "60"), ("", "0")])
def test_on_by_default_only_with_a_shared_cache(redis_url, seconds):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TDKT_PAGE_CACHE")}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.base", REDIS_URL=redis_url)
    code = "from django.conf import settings; print(settings.TDKT_PAGE_CACHE_SECONDS)"
    output = run_python(code, environment)
    assert output.strip() == seconds


def test_a_page_whose_view_writes_is_never_kept(client, users, dossier, monkeypatch):
    # A view with a side effect (here: one that touches the dossier as it lists it).
    from nominations.views.dossiers import pages  # noqa: PLC0415

    original = pages.selectors.dossier_list

    def touching(*, user):
        Dossier.objects.filter(pk=dossier.pk).update(title="Đã xem")
        return original(user=user)

    monkeypatch.setattr(pages.selectors, "dossier_list", touching)
    url = reverse("nominations:dossier_list")
    client.force_login(users["staff_a"])
    for _ in range(4):
        assert _get(client, url)["X-Page-Cache"] == "miss"
