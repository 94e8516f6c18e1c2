"""The unit's side of a dossier: create and edit it, add nominees with their reports,
attach the documents of the checklist, submit (the unit head) and withdraw.

Every service runs in one transaction and locks the dossier row first, so an edit and a
submission never interleave; every change is a :class:`DossierEvent` with who and what.
Files are validated by content and size before anything is written, stored under a random
name, and removed again from storage if the transaction fails.

Integrity under concurrency (SECURITY-TESTS.md E3–E5): a create form carries a one-time
token, so a double click creates one dossier (:class:`DossierAlreadyCreated`); the edit
forms carry the version they were rendered from, and a stale one is refused
(:class:`EditConflict`), never silently overwritten; every change of the dossier's content
bumps its version; a submission takes its places in the local quotas under the quota
rows' lock, so two submissions cannot both take the last place.
"""

import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Award, AwardGrant, CommendationKind, Household, Quota
from notifications.deadlines import add_working_days
from units.models import Person, Unit, User
from units.selectors import roles_of
from units.uploads import UploadKind, safe_storage_name, sanitise_image, validate_upload

from ..models import (
    UNIT_EDITABLE_STATES,
    Attachment,
    Dossier,
    DossierState,
    EligibilityStatus,
    EventAction,
    Nominee,
    NomineeOutcome,
)
from ..selectors.dossiers import (
    DOSSIER_DOCUMENTS,
    OTHER_DOCUMENT,
    award_fits,
    document_choices,
    dossier_attachments,
    dossier_checklist,
    dossier_nominees,
    verdict_reasons,
    verdict_status,
)
from ._core import (
    dossier_transition,
    event_record,
    notify_secretariat,
    processing_days,
    store_verdict,
)

UPLOAD_KINDS = (
    UploadKind.PDF,
    UploadKind.DOCX,
    UploadKind.XLSX,
    UploadKind.JPEG,
    UploadKind.PNG,
)
IMAGE_KINDS = (UploadKind.JPEG, UploadKind.PNG)
DOSSIER_FIELDS = ("year", "kind", "title", "movement", "summary")


# --- Shared checks -------------------------------------------------------------------------


class DossierAlreadyCreated(Exception):
    """The create form's one-time token was used already: ``dossier`` is the one it
    created (a double click, the back button, two requests at the same moment)."""

    def __init__(self, dossier: Dossier):
        super().__init__(dossier.pk)
        self.dossier = dossier


class EditConflict(ValidationError):
    """The form was rendered from an older version: someone else saved in between.
    ``current`` is the row as it is now (nothing was written)."""

    def __init__(self, message: str, *, current):
        super().__init__(message, code="conflict")
        self.current = current


