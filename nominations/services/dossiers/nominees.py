"""Add, edit and remove the nominees of a dossier, with their reports."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from awards.models import Award, Household
from awards.recipients import nominee_recipient_class
from units.models import Person, Unit, User

from ...models import (
    Dossier,
    EventAction,
    Nominee,
)
from ...selectors.dossiers import (
    award_fits,
)
from .._core import (
    event_record,
)
from ._common import (
    _bump,
    _in_subtree,
    _lock,
    _require_editable,
    _require_version,
    _save_file,
    _stored_files,
    _validated_upload,
)
from .dossier import _nominee_conflict_message

# --- Nominees ------------------------------------------------------------------------------


def _subject_snapshot(
    *, person: Person | None, collective: Unit | None, household: Household | None
) -> tuple[str, str, str]:
    """(kind, display name, unit name) of the one subject given, every unit by its full
    label (issue 9, 6): "Thôn 1, xã Bình Sơn", never a bare "Thôn 1" that every commune
    has; a collective's unit is the unit above it, labelled the same way."""
    subjects = [s for s in (person, collective, household) if s is not None]
    if len(subjects) != 1:
        raise ValidationError(_("Choose one person, one collective or one household."))
    if person is not None:
        return "individual", person.full_name, person.unit.label
    if collective is not None:
        parent = collective.parent.label if collective.parent_id else ""
        return "collective", collective.label, parent
    return "household", str(household), household.unit.label


def _subject_unit(*, person, collective, household) -> Unit:
    if person is not None:
        return person.unit
    if collective is not None:
        return collective
    return household.unit


@transaction.atomic
def nominee_add(
    *,
    dossier: Dossier,
    award: Award,
    person: Person | None = None,
    collective: Unit | None = None,
    household: Household | None = None,
    position: str = "",
    recipient_class: str = "",
    achievement_summary: str = "",
    achievement_report: str = "",
    report_file=None,
    actor: User,
) -> Nominee:
    """Propose a person, a collective or a household of the dossier's unit (or below)
    for an award that fits the subject and the dossier's kind of commendation."""
    dossier = _lock(dossier)
    _require_editable(dossier, actor)
    kind, display_name, unit_name = _subject_snapshot(
        person=person, collective=collective, household=household
    )
    errors: dict[str, list[str]] = {}
    subject_field = {"individual": "person", "collective": "collective"}.get(kind, "household")
    if not _in_subtree(
        _subject_unit(person=person, collective=collective, household=household), dossier
    ):
        errors[subject_field] = [
            _("%(name)s is not in %(unit)s or a unit below it.")
            % {"name": display_name, "unit": dossier.unit.label}
        ]
    if award is None or not award_fits(award, subject_kind=kind, kind=dossier.kind):
        errors["award"] = [_("This award is not given to this nominee in a dossier of this kind.")]
    elif dossier.nominees.filter(
        award=award, person=person, collective=collective, household=household
    ).exists():
        errors["award"] = [
            _("%(name)s is already proposed for “%(award)s” in this dossier.")
            % {"name": display_name, "award": award.name}
        ]
    if errors:
        raise ValidationError(errors)
    nominee = Nominee(
        dossier=dossier,
        award=award,
        person=person,
        collective=collective,
        household=household,
        display_name=display_name[:255],
        position=((position or "").strip() or (person.position if person else ""))[:255],
        unit_name=unit_name[:255],
        recipient_class=recipient_class or "",
        achievement_summary=(achievement_summary or "").strip(),
        achievement_report=(achievement_report or "").strip(),
        sort_order=(dossier.nominees.aggregate(m=Max("sort_order"))["m"] or 0) + 1,
    )
    # The class the forms 0602/0603 count: the unit's choice, else derived from the position.
    nominee.recipient_class = nominee_recipient_class(nominee)
    _clean_nominee(nominee)
    kind_of_file = _validated_upload(report_file, "report_file") if report_file else None
    with _stored_files() as names:
        if report_file:
            _save_file(nominee.report_file, report_file, kind_of_file, names)
            nominee.report_file_name = report_file.name[:255]
        nominee._history_user = actor
        nominee.save()
        _bump(dossier)
        event_record(
            dossier=dossier,
            actor=actor,
            action=EventAction.NOMINEE_ADDED,
            data={"nominee": nominee.display_name, "award": award.name},
        )
    return nominee


