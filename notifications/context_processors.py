"""The unread count shown in the header on every page: one COUNT query."""

from .selectors import notification_unread_count


def inbox(request) -> dict:
    user = getattr(request, "user", None)
    return {"unread_notifications": notification_unread_count(user=user) if user else 0}