def _bump(dossier: Dossier) -> None:
    """Count one more change of the dossier's content (its nominees, files, fields), so
    an edit form rendered before it is stale. The caller holds the row lock."""
    Dossier.objects.filter(pk=dossier.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    dossier.version += 1


def _require_version(obj, expected_version, message: str) -> None:
    if expected_version is not None and int(expected_version) != obj.version:
        raise EditConflict(message, current=obj)


def _lock(dossier: Dossier) -> Dossier:
    """The dossier's row, locked for the rest of the transaction, read afresh."""
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def _require_editable(dossier: Dossier, actor: User) -> None:
    if dossier.state not in UNIT_EDITABLE_STATES:
        raise ValidationError(
            _("The dossier is “%(state)s”: the unit can no longer change it.")
            % {"state": dossier.get_state_display()}
        )
    if not actor.has_perm("nominations.change_dossier", dossier):
        raise ValidationError(_("You may not change this dossier."))


def _in_subtree(unit: Unit, dossier: Dossier) -> bool:
    return unit.path.startswith(dossier.unit.path)


def _validate_dossier(dossier: Dossier) -> None:
    dossier.title = (dossier.title or "").strip()
    dossier.movement = (dossier.movement or "").strip()
    dossier.summary = (dossier.summary or "").strip()
    errors: dict[str, list[str]] = {}
    if dossier.kind == CommendationKind.MOVEMENT and not dossier.movement:
        errors["movement"] = [
            _("Name the emulation movement of a movement or thematic commendation.")
        ]
    try:
        dossier.full_clean(exclude=["created_by", "submitted_by", "reviewer", "creation_token"])
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@contextmanager
def _stored_files():
    """Collect names written to storage; delete them if the block fails, so a rolled back
    transaction leaves no file behind."""
    names: list[str] = []
    try:
        yield names
    except BaseException:
        for name in names:
            default_storage.delete(name)
        raise


def _validated_upload(file, field: str) -> UploadKind:
    """The detected kind of an upload, or a ValidationError keyed by the form field."""
    try:
        return validate_upload(file, allowed=UPLOAD_KINDS, max_bytes=settings.TDKT_UPLOAD_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


def _save_file(field_file, upload, kind: UploadKind, names: list[str]) -> int:
    """Write a validated upload under a random name (images re-encoded without their
    metadata); returns the stored size."""
    content = sanitise_image(upload) if kind in IMAGE_KINDS else upload
    field_file.save(safe_storage_name(upload.name or "", kind), content, save=False)
    names.append(field_file.name)
    return field_file.size


def _detail_url(dossier: Dossier, name: str = "nominations:dossier_detail") -> str:
    try:
        return reverse(name, args=[dossier.pk])
    except NoReverseMatch:
        return reverse("nominations:dossier_detail", args=[dossier.pk])


# --- Dossier -------------------------------------------------------------------------------


@transaction.atomic
def dossier_create(
    *,
    unit: Unit,
    year: int,
    kind: str,
    title: str,
    movement: str = "",
    summary: str = "",
    creation_token: uuid.UUID | str | None = None,
    actor: User,
) -> Dossier:
    """A new draft dossier of one of the actor's own units.

    ``creation_token`` is the create form's one-time token: when a dossier was already
    created with it, :class:`DossierAlreadyCreated` names that dossier and nothing new is
    written, even when two requests carry it at the same moment (the unique constraint
    decides; the loser's insert is undone in its savepoint).
    """
    if creation_token:
        existing = Dossier.objects.filter(creation_token=creation_token).first()
        if existing is not None:
            raise DossierAlreadyCreated(existing)
    if unit is None or unit.pk not in roles_of(actor).unit_ids:
        raise ValidationError({"unit": [_("Choose one of your own units.")]})
    dossier = Dossier(
        unit=unit,
        year=year,
        kind=kind,
        title=title,
        movement=movement if kind == CommendationKind.MOVEMENT else "",
        summary=summary,
        created_by=actor,
        creation_token=creation_token or None,
    )
    _validate_dossier(dossier)
    dossier._history_user = actor
    try:
        with transaction.atomic():
            dossier.save()
    except IntegrityError:
        existing = (
            Dossier.objects.filter(creation_token=creation_token).first()
            if creation_token
            else None
        )
        if existing is None:
            raise
        raise DossierAlreadyCreated(existing) from None
    event_record(
        dossier=dossier,
        actor=actor,
        action=EventAction.CREATED,
        to_state=DossierState.DRAFT,
        data={"title": dossier.title, "year": dossier.year, "kind": dossier.kind},
    )
    return dossier


@transaction.atomic
def dossier_update(
    *, dossier: Dossier, actor: User, expected_version: int | None = None, **data
) -> Dossier:
    """Change the year, kind, title, movement or summary of a dossier the unit still
    holds. A change of kind is refused while a nominee's award does not allow it.

    ``expected_version`` is the version the edit form was rendered from: when the dossier
    changed since (another user saved, a nominee or a file was added), the edit is
    refused with :class:`EditConflict` and nothing is written.
    """
    dossier = _lock(dossier)
    _require_editable(dossier, actor)
    _require_version(dossier, expected_version, _conflict_message())
    changed = []
    for key in DOSSIER_FIELDS:
        if key in data and data[key] is not None and getattr(dossier, key) != data[key]:
            setattr(dossier, key, data[key])
            changed.append(key)
    if dossier.kind != CommendationKind.MOVEMENT:
        dossier.movement = ""
    _validate_dossier(dossier)
    if "kind" in changed:
        misfits = [
            n.display_name
            for n in dossier.nominees.select_related("award")
            if dossier.kind not in (n.award.kinds or [])
        ]
        if misfits:
            raise ValidationError(
                {
                    "kind": [
                        _(
                            "The award chosen for %(names)s is not given for this kind of"
                            " commendation; change it first."
                        )
                        % {"names": ", ".join(misfits)}
                    ]
                }
            )
    if not changed:
        return dossier
    dossier.version += 1
    dossier._history_user = actor
    dossier.save()
    event_record(
        dossier=dossier,
        actor=actor,
        action=EventAction.EDITED,
        data={"changed": [str(Dossier._meta.get_field(f).verbose_name) for f in changed]},
    )
    return dossier


def _conflict_message() -> str:
    return _(
        "The dossier was changed by someone else while you were editing it. Its current"
        " values are shown above and your input is kept: check it, then save again."
    )


def _nominee_conflict_message() -> str:
    return _(
        "This nominee was changed by someone else while you were editing it. The current"
        " values are shown above and your input is kept: check it, then save again."
    )


# --- Nominees ------------------------------------------------------------------------------


def _subject_snapshot(
    *, person: Person | None, collective: Unit | None, household: Household | None
) -> tuple[str, str, str]:
    """(kind, display name, unit name) of the one subject given."""
    subjects = [s for s in (person, collective, household) if s is not None]
    if len(subjects) != 1:
        raise ValidationError(_("Choose one person, one collective or one household."))
    if person is not None:
        return "individual", person.full_name, person.unit.name
    if collective is not None:
        parent = collective.parent.name if collective.parent_id else ""
        return "collective", collective.name, parent
    return "household", str(household), household.unit.name


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
            % {"name": display_name, "unit": dossier.unit.name}
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
        achievement_summary=(achievement_summary or "").strip(),
        achievement_report=(achievement_report or "").strip(),
        sort_order=(dossier.nominees.aggregate(m=Max("sort_order"))["m"] or 0) + 1,
    )
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


# --- Attachments ---------------------------------------------------------------------------


@transaction.atomic
def attachment_add(
    *,
    dossier: Dossier,
    document_code: str,
    file,
    nominee: Nominee | None = None,
    actor: User,
) -> Attachment:
    """Attach a document of the checklist (or another one) to the dossier or to one of
    its nominees. PDF, DOCX, XLSX, JPEG or PNG, checked by content and size."""
    dossier = _lock(dossier)
    _require_editable(dossier, actor)
    document_code = (document_code or "").strip()
    if nominee is not None and nominee.dossier_id != dossier.pk:
        raise ValidationError({"nominee": [_("Choose a nominee of this dossier.")]})
    nominees = dossier_nominees(dossier=dossier)
    names = dict(document_choices(dossier=dossier, nominees=nominees))
    per_nominee = {
        document.get("code", "")
        for item in nominees
        if nominee is not None and item.pk == nominee.pk
        for document in item.award.required_documents or []
    }
    if not document_code or document_code not in names:
        raise ValidationError({"document_code": [_("Choose a document of the checklist.")]})
    if document_code in DOSSIER_DOCUMENTS:
        nominee = None  # asked once for the whole dossier
    elif document_code != OTHER_DOCUMENT and (nominee is None or document_code not in per_nominee):
        raise ValidationError(
            {"nominee": [_("Choose the nominee whose award asks for this document.")]}
        )
    if not file:
        raise ValidationError({"file": [_("Choose a file.")]})
    kind = _validated_upload(file, "file")
    attachment = Attachment(
        dossier=dossier,
        nominee=nominee,
        document_code=document_code,
        original_name=(file.name or "")[:255],
        file_kind=kind.value,
        uploaded_by=actor,
        round=dossier.round,
    )
    with _stored_files() as stored:
        attachment.size = _save_file(attachment.file, file, kind, stored)
        attachment.save()
        _bump(dossier)
        event_record(
            dossier=dossier,
            actor=actor,
            action=EventAction.ATTACHMENT_ADDED,
            data={
                "document": names.get(document_code) or document_code,
                "file": attachment.original_name,
                "size": attachment.size,
                **({"nominee": nominee.display_name} if nominee else {}),
            },
        )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor: User) -> None:
    """Remove a document attached in the current round (those of a submitted round are
    kept with the dossier: attach a corrected one instead)."""
    dossier = _lock(attachment.dossier)
    _require_editable(dossier, actor)
    attachment = Attachment.objects.select_related("nominee").get(pk=attachment.pk, dossier=dossier)
    if attachment.round < dossier.round:
        raise ValidationError(
            _(
                "“%(name)s” was part of submission round %(round)s and is kept; attach a"
                " corrected document instead."
            )
            % {"name": attachment.original_name, "round": attachment.round + 1}
        )
    name = attachment.file.name
    names = dict(document_choices(dossier=dossier, nominees=dossier_nominees(dossier=dossier)))
    data = {
        "document": names.get(attachment.document_code, attachment.document_code),
        "file": attachment.original_name,
    }
    if attachment.nominee_id:
        data["nominee"] = attachment.nominee.display_name
    attachment.delete()
    _bump(dossier)
    event_record(dossier=dossier, actor=actor, action=EventAction.ATTACHMENT_REMOVED, data=data)
    transaction.on_commit(lambda: default_storage.delete(name))


