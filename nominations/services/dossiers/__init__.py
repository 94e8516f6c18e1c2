"""The unit's side of a dossier: create and edit it, add nominees with their reports,
attach the documents of the checklist, submit (the unit head) and withdraw.

Every service runs in one transaction and locks the dossier row first, so an edit and a
submission never interleave; every change is a :class:`DossierEvent` with who and what.
Files are validated by content and size before anything is written, stored under a random
name, and removed again from storage if the transaction fails.

Integrity under concurrency (SECURITY-TESTS.md E3–E5): a create form carries a one-time
token, so a double click creates one dossier (:class:`DossierAlreadyCreated`); the edit
forms carry the version they were rendered from, and a stale one is refused
(:class:`EditConflict`), never silently overwritten; every change of the dossier's content
bumps its version; a submission takes its places in the local quotas under the quota
rows' lock, so two submissions cannot both take the last place.
"""

from ._common import DOSSIER_FIELDS, IMAGE_KINDS, UPLOAD_KINDS, DossierAlreadyCreated, EditConflict
from .attachments import attachment_add, attachment_remove
from .dossier import dossier_create, dossier_update
from .nominees import nominee_add, nominee_remove, nominee_update
from .quotas import QUOTA_FREE_OUTCOMES, QUOTA_FREE_STATES, quota_places_taken
from .submission import dossier_submit, dossier_withdraw

__all__ = [
    "DOSSIER_FIELDS",
    "DossierAlreadyCreated",
    "EditConflict",
    "IMAGE_KINDS",
    "QUOTA_FREE_OUTCOMES",
    "QUOTA_FREE_STATES",
    "UPLOAD_KINDS",
    "attachment_add",
    "attachment_remove",
    "dossier_create",
    "dossier_submit",
    "dossier_update",
    "dossier_withdraw",
    "nominee_add",
    "nominee_remove",
    "nominee_update",
    "quota_places_taken",
]
