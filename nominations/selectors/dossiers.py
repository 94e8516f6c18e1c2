"""Reads of the unit's side of a dossier: the list, one dossier with its nominees, the
document checklist and what is missing, the subjects and awards a nominee may take, and
the eligibility verdict in the shape the pages show."""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from awards.models import Award, Household, SubjectKind
from awards.selectors import household_list_visible
from units.models import Person, Unit, User
from units.search import normalize
from units.selectors import person_list_visible, person_search, unit_list_visible

from ..models import Attachment, Dossier, DossierEvent, EligibilityStatus, Nominee, ReturnReason
from ._core import dossier_list_visible

# Documents asked once per dossier; every other checklist code is asked per nominee.
DOSSIER_DOCUMENTS = ("to_trinh", "bien_ban")
# Checklist codes that the nominee's own achievement report (text or file) satisfies.
REPORT_DOCUMENTS = ("bao_cao_thanh_tich", "tom_tat_thanh_tich")
OTHER_DOCUMENT = "other"
PERSON_MATCHES = 20


# --- Lists and objects ---------------------------------------------------------------------


def dossier_list(*, user: User) -> QuerySet[Dossier]:
    """The dossiers the user may see, newest first, with their number of nominees (one
    query for the page, whatever the number of dossiers)."""
    # A correlated subquery, evaluated for the page's rows only: a GROUP BY over every
    # visible dossier would aggregate all of them before the page is cut.
    per_dossier = (
        Nominee.objects.filter(dossier=OuterRef("pk"))
        .order_by()
        .values("dossier")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        dossier_list_visible(user=user)
        .annotate(nominee_count=Coalesce(Subquery(per_dossier), 0))
        .order_by("-created_at", "-id")
    )


def dossier_nominees(*, dossier: Dossier) -> list[Nominee]:
    return list(
        dossier.nominees.select_related(
            "award", "person", "person__unit", "collective", "household", "household__unit"
        ).order_by("sort_order", "id")
    )


def dossier_attachments(*, dossier: Dossier) -> list[Attachment]:
    return list(dossier.attachments.select_related("uploaded_by", "nominee").order_by("id"))


def dossier_returns(*, dossier: Dossier) -> list[dict]:
    """The return reasons grouped by round, oldest round first."""
    rounds: dict[int, list[ReturnReason]] = {}
    for reason in dossier.returns.select_related("created_by").order_by("round", "id"):
        rounds.setdefault(reason.round, []).append(reason)
    return [{"round": number, "reasons": reasons} for number, reasons in rounds.items()]


def attachment_visible(*, user: User, pk: int) -> Attachment | None:
    """An attachment of a dossier the user may see, or None."""
    visible = dossier_list_visible(user=user)
    return (
        Attachment.objects.select_related("dossier", "dossier__unit")
        .filter(pk=pk, dossier__in=visible)
        .first()
    )


# --- Subjects and awards -------------------------------------------------------------------


def subtree_people(*, user: User, dossier: Dossier) -> QuerySet[Person]:
    """People of the dossier's unit and below, within what the user may see."""
    return person_list_visible(user=user).filter(
        unit__path__startswith=dossier.unit.path, is_active=True
    )


def people_matching(*, user: User, dossier: Dossier, text: str) -> list[Person]:
    """Accent-insensitive name search among the people the dossier may propose."""
    if not normalize(text):
        return []
    queryset = subtree_people(user=user, dossier=dossier)
    return list(
        person_search(queryset=queryset, text=text).order_by("full_name", "id")[:PERSON_MATCHES]
    )


def subtree_units(*, user: User, dossier: Dossier) -> QuerySet[Unit]:
    """Collectives the dossier may propose: the unit itself and the units below it."""
    return (
        unit_list_visible(user=user)
        .filter(path__startswith=dossier.unit.path, is_active=True)
        .order_by("path")
    )


def subtree_households(*, user: User, dossier: Dossier) -> QuerySet[Household]:
    return household_list_visible(user=user).filter(unit__path__startswith=dossier.unit.path)


def awards_for(*, subject_kind: str, kind: str) -> QuerySet[Award]:
    """Active awards a subject of this kind may receive in a dossier of this kind of
    commendation (``Award.kinds``). The catalogue is small: filtered in Python, so the
    JSON list reads alike on every database."""
    candidates = Award.objects.filter(
        is_active=True, subject_kind__in=[subject_kind, SubjectKind.ANY]
    ).only("id", "kinds")
    ids = [award.pk for award in candidates if kind in (award.kinds or [])]
    return Award.objects.filter(pk__in=ids).order_by("sort_order", "code")


def award_fits(award: Award, *, subject_kind: str, kind: str) -> bool:
    return (
        award.is_active
        and award.subject_kind in (subject_kind, SubjectKind.ANY)
        and kind in (award.kinds or [])
    )


# --- Eligibility verdicts as the pages show them -------------------------------------------

STATUS_LABELS = {
    EligibilityStatus.ELIGIBLE: EligibilityStatus.ELIGIBLE.label,
    EligibilityStatus.NEEDS_REVIEW: EligibilityStatus.NEEDS_REVIEW.label,
    EligibilityStatus.INELIGIBLE: EligibilityStatus.INELIGIBLE.label,
}


def verdict_status(verdict: dict | None) -> str:
    """The verdict's status, whether the engine's shape (``verdict``) or the core's
    household shape (``status``)."""
    verdict = verdict or {}
    return str(verdict.get("verdict") or "")


