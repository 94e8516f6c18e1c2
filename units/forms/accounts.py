"""Login and two-factor forms."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device

LOGIN_FAILED = _(
    "The user name or password is incorrect, or the account is temporarily locked. "
    "Please try again or contact the administrator."
)


class LoginForm(AuthenticationForm):
    """User name, password and, for users with an authenticator app, the six-digit code.

    Every failure gives the same message, so the form does not tell an attacker whether
    the user exists, the password was wrong, the code was wrong or the account is locked.
    """

    otp_token = forms.CharField(
        label=_("Authenticator code"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Only if you have set up two-factor login."),
    )

    error_messages = {
        "invalid_login": LOGIN_FAILED,
        "inactive": LOGIN_FAILED,
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")
        self.otp_device = None

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            token = (cleaned.get("otp_token") or "").strip()
            device = match_token(user, token) if token else None
            if device is None:
                self.user_cache = None
                raise forms.ValidationError(LOGIN_FAILED, code="invalid_login")
            self.otp_device = device
        return cleaned


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Authenticator code"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
