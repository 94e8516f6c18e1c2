"""The unread count shown in the header on every page: one COUNT query, run only when the
template shows the header (an htmx partial, without the header, asks for nothing)."""

from django.utils.functional import SimpleLazyObject

from .selectors import notification_unread_count


def inbox(request) -> dict:
    user = getattr(request, "user", None)
    if not user:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: notification_unread_count(user=user))}
