"""Open a public consultation on nominees."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from units.models import User

from ...models import (
    Consultation,
    ConsultationState,
    Dossier,
    EventAction,
    Nominee,
)
from .._core import event_record, notify_unit
from ._common import (
    MAX_DAYS,
    TITLE_MAX,
    _dossier_url,
    _nominee_problem,
    _plain,
    consultation_closing_day,
    default_days,
)


@transaction.atomic
def consultation_open(
    *,
    title: str,
    nominees: Iterable[Nominee | int],
    opens_on: date | None = None,
    days: int | None = None,
    actor: User,
) -> Consultation:
    """Open a public consultation window on approved nominees.

    Steps: check the title and the window; lock the nominees and their dossiers; refuse
    any nominee not approved, not needing consultation, already consulted, whose dossier
    is not at the consultation stage or who is in another open consultation (one message
    per nominee); compute the closing day in working days with the holiday calendar;
    create the consultation; record CONSULTATION_OPENED on each dossier and tell each
    proposing unit.
    """
    today = timezone.localdate()
    opens_on = opens_on or today
    days = default_days() if days is None else days
    title = _plain(title)
    errors: dict[str, list[str]] = defaultdict(list)
    if not title:
        errors["title"].append(_("Enter a title for the consultation."))
    elif len(title) > TITLE_MAX:
        errors["title"].append(_("The title is too long (at most 300 characters)."))
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        errors["days"].append(
            _("The window is counted in working days, from 1 to %(max)s.") % {"max": MAX_DAYS}
        )
    if opens_on < today:
        errors["opens_on"].append(_("A consultation cannot open on a day already past."))

    ids = sorted({n.pk if isinstance(n, Nominee) else int(n) for n in nominees})
    if not ids:
        errors["nominees"].append(_("Choose at least one nominee."))
    locked = list(
        Nominee.objects.select_for_update()
        .filter(pk__in=ids)
        .select_related("dossier", "award")
        .order_by("pk")
    )
    dossier_ids = sorted({n.dossier_id for n in locked})
    list(Dossier.objects.select_for_update().filter(pk__in=dossier_ids).order_by("pk"))
    if len(locked) != len(ids):
        errors["nominees"].append(_("One of the chosen nominees no longer exists."))
    busy = set(
        Consultation.nominees.through.objects.filter(
            nominee_id__in=ids, consultation__state=ConsultationState.OPEN
        ).values_list("nominee_id", flat=True)
    )
    for nominee in locked:
        problem = _nominee_problem(nominee, busy)
        if problem:
            errors["nominees"].append(problem % {"name": nominee.display_name})
    if errors:
        raise ValidationError(dict(errors))

    closes_on = consultation_closing_day(opens_on, days)
    consultation = Consultation(
        title=title, opens_on=opens_on, closes_on=closes_on, created_by=actor
    )
    consultation._history_user = actor
    consultation.save()
    consultation.nominees.set(locked)

    by_dossier: dict[int, list[Nominee]] = defaultdict(list)
    for nominee in locked:
        by_dossier[nominee.dossier_id].append(nominee)
    for group in by_dossier.values():
        dossier = group[0].dossier
        event_record(
            dossier=dossier,
            actor=actor,
            action=EventAction.CONSULTATION_OPENED,
            note=title,
            data={
                "consultation": consultation.pk,
                "nominees": [n.pk for n in group],
                "opens_on": opens_on.isoformat(),
                "closes_on": closes_on.isoformat(),
                "working_days": days,
            },
        )
        notify_unit(
            dossier=dossier,
            title=_("Public consultation on “%(title)s” until %(day)s")
            % {"title": dossier.title, "day": formats.date_format(closes_on, "d/m/Y")},
            body=", ".join(n.display_name for n in group),
            url=_dossier_url(dossier),
        )
    return consultation
