"""Every write of the notifications app: deliver a notification, mark it read, keep the
preferences, holidays and manual deadlines, and send the deadline reminders.

E-mails are outbox rows (``OutgoingEmail``) written in the caller's transaction; the
``notifications.send_email`` task sends them after the commit, in the worker (never SMTP
inside a web request), with retries. A rollback sends nothing; a broker that is down at
the commit loses nothing (the sweeper queues the row again).
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from units.models import Role, RoleAssignment, Unit, User

from .deadlines import Deadline, add_working_days, deadlines_between, working_days_between
from .models import (
    EmailStatus,
    Holiday,
    ManualDeadline,
    Notification,
    NotificationKind,
    NotificationPreference,
    OutgoingEmail,
    ReminderLog,
)

logger = logging.getLogger(__name__)

# Publishing to a broker that is down gives up after about a second.
DISPATCH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.5,
}

DEFAULT_REMINDER_OFFSETS = (7, 3, 1)
# Overdue notices go out only for deadlines missed within this many days, so that an old
# deadline added late (or a long outage) does not flood the inboxes.
OVERDUE_LOOKBACK_DAYS = 30
OVERDUE_STAGE = "overdue"


# --- Delivery -------------------------------------------------------------------------------


class EmailNotSent(Exception):
    """The mail server refused or could not be reached; the task retries."""


# A row still pending this long after its task was queued is queued again by the sweeper
# (its task was lost, e.g. Redis restarted without saving); sending stays once only.
EMAIL_REQUEUE_AFTER = timedelta(hours=1)


def email_dispatch(*, email_id: int) -> bool:
    """Queue the row's sending task; False (logged, never raised) when the broker cannot
    be reached: the row stays pending and ``emails_sweep`` queues it later."""
    from .tasks import send_email  # the tasks call these services: import at call time

    try:
        send_email.apply_async((email_id,), retry_policy=DISPATCH_RETRY_POLICY)
    except Exception:  # kombu/redis/socket errors: the broker is down
        if send_email.app.conf.task_always_eager:
            raise
        logger.warning("e-mail %s: the broker is unreachable, it stays pending", email_id)
        return False
    OutgoingEmail.objects.filter(pk=email_id).update(dispatched_at=timezone.now())
    return True


def email_send(*, email_id: int) -> str:
    """Send one outbox row once: pending → sent; a row already sent or given up is left
    as it is (a redelivered task sends nothing twice). Raises ``EmailNotSent`` when the
    mail server fails, after counting the attempt, so the task retries."""
    failure = None
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email_id)
        if email.status != EmailStatus.PENDING:
            return email.status
        email.attempts += 1
        try:
            send_mail(email.subject, email.body, None, [email.address], fail_silently=False)
        except Exception as error:  # SMTP, socket, TLS: the task retries
            failure = error
            email.error = f"{type(error).__name__}: {error}"[:255]
        else:
            email.status = EmailStatus.SENT
            email.sent_at = timezone.now()
            email.error = ""
        email.save(update_fields=["attempts", "error", "status", "sent_at"])
    if failure is not None:
        raise EmailNotSent(email.error) from failure
    return email.status


def email_give_up(*, email_id: int) -> None:
    """After the last retry: the row stays visible as failed (admin)."""
    OutgoingEmail.objects.filter(pk=email_id, status=EmailStatus.PENDING).update(
        status=EmailStatus.FAILED
    )


def emails_sweep(*, now=None) -> int:
    """Beat: queue again the pending rows whose task never reached the broker, or was
    lost; stops at the first broker failure. Returns how many were queued."""
    now = now or timezone.now()
    stale = OutgoingEmail.objects.filter(status=EmailStatus.PENDING).filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - EMAIL_REQUEUE_AFTER)
    )
    queued = 0
    for email_id in stale.order_by("created_at", "id").values_list("pk", flat=True):
        if not email_dispatch(email_id=email_id):
            break
        queued += 1
    return queued


def _email_text(*, title: str, body: str, url: str) -> str:
    text = body or title
    if url:
        # TDKT_SITE_URL (optional) makes the link absolute in the e-mail.
        text = f"{text}\n\n{_site_url().rstrip('/')}{url}"
    return text


def _queue_emails(emails: list[OutgoingEmail]) -> None:
    """Write the outbox rows now; queue their tasks once the transaction commits."""
    if not emails:
        return
    rows = OutgoingEmail.objects.bulk_create(emails)
    ids = [row.pk for row in rows]

    def dispatch() -> None:
        for email_id in ids:
            if not email_dispatch(email_id=email_id):
                break  # the broker is down: the sweeper sends the rest later

    transaction.on_commit(dispatch)


def _deliver(
    *,
    user: User,
    kind: str,
    title: str,
    body: str,
    url: str,
    preference: NotificationPreference | None,
) -> Notification | None:
    in_app = preference.in_app if preference else True
    by_email = preference.by_email if preference else True
    notification = None
    if in_app:
        notification = Notification.objects.create(
            user=user, kind=kind, title=title[:255], body=body, url=url
        )
    if by_email and user.email:
        _queue_emails(
            [
                OutgoingEmail(
                    address=user.email,
                    subject=title[:255],
                    body=_email_text(title=title, body=body, url=url),
                )
            ]
        )
    return notification


def _site_url() -> str:
    return getattr(settings, "TDKT_SITE_URL", "")


def notify(
    *, user: User, kind: str, title: str, body: str = "", url: str = ""
) -> Notification | None:
    """Tell ``user`` about something, through the channels the user chose for ``kind``.

    Steps: read the user's preference for ``kind`` (none: both channels on); in the app →
    create the inbox row; by e-mail → send to the user's address (if any) once the
    transaction commits. Returns the inbox row, or None when the user turned it off.
    """
    preference = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return _deliver(user=user, kind=kind, title=title, body=body, url=url, preference=preference)


def notify_users(
    *, users: Iterable[User], kind: str, title: str, body: str = "", url: str = ""
) -> list[Notification]:
    """:func:`notify` for many users in a constant number of queries: their preferences
    for ``kind`` in one query, the inbox rows and the outbox rows in one insert each."""
    users = list(users)
    if not users:
        return []
    preferences = {
        p.user_id: p
        for p in NotificationPreference.objects.filter(user__in=[u.pk for u in users], kind=kind)
    }
    notifications, emails = [], []
    text = _email_text(title=title, body=body, url=url)
    for user in users:
        preference = preferences.get(user.pk)
        if preference is None or preference.in_app:
            notifications.append(
                Notification(user=user, kind=kind, title=title[:255], body=body, url=url)
            )
        if (preference is None or preference.by_email) and user.email:
            emails.append(OutgoingEmail(address=user.email, subject=title[:255], body=text))
    created = Notification.objects.bulk_create(notifications)
    _queue_emails(emails)
    return created


def notification_mark_read(*, notification: Notification, user: User) -> Notification:
    """Mark one of the user's own notifications read (a no-op when it already is)."""
    if notification.user_id != user.pk:
        raise PermissionError("Not the owner of this notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; returns how many changed."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def preferences_save(*, user: User, choices: dict[str, tuple[bool, bool]]) -> None:
    """Store the user's (by_email, in_app) choice for each kind given."""
    valid = set(NotificationKind.values)
    with transaction.atomic():
        for kind, (by_email, in_app) in choices.items():
            if kind not in valid:
                raise ValueError(f"Unknown notification kind {kind!r}")
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"by_email": by_email, "in_app": in_app}
            )


