"""Exemplar pages: the list (a unit's own; all for the secretariat), the form, the detail
with its stages, consent, photos and publication; and the PUBLIC gallery (no login) of
published, consented exemplars, with a page per exemplar. The gallery reads only the
public fields: never ethnicity, ID numbers or birth dates."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.models import AwardGrant
from units.models import Role, Unit
from units.selectors import roles_of

from .. import services
from ..forms import ConsentForm, ExemplarFilter, ExemplarForm, GalleryFilter, PhotoForm, StageForm
from ..gallery_cache import cached
from ..models import STAGE_ORDER, Exemplar, ExemplarPhoto, ExemplarStage, Movement
from ..selectors import (
    exemplar_award_candidates,
    exemplar_award_list,
    exemplar_list_visible,
    gallery_communes,
    gallery_movements,
    gallery_page,
    public_exemplars,
)
from ._common import apply_form_errors, error_messages, paginate, require_perm


def _exemplar(request, pk: int, perm: str = "campaigns.view_exemplar") -> Exemplar:
    exemplar = get_object_or_404(exemplar_list_visible(user=request.user), pk=pk)
    require_perm(request, perm, exemplar)
    return exemplar


def _units(user):
    if roles_of(user).has(Role.SECRETARIAT):
        return Unit.objects.filter(is_active=True).order_by("path")
    return Unit.objects.filter(pk__in=roles_of(user).unit_ids, is_active=True).order_by("path")


@login_required
def exemplar_list(request):
    require_perm(request, "campaigns.view_exemplar_list")
    visible = exemplar_list_visible(user=request.user)
    exemplar_filter = ExemplarFilter(request.GET or None, queryset=visible)
    exemplars = exemplar_filter.qs if exemplar_filter.is_bound else visible
    return render(
        request,
        "campaigns/exemplar_list.html",
        {
            "filter": exemplar_filter,
            "page": paginate(request, exemplars),
            "can_add": request.user.has_perm("campaigns.add_exemplar"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_create(request):
    require_perm(request, "campaigns.add_exemplar")
    units = _units(request.user)
    initial = {"unit": units.first(), "commune": units.first()} if len(units) == 1 else {}
    form = ExemplarForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            exemplar = services.exemplar_propose(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The exemplar was proposed."))
            return redirect("campaigns:exemplar_detail", pk=exemplar.pk)
    return render(request, "campaigns/exemplar_form.html", {"form": form, "exemplar": None})


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_update(request, pk: int):
    exemplar = _exemplar(request, pk, "campaigns.change_exemplar")
    form = ExemplarForm(request.POST or None, instance=exemplar, units=_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.exemplar_update(exemplar=exemplar, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The exemplar was saved."))
            return redirect("campaigns:exemplar_detail", pk=exemplar.pk)
    return render(request, "campaigns/exemplar_form.html", {"form": form, "exemplar": exemplar})


@login_required
def exemplar_detail(request, pk: int):
    exemplar = _exemplar(request, pk)
    index = STAGE_ORDER.index(exemplar.stage)
    next_stage = ExemplarStage(STAGE_ORDER[index + 1]) if index + 1 < len(STAGE_ORDER) else None
    return render(
        request,
        "campaigns/exemplar_detail.html",
        {
            "exemplar": exemplar,
            "stages": exemplar.stages.select_related("responsible_unit"),
            "photos": exemplar.photos.all(),
            "next_stage": next_stage,
            "stage_form": StageForm(
                initial={"on": timezone.localdate(), "responsible_unit": exemplar.responsible_unit}
            ),
            "consent_form": ConsentForm(initial={"consent_on": timezone.localdate()}),
            "photo_form": PhotoForm(),
            "can_change": request.user.has_perm("campaigns.change_exemplar", exemplar),
            "can_curate": request.user.has_perm("campaigns.curate_exemplar", exemplar),
            "can_link": request.user.has_perm("campaigns.link_exemplar_awards", exemplar),
            "awards": exemplar_award_list(exemplar=exemplar),
        },
    )


@login_required
@require_POST
def exemplar_advance(request, pk: int):
    exemplar = _exemplar(request, pk, "campaigns.change_exemplar")
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            services.exemplar_advance(exemplar=exemplar, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("The exemplar moved to its next stage."))
    else:
        messages.error(request, _("Give the date and the responsible unit of the stage."))
    return redirect("campaigns:exemplar_detail", pk=exemplar.pk)


@login_required
@require_POST
def exemplar_consent(request, pk: int):
    exemplar = _exemplar(request, pk, "campaigns.change_exemplar")
    if request.POST.get("withdraw"):
        services.exemplar_withdraw_consent(exemplar=exemplar, actor=request.user)
        messages.success(request, _("The consent was withdrawn: the exemplar is no longer public."))
        return redirect("campaigns:exemplar_detail", pk=exemplar.pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.exemplar_record_consent(
                exemplar=exemplar, actor=request.user, on=form.cleaned_data["consent_on"]
            )
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("The consent to publication was recorded."))
    else:
        messages.error(request, _("Give the date of the consent."))
    return redirect("campaigns:exemplar_detail", pk=exemplar.pk)


@login_required
@require_POST
def exemplar_publish(request, pk: int):
    exemplar = _exemplar(request, pk, "campaigns.curate_exemplar")
    publish = request.POST.get("publish") != "0"
    try:
        services.exemplar_publish(exemplar=exemplar, actor=request.user, publish=publish)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _("The exemplar is published in the gallery.")
            if publish
            else _("The exemplar was taken off the gallery."),
        )
    return redirect("campaigns:exemplar_detail", pk=exemplar.pk)


@login_required
@require_POST
def exemplar_photo_add(request, pk: int):
    exemplar = _exemplar(request, pk, "campaigns.change_exemplar")
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.exemplar_photo_add(exemplar=exemplar, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("The photo was added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("campaigns:exemplar_detail", pk=exemplar.pk)


@login_required
def exemplar_photo(request, pk: int, photo_pk: int):
    exemplar = _exemplar(request, pk)
    photo = get_object_or_404(ExemplarPhoto, pk=photo_pk, exemplar=exemplar)
    return _photo_response(photo)


def _photo_response(photo: ExemplarPhoto):
    name = photo.image.name.lower()
    content_type = "image/png" if name.endswith(".png") else "image/jpeg"
    response = FileResponse(photo.image.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Awards the exemplar received ------------------------------------------------------------


@login_required
def exemplar_awards(request, pk: int):
    """The awards linked to the exemplar (shown with their verification links in the
    gallery) and, for whoever keeps it, the archive's awards that may be its own, to link."""
    exemplar = _exemplar(request, pk)
    can_link = request.user.has_perm("campaigns.link_exemplar_awards", exemplar)
    text = request.GET.get("q", "")[:100]
    return render(
        request,
        "campaigns/exemplar_awards.html",
        {
            "exemplar": exemplar,
            "linked": exemplar_award_list(exemplar=exemplar),
            "candidates": exemplar_award_candidates(exemplar=exemplar, user=request.user, text=text)
            if can_link
            else [],
            "q": text,
            "can_link": can_link,
        },
    )


