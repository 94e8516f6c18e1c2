"""Helpers shared by the campaigns views."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from units.views.helpers import apply_form_errors, paginate, require_perm

__all__ = ["apply_form_errors", "error_messages", "paginate", "require_perm"]


def error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)
