"""Public consultation pages.

The public pages (``lay-y-kien/``) need no login: they list the consultations open today
and, for each, the nominees with only the facts meant to be public, and take opinions
through a form that is throttled per client address, carries a honeypot and stores
nothing on any error. A consultation that is closed or not yet open answers 404.

The secretariat's pages (``tham-dinh/lay-y-kien/``) open windows, moderate and answer
the opinions, record how each objection was resolved and close a window early; everyone
else gets 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from units.pagecache import cached_page
from units.ratelimit import over_limit, public
from units.views.helpers import apply_form_errors, paginate, require_perm

from ..forms.consultation import (
    ConsultationCloseForm,
    ConsultationForm,
    OpinionForm,
    OpinionHandleForm,
)
from ..models import Consultation, ConsultationState, OpinionStatus
from ..selectors import consultation as selectors
from ..selectors._core import dossiers_openable
from ..services import consultation as services

# At most this many opinions (form posts) per client address per hour; the deployment
# may change it with the TDKT_OPINION_RATE_PER_HOUR setting.
RATE_SETTING = "TDKT_OPINION_RATE_PER_HOUR"
RATE_PER_HOUR = 5
RATE_WINDOW_SECONDS = 3600


def rate_per_hour() -> int:
    return getattr(settings, RATE_SETTING, RATE_PER_HOUR)


def _over_limit(request) -> bool:
    return over_limit(
        request,
        scope="nominations:opinion",
        limit=rate_per_hour(),
        window_seconds=RATE_WINDOW_SECONDS,
    )


def _public(response: HttpResponse) -> HttpResponse:
    return public(response)


# --- Public pages ------------------------------------------------------------------------


@require_GET
@cached_page  # public and read by everyone the newspapers send (issue 13: ≥ 70% target)
def consultation_public_list(request):
    page = paginate(request, selectors.consultation_public_list())
    return _public(render(request, "nominations/consultation/public_list.html", {"page": page}))


@require_http_methods(["GET", "POST"])
def consultation_public_detail(request, pk: int):
    consultation = selectors.consultation_public_get(pk=pk)
    if consultation is None:
        raise Http404
    form = OpinionForm(
        request.POST if request.method == "POST" else None, consultation=consultation
    )
    if request.method == "POST":
        if _over_limit(request):
            return _public(render(request, "nominations/consultation/too_many.html", status=429))
        thanks = _(
            "Thank you. Your opinion has been received; the standing agency of the Council "
            "will consider it."
        )
        if form.is_bot:  # answered as if accepted; nothing is stored
            messages.success(request, thanks)
            return redirect("nominations:consultation_public_detail", pk=consultation.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.opinion_submit(
                    consultation=consultation,
                    nominee=data["nominee"],
                    is_objection=data["is_objection"],
                    body=data["body"],
                    sender_name=data["sender_name"],
                    sender_contact=data["sender_contact"],
                    consent=data["consent"],
                )
            except ValidationError as error:
                apply_form_errors(form, error)
            else:
                messages.success(request, thanks)
                return redirect("nominations:consultation_public_detail", pk=consultation.pk)
    context = {
        "consultation": consultation,
        "nominees": selectors.consultation_public_nominees(consultation=consultation),
        "form": form,
    }
    return _public(render(request, "nominations/consultation/public_detail.html", context))


# --- The secretariat's pages -----------------------------------------------------------


@login_required
@require_GET
def consultation_list(request):
    require_perm(request, "nominations.manage_consultation")
    page = paginate(request, selectors.consultation_list())
    return render(
        request,
        "nominations/consultation/list.html",
        {"page": page, "waiting": selectors.nominees_for_consultation().count()},
    )


def _closing_day(form: ConsultationForm):
    """The closing day for the window the form holds (bound or initial), or None."""
    field_opens, field_days = form["opens_on"], form["days"]
    try:
        opens_on = form.fields["opens_on"].clean(field_opens.value())
        days = form.fields["days"].clean(field_days.value())
    except ValidationError:
        return None
    if opens_on is None or days is None:
        return None
    return services.consultation_closing_day(opens_on, days)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request):
    require_perm(request, "nominations.manage_consultation")
    eligible = selectors.nominees_for_consultation()
    if request.method == "GET" and "preview" in request.GET:  # htmx: the closing day only
        form = ConsultationForm(request.GET, eligible=eligible)
        return render(
            request,
            "nominations/consultation/_closing_day.html",
            {"closes_on": _closing_day(form)},
        )
    form = ConsultationForm(request.POST if request.method == "POST" else None, eligible=eligible)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services.consultation_open(
                title=data["title"],
                nominees=data["nominees"],
                opens_on=data["opens_on"],
                days=data["days"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(
                request,
                _("The public consultation “%(title)s” is open until %(day)s.")
                % {
                    "title": consultation.title,
                    "day": formats.date_format(consultation.closes_on, "d/m/Y"),
                },
            )
            return redirect("nominations:consultation_manage", pk=consultation.pk)
    chosen = {str(v) for v in (form["nominees"].value() or [])}
    return render(
        request,
        "nominations/consultation/form.html",
        {
            "form": form,
            "eligible": list(eligible),
            "chosen": chosen,
            "closes_on": _closing_day(form),
        },
    )


STATUS_FILTERS = (
    ("", gettext_lazy("All")),
    ("open", gettext_lazy("Open objections")),
) + tuple((s.value, s.label) for s in OpinionStatus)


def _manage_page(
    request, consultation: Consultation, *, bound=None, close_form=None, status: int = 200
):
    require_perm(request, "nominations.manage_consultation", consultation)
    bound = bound or {}
    state_filter = request.GET.get("status", "")
    opinions = selectors.consultation_opinions(consultation=consultation, status=state_filter)
    page = paginate(request, opinions)
    rows = []
    for opinion in page:
        form = bound.get(opinion.pk) or OpinionHandleForm(
            prefix=f"op{opinion.pk}",
            initial={
                "status": opinion.status if opinion.status != OpinionStatus.NEW else "",
                "answer": opinion.answer,
                "resolution": opinion.resolution,
            },
        )
        rows.append((opinion, form))
    nominees = selectors.consultation_nominees(consultation=consultation)
    context = {
        "consultation": consultation,
        "nominees": nominees,
        # A nominee's dossier is linked only where this reader may open it (no 404).
        "open_dossiers": dossiers_openable(
            user=request.user, ids=[nominee.dossier_id for nominee in nominees]
        ),
        "page": page,
        "rows": rows,
        "status_filters": [(v, str(label)) for v, label in STATUS_FILTERS],
        "state_filter": state_filter,
        "can_close": request.user.has_perm("nominations.close_consultation", consultation),
        "is_open": consultation.state == ConsultationState.OPEN,
        "closes_early": timezone.localdate() <= consultation.closes_on,
        "close_form": close_form or ConsultationCloseForm(),
    }
    return render(request, "nominations/consultation/manage.html", context, status=status)


@login_required
@require_GET
def consultation_manage(request, pk: int):
    require_perm(request, "nominations.manage_consultation")
    consultation = selectors.consultation_get(pk=pk)
    if consultation is None:
        raise Http404
    return _manage_page(request, consultation)


@login_required
@require_POST
def opinion_handle(request, pk: int):
    require_perm(request, "nominations.manage_consultation")
    opinion = selectors.opinion_get(pk=pk)
    if opinion is None:
        raise Http404
    require_perm(request, "nominations.manage_consultation", opinion.consultation)
    form = OpinionHandleForm(request.POST, prefix=f"op{opinion.pk}")
    if form.is_valid():
        try:
            services.opinion_handle(opinion=opinion, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(
                request,
                _("The opinion no. %(id)s was recorded as “%(status)s”.")
                % {"id": opinion.pk, "status": OpinionStatus(form.cleaned_data["status"]).label},
            )
            url = reverse("nominations:consultation_manage", args=[opinion.consultation_id])
            return redirect(f"{url}#opinion-{opinion.pk}")
    consultation = selectors.consultation_get(pk=opinion.consultation_id)
    messages.error(request, _("The opinion no. %(id)s was not saved.") % {"id": opinion.pk})
    return _manage_page(request, consultation, bound={opinion.pk: form})


@login_required
@require_POST
def consultation_close(request, pk: int):
    require_perm(request, "nominations.manage_consultation")
    consultation = selectors.consultation_get(pk=pk)
    if consultation is None:
        raise Http404
    require_perm(request, "nominations.close_consultation", consultation)
    form = ConsultationCloseForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, consultation, close_form=form, status=400)
    try:
        services.consultation_close(
            consultation=consultation, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            apply_form_errors(form, error)
            messages.error(request, _("The public consultation was not closed."))
            return _manage_page(request, consultation, close_form=form, status=400)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "The public consultation “%(title)s” is closed; "
                "its result was joined to the dossiers."
            )
            % {"title": consultation.title},
        )
    return redirect("nominations:consultation_manage", pk=consultation.pk)


urlpatterns = [
    path("lay-y-kien/", consultation_public_list, name="consultation_public_list"),
    path("lay-y-kien/<int:pk>/", consultation_public_detail, name="consultation_public_detail"),
    path("tham-dinh/lay-y-kien/", consultation_list, name="consultation_list"),
    path("tham-dinh/lay-y-kien/mo/", consultation_create, name="consultation_create"),
    path("tham-dinh/lay-y-kien/<int:pk>/", consultation_manage, name="consultation_manage"),
    path("tham-dinh/lay-y-kien/<int:pk>/dong/", consultation_close, name="consultation_close"),
    path("tham-dinh/lay-y-kien/y-kien/<int:pk>/", opinion_handle, name="opinion_handle"),
]
