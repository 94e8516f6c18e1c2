"""Public certificate verification: anyone holding a certificate's code (printed under
its QR code) can check that the award is real.

The page shows only what the decision itself made public: the award, the year, the
recipient's name and unit, the decision's number and date and the signer's position;
never a birth date, an ID number, an ethnicity, a cash amount or an internal id
(SECURITY-TESTS.md B3). Codes are short, grouped and case-insensitive (awards/codes.py:
about 59 random bits, older 128-bit codes still answer); any case, spacing and dashes
find the code, and the page's address is the printed form. An unknown code and a
malformed one get the same 404 page. Requests are throttled per client address.
"""

import hashlib
from functools import wraps

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from units.caching import cache_get, cache_set
from units.pagecache import cached_page
from units.qr import qr_svg
from units.ratelimit import over_limit, public

from .. import selectors
from ..codes import normalize, verification_url
from ..models import AwardGrant

# At most this many verification requests (page or QR) per client address per minute;
# the deployment may change it with the TDKT_VERIFY_RATE_PER_MINUTE setting.
RATE_SETTING = "TDKT_VERIFY_RATE_PER_MINUTE"
RATE_PER_MINUTE = 30
RATE_WINDOW_SECONDS = 60


# A code's QR image never changes for a given site address. The page itself carries only
# the address its QR code encodes, and the visitor's browser draws it (static/js/qr.js):
# drawing it here was two thirds of the page's time for a code not asked for before
# (issue 13's profile). The image below is drawn by the server for browsers without
# JavaScript (the page's <noscript>), once per code and site address; the time only bounds
# how long an image nobody asks for again stays in the cache.
QR_CACHE_SECONDS = 7 * 24 * 3600


def page_qr_svg(code: str, base: str) -> str:
    """The QR code (SVG) of ``code``'s page on the site at ``base``, drawn once."""
    key = "awards:verify-qr:v2:" + hashlib.sha256(f"{base}|{code}".encode()).hexdigest()
    svg = cache_get(key)
    if svg is None:
        svg = qr_svg(verification_url(code, base=base))
        cache_set(key, svg, QR_CACHE_SECONDS)
    return svg


def rate_per_minute() -> int:
    return getattr(settings, RATE_SETTING, RATE_PER_MINUTE)


def _over_limit(request) -> bool:
    return over_limit(
        request, scope="awards:verify", limit=rate_per_minute(), window_seconds=RATE_WINDOW_SECONDS
    )


def _public(response: HttpResponse) -> HttpResponse:
    return public(response)


def public_view(view):
    """Throttle per client address, answer unknown codes with one 404 page, and mark
    every answer as not to be stored or indexed."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if _over_limit(request):
            return _public(render(request, "awards/public/too_many.html", status=429))
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            response = render(request, "awards/public/not_found.html", status=404)
        return _public(response)

    return wrapper


def _grant_or_404(code: str) -> AwardGrant:
    grant = selectors.grant_for_code(code)
    if grant is None:
        raise Http404
    return grant


@require_GET
@public_view
@cached_page
def verify(request, code: str):
    grant = _grant_or_404(code)
    printed = normalize(code)
    if printed != code:  # typed in another case or spacing: the printed address
        return redirect("awards:verify", code=printed)
    decision = grant.decision
    facts = {
        "award": grant.award.name,
        "year": grant.year,
        "recipient": grant.recipient_name,
        "unit": grant.recipient_unit_name or (grant.unit.label if grant.unit_id else ""),
        "decision_number": decision.number if decision else "",
        "decision_date": decision.issued_on if decision else None,
        "signer_position": decision.signer_position if decision else "",
    }
    # Revoked by a later decision (awards.revocation): the page says so, with that
    # decision's reference and the reason it gives (part of a public decision).
    revocation = (
        {
            "number": grant.revoked_by.number if grant.revoked_by_id else "",
            "date": grant.revoked_on,
            "reason": grant.revocation_reason,
        }
        if grant.is_revoked
        else None
    )
    context = {
        "facts": facts,
        "revocation": revocation,
        "code": printed,
        # What the page's QR code encodes: the browser draws it (static/js/qr.js).
        "page_url": verification_url(printed, base=request.build_absolute_uri("/")),
    }
    # Only these facts reach the template, never the grant or the person.
    return render(request, "awards/public/verify.html", context)


@require_GET
@public_view
def verify_qr(request, code: str):
    _grant_or_404(code)
    svg = page_qr_svg(normalize(code), request.build_absolute_uri("/"))
    return HttpResponse(svg, content_type="image/svg+xml")


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=64,
        help_text=_(
            "The code printed under the QR code on the certificate, such as 7KQM-4XRT-93HV:"
            " upper or lower case, with or without dashes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self):
        code = normalize(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _(
                    "Check the code: the 12 letters and digits printed under the QR code,"
                    " for example 7KQM-4XRT-93HV."
                )
            )
        return code


@require_GET
def verify_form(request):
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        return redirect("awards:verify", code=form.cleaned_data["code"])
    return _public(render(request, "awards/public/verify_form.html", {"form": form}))


urlpatterns = [
    path("xac-minh/", verify_form, name="verify_form"),
    path("xac-minh/<str:code>/", verify, name="verify"),
    path("xac-minh/<str:code>/qr.svg", verify_qr, name="verify_qr"),
]
