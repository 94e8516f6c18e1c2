"""Report kinds of the emulation movements (campaigns app):

- ``movement_plan``: the launch plan (Decree 30 "KẾ HOẠCH"), PDF/DOCX, of one movement;
- ``registration_form``: a unit's registration (MOLISA Circular 35/2011 Mẫu 1a layout:
  I movements, II targets, III titles), PDF/XLSX, of one registration;
- ``movement_review``: the mid-term or final review (Decree 30 "BÁO CÁO": I results
  against targets, II organisation, III limits and lessons, IV direction, appendices of
  awards and exemplars), PDF/DOCX, of one review;
- ``movement_results``: targets against actuals by unit, XLSX, of one movement;
- ``form_0601``: Circular 02/2023 form 0601 (movements by scope, duration and method) for
  a year, XLSX.

One module per document; the kinds are registered here.
"""

from django.utils.translation import gettext_lazy as _

from campaigns.models import Movement, Review
from campaigns.selectors import movement_list_visible, registration_list_visible

from ..kinds import ReportKind, register
from ._common import PERMISSION
from .form_0601 import FORM_0601_COLUMNS, build_form_0601
from .plan import build_movement_plan
from .registration import build_registration_form
from .review import build_movement_results, build_movement_review

__all__ = [
    "FORM_0601_COLUMNS",
    "PERMISSION",
    "build_form_0601",
    "build_movement_plan",
    "build_movement_results",
    "build_movement_review",
    "build_registration_form",
]


def _movement_check(user, object_id) -> bool:
    if object_id is None:
        return False
    return movement_list_visible(user=user).filter(pk=object_id).exclude(state="draft").exists()


def _registration_check(user, object_id) -> bool:
    if object_id is None:
        return False
    registration = registration_list_visible(user=user).filter(pk=object_id).first()
    return registration is not None and user.has_perm("campaigns.view_registration", registration)


def _review_check(user, object_id) -> bool:
    review = Review.objects.select_related("movement").filter(pk=object_id).first()
    return review is not None and user.has_perm("campaigns.view_review", review.movement)


def _results_check(user, object_id) -> bool:
    movement = Movement.objects.filter(pk=object_id).first()
    return movement is not None and user.has_perm("campaigns.view_review", movement)


register(
    ReportKind(
        code="movement_plan",
        title=_("Movement launch plan"),
        formats=("pdf", "docx"),
        build=build_movement_plan,
        permission=PERMISSION,
        object_check=_movement_check,
    )
)
register(
    ReportKind(
        code="registration_form",
        title=_("Emulation registration form"),
        formats=("pdf", "xlsx"),
        build=build_registration_form,
        permission=PERMISSION,
        object_check=_registration_check,
    )
)
register(
    ReportKind(
        code="movement_review",
        title=_("Movement review report"),
        formats=("pdf", "docx"),
        build=build_movement_review,
        permission=PERMISSION,
        object_check=_review_check,
    )
)
register(
    ReportKind(
        code="movement_results",
        title=_("Movement targets against actuals by unit"),
        formats=("xlsx",),
        build=build_movement_results,
        permission=PERMISSION,
        object_check=_results_check,
    )
)
register(
    ReportKind(
        code="form_0601",
        title=_("Form 0601: emulation movements"),
        formats=("xlsx",),
        build=build_form_0601,
        permission="campaigns.view_form_0601",
        needs_year=True,
    )
)
