"""Dependable under faults (SECURITY-TESTS F1, F3; issue 9 points 22–23): a report asked
for while Redis is down is kept and runs once it is back; a job whose worker died ends
failed (the user asks again), never "running" forever; the public pages answer while the
cache is down. The first tests play the faults in the process; the last ones on
PostgreSQL, with a redis-server of their own that they stop and start, and real workers."""

import os
import signal
import time
from datetime import timedelta

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from config.celery import app
from reports import services, tasks
from reports.models import ReportJob
from tests.utils.faults import OwnRedis, celery_app_on, start_worker, stop_worker

QUEUE_DOWN = (
    "Hàng đợi lập báo cáo tạm thời không kết nối được. Yêu cầu của bạn đã được lưu và báo "
    "cáo sẽ được lập ngay khi hàng đợi hoạt động trở lại; bạn không cần yêu cầu lại."
)
INTERRUPTED = (
    "Báo cáo bị gián đoạn trước khi hoàn thành. Hãy thử lại; nếu vẫn lỗi, hãy báo quản trị viên."
)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def not_eager():
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def broker_down(monkeypatch, not_eager):
    """The broker refuses every publish, as kombu reports a Redis that is down."""
    sent = []

    def refuse(*args, **kwargs):
        sent.append(args)
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.run_report, "apply_async", refuse)
    return sent


@pytest.fixture
def broker_up(monkeypatch, not_eager):
    """A broker that accepts every publish (no worker takes it)."""
    sent = []
    monkeypatch.setattr(tasks.run_report, "apply_async", lambda args, **kw: sent.append(args))
    return sent


# --- In the process ---------------------------------------------------------------------


def test_a_report_asked_while_the_broker_is_down_is_kept_with_a_clear_message(
    transactional_db, client, users, province, broker_down
):
    """Committed for real (the task is sent on commit, as in production)."""
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("reports:report_list"),
        {"kind": "unit_directory", "format": "xlsx"},
        follow=True,
    )
    assert response.status_code == 200
    assert _messages(response) == [QUEUE_DOWN]
    job = ReportJob.objects.get()
    assert (job.status, job.dispatched_at, job.requested_by) == (
        "queued",
        None,
        users["secretariat"],
    )
    assert len(broker_down) == 1


@pytest.mark.django_db
def test_the_sweeper_queues_again_what_never_reached_the_broker(users, province, broker_up):
    never = ReportJob.objects.create(
        kind="unit_directory", format="xlsx", requested_by=users["secretariat"]
    )
    fresh = ReportJob.objects.create(
        kind="unit_directory",
        format="xlsx",
        requested_by=users["secretariat"],
        dispatched_at=timezone.now(),
    )
    assert tasks.sweep_stale() == {"failed": 0, "requeued": 1}
    assert broker_up == [(never.pk,)]
    never.refresh_from_db()
    assert never.dispatched_at is not None
    # Queued long ago and still not taken (the message was lost): queued again.
    ReportJob.objects.filter(pk=fresh.pk).update(
        dispatched_at=timezone.now()
        - timedelta(seconds=django_settings.TDKT_REPORT_REQUEUE_SECONDS + 1)
    )
    assert services.reports_sweep() == {"failed": 0, "requeued": 1}
    assert broker_up[-1] == (fresh.pk,)


@pytest.mark.django_db
def test_the_sweeper_stops_at_the_first_refusal_and_keeps_the_rows(users, province, broker_down):
    for _ in range(3):
        ReportJob.objects.create(
            kind="unit_directory", format="xlsx", requested_by=users["secretariat"]
        )
    assert services.reports_sweep() == {"failed": 0, "requeued": 0}
    assert len(broker_down) == 1  # one try per run while the broker is down
    assert list(ReportJob.objects.values_list("status", flat=True)) == ["queued"] * 3


