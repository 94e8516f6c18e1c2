"""Request id, session time limits, the two-factor requirement and no-store headers."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Role, SecurityEventKind
from .security import log_event, new_request_id
from .selectors import roles_of

SESSION_LOGIN_AT = "tdkt_login_at"
SESSION_SEEN_AT = "tdkt_seen_at"
# The last activity is written at most this often: writing it on every request cost every
# page an UPDATE of its session row and a transaction (issue 13's profile). The idle limit
# is therefore exact to within this many seconds, never longer than configured.
SEEN_AT_RESOLUTION_SECONDS = 60


def start_session_clock(request) -> None:
    """Mark the moment of login: the absolute session limit counts from here."""
    now = time.time()
    request.session[SESSION_LOGIN_AT] = now
    request.session[SESSION_SEEN_AT] = now


def clock_on_login(sender, request, user, **kwargs) -> None:
    """Every login starts the clock, whatever logged the user in (the login page, the
    two-factor step, a test client's force_login), so the first page after it does not
    write the session again."""
    if request is not None and hasattr(request, "session"):
        start_session_clock(request)


class RequestIdMiddleware:
    """Give every request an id, echoed in the response and in security events."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = new_request_id()
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class SessionTimeoutMiddleware:
    """End a session after 15 idle minutes (5 for administrators) or 8 hours in all.

    The session is flushed server-side, so the old cookie is worthless afterwards.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = session.setdefault(SESSION_LOGIN_AT, now)
            seen_at = session.get(SESSION_SEEN_AT, now)
            idle_minutes = (
                settings.TDKT_SESSION_IDLE_MINUTES_ADMIN
                if roles_of(user).has(Role.ADMINISTRATOR)
                else settings.TDKT_SESSION_IDLE_MINUTES
            )
            too_idle = now - seen_at > idle_minutes * 60
            too_old = now - login_at > settings.TDKT_SESSION_ABSOLUTE_HOURS * 3600
            if too_idle or too_old:
                log_event(
                    SecurityEventKind.SESSION_EXPIRED,
                    request=request,
                    reason="idle" if too_idle else "absolute",
                )
                logout(request)
                messages.info(request, _("Your session has expired. Please log in again."))
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            if now - seen_at >= SEEN_AT_RESOLUTION_SECONDS or SESSION_SEEN_AT not in session:
                session[SESSION_SEEN_AT] = now
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Where two-factor login is required, a user of a required role who has not passed
    the second factor may only reach the two-factor pages and log out."""

    ALLOWED_URL_NAMES = {"two_factor", "two_factor_setup", "logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if (
            settings.TDKT_OTP_REQUIRED
            and user.is_authenticated
            and not user.is_verified()
            and roles_of(user).has(*settings.TDKT_OTP_REQUIRED_ROLES)
            and request.resolver_match.url_name not in self.ALLOWED_URL_NAMES
        ):
            return redirect("units:two_factor")
        return None


class NoStoreMiddleware:
    """Pages for logged-in users carry personal data: browsers and proxies keep no copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        return response
