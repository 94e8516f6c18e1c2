"""The unit's pages of a dossier: the list, create and edit, nominees (with the person
search, the quick add to the registry and the live eligibility verdict), attachments per
checklist item, submission by the unit head and withdrawal.

Every dossier comes from ``dossier_list_visible``, so one outside the user's scope answers
404; every action checks its permission on the dossier, and a dossier the unit no longer
holds (submitted and beyond) answers 404 to every change.
"""

from django.urls import path

from ._common import CONTENT_TYPES, EVENT_DATA_LABELS, event_details
from .attachments import attachment_add, attachment_download, attachment_remove
from .nominees import (
    nominee_create,
    nominee_person_create,
    nominee_person_search,
    nominee_remove,
    nominee_report_download,
    nominee_update,
    nominee_verdict,
)
from .pages import (
    dossier_create,
    dossier_detail,
    dossier_list,
    dossier_submit,
    dossier_update,
    dossier_withdraw,
)

urlpatterns = [
    path("ho-so/", dossier_list, name="dossier_list"),
    path("ho-so/them/", dossier_create, name="dossier_create"),
    path("ho-so/<int:pk>/", dossier_detail, name="dossier_detail"),
    path("ho-so/<int:pk>/sua/", dossier_update, name="dossier_update"),
    path("ho-so/<int:pk>/nop/", dossier_submit, name="dossier_submit"),
    path("ho-so/<int:pk>/rut/", dossier_withdraw, name="dossier_withdraw"),
    path("ho-so/<int:pk>/de-nghi/them/", nominee_create, name="nominee_create"),
    path("ho-so/<int:pk>/de-nghi/<int:nominee_pk>/sua/", nominee_update, name="nominee_update"),
    path("ho-so/<int:pk>/de-nghi/<int:nominee_pk>/xoa/", nominee_remove, name="nominee_remove"),
    path(
        "ho-so/<int:pk>/de-nghi/<int:nominee_pk>/bao-cao/",
        nominee_report_download,
        name="nominee_report_download",
    ),
    path("ho-so/<int:pk>/xet-dieu-kien/", nominee_verdict, name="nominee_verdict"),
    path("ho-so/<int:pk>/tim-nguoi/", nominee_person_search, name="nominee_person_search"),
    path("ho-so/<int:pk>/them-nguoi/", nominee_person_create, name="nominee_person_create"),
    path("ho-so/<int:pk>/tai-lieu/them/", attachment_add, name="attachment_add"),
    path("ho-so/tai-lieu/<int:pk>/", attachment_download, name="attachment_download"),
    path("ho-so/tai-lieu/<int:pk>/xoa/", attachment_remove, name="attachment_remove"),
]

__all__ = [
    "CONTENT_TYPES",
    "EVENT_DATA_LABELS",
    "event_details",
    "urlpatterns",
    "attachment_add",
    "attachment_download",
    "attachment_remove",
    "dossier_create",
    "dossier_detail",
    "dossier_list",
    "dossier_submit",
    "dossier_update",
    "dossier_withdraw",
    "nominee_create",
    "nominee_person_create",
    "nominee_person_search",
    "nominee_remove",
    "nominee_report_download",
    "nominee_update",
    "nominee_verdict",
]
