"""The attachments of a dossier, per checklist item: add, download and remove."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from units.models import SecurityEventKind
from units.security import log_event
from units.views.helpers import apply_form_errors, require_perm

from ...forms.dossiers import AttachmentForm
from ...selectors import dossiers as selectors
from ...services import dossiers as services
from ._common import CONTENT_TYPES, _dossier, _error_messages

# --- Attachments ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attachment_add(request, pk: int):
    dossier = _dossier(request, pk, "nominations.change_dossier")
    nominees = selectors.dossier_nominees(dossier=dossier)
    form = AttachmentForm(
        request.POST or None,
        request.FILES or None,
        initial={"document_code": request.GET.get("code"), "nominee": request.GET.get("nominee")},
        documents=selectors.document_choices(dossier=dossier, nominees=nominees),
        nominees=dossier.nominees.all(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.attachment_add(
                dossier=dossier,
                document_code=data["document_code"],
                nominee=data.get("nominee"),
                file=data["file"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The document was attached."))
            return redirect(reverse("nominations:dossier_detail", args=[pk]) + "#checklist")
    return render(
        request, "nominations/dossiers/attachment_form.html", {"dossier": dossier, "form": form}
    )


@login_required
def attachment_download(request, pk: int):
    """Serve an attachment to whoever may see its dossier, as a download under the name
    it was uploaded with."""
    attachment = selectors.attachment_visible(user=request.user, pk=pk)
    if attachment is None:
        raise Http404
    require_perm(request, "nominations.view_dossier", attachment.dossier)
    log_event(
        SecurityEventKind.PERSONAL_DATA_EXPORTED,
        request=request,
        dossier=attachment.dossier_id,
        attachment=attachment.pk,
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=CONTENT_TYPES.get(attachment.file_kind, "application/octet-stream"),
    )


@login_required
@require_POST
def attachment_remove(request, pk: int):
    attachment = selectors.attachment_visible(user=request.user, pk=pk)
    if attachment is None:
        raise Http404
    require_perm(request, "nominations.change_dossier", attachment.dossier)
    try:
        services.attachment_remove(attachment=attachment, actor=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("The document was removed."))
    return redirect(
        reverse("nominations:dossier_detail", args=[attachment.dossier_id]) + "#checklist"
    )