# --- Holidays and manual deadlines (secretariat) ----------------------------------------------


def holiday_create(*, day: date, name: str) -> Holiday:
    return Holiday.objects.create(day=day, name=name.strip())


def holiday_delete(*, holiday: Holiday) -> None:
    holiday.delete()


def manual_deadline_create(
    *, title: str, due_on: date, unit: Unit | None, url: str = "", actor: User | None
) -> ManualDeadline:
    return ManualDeadline.objects.create(
        title=title.strip(), due_on=due_on, unit=unit, url=url, created_by=actor
    )


def manual_deadlines_provider(start: date, end: date) -> Iterable[Deadline]:
    """This app's own deadline provider: the deadlines the secretariat entered."""
    for row in ManualDeadline.objects.filter(due_on__range=(start, end)).order_by("id"):
        yield Deadline(
            key=row.deadline_key,
            title=row.title,
            due_on=row.due_on,
            unit_ids=(row.unit_id,) if row.unit_id else (),
            url=row.url,
        )


# --- Reminders ------------------------------------------------------------------------------


def reminder_offsets() -> tuple[int, ...]:
    """The configured offsets in working days, largest first (default 7, 3, 1)."""
    offsets = getattr(settings, "TDKT_REMINDER_OFFSETS", DEFAULT_REMINDER_OFFSETS)
    return tuple(sorted({int(n) for n in offsets if int(n) > 0}, reverse=True))


