"""Pages of signers (/nguoi-ky/) and of the register of issued documents (/so-van-ban/).

The secretariat keeps every unit's signers; a unit head his own unit's. A signer outside
the reader's scope answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms.signers import SignerForm
from ..issuing import register_list_visible, signer_list_visible, signer_save, signer_units
from .helpers import apply_form_errors, paginate, require_perm

POSITIONS = ("Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc", "Chánh Văn phòng")


@login_required
def signer_list(request):
    require_perm(request, "units.view_signer")
    return render(
        request,
        "units/signer_list.html",
        {
            "page": paginate(request, signer_list_visible(user=request.user)),
            "can_add": request.user.has_perm("units.add_signer"),
        },
    )


def _form_page(request, signer=None):
    units = signer_units(user=request.user)
    form = SignerForm(request.POST or None, instance=signer, unit_queryset=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signer_save(actor=request.user, signer=signer, **data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The signer was saved."))
            return redirect("units:signer_list")
    return render(
        request,
        "units/signer_form.html",
        {"form": form, "signer": signer, "positions": POSITIONS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def signer_create(request):
    require_perm(request, "units.add_signer")
    return _form_page(request)


@login_required
@require_http_methods(["GET", "POST"])
def signer_update(request, pk: int):
    signer = get_object_or_404(signer_list_visible(user=request.user), pk=pk)
    require_perm(request, "units.change_signer", signer)
    return _form_page(request, signer)


@login_required
def register_list(request):
    require_perm(request, "units.view_issueddocument")
    entries = register_list_visible(user=request.user).order_by(
        "-issued_on", "issuer__path", "doc_type", "-number"
    )
    return render(request, "units/register_list.html", {"page": paginate(request, entries)})