def _grant(request) -> AwardGrant | None:
    value = request.POST.get("grant", "")
    return AwardGrant.objects.filter(pk=value).first() if value.isdigit() else None


@login_required
@require_POST
def exemplar_award_link(request, pk: int):
    exemplar = _exemplar(request, pk, "campaigns.link_exemplar_awards")
    grant = _grant(request)
    unlink = request.POST.get("unlink") == "1"
    if grant is None:
        messages.error(request, _("Choose an award of the archive."))
        return redirect("campaigns:exemplar_awards", pk=exemplar.pk)
    service = services.exemplar_award_unlink if unlink else services.exemplar_award_link
    try:
        service(exemplar=exemplar, actor=request.user, grant=grant)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(
            request,
            _("The award was unlinked from the exemplar.")
            if unlink
            else _("The award was linked to the exemplar."),
        )
    return redirect("campaigns:exemplar_awards", pk=exemplar.pk)


# --- The public gallery --------------------------------------------------------------------


def gallery(request):
    """Published exemplars with consent, for everyone: filters and accent-insensitive
    search. A page reads one row more than it shows instead of counting every match, and
    the rendered list (filters, cards, pages) comes from the gallery's cache
    (``gallery_cache``) keyed by the query string: no query on a warm cache, three or four
    on a cold one, whatever the number of exemplars."""
    body = cached(
        "body",
        {"get": request.GET.urlencode()[:1000], "language": get_language()},
        lambda: _gallery_body(request),
    )
    return render(request, "campaigns/gallery.html", {"body": mark_safe(body)})  # noqa: S308


