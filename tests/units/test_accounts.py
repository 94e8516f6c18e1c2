"""Login, lock-out, sessions, two-factor, headers: the security baseline (SECURITY-TESTS A, D4)."""

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD
from units.models import SecurityEvent

pytestmark = pytest.mark.django_db

LOGIN_FAILED = (
    "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm bị khóa. "
    "Vui lòng thử lại hoặc liên hệ quản trị viên."
)


def login(client, username, password=PASSWORD, ip="10.0.0.1", **extra):
    return client.post(
        reverse("units:login"),
        {"username": username, "password": password, **extra},
        REMOTE_ADDR=ip,
    )


def test_login_page_is_vietnamese(client):
    body = client.get(reverse("units:login")).content.decode()
    assert "<title>Đăng nhập · Quảng Ngãi</title>" in body
    assert 'lang="vi"' in body


def test_login_lands_on_dashboard_and_is_logged(client, users):
    response = login(client, "staff_a")
    assert response.status_code == 302
    assert response["Location"] == reverse("units:dashboard")
    event = SecurityEvent.objects.get(kind="login_ok")
    assert (event.username, event.ip_address) == ("staff_a", "10.0.0.1")
    assert len(event.request_id) == 32


def test_wrong_password_gives_the_one_message(client, users):
    response = login(client, "staff_a", password="wrong-password-123")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [LOGIN_FAILED]
    assert SecurityEvent.objects.filter(kind="login_failed", username="staff_a").count() == 1


def test_lockout_after_five_failures_same_message_per_address(users):
    attacker = Client()
    texts = set()
    for _ in range(5):
        response = login(attacker, "staff_a", password="wrong-password-123")
        texts.add(response.context["form"].non_field_errors()[0])
    locked = login(attacker, "staff_a")  # the right password, but locked
    assert locked.status_code == 200
    assert LOGIN_FAILED in locked.content.decode()
    assert "_auth_user_id" not in attacker.session
    assert texts == {LOGIN_FAILED}
    assert SecurityEvent.objects.filter(kind="locked_out").exists()
    # The lock is on (user name, address): the owner from another address still logs in.
    assert login(Client(), "staff_a", ip="10.0.0.2").status_code == 302


def test_logout_ends_the_session_server_side(client, users):
    login(client, "staff_a")
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("units:logout"))
    assert not Session.objects.filter(session_key=key).exists()
    replay = Client()
    replay.cookies["sessionid"] = key
    assert replay.get(reverse("units:dashboard")).status_code == 302


def test_logout_by_get_is_refused(client, users):
    login(client, "staff_a")
    assert client.get(reverse("units:logout")).status_code == 405


def test_new_session_key_at_login(client, users):
    client.get(reverse("units:login"))
    client.session.save()
    before = client.session.session_key
    login(client, "staff_a")
    assert client.session.session_key != before


@pytest.mark.parametrize(
    ("minutes", "still_in"), [(14, True), (16, False)], ids=["idle-14min", "idle-16min"]
)
def test_idle_timeout(client, users, minutes, still_in):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        login(client, "staff_a")
        assert client.get(reverse("units:dashboard")).status_code == 200
        traveller.shift(minutes * 60)
        response = client.get(reverse("units:dashboard"))
    assert (response.status_code == 200) is still_in


def test_the_last_activity_is_written_once_a_minute_and_still_keeps_the_session(client, users):
    """A page view within a minute of the last written activity does not rewrite the
    session row; one later than that does, and activity every 14 minutes keeps the
    session alive for an hour."""
    from django.contrib.sessions.models import Session

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        login(client, "staff_a")
        client.get(reverse("units:dashboard"))
        row = Session.objects.get(session_key=client.session.session_key)
        traveller.shift(30)
        client.get(reverse("units:dashboard"))
        assert Session.objects.get(pk=row.pk).session_data == row.session_data
        traveller.shift(31)
        client.get(reverse("units:dashboard"))
        assert Session.objects.get(pk=row.pk).session_data != row.session_data
        for _ in range(4):
            traveller.shift(14 * 60)
            response = client.get(reverse("units:dashboard"))
            assert response.status_code == 200


