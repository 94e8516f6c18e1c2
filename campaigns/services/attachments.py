"""Attachments of a movement (the launch decision, guidance, forms): stored through the
one upload validator, removed only by those who may change the movement."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from units.models import User
from units.uploads import UploadKind, safe_storage_name, validate_upload

from ..models import Movement, MovementAttachment

ATTACHMENT_KINDS = (UploadKind.PDF, UploadKind.DOCX, UploadKind.XLSX)


def _require(actor: User, movement: Movement) -> None:
    if not actor.has_perm("campaigns.attach_movement_document", movement):
        raise ValidationError(_("You may not change the documents of this movement."))


@transaction.atomic
def attachment_add(*, movement: Movement, title: str, upload, actor: User) -> MovementAttachment:
    """Attach a document (PDF, DOCX or XLSX) to the movement."""
    _require(actor, movement)
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = [_("Give the document a title.")]
    if upload is None:
        errors["file"] = [_("Choose the file to attach.")]
    if errors:
        raise ValidationError(errors)
    try:
        kind = validate_upload(upload, allowed=ATTACHMENT_KINDS)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    upload.seek(0)
    attachment = MovementAttachment(
        movement=movement, title=title[:255], original_name=upload.name[:255], uploaded_by=actor
    )
    attachment.file.save(safe_storage_name(upload.name, kind), upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: MovementAttachment, actor: User) -> None:
    """Remove an attachment and its file."""
    _require(actor, attachment.movement)
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
