"""A database that is down or restarting answers a Vietnamese 503 page with Retry-After,
never a 500 (issue 13 point 6).

Three entry points, because Django turns an exception into a response at the layer where
it is raised: ``DatabaseUnavailableMiddleware.process_exception`` catches what a view
raises; ``server_error`` (handler500) catches what a middleware raises (the session and
user lookups run there); ``bad_request`` (handler400) catches the session middleware's
SessionInterrupted when the database went away before the session was saved. All three
render without a database: no context processors, no session.
The connection heals by itself: Django drops a broken connection at the end of the request
(CONN_HEALTH_CHECKS re-checks a kept one), so the next request after the restart connects
anew and gets its page.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

logger = logging.getLogger("tdkt.outage")


def is_database_outage(exception: BaseException | None) -> bool:
    """An error of reaching the database (refused, terminated, closed connection, timeout),
    as opposed to an error in the query itself (IntegrityError, ProgrammingError…), or an
    error raised while handling one: the session middleware turns a failed save into
    SessionInterrupted (a 400), whose context is the OperationalError."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, OperationalError | InterfaceError):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def unavailable_response() -> HttpResponse:
    seconds = settings.TDKT_RETRY_AFTER_SECONDS
    body = loader.get_template("errors/503.html").render({"retry_after": seconds})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        logger.warning("database unavailable on %s %s: %s", request.method, request.path, exception)
        return unavailable_response()


def server_error(request):
    """handler500: an outage raised inside a middleware still gets the 503 page."""
    exception = sys.exc_info()[1]
    if is_database_outage(exception):
        logger.warning("database unavailable on %s: %s", request.path, exception)
        return unavailable_response()
    from units.views.errors import server_error as portal_server_error

    return portal_server_error(request)


def bad_request(request, exception):
    """handler400: a session save that failed because the database went away is an outage."""
    if is_database_outage(exception):
        logger.warning("database unavailable on %s: %s", request.path, exception)
        return unavailable_response()
    return defaults.bad_request(request, exception)