def test_absolute_timeout_of_eight_hours(client, users):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        login(client, "staff_a")
        for _ in range(8 * 6):  # active every 10 minutes for 8 hours
            traveller.shift(10 * 60)
            response = client.get(reverse("units:dashboard"))
        traveller.shift(60)
        response = client.get(reverse("units:dashboard"))
    assert response.status_code == 302
    assert SecurityEvent.objects.filter(kind="session_expired", detail__reason="absolute").exists()


def test_password_change_ends_other_sessions(users):
    first, second = Client(), Client()
    login(first, "staff_a")
    login(second, "staff_a", ip="10.0.0.9")
    new_password = "một mật khẩu rất dài 2026"
    response = first.post(
        reverse("units:password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert first.get(reverse("units:dashboard")).status_code == 200
    assert second.get(reverse("units:dashboard")).status_code == 302


def test_password_reset_sends_mail_in_vietnamese(client, users, mailoutbox):
    users["staff_a"].email = "staff@example.gov.vn"
    users["staff_a"].save()
    response = client.post(reverse("units:password_reset"), {"email": "staff@example.gov.vn"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "đặt lại mật khẩu" in mailoutbox[0].body.lower()
    assert "/tai-khoan/dat-lai-mat-khau/" in mailoutbox[0].body


def _device(user):
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def test_two_factor_code_required_and_works_once(users):
    device = _device(users["secretariat"])
    assert "_auth_user_id" not in (c := Client()).session
    assert login(c, "sec").status_code == 200  # password alone is not enough
    token = f"{totp(device.bin_key):06d}"
    ok = Client()
    assert login(ok, "sec", otp_token=token).status_code == 302
    replay = Client()
    response = login(replay, "sec", otp_token=token, ip="10.0.0.3")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [LOGIN_FAILED]


@pytest.mark.parametrize(
    ("user_key", "otp_required", "expected"),
    [
        ("secretariat", True, "/tai-khoan/xac-thuc-hai-lop/"),
        ("admin", True, "/tai-khoan/xac-thuc-hai-lop/"),
        ("staff_a", True, None),
        ("secretariat", False, None),
    ],
)
def test_two_factor_enforced_for_required_roles(
    client, settings, users, user_key, otp_required, expected
):
    settings.TDKT_OTP_REQUIRED = otp_required
    client.force_login(users[user_key])
    for name in ["units:dashboard", "units:person_list", "units:unit_list"]:
        response = client.get(reverse(name))
        if expected is None:
            assert response.status_code == 200
        else:
            assert (response.status_code, response["Location"]) == (302, expected)


def test_security_headers_on_pages(client, users):
    client.force_login(users["staff_a"])
    response = client.get(reverse("units:dashboard"))
    csp = response["Content-Security-Policy"]
    for directive in [
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "script-src 'self'",
    ]:
        assert directive in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"


def test_forged_log_line_is_neutralised(client, users):
    login(client, "a\r\nINFO forged", password="x")
    event = SecurityEvent.objects.get(kind="login_failed")
    assert event.username == "a??INFO forged"


def test_csrf_required_on_login():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("units:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "403" in response.content.decode()


def test_two_factor_enrolment_and_later_login(settings, users):
    settings.TDKT_OTP_REQUIRED = True
    client = Client()
    assert login(client, "sec").status_code == 302
    # Until the second factor is set up, every page leads to the two-factor pages.
    assert client.get(reverse("units:person_list"))["Location"] == reverse("units:two_factor")
    assert client.get(reverse("units:two_factor"))["Location"] == reverse("units:two_factor_setup")
    page = client.get(reverse("units:two_factor_setup"))
    assert page.context["qr"].startswith("data:image/svg+xml;base64,")
    device = TOTPDevice.objects.get(user=users["secretariat"], confirmed=False)
    wrong = client.post(reverse("units:two_factor_setup"), {"otp_token": "000000"})
    assert wrong.context["form"].errors["otp_token"]
    # A failure throttles the device for a moment (django-otp); the user tries again later.
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=5), tick=False):
        token = f"{totp(device.bin_key):06d}"
        response = client.post(reverse("units:two_factor_setup"), {"otp_token": token})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("units:person_list")).status_code == 200
    assert SecurityEvent.objects.filter(kind="otp_enrolled", username="sec").count() == 1
