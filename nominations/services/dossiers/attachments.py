"""Attach and remove the documents of the dossier's checklist."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from units.models import User

from ...models import (
    Attachment,
    Dossier,
    EventAction,
    Nominee,
)
from ...selectors.dossiers import (
    DOSSIER_DOCUMENTS,
    OTHER_DOCUMENT,
    document_choices,
    dossier_nominees,
)
from .._core import (
    event_record,
)
from ._common import _bump, _lock, _require_editable, _save_file, _stored_files, _validated_upload

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