# --- Quotas --------------------------------------------------------------------------------

# A nominee of a dossier in these states does not hold a place in a quota.
QUOTA_FREE_STATES = (DossierState.DRAFT, DossierState.WITHDRAWN, DossierState.REJECTED)
QUOTA_FREE_OUTCOMES = (NomineeOutcome.NOT_APPROVED, NomineeOutcome.FAILED)


def _locked_quotas(*, award: Award, year: int, unit: Unit) -> list[Quota]:
    """The quotas of ``award`` in ``year`` on the unit and every unit above it, locked
    (in a fixed order) until the transaction ends: two submissions wait for each other
    here, and the second counts the first's places."""
    ancestors = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    return list(
        Quota.objects.select_for_update(of=("self",))
        .filter(award=award, year=year, unit__in=ancestors)
        .select_related("unit")
        .order_by("pk")
    )


def quota_places_taken(*, quota: Quota, exclude_dossier: Dossier | None = None) -> int:
    """Places of a quota already taken: nominees of its award and year in dossiers of the
    quota unit's subtree that were sent (not draft, withdrawn or not approved) and not
    turned down, plus the grants of the award and year in the subtree that no nominee
    led to (legacy records, grants entered by hand). A grant from a nominee is that
    nominee's place, counted once."""
    nominees = (
        Nominee.objects.filter(
            award=quota.award_id,
            dossier__year=quota.year,
            dossier__unit__path__startswith=quota.unit.path,
        )
        .exclude(dossier__state__in=QUOTA_FREE_STATES)
        .exclude(outcome__in=QUOTA_FREE_OUTCOMES)
    )
    if exclude_dossier is not None:
        nominees = nominees.exclude(dossier=exclude_dossier)
    grants = AwardGrant.objects.filter(
        award=quota.award_id,
        year=quota.year,
        unit_scope__path__startswith=quota.unit.path,
        nominee__isnull=True,
    )
    return nominees.count() + grants.count()


