"""The files attached to a dossier."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import User

from .dossiers import Dossier
from .nominees import Nominee


def attachment_upload_to(attachment, filename: str) -> str:
    return f"nominations/attachments/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class Attachment(models.Model):
    """A document of the dossier: for the whole dossier or for one nominee, named by the
    catalogue's checklist code (``to_trinh``, ``bien_ban``…) or ``other``."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="attachments"
    )
    nominee = models.ForeignKey(
        Nominee,
        verbose_name=_("nominee"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    document_code = models.CharField(_("document"), max_length=40)
    file = models.FileField(_("file"), upload_to=attachment_upload_to)
    original_name = models.CharField(_("file name"), max_length=255)
    file_kind = models.CharField(_("file type"), max_length=5)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    round = models.PositiveSmallIntegerField(_("submission round"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["dossier", "document_code", "id"]

    def __str__(self) -> str:
        return self.original_name
