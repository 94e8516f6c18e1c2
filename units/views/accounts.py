"""Login, logout, password change and reset, two-factor setup and verification."""

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..forms.accounts import LOGIN_FAILED, LoginForm, TokenForm
from ..middleware import start_session_clock
from ..models import SecurityEventKind
from ..qr import qr_data_uri
from ..security import log_event


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        start_session_clock(self.request)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
            log_event(SecurityEventKind.OTP_VERIFIED, request=self.request)
        log_event(SecurityEventKind.LOGIN_OK, request=self.request)
        return response

    def form_invalid(self, form):
        log_event(
            SecurityEventKind.LOGIN_FAILED,
            request=self.request,
            username=form.data.get("username", ""),
        )
        return super().form_invalid(form)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: the login page with the one message."""
    username = (credentials or {}).get("username", "")
    log_event(SecurityEventKind.LOCKED_OUT, request=request, username=username)
    return render(
        request,
        "accounts/login.html",
        {"form": LoginForm(request, initial={"username": username}), "locked": LOGIN_FAILED},
        status=200,
    )


class LogoutView(auth_views.LogoutView):
    """POST only; the session is flushed server-side."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            log_event(SecurityEventKind.LOGOUT, request=request)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("units:dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        log_event(SecurityEventKind.PASSWORD_CHANGED, request=self.request)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("units:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("units:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been set. You may log in now."))
        return response


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Ask for the authenticator code of a user who has a device but has not used it in
    this session; send a user without a device to set one up."""
    if not user_has_device(request.user):
        return redirect("units:two_factor_setup")
    if request.user.is_verified():
        return redirect("units:dashboard")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = next(
            (
                d
                for d in TOTPDevice.objects.devices_for_user(request.user, confirmed=True)
                if d.verify_token(form.cleaned_data["otp_token"])
            ),
            None,
        )
        if device is not None:
            otp_login(request, device)
            log_event(SecurityEventKind.OTP_VERIFIED, request=request)
            return redirect("units:dashboard")
        form.add_error("otp_token", _("The code is not correct or has already been used."))
    return render(request, "accounts/two_factor.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Enrol an authenticator app: show the secret as a QR code, confirm with one code."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"]):
            TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            log_event(SecurityEventKind.OTP_ENROLLED, request=request)
            messages.success(request, _("Two-factor login is now on for your account."))
            return redirect("units:dashboard")
        form.add_error("otp_token", _("The code is not correct or has already been used."))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": qr_data_uri(device.config_url),
            "secret": base64.b32encode(device.bin_key).decode(),
            "issuer": settings.OTP_TOTP_ISSUER,
        },
    )
