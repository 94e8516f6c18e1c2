"""The dashboard: one page, with what each role does and real figures."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .. import selectors
from ..dashboard import panels_for
from ..models import Role
from ..pagecache import cached_page


@login_required
@cached_page
def dashboard(request):
    roles = selectors.roles_of(request.user)
    context = {
        "figures": selectors.dashboard_figures(user=request.user),
        "is_secretariat": roles.has(Role.SECRETARIAT),
        "is_chairman": roles.has(Role.CHAIRMAN),
        "is_council": roles.has(Role.COUNCIL_MEMBER),
        "is_unit": roles.has(Role.UNIT_STAFF, Role.UNIT_HEAD),
        "is_admin": roles.has(Role.ADMINISTRATOR),
        "no_role": not roles.roles,
        "panels": panels_for(request.user),
    }
    if roles.sees_whole_province:
        context["breakdown"] = selectors.unit_breakdown(user=request.user)
    if context["is_council"] or context["is_chairman"]:
        context["council"] = selectors.council_roster()
    if context["is_unit"]:
        context["my_units"] = selectors.own_units(user=request.user)
    return render(request, "dashboard.html", context)


@never_cache
def healthz(request):
    """For the load balancer and compose health checks: the database and the broker, each
    on its own line. The web answers 200 while the database does (a broker that is down
    delays reports and e-mails, it does not stop the pages); 503 when it does not."""
    from config.celery import broker_status

    try:
        selectors.health_check()
        database = "ok"
    except Exception:  # any database error: report it, never a 500 page
        database = "down"
    body = f"database: {database}\nbroker: {broker_status()}\n"
    response = HttpResponse(
        body, content_type="text/plain; charset=utf-8", status=200 if database == "ok" else 503
    )
    if database != "ok":
        # The same hint as the outage page: a load balancer or a script may wait and retry.
        response["Retry-After"] = str(settings.TDKT_RETRY_AFTER_SECONDS)
    return response


@never_cache
def security_txt(request):
    """RFC 9116: where to report a vulnerability (TDKT_SECURITY_CONTACT)."""
    expires = (timezone.now() + timedelta(days=180)).strftime("%Y-%m-%dT00:00:00Z")
    body = (
        f"Contact: mailto:{settings.TDKT_SECURITY_CONTACT}\n"
        f"Expires: {expires}\n"
        "Preferred-Languages: vi, en\n"
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")
