"""The unit's side of a dossier: create and edit it, add nominees with their reports,
attach the documents of the checklist, submit (the unit head) and withdraw.

Every service runs in one transaction and locks the dossier row first, so an edit and a
submission never interleave; every change is a :class:`DossierEvent` with who and what.
Files are validated by content and size before anything is written, stored under a random
name, and removed again from storage if the transaction fails.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Award, CommendationKind, Household
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
        dossier.full_clean(exclude=["created_by", "submitted_by", "reviewer"])
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
    actor: User,
) -> Dossier:
    """A new draft dossier of one of the actor's own units."""
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
    )
    _validate_dossier(dossier)
    dossier._history_user = actor
    dossier.save()
    event_record(
        dossier=dossier,
        actor=actor,
        action=EventAction.CREATED,
        to_state=DossierState.DRAFT,
        data={"title": dossier.title, "year": dossier.year, "kind": dossier.kind},
    )
    return dossier


@transaction.atomic
def dossier_update(*, dossier: Dossier, actor: User, **data) -> Dossier:
    """Change the year, kind, title, movement or summary of a dossier the unit still
    holds. A change of kind is refused while a nominee's award does not allow it."""
    dossier = _lock(dossier)
    _require_editable(dossier, actor)
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
    dossier._history_user = actor
    dossier.save()
    event_record(
        dossier=dossier,
        actor=actor,
        action=EventAction.EDITED,
        data={"changed": [str(Dossier._meta.get_field(f).verbose_name) for f in changed]},
    )
    return dossier


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
) -> Nominee:
    """Change a nominee's award, position, summary or report (the subject stays: to
    propose someone else, remove the nominee and add another)."""
    dossier = _lock(nominee.dossier)
    _require_editable(dossier, actor)
    nominee = Nominee.objects.select_related("award").get(pk=nominee.pk, dossier=dossier)
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
        nominee._history_user = actor
        nominee.save()
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
    event_record(dossier=dossier, actor=actor, action=EventAction.ATTACHMENT_REMOVED, data=data)
    transaction.on_commit(lambda: default_storage.delete(name))


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
    engine finds a nominee not eligible (its reasons quoted). On success the verdicts
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