def reminder_stage(deadline_due: date, *, today: date, offsets: tuple[int, ...]) -> str | None:
    """The stage due ``today`` for a deadline due on ``deadline_due``, or None.

    The rule: the reminder of offset N belongs to the working day that is N working days
    before the due date (``add_working_days(due, -N)``; a due date on a weekend or holiday
    counts back from it the same way). On a given day the stage sent is the nearest one
    whose day has come (so a missed run, or a deadline entered late, sends the most urgent
    reminder once, not every missed one). After the due date: "overdue", for deadlines
    missed within the last 30 days.
    """
    if today > deadline_due:
        if (today - deadline_due).days <= OVERDUE_LOOKBACK_DAYS:
            return OVERDUE_STAGE
        return None
    if today == deadline_due:
        return None
    for n in sorted(offsets):
        if add_working_days(deadline_due, -n) <= today:
            return f"before-{n}"
    return None


@dataclass(frozen=True)
class _Recipients:
    """The current holders of unit roles and the secretariat, read once per run."""

    by_unit: dict[int, dict[str, set[int]]]  # unit id → role → user ids
    secretariat: set[int]

    def for_units(self, unit_ids: tuple[int, ...], roles: tuple[str, ...]) -> set[int]:
        units = unit_ids or tuple(self.by_unit)
        found: set[int] = set()
        for unit_id in units:
            for role in roles:
                found |= self.by_unit.get(unit_id, {}).get(role, set())
        return found


def _recipients(today: date) -> _Recipients:
    current = (
        RoleAssignment.objects.filter(
            user__is_active=True,
            role__in=(Role.UNIT_STAFF, Role.UNIT_HEAD, Role.SECRETARIAT),
        )
        .filter(Q(term_start__isnull=True) | Q(term_start__lte=today))
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .values_list("user_id", "role", "unit_id")
    )
    by_unit: dict[int, dict[str, set[int]]] = {}
    secretariat: set[int] = set()
    for user_id, role, unit_id in current:
        if role == Role.SECRETARIAT:
            secretariat.add(user_id)
        else:
            by_unit.setdefault(unit_id, {}).setdefault(role, set()).add(user_id)
    return _Recipients(by_unit=by_unit, secretariat=secretariat)


def _message(deadline: Deadline, stage: str, today: date) -> tuple[str, str, str]:
    """(kind, title, body) of a reminder; texts in the portal's language."""
    due = date_format(deadline.due_on, "d/m/Y")
    if stage == OVERDUE_STAGE:
        title = _("Overdue: %(title)s") % {"title": deadline.title}
        body = _("The deadline was %(due)s and it has passed.") % {"due": due}
        return NotificationKind.OVERDUE, title, body
    left = working_days_between(today, deadline.due_on)
    title = _("Reminder: %(title)s") % {"title": deadline.title}
    body = ngettext(
        "Due on %(due)s (%(left)s working day left).",
        "Due on %(due)s (%(left)s working days left).",
        left,
    ) % {"due": due, "left": left}
    return deadline.kind, title, body


