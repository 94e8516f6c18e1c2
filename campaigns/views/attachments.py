"""A movement's documents: attach (PDF, DOCX, XLSX through the one upload validator),
download (whoever sees the movement) and remove (after a confirmation)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import AttachmentForm
from ..models import MovementAttachment
from ..selectors import movement_list_visible
from ._common import apply_form_errors, require_perm
from .movements import movement_detail


def _attachment(request, pk: int) -> MovementAttachment:
    attachment = get_object_or_404(
        MovementAttachment.objects.select_related("movement").filter(
            movement__in=movement_list_visible(user=request.user)
        ),
        pk=pk,
    )
    require_perm(request, "campaigns.view_movement", attachment.movement)
    return attachment


@login_required
@require_POST
def attachment_add(request, pk: int):
    movement = get_object_or_404(movement_list_visible(user=request.user), pk=pk)
    require_perm(request, "campaigns.attach_movement_document", movement)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                movement=movement,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The document was attached."))
            return redirect("campaigns:movement_detail", pk=movement.pk)
    # The title is kept; a browser never refills a file field, so the form says so.
    form.add_error("file", _("Choose the file again before sending."))
    return movement_detail(request, pk, attachment_form=form, status=400)


@login_required
def attachment_download(request, pk: int):
    attachment = _attachment(request, pk)
    if not attachment.file:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name or attachment.file.name.rsplit("/", 1)[-1],
    )


@login_required
@require_POST
def attachment_remove(request, pk: int):
    attachment = _attachment(request, pk)
    require_perm(request, "campaigns.attach_movement_document", attachment.movement)
    movement_pk = attachment.movement_id
    services.attachment_remove(attachment=attachment, actor=request.user)
    messages.success(request, _("The document was removed."))
    return redirect("campaigns:movement_detail", pk=movement_pk)


urlpatterns = [
    path("phong-trao/<int:pk>/tai-lieu/", attachment_add, name="attachment_add"),
    path("phong-trao/tai-lieu/<int:pk>/", attachment_download, name="attachment_download"),
    path("phong-trao/tai-lieu/<int:pk>/xoa/", attachment_remove, name="attachment_remove"),
]