def _clean_nominee(nominee: Nominee) -> None:
    try:
        nominee.full_clean(
            exclude=["dossier", "report_file", "grant", "proposal"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error


@transaction.atomic
def nominee_update(
    *,
    nominee: Nominee,
    actor: User,
    award: Award | None = None,
    position: str | None = None,
    recipient_class: str | None = None,
    achievement_summary: str | None = None,
    achievement_report: str | None = None,
    report_file=None,
    remove_report_file: bool = False,
    expected_version: int | None = None,
) -> Nominee:
    """Change a nominee's award, position, summary or report (the subject stays: to
    propose someone else, remove the nominee and add another).

    ``expected_version`` is the nominee's version the form was rendered from; a stale one
    is refused with :class:`EditConflict` (the dossier's row lock orders the edits)."""
    dossier = _lock(nominee.dossier)
    _require_editable(dossier, actor)
    nominee = Nominee.objects.select_related("award").get(pk=nominee.pk, dossier=dossier)
    _require_version(nominee, expected_version, _nominee_conflict_message())
    changed = []
    if award is not None and award.pk != nominee.award_id:
        if not award_fits(award, subject_kind=nominee.subject_kind, kind=dossier.kind):
            raise ValidationError(
                {"award": [_("This award is not given to this nominee in a dossier of this kind.")]}
            )
        duplicate = dossier.nominees.filter(
            award=award,
            person_id=nominee.person_id,
            collective_id=nominee.collective_id,
            household_id=nominee.household_id,
        ).exclude(pk=nominee.pk)
        if duplicate.exists():
            raise ValidationError(
                {
                    "award": [
                        _("%(name)s is already proposed for “%(award)s” in this dossier.")
                        % {"name": nominee.display_name, "award": award.name}
                    ]
                }
            )
        nominee.award = award
        changed.append("award")
    for key, value in (
        ("position", position),
        ("recipient_class", recipient_class),
        ("achievement_summary", achievement_summary),
        ("achievement_report", achievement_report),
    ):
        if value is not None and getattr(nominee, key) != value.strip():
            setattr(nominee, key, value.strip())
            changed.append(key)
    _clean_nominee(nominee)
    kind_of_file = _validated_upload(report_file, "report_file") if report_file else None
    with _stored_files() as names:
        if report_file:
            _save_file(nominee.report_file, report_file, kind_of_file, names)
            nominee.report_file_name = report_file.name[:255]
            changed.append("report_file")
        elif remove_report_file and nominee.report_file:
            nominee.report_file = ""
            nominee.report_file_name = ""
            changed.append("report_file")
        if not changed:
            return nominee
        nominee.version += 1
        nominee._history_user = actor
        nominee.save()
        _bump(dossier)
        event_record(
            dossier=dossier,
            actor=actor,
            action=EventAction.EDITED,
            data={
                "nominee": nominee.display_name,
                "changed": [str(Nominee._meta.get_field(f).verbose_name) for f in changed],
            },
        )
    return nominee


@transaction.atomic
def nominee_remove(*, nominee: Nominee, actor: User) -> None:
    """Take a nominee out of a dossier the unit still holds (its attachments go too)."""
    dossier = _lock(nominee.dossier)
    _require_editable(dossier, actor)
    nominee = Nominee.objects.select_related("award").get(pk=nominee.pk, dossier=dossier)
    data = {"nominee": nominee.display_name, "award": nominee.award.name}
    # Files of a submitted round stay in storage (the history names them); the others go.
    files = [a.file.name for a in nominee.attachments.filter(round=dossier.round)]
    nominee._history_user = actor
    nominee.delete()
    _bump(dossier)
    event_record(dossier=dossier, actor=actor, action=EventAction.NOMINEE_REMOVED, data=data)
    transaction.on_commit(lambda: [default_storage.delete(name) for name in files])