def _already_logged(keys: list[str]) -> set[tuple[str, int, str]]:
    """The reminders already in the log for these deadlines: an optimisation that spares
    pointless failing inserts; correctness rests on the unique constraint alone."""
    return set(
        ReminderLog.objects.filter(deadline_key__in=keys).values_list(
            "deadline_key", "user_id", "stage"
        )
    )


def reminders_send(*, today: date | None = None) -> int:
    """Send the reminders due ``today`` (default: the local date); returns how many.

    Steps, for every registered deadline due within the next max(offsets) working days or
    missed within the last 30 days:
    1. pick its stage for today (:func:`reminder_stage`);
    2. pick the recipients: before the deadline, the current unit staff and heads of its
       units (all units when it names none); overdue, the heads of those units and every
       secretariat user;
    3. for each recipient, in one transaction: INSERT the ReminderLog row inside a
       savepoint; the unique constraint (deadline, user, stage) rejects a duplicate from a
       second run or a concurrent worker, and only the process whose insert succeeded
       creates the inbox row and queues the e-mail (sent on commit).
    Reading the existing log first only avoids pointless failing inserts; the constraint,
    not that read, decides.
    """
    today = today or timezone.localdate()
    offsets = reminder_offsets()
    horizon = add_working_days(today, offsets[0]) if offsets else today
    deadlines = deadlines_between(today - timedelta(days=OVERDUE_LOOKBACK_DAYS), horizon)
    if not deadlines:
        return 0
    recipients = _recipients(today)
    planned: list[tuple[Deadline, str, list[int]]] = []
    for deadline in deadlines:
        stage = reminder_stage(deadline.due_on, today=today, offsets=offsets)
        if stage is None:
            continue
        if deadline.audience == "secretariat":
            user_ids = set(recipients.secretariat)
        elif stage == OVERDUE_STAGE:
            user_ids = recipients.for_units(deadline.unit_ids, (Role.UNIT_HEAD,))
            user_ids |= recipients.secretariat
        else:
            user_ids = recipients.for_units(deadline.unit_ids, (Role.UNIT_STAFF, Role.UNIT_HEAD))
        planned.append((deadline, stage, sorted(user_ids)))
    if not planned:
        return 0

    already = _already_logged([d.key for d, _s, _u in planned])
    all_user_ids = {uid for _d, _s, uids in planned for uid in uids}
    users = User.objects.in_bulk(all_user_ids)
    preferences = {
        (p.user_id, p.kind): p
        for p in NotificationPreference.objects.filter(user_id__in=all_user_ids)
    }
    sent = 0
    # A deadline entered without a link still leads somewhere the reader may open: the
    # dashboard, which every role has (never a reminder without a way to the work).
    fallback_url = reverse("units:dashboard")
    with translation.override(settings.LANGUAGE_CODE):
        for deadline, stage, user_ids in planned:
            kind, title, body = _message(deadline, stage, today)
            for user_id in user_ids:
                if (deadline.key, user_id, stage) in already:
                    continue
                with transaction.atomic():
                    try:
                        with transaction.atomic():
                            ReminderLog.objects.create(
                                deadline_key=deadline.key, user_id=user_id, stage=stage
                            )
                    except IntegrityError:
                        continue  # another run or worker sent this one
                    _deliver(
                        user=users[user_id],
                        kind=kind,
                        title=title,
                        body=body,
                        url=deadline.url or fallback_url,
                        preference=preferences.get((user_id, kind)),
                    )
                sent += 1
    return sent