@pytest.mark.django_db
def test_a_job_running_past_the_hard_limit_is_failed_and_can_be_asked_again(
    client, users, province, settings, broker_up, django_capture_on_commit_callbacks
):
    settings.TDKT_REPORT_TIME_LIMIT = 60
    now = timezone.now()
    lost = ReportJob.objects.create(
        kind="unit_directory",
        format="xlsx",
        requested_by=users["secretariat"],
        status="running",
        started_at=now - timedelta(seconds=61),
        dispatched_at=now - timedelta(seconds=62),
    )
    busy = ReportJob.objects.create(
        kind="unit_directory",
        format="xlsx",
        requested_by=users["secretariat"],
        status="running",
        started_at=now - timedelta(seconds=30),
        dispatched_at=now - timedelta(seconds=31),
    )
    client.force_login(users["secretariat"])
    # Before the sweeper runs, the page already offers to ask again for the stale one.
    page = client.get(reverse("reports:report_status", args=[lost.pk])).content.decode()
    assert 'data-testid="report-stale"' in page
    assert reverse("reports:report_retry", args=[lost.pk]) in page
    busy_page = client.get(reverse("reports:report_status", args=[busy.pk])).content.decode()
    assert reverse("reports:report_retry", args=[busy.pk]) not in busy_page
    # Nobody may ask again for a job still within its time.
    assert client.post(reverse("reports:report_retry", args=[busy.pk])).status_code == 404

    assert services.reports_sweep() == {"failed": 1, "requeued": 0}
    lost.refresh_from_db()
    busy.refresh_from_db()
    assert (lost.status, busy.status) == ("failed", "running")
    assert lost.error == INTERRUPTED  # written in the portal's language (vi)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report_retry", args=[lost.pk]), follow=True)
    assert _messages(response) == ["Báo cáo đang được tạo lại."]
    lost.refresh_from_db()
    assert (lost.status, lost.error, lost.started_at) == ("queued", "", None)
    assert broker_up == [(lost.pk,)]


@pytest.mark.django_db
def test_a_redelivered_task_does_nothing_to_a_job_that_is_not_queued(users, province):
    running = ReportJob.objects.create(
        kind="unit_directory",
        format="xlsx",
        requested_by=users["secretariat"],
        status="running",
        started_at=timezone.now(),
        attempts=1,
    )
    failed = ReportJob.objects.create(
        kind="unit_directory", format="xlsx", requested_by=users["secretariat"], status="failed"
    )
    assert services.report_run(job_id=running.pk).status == "running"
    assert services.report_run(job_id=failed.pk).status == "failed"
    running.refresh_from_db()
    assert running.attempts == 1  # not run a second time beside its worker


def test_the_visibility_timeout_is_just_above_the_hard_limit_and_the_sweeper_runs_each_minute():
    limit = django_settings.TDKT_REPORT_TIME_LIMIT
    assert (tasks.run_report.time_limit, tasks.run_report.soft_time_limit) == (
        limit,
        django_settings.TDKT_REPORT_SOFT_TIME_LIMIT,
    )
    assert (limit, django_settings.TDKT_REPORT_SOFT_TIME_LIMIT) == (660, 600)
    assert app.conf.broker_transport_options == {"visibility_timeout": 720}
    assert max(limit, app.conf.task_time_limit) < 720
    entry = django_settings.CELERY_BEAT_SCHEDULE["sweep-stale-reports"]
    assert (entry["task"], entry["schedule"]) == ("reports.sweep_stale", timedelta(minutes=1))
    assert "reports.sweep_stale" in app.tasks


# --- On PostgreSQL, with a redis-server of the test's own and real workers ---------------

needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="needs PostgreSQL (DATABASE_URL)"
)


@pytest.fixture
def own_redis():
    server = OwnRedis()
    server.start()
    yield server
    server.stop()


