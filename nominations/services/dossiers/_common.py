"""What every step of the unit's side of a dossier shares: the upload kinds, the integrity
errors, the locks and the checks."""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import CommendationKind
from units.models import Unit, User
from units.uploads import UploadKind, safe_storage_name, sanitise_image, validate_upload

from ...models import (
    UNIT_EDITABLE_STATES,
    Dossier,
)

UPLOAD_KINDS = (
    UploadKind.PDF,
    UploadKind.DOCX,
    UploadKind.XLSX,
    UploadKind.JPEG,
    UploadKind.PNG,
)
IMAGE_KINDS = (UploadKind.JPEG, UploadKind.PNG)
DOSSIER_FIELDS = ("year", "kind", "title", "movement", "campaign", "summary")


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
    if (
        dossier.kind == CommendationKind.MOVEMENT
        and not dossier.movement
        and not dossier.campaign_id
    ):
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