def _quota_problems(dossier: Dossier, nominees: list[Nominee]) -> list[str]:
    """A message for each local quota this dossier's nominees would go over."""
    wanted: dict[int, list[Nominee]] = {}
    for nominee in nominees:
        wanted.setdefault(nominee.award_id, []).append(nominee)
    problems = []
    for award_id in sorted(wanted):
        group = wanted[award_id]
        award = group[0].award
        for quota in _locked_quotas(award=award, year=dossier.year, unit=dossier.unit):
            taken = quota_places_taken(quota=quota, exclude_dossier=dossier)
            if taken + len(group) > quota.limit:
                problems.append(
                    _(
                        "The quota for “%(award)s” of %(unit)s in %(year)s is %(limit)s: "
                        "%(taken)s already proposed or awarded, this dossier proposes"
                        " %(count)s more."
                    )
                    % {
                        "award": award.name,
                        "unit": quota.unit.name,
                        "year": quota.year,
                        "limit": quota.limit,
                        "taken": taken,
                        "count": len(group),
                    }
                )
    return problems


# --- Submission and withdrawal -------------------------------------------------------------


def _missing_message(missing: list[str]) -> str:
    return _("The dossier cannot be submitted yet. Missing: %(items)s.") % {
        "items": "; ".join(missing)
    }


