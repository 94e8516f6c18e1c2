"""What the dossier pages share: fetching a dossier or nominee the user may see, the
content types of downloads and the history entries' labelled figures."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import CommendationKind
from units.views.helpers import require_perm

from ...models import Dossier, EligibilityStatus, Nominee
from ...selectors._core import dossier_list_visible

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
EVENT_DATA_LABELS = {
    "title": gettext_lazy("Title"),
    "year": gettext_lazy("Year"),
    "kind": gettext_lazy("Kind of commendation"),
    "round": gettext_lazy("Round"),
    "nominees": gettext_lazy("Number of nominees"),
    "nominee": gettext_lazy("Nominee"),
    "award": gettext_lazy("Award"),
    "document": gettext_lazy("Document"),
    "file": gettext_lazy("File"),
    "size": gettext_lazy("Size (bytes)"),
    "reason": gettext_lazy("Reason"),
    "reasons": gettext_lazy("Reasons"),
    "changed": gettext_lazy("Changed"),
    "simplified": gettext_lazy("Simplified procedure"),
    "appraisal_due_on": gettext_lazy("Appraisal due on"),
    "verdicts": gettext_lazy("Eligibility at submission"),
    "general": gettext_lazy("Reason for the whole dossier"),
    "approved": gettext_lazy("Approved"),
    "not_approved": gettext_lazy("Not approved"),
    "opens_on": gettext_lazy("Opens on"),
    "closes_on": gettext_lazy("Closes on"),
    "working_days": gettext_lazy("Working days"),
    "resolution": gettext_lazy("How it was resolved"),
    "held_on": gettext_lazy("Date of the session"),
    "member_total": gettext_lazy("Total members of the Council"),
    "present": gettext_lazy("Members present"),
    "quorum": gettext_lazy("Quorum"),
    "number": gettext_lazy("Number"),
    "date": gettext_lazy("Date"),
}
# Keys kept for the machines (ids, raw statuses, per-item figures the note already tells
# in words) are not shown: only the labelled ones are.


# --- Helpers -------------------------------------------------------------------------------


def _dossier(request, pk: int, perm: str = "nominations.view_dossier") -> Dossier:
    dossier = get_object_or_404(dossier_list_visible(user=request.user), pk=pk)
    require_perm(request, perm, dossier)
    return dossier


def _nominee(request, dossier: Dossier, pk: int) -> Nominee:
    return get_object_or_404(
        Nominee.objects.select_related("award", "person", "collective", "household"),
        pk=pk,
        dossier=dossier,
    )


def _error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _value(key: str, value):
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if key == "kind" and value in CommendationKind.values:
        return CommendationKind(value).label
    if key == "verdicts" and isinstance(value, dict):
        return ", ".join(
            f"{EligibilityStatus(k).label if k in EligibilityStatus.values else k}: {v}"
            for k, v in value.items()
        )
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(k, v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(str(_value(key, v)) for v in value)
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return value


def _nominees_value(value):
    """A list of nominees ({name, reason/outcome…}) as names with their reason; a list of
    ids or a number as a count."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return "; ".join(
            str(v.get("name", "")) + (f": {v['reason']}" if v.get("reason") else "") for v in value
        )
    if isinstance(value, list):
        return len(value)
    return value


def event_details(event) -> list[tuple[str, str]]:
    """The figures of a history entry as (label, value) pairs, in Vietnamese; only the
    keys with a label are shown."""
    details = []
    for key, value in (event.data or {}).items():
        if key not in EVENT_DATA_LABELS or value in ("", None, [], {}):
            continue
        if key == "nominees":
            shown = _nominees_value(value)
            label = (
                _("Nominees")
                if isinstance(value, list) and value and isinstance(value[0], dict)
                else EVENT_DATA_LABELS[key]
            )
            details.append((str(label), shown))
            continue
        details.append((str(EVENT_DATA_LABELS[key]), _value(key, value)))
    return details


def _with_version(request, version: int):
    """The posted data with the hidden version replaced by the current one: after a
    conflict the form keeps the user's input and, once they have seen the current values,
    saving again is their informed choice."""
    data = request.POST.copy()
    data["version"] = str(version)
    return data