def _wait_for(job, predicate, *, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if predicate(job):
            return job
        time.sleep(0.2)
    job.refresh_from_db()
    return job


@needs_postgres
@pytest.mark.postgres
@pytest.mark.celery_worker
@pytest.mark.real_clock
def test_redis_stopped_while_a_report_is_asked_for_then_back(
    transactional_db, client, users, province, own_redis
):
    assert connection.vendor == "postgresql"
    client.force_login(users["secretariat"])
    workers = []
    with celery_app_on(own_redis.url):
        own_redis.stop()
        started = time.monotonic()
        response = client.post(
            reverse("reports:report_list"),
            {"kind": "unit_directory", "format": "xlsx"},
            follow=True,
        )
        answered_in = time.monotonic() - started
        assert response.status_code == 200
        assert _messages(response) == [QUEUE_DOWN]
        assert answered_in < 5
        job = ReportJob.objects.get()
        assert (job.status, job.dispatched_at) == ("queued", None)
        # The page lists the job, waiting.
        assert f'id="job-{job.pk}"' in response.content.decode()

        own_redis.start()
        try:
            workers.append(start_worker(own_redis.url))
            # What beat runs every minute: the job reaches the broker now.
            assert tasks.sweep_stale() == {"failed": 0, "requeued": 1}
            job = _wait_for(job, lambda j: j.is_finished, seconds=90)
            assert (job.status, job.attempts) == ("done", 1)
            download = client.get(reverse("reports:report_download", args=[job.pk]))
            assert download.status_code == 200
            assert b"".join(download.streaming_content)[:2] == b"PK"  # an XLSX
        finally:
            for worker in workers:
                stop_worker(worker)


@needs_postgres
@pytest.mark.postgres
@pytest.mark.celery_worker
@pytest.mark.real_clock
def test_a_worker_killed_mid_report_leaves_no_job_running_forever(
    transactional_db, client, users, province, own_redis, settings
):
    hard_limit = 6
    settings.TDKT_REPORT_TIME_LIMIT = hard_limit  # the sweeper's view of the limit
    limits = {"TDKT_REPORT_TIME_LIMIT": str(hard_limit), "TDKT_REPORT_SOFT_TIME_LIMIT": "5"}
    client.force_login(users["secretariat"])
    workers = []
    with celery_app_on(own_redis.url):
        try:
            slow = start_worker(own_redis.url, extra_env={**limits, "TDKT_TEST_REPORT_SLEEP": "60"})
            workers.append(slow)
            response = client.post(
                reverse("reports:report_list"), {"kind": "unit_directory", "format": "xlsx"}
            )
            assert response.status_code == 302
            job = _wait_for(ReportJob.objects.get(), lambda j: j.status == "running", seconds=60)
            assert job.status == "running"
            os.kill(slow.pid, signal.SIGKILL)  # the worker dies mid-report
            slow.wait(timeout=10)

            workers.append(start_worker(own_redis.url, extra_env=limits))
            # Beat's sweeper, every half second here instead of every minute.
            deadline = time.monotonic() + hard_limit + 10
            while time.monotonic() < deadline:
                tasks.sweep_stale()
                job.refresh_from_db()
                if job.status != "running":
                    break
                time.sleep(0.5)
            assert job.status == "failed"
            assert job.finished_at - job.started_at < timedelta(seconds=hard_limit + 5)
            # The user asks again; a live worker produces it.
            response = client.post(reverse("reports:report_retry", args=[job.pk]), follow=True)
            assert _messages(response)[-1] == "Báo cáo đang được tạo lại."
            job = _wait_for(job, lambda j: j.is_finished, seconds=90)
            assert (job.status, job.attempts) == ("done", 2)
        finally:
            for worker in workers:
                stop_worker(worker)


# --- The public pages while the cache (Redis) is down ------------------------------------


@pytest.fixture
def cache_on_own_redis(settings, own_redis):
    from units import ratelimit

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": own_redis.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    ratelimit.reset_degraded_state()
    yield own_redis
    ratelimit.reset_degraded_state()


@pytest.fixture
def open_consultation(users, province):
    from nominations.models import DossierState, NomineeOutcome
    from nominations.services.consultation import consultation_open
    from tests.factories import nominations as nf

    dossier = nf.dossier(
        unit=province["unit_a"], created_by=users["staff_a"], state=DossierState.CONSULTATION
    )
    nominee = nf.nominee(
        dossier=dossier,
        award="CONG_DAN_TB",
        person=province["person_a"],
        outcome=NomineeOutcome.APPROVED,
        needs_consultation=True,
    )
    consultation = consultation_open(
        title="Lấy ý kiến nhân dân đợt 1 năm 2026", nominees=[nominee], actor=users["secretariat"]
    )
    return consultation, nominee


@pytest.mark.django_db
def test_the_public_pages_answer_and_the_opinion_is_saved_while_the_cache_is_down(
    client, settings, province, open_consultation, cache_on_own_redis
):
    from django.core.cache import cache

    from nominations.models import Opinion
    from tests.factories.awards import grant

    certificate = grant("LDTT", 2025, person=province["person_b"])
    consultation, nominee = open_consultation
    url = reverse("nominations:consultation_public_detail", args=[consultation.pk])
    opinion = {
        "nominee": nominee.pk,
        "is_objection": "1",
        "body": "Tôi đề nghị xem lại thành tích năm 2025.",
        "sender_name": "",
        "sender_contact": "",
        "website": "",
    }
    cache.set("probe", 1)
    assert cache.get("probe") == 1  # the shared cache is in use
    cache_on_own_redis.stop()

    page = client.get(reverse("awards:verify", args=[certificate.verification_code]))
    assert page.status_code == 200
    assert "Nguyễn Văn An" in page.content.decode()
    settings.TDKT_OPINION_RATE_PER_HOUR = 2
    statuses = [client.post(url, opinion).status_code for _ in range(3)]
    # Saved, and still limited per address by the counter in this process.
    assert statuses == [302, 302, 429]
    assert (
        list(Opinion.objects.values_list("nominee_id", "body"))
        == [(nominee.pk, "Tôi đề nghị xem lại thành tích năm 2025.")] * 2
    )
    assert client.post(url, opinion, REMOTE_ADDR="14.161.20.30").status_code == 302
    assert Opinion.objects.count() == 3


@pytest.mark.django_db
def test_healthz_reports_the_database_and_the_broker_apart(client, own_redis):
    with celery_app_on(own_redis.url):
        response = client.get(reverse("units:healthz"))
        assert (response.status_code, response.content) == (200, b"database: ok\nbroker: ok\n")
        own_redis.stop()
        started = time.monotonic()
        response = client.get(reverse("units:healthz"))
        assert (response.status_code, response.content) == (200, b"database: ok\nbroker: down\n")
        assert time.monotonic() - started < 5


@pytest.mark.django_db
def test_healthz_asks_the_broker_on_a_kept_connection_and_finds_it_again(client, own_redis):
    """/healthz/ is polled all day and is the bench's ceiling (issue 13): it pings the broker
    on the connection it kept, not on a new one each time, and a Redis that restarted is
    found again on the next call."""
    url = reverse("units:healthz")
    watcher = redis.Redis.from_url(own_redis.url)
    with celery_app_on(own_redis.url):
        assert client.get(url).content == b"database: ok\nbroker: ok\n"
        before = watcher.info("stats")["total_connections_received"]
        bodies = [client.get(url).content for _ in range(10)]
        after = watcher.info("stats")["total_connections_received"]
        assert bodies == [b"database: ok\nbroker: ok\n"] * 10
        assert after - before == 0
        own_redis.stop()
        assert client.get(url).content == b"database: ok\nbroker: down\n"
        own_redis.start()
        assert client.get(url).content == b"database: ok\nbroker: ok\n"
    watcher.close()


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db import DatabaseError

    from units import selectors

    def down():
        raise DatabaseError("connection refused")

    monkeypatch.setattr(selectors, "health_check", down)
    response = client.get(reverse("units:healthz"))
    broker = b"eager" if app.conf.task_always_eager else b"ok"
    assert (response.status_code, response.content) == (
        503,
        b"database: down\nbroker: " + broker + b"\n",
    )
