"""The security-event log: one function that writes an event, and the request context."""

import logging
import re
import uuid

from axes.helpers import get_client_ip_address
from django.http import HttpRequest

from .models import SecurityEvent, User

logger = logging.getLogger("tdkt.security")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def new_request_id() -> str:
    return uuid.uuid4().hex


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's real address behind the trusted proxies (AXES_PROXY_COUNT), found by
    python-ipware exactly as axes finds it, so lock-outs, rate limits and the security log
    agree; a forged X-Forwarded-For from outside is ignored."""
    if request is None:
        return None
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or None


def clean_for_log(value: str) -> str:
    """Neutralise CR, LF and other control characters so input cannot forge log lines."""
    return _CONTROL.sub("?", value or "")[:150]


def log_event(
    kind: str,
    *,
    request: HttpRequest | None = None,
    user: User | None = None,
    username: str = "",
    **detail,
) -> SecurityEvent:
    """Record a security event in the database and on the ``tdkt.security`` logger."""
    if user is None and request is not None and getattr(request.user, "is_authenticated", 0):
        user = request.user
    name = clean_for_log(username or (user.get_username() if user else ""))
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user if user and user.pk else None,
        username=name,
        ip_address=client_ip(request),
        request_id=getattr(request, "request_id", "") if request else "",
        detail=detail,
    )
    logger.info(
        "event=%s user=%s ip=%s request=%s",
        kind,
        name,
        event.ip_address or "-",
        event.request_id or "-",
    )
    return event
