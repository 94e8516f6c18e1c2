"""Pages: the inbox, marking read, the preferences, and for the secretariat the holiday
calendar and the manual deadlines.

A notification comes from the owner's selector only, so anyone else's answers 404; the
secretariat pages check their django-rules permission and deny with 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from units.views.helpers import paginate, require_perm

from . import selectors, services
from .forms import HolidayForm, ManualDeadlineForm, PreferenceForm
from .models import Holiday


@login_required
def inbox(request):
    page = paginate(request, selectors.notification_list_visible(user=request.user))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def mark_read(request, pk: int):
    notification = get_object_or_404(selectors.notification_list_visible(user=request.user), pk=pk)
    services.notification_mark_read(notification=notification, user=request.user)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    rows = selectors.preference_table(user=request.user)
    form = PreferenceForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.choices())
        messages.success(request, _("Your notification settings were saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def holiday_list(request):
    require_perm(request, "notifications.view_holiday")
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    form = HolidayForm(request.POST or None)
    if request.method == "POST":
        require_perm(request, "notifications.add_holiday")
        if form.is_valid():
            try:
                holiday = services.holiday_create(**form.cleaned_data)
            except IntegrityError:
                form.add_error("day", _("This day is already a holiday."))
            else:
                messages.success(request, _("The holiday was added."))
                return redirect(f"{reverse('notifications:holiday_list')}?year={holiday.day.year}")
    years = sorted(set(selectors.holiday_years()) | {year})
    return render(
        request,
        "notifications/holiday_list.html",
        {
            "form": form,
            "year": year,
            "years": years,
            "holidays": selectors.holiday_list(year=year),
        },
    )


@login_required
@require_POST
def holiday_delete(request, pk: int):
    require_perm(request, "notifications.delete_holiday")
    holiday = get_object_or_404(Holiday, pk=pk)
    year = holiday.day.year
    services.holiday_delete(holiday=holiday)
    messages.success(request, _("The holiday was removed."))
    return redirect(f"{reverse('notifications:holiday_list')}?year={year}")


@login_required
@require_http_methods(["GET", "POST"])
def deadline_list(request):
    require_perm(request, "notifications.view_manualdeadline")
    form = ManualDeadlineForm(request.POST or None)
    if request.method == "POST":
        require_perm(request, "notifications.add_manualdeadline")
        if form.is_valid():
            services.manual_deadline_create(actor=request.user, **form.cleaned_data)
            messages.success(request, _("The deadline was added."))
            return redirect("notifications:deadline_list")
    page = paginate(request, selectors.manual_deadline_list())
    upcoming = selectors.upcoming_deadlines(today=timezone.localdate(), reader=request.user)
    return render(
        request,
        "notifications/deadline_list.html",
        {"form": form, "page": page, "upcoming": upcoming},
    )
