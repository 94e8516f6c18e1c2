"""Schedule a session, set its agenda and record who is present."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from units.models import User

from ...models import (
    AgendaItem,
    Attendance,
    CouncilSession,
    EventAction,
    Nominee,
    SessionState,
    WrittenOpinionSheet,
)
from ...selectors.council import agenda_candidates, council_member_ids
from .._core import event_record
from ._common import _locked, _require_state


@transaction.atomic
def session_create(*, title: str, held_on, place: str = "", actor: User) -> CouncilSession:
    """Schedule a session of the Council."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the session a title.")})
    if held_on is None:
        raise ValidationError({"held_on": _("Give the date of the session.")})
    session = CouncilSession(
        title=title, held_on=held_on, place=(place or "").strip(), created_by=actor
    )
    session._history_user = actor
    session.save()
    return session


@transaction.atomic
def session_update(
    *, session: CouncilSession, title: str, held_on, place: str = "", actor: User
) -> CouncilSession:
    """Change the title, date or place of a session while it is scheduled (a session
    postponed to another day is moved, not scheduled again)."""
    session = _locked(session)
    _require_state(
        session,
        SessionState.SCHEDULED,
        _("A session can only be changed while it is scheduled."),
    )
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the session a title.")})
    if held_on is None:
        raise ValidationError({"held_on": _("Give the date of the session.")})
    session.title, session.held_on, session.place = title, held_on, (place or "").strip()
    session._history_user = actor
    session.save()
    return session


@transaction.atomic
def agenda_set(
    *, session: CouncilSession, nominees: Iterable[Nominee | int], actor: User
) -> list[AgendaItem]:
    """Set the agenda of a scheduled session to ``nominees`` (in that order), from the
    candidates only. Each newly put nominee's dossier records PUT_ON_AGENDA; a nominee
    taken off records it too (as an edit with a note)."""
    session = _locked(session)
    _require_state(
        session,
        SessionState.SCHEDULED,
        _("The agenda can only be changed while the session is scheduled."),
    )
    wanted = [n if isinstance(n, int) else n.pk for n in nominees]
    wanted = list(dict.fromkeys(wanted))
    # Lock the nominees so two sessions cannot take the same one at the same moment,
    # then read the candidates again under the lock.
    list(Nominee.objects.select_for_update().filter(pk__in=wanted).values_list("pk"))
    candidates = {n.pk: n for n in agenda_candidates(session=session).filter(pk__in=wanted)}
    refused = [pk for pk in wanted if pk not in candidates]
    if refused:
        names = Nominee.objects.filter(pk__in=refused).values_list("display_name", flat=True)
        raise ValidationError(
            _("These nominees cannot be put on the agenda: %(names)s.")
            % {"names": ", ".join(names) or ", ".join(map(str, refused))}
        )
    current = {item.nominee_id: item for item in session.items.select_related("nominee")}
    removed = [item for pk, item in current.items() if pk not in candidates]
    for item in removed:
        event_record(
            dossier=item.nominee.dossier,
            actor=actor,
            action=EventAction.EDITED,
            note=_("“%(name)s” taken off the agenda of the session “%(session)s”.")
            % {"name": item.nominee.display_name, "session": session.title},
            data={"session": session.pk, "nominee": item.nominee_id, "agenda": "removed"},
        )
        item.delete()
    items = []
    added_by_dossier: dict[int, list[Nominee]] = {}
    for position, pk in enumerate(wanted, start=1):
        item = current.get(pk)
        if item is None:
            item = AgendaItem.objects.create(session=session, nominee_id=pk, position=position)
            added_by_dossier.setdefault(candidates[pk].dossier_id, []).append(candidates[pk])
        elif item.position != position:
            item.position = position
            item.save(update_fields=["position"])
        items.append(item)
    for added in added_by_dossier.values():
        event_record(
            dossier=added[0].dossier,
            actor=actor,
            action=EventAction.PUT_ON_AGENDA,
            note=_("Put on the agenda of the session “%(session)s” of %(date)s: %(names)s.")
            % {
                "session": session.title,
                "date": session.held_on.strftime("%d/%m/%Y"),
                "names": ", ".join(n.display_name for n in added),
            },
            data={
                "session": session.pk,
                "held_on": session.held_on.isoformat(),
                "nominees": [n.pk for n in added],
            },
        )
    return items


@transaction.atomic
def attendance_record(
    *,
    session: CouncilSession,
    rows: dict[int, tuple[bool, str]],
    actor: User,
) -> list[Attendance]:
    """Record who is present among the Council's current members, and the written
    opinion of each absent member. Only while the session is scheduled."""
    session = _locked(session)
    _require_state(
        session,
        SessionState.SCHEDULED,
        _("Attendance can only be recorded before voting opens."),
    )
    members = council_member_ids()
    strangers = [uid for uid in rows if uid not in members]
    if strangers:
        names = User.objects.filter(pk__in=strangers).values_list("full_name", flat=True)
        raise ValidationError(
            _("Only current members of the Council attend a session: %(names)s is not one.")
            % {"names": ", ".join(names) or ", ".join(map(str, strangers))}
        )
    errors = []
    for uid, (present, opinion) in rows.items():
        if present and (opinion or "").strip():
            name = User.objects.filter(pk=uid).values_list("full_name", flat=True).first()
            errors.append(
                _("%(name)s is present: a note on the absence is only for absent members.")
                % {"name": name}
            )
    with_opinion = set(
        WrittenOpinionSheet.objects.filter(session=session).values_list("member_id", flat=True)
    )
    for uid, (present, _note) in rows.items():
        if present and uid in with_opinion:
            name = User.objects.filter(pk=uid).values_list("full_name", flat=True).first()
            errors.append(
                _(
                    "%(name)s gave a written opinion as an absent member: remove it before "
                    "recording them as present."
                )
                % {"name": name}
            )
    if errors:
        raise ValidationError(errors)
    result = []
    for uid, (present, opinion) in rows.items():
        row, _created = Attendance.objects.update_or_create(
            session=session,
            member_id=uid,
            defaults={
                "present": bool(present),
                "written_opinion": "" if present else (opinion or "").strip(),
            },
        )
        result.append(row)
    return result
