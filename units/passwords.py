"""Password rules beyond Django's validators (SECURITY-TESTS.md A2)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .search import normalize

CONTEXT_WORDS = ("thiduakhenthuong", "tdkt", "quangngai", "hoidongthidua", "ubndtinh")


class ContextWordValidator:
    """Refuse passwords built around the portal's own words (province, "thiduakhenthuong")."""

    def validate(self, password: str, user=None) -> None:
        folded = normalize(password).replace(" ", "").replace("-", "")
        for word in CONTEXT_WORDS:
            if word in folded and len(folded) - len(word) < 8:
                raise ValidationError(
                    _("This password is too close to the portal's own name."),
                    code="password_context_word",
                )

    def get_help_text(self) -> str:
        return _("Your password cannot be built around the portal's or the province's name.")