def _gallery_body(request) -> str:
    """The filters, the cards and the pages, rendered once for the cache (no CSRF token
    nor anything of the visitor in it: the same for every visitor of that query)."""
    choices = cached("choices", {}, _gallery_choices)
    form = GalleryFilter(
        request.GET or None,
        movements=Movement.objects.all(),
        communes=Unit.objects.all(),
        choices=choices,
    )
    filters = form.filters() if form.is_bound else {}
    number = request.GET.get("page", "1")
    number = int(number) if number.isdigit() and len(number) < 7 else 1
    page = gallery_page(
        filters=filters, number=number, size=settings.TDKT_PAGE_SIZE, fields=PUBLIC_FIELDS
    )
    return render_to_string(
        "campaigns/_gallery_body.html", {"form": form, "page": page}, request=request
    )


def _gallery_choices() -> dict:
    return GalleryFilter(movements=gallery_movements(), communes=gallery_communes()).options()


PUBLIC_FIELDS = (
    "pk",
    "name",
    "subject_kind",
    "field",
    "summary",
    "media_links",
    "published_at",
    "commune__name",
    "commune__full_name",
    "movement__name",
    "movement__code",
)


def gallery_detail(request, pk: int):
    exemplar = get_object_or_404(public_exemplars().only(*PUBLIC_FIELDS), pk=pk)
    return render(
        request,
        "campaigns/gallery_detail.html",
        {
            "exemplar": exemplar,
            "photos": exemplar.photos.all(),
            "grants": exemplar.awards.select_related("award").only(
                "pk", "year", "verification_code", "award__name"
            ),
        },
    )


def gallery_photo(request, pk: int, photo_pk: int):
    exemplar = get_object_or_404(public_exemplars(), pk=pk)
    photo = get_object_or_404(ExemplarPhoto, pk=photo_pk, exemplar=exemplar)
    return _photo_response(photo)


urlpatterns = [
    path("dien-hinh/", exemplar_list, name="exemplar_list"),
    path("dien-hinh/them/", exemplar_create, name="exemplar_create"),
    path("dien-hinh/<int:pk>/", exemplar_detail, name="exemplar_detail"),
    path("dien-hinh/<int:pk>/sua/", exemplar_update, name="exemplar_update"),
    path("dien-hinh/<int:pk>/giai-doan/", exemplar_advance, name="exemplar_advance"),
    path("dien-hinh/<int:pk>/dong-y/", exemplar_consent, name="exemplar_consent"),
    path("dien-hinh/<int:pk>/cong-bo/", exemplar_publish, name="exemplar_publish"),
    path("dien-hinh/<int:pk>/anh/", exemplar_photo_add, name="exemplar_photo_add"),
    path("dien-hinh/<int:pk>/anh/<int:photo_pk>/", exemplar_photo, name="exemplar_photo"),
    path("dien-hinh/<int:pk>/khen-thuong/", exemplar_awards, name="exemplar_awards"),
    path("dien-hinh/<int:pk>/khen-thuong/gan/", exemplar_award_link, name="exemplar_award_link"),
    path("guong-dien-hinh/", gallery, name="gallery"),
    path("guong-dien-hinh/<int:pk>/", gallery_detail, name="gallery_detail"),
    path("guong-dien-hinh/<int:pk>/anh/<int:photo_pk>/", gallery_photo, name="gallery_photo"),
]