def verdict_reasons(verdict: dict | None) -> list[str]:
    """Why: the engine's checks that did not pass, each said once. An eligible verdict has
    none to give (an award with two routes passes on one; the other route's misses are no
    reason); a verdict needing review with no failed check says what a person must look at."""
    verdict = verdict or {}
    if verdict_status(verdict) == EligibilityStatus.ELIGIBLE:
        return []
    checks = verdict.get("checks", [])
    failed = [str(c["detail"]) for c in checks if not c.get("passed") and c.get("detail")]
    if not failed:
        failed = [str(c["detail"]) for c in checks if c.get("detail")]
    # Two routes (or a rule and a blocking check) may miss on the same fact: say it once.
    return list(dict.fromkeys(failed))


@dataclass
class VerdictView:
    status: str
    label: str
    reasons: list[str] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)


def verdict_view(verdict: dict | None) -> VerdictView | None:
    if not verdict:
        return None
    status = verdict_status(verdict)
    label = str(STATUS_LABELS.get(status, EligibilityStatus.UNCHECKED.label))
    return VerdictView(
        status=status,
        label=label,
        reasons=verdict_reasons(verdict),
        checks=list(verdict.get("checks", [])),
    )


# --- The checklist -------------------------------------------------------------------------


@dataclass
class ChecklistItem:
    code: str
    name: str
    nominee: Nominee | None = None
    attachments: list[Attachment] = field(default_factory=list)
    by_report: bool = False  # satisfied by the nominee's achievement report

    @property
    def done(self) -> bool:
        return bool(self.attachments) or self.by_report


@dataclass
class NomineeChecklist:
    nominee: Nominee
    has_report: bool
    has_summary: bool
    items: list[ChecklistItem]


@dataclass
class Checklist:
    dossier_items: list[ChecklistItem]
    nominees: list[NomineeChecklist]
    others: list[Attachment]
    missing: list[str]

    @property
    def complete(self) -> bool:
        return not self.missing


def _has_report(nominee: Nominee) -> bool:
    return bool(nominee.achievement_report.strip() or nominee.report_file)


def dossier_checklist(
    *, dossier: Dossier, nominees: list[Nominee], attachments: list[Attachment]
) -> Checklist:
    """What the awards of the nominees ask for (``Award.required_documents``), what is
    attached, and the list of what is missing, each item naming its document and whom
    it is for. ``to_trinh`` and ``bien_ban`` are asked once per dossier; the other codes
    per nominee, the achievement report codes being met by the nominee's report."""
    dossier_codes: dict[str, str] = {}
    if not nominees:
        dossier_codes["to_trinh"] = _("Submission (tờ trình)")
    for nominee in nominees:
        for document in nominee.award.required_documents or []:
            if document.get("code") in DOSSIER_DOCUMENTS:
                dossier_codes.setdefault(document["code"], document.get("name", document["code"]))
    dossier_items = [
        ChecklistItem(
            code=code,
            name=name,
            attachments=[a for a in attachments if a.document_code == code],
        )
        for code, name in dossier_codes.items()
    ]
    missing = [
        _("“%(document)s” of the dossier") % {"document": item.name}
        for item in dossier_items
        if not item.done
    ]
    per_nominee = []
    for nominee in nominees:
        has_report = _has_report(nominee)
        has_summary = bool(nominee.achievement_summary.strip())
        items = []
        for document in nominee.award.required_documents or []:
            code = document.get("code", "")
            if not code or code in DOSSIER_DOCUMENTS:
                continue
            items.append(
                ChecklistItem(
                    code=code,
                    name=document.get("name", code),
                    nominee=nominee,
                    attachments=[
                        a
                        for a in attachments
                        if a.document_code == code and a.nominee_id == nominee.pk
                    ],
                    by_report=code in REPORT_DOCUMENTS and has_report,
                )
            )
        name = nominee.display_name
        if not has_report:
            missing.append(_("the achievement report (text or file) of %(name)s") % {"name": name})
        if not has_summary:
            missing.append(_("the short summary of achievements of %(name)s") % {"name": name})
        for item in items:
            if item.done or (item.code in REPORT_DOCUMENTS and not has_report):
                continue  # a missing report is listed once, above
            missing.append(_("“%(document)s” of %(name)s") % {"document": item.name, "name": name})
        per_nominee.append(NomineeChecklist(nominee, has_report, has_summary, items))
    placed = {a.pk for item in dossier_items for a in item.attachments} | {
        a.pk for n in per_nominee for item in n.items for a in item.attachments
    }
    others = [a for a in attachments if a.pk not in placed]
    return Checklist(dossier_items, per_nominee, others, missing)


def document_choices(*, dossier: Dossier, nominees: list[Nominee]) -> list[tuple[str, str]]:
    """The codes an attachment of this dossier may carry: the checklist's and "other"."""
    choices: dict[str, str] = {}
    for nominee in nominees:
        for document in nominee.award.required_documents or []:
            if document.get("code"):
                choices.setdefault(document["code"], document.get("name", document["code"]))
    if "to_trinh" not in choices:
        choices = {"to_trinh": _("Submission (tờ trình)"), **choices}
    choices[OTHER_DOCUMENT] = _("Other document")
    return list(choices.items())


def dossier_events(*, dossier: Dossier) -> QuerySet[DossierEvent]:
    return dossier.events.select_related("actor").order_by("at", "id")