@transaction.atomic
def dossier_submit(*, dossier: Dossier, actor: User) -> Dossier:
    """The unit head sends a complete dossier to the secretariat.

    Refused, with one message listing every missing item, when a nominee lacks a report
    or a summary or a document of the award's checklist is missing; refused when the
    engine finds a nominee not eligible (its reasons quoted); refused when a local quota
    of the dossier's unit or a unit above it would be exceeded (the quota rows stay
    locked until the submission commits). On success the verdicts
    are stored, the round counts up, the time limit of the appraisal is set in working
    days, and the secretariat is told. Nothing is saved when anything fails.
    """
    dossier = _lock(dossier)
    if dossier.state not in UNIT_EDITABLE_STATES:
        raise ValidationError(
            _("The dossier is “%(state)s” and cannot be submitted again.")
            % {"state": dossier.get_state_display()}
        )
    if not actor.has_perm("nominations.submit_dossier", dossier):
        raise ValidationError(_("Only the head of the proposing unit may submit the dossier."))
    nominees = dossier_nominees(dossier=dossier)
    if not nominees:
        raise ValidationError(_("Add at least one nominee before submitting the dossier."))
    checklist = dossier_checklist(
        dossier=dossier, nominees=nominees, attachments=dossier_attachments(dossier=dossier)
    )
    problems = [_missing_message(checklist.missing)] if checklist.missing else []
    counts: dict[str, int] = {}
    for nominee in nominees:
        nominee.dossier = dossier
        verdict = store_verdict(nominee)
        status = verdict_status(verdict)
        counts[status] = counts.get(status, 0) + 1
        if status == EligibilityStatus.INELIGIBLE:
            problems.append(
                _("%(name)s is not eligible for “%(award)s”: %(reasons)s.")
                % {
                    "name": nominee.display_name,
                    "award": nominee.award.name,
                    "reasons": "; ".join(verdict_reasons(verdict)),
                }
            )
    if not problems:
        problems.extend(_quota_problems(dossier, nominees))
    if problems:
        raise ValidationError(problems)
    simplified = dossier.kind == CommendationKind.AD_HOC and all(
        n.award.simplified_procedure for n in nominees
    )
    resubmission = dossier.state == DossierState.RETURNED
    today = timezone.localdate()
    due = add_working_days(today, processing_days(dossier.kind, simplified=simplified))
    if resubmission:
        Nominee.objects.filter(dossier=dossier).update(
            outcome=NomineeOutcome.PENDING, outcome_reason=""
        )
    dossier_transition(
        dossier=dossier,
        to=DossierState.SUBMITTED,
        actor=actor,
        action=EventAction.SUBMITTED,
        data={
            "round": dossier.round + 1,
            "nominees": len(nominees),
            "simplified": simplified,
            "appraisal_due_on": due.isoformat(),
            "verdicts": counts,
        },
        fields={
            "round": dossier.round + 1,
            "simplified": simplified,
            "submitted_at": timezone.now(),
            "submitted_by": actor,
            "received_on": today,
            "appraisal_due_on": due,
        },
    )
    notify_secretariat(
        title=(
            _("Dossier resubmitted: %(title)s")
            if resubmission
            else _("Dossier received: %(title)s")
        )
        % {"title": dossier.title},
        body=_("%(unit)s, round %(round)s, %(count)s nominee(s); appraisal due %(due)s.")
        % {
            "unit": dossier.unit.name,
            "round": dossier.round,
            "count": len(nominees),
            "due": due.strftime("%d/%m/%Y"),
        },
        url=_detail_url(dossier, "nominations:appraisal_detail"),
    )
    return dossier


@transaction.atomic
def dossier_withdraw(*, dossier: Dossier, reason: str, actor: User) -> Dossier:
    """The unit head takes the dossier back, with a reason, before appraisal ends."""
    dossier = _lock(dossier)
    if not actor.has_perm("nominations.withdraw_dossier", dossier):
        raise ValidationError(_("Only the head of the proposing unit may withdraw the dossier."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for withdrawing the dossier.")]})
    was_sent = dossier.state != DossierState.DRAFT
    dossier_transition(
        dossier=dossier,
        to=DossierState.WITHDRAWN,
        actor=actor,
        action=EventAction.WITHDRAWN,
        note=reason,
        data={"reason": reason},
    )
    if was_sent:
        notify_secretariat(
            title=_("Dossier withdrawn: %(title)s") % {"title": dossier.title},
            body=reason,
            url=_detail_url(dossier),
        )
    return dossier
