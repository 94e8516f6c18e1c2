"""Pages of the proposal step (/to-trinh/): the secretariat prepares and sends the tờ
trình with its draft decision and records the tờ trình's number once issued; the chairman
approves (choosing who signs, and how) or rejects it; the clerk (the secretariat) issues
the approved decision with the number from the register, the date, the signer and the
signed original; then the decision's number and date and each award's verification and
archive links.

Only the secretariat and the chairman see these pages; anyone else gets 404.
"""

from django.urls import path

from .pages import proposal_create, proposal_detail, proposal_list, proposal_update
from .steps import (
    proposal_approve,
    proposal_decision_issue,
    proposal_delete,
    proposal_reject,
    proposal_signed_file,
    proposal_submission_issue,
    proposal_submit,
)

urlpatterns = [
    path("to-trinh/", proposal_list, name="proposal_list"),
    path("to-trinh/lap/", proposal_create, name="proposal_create"),
    path("to-trinh/<int:pk>/", proposal_detail, name="proposal_detail"),
    path("to-trinh/<int:pk>/sua/", proposal_update, name="proposal_update"),
    path("to-trinh/<int:pk>/huy/", proposal_delete, name="proposal_delete"),
    path("to-trinh/<int:pk>/trinh/", proposal_submit, name="proposal_submit"),
    path("to-trinh/<int:pk>/phe-duyet/", proposal_approve, name="proposal_approve"),
    path("to-trinh/<int:pk>/khong-phe-duyet/", proposal_reject, name="proposal_reject"),
    path(
        "to-trinh/<int:pk>/vao-so-to-trinh/",
        proposal_submission_issue,
        name="proposal_submission_issue",
    ),
    path(
        "to-trinh/<int:pk>/ban-hanh-quyet-dinh/",
        proposal_decision_issue,
        name="proposal_decision_issue",
    ),
    path(
        "to-trinh/<int:pk>/ban-goc/<str:which>/",
        proposal_signed_file,
        name="proposal_signed_file",
    ),
]

__all__ = [
    "urlpatterns",
    "proposal_approve",
    "proposal_create",
    "proposal_decision_issue",
    "proposal_delete",
    "proposal_detail",
    "proposal_list",
    "proposal_reject",
    "proposal_signed_file",
    "proposal_submission_issue",
    "proposal_submit",
    "proposal_update",
]
