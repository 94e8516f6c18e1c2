"""Nomination dossiers from a unit to the chairman's decision.

A :class:`Dossier` (tờ trình đề nghị khen thưởng) of a unit holds :class:`Nominee` rows,
each with its award, its achievement report and its eligibility verdicts, and the
:class:`Attachment` files the award's checklist asks for. The secretariat appraises it
(returns are kept as :class:`ReturnReason` rows per round), puts nominees to
:class:`Consultation` when the award needs it, then to a :class:`CouncilSession` whose
members vote by secret ballot: :class:`BallotReceipt` records *who* voted on an agenda
item, :class:`Ballot` records *what* was chosen, and nothing links the two. A
:class:`Proposal` groups the nominees that passed into the tờ trình to the chairman (and
his decision) or into the province's proposal to the central level. Every state change is
a :class:`DossierEvent`, with who and when.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models import Award, AwardGrant, CommendationKind, Decision, Household
from units.models import Person, Unit, User


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_APPRAISAL = "in_appraisal", _("In appraisal")
    RETURNED = "returned", _("Returned for correction")
    CONSULTATION = "consultation", _("In public consultation")
    IN_COUNCIL = "in_council", _("Before the Council")
    PROPOSED = "proposed", _("At the proposal step")
    DECIDED = "decided", _("Decided")
    REJECTED = "rejected", _("Not approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The state machine (ARCHITECTURE.md "The main flows"): the one place transitions live.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    DossierState.DRAFT: (DossierState.SUBMITTED, DossierState.WITHDRAWN),
    DossierState.SUBMITTED: (
        DossierState.IN_APPRAISAL,
        DossierState.RETURNED,
        DossierState.WITHDRAWN,
    ),
    DossierState.IN_APPRAISAL: (
        DossierState.RETURNED,
        DossierState.CONSULTATION,
        DossierState.IN_COUNCIL,
        DossierState.PROPOSED,  # simplified procedure: no consultation, no vote
        DossierState.REJECTED,
        DossierState.WITHDRAWN,
    ),
    DossierState.RETURNED: (DossierState.SUBMITTED, DossierState.WITHDRAWN),
    DossierState.CONSULTATION: (
        DossierState.IN_COUNCIL,
        DossierState.PROPOSED,
        DossierState.REJECTED,
    ),
    DossierState.IN_COUNCIL: (DossierState.PROPOSED, DossierState.REJECTED),
    DossierState.PROPOSED: (DossierState.DECIDED, DossierState.REJECTED),
    DossierState.DECIDED: (),
    DossierState.REJECTED: (),
    DossierState.WITHDRAWN: (),
}
# The unit may change the dossier only in these states; afterwards it is locked for it.
UNIT_EDITABLE_STATES = (DossierState.DRAFT, DossierState.RETURNED)
# States of the secretariat's queue.
QUEUE_STATES = (DossierState.SUBMITTED, DossierState.IN_APPRAISAL)


class Dossier(models.Model):
    """A unit's nomination dossier for a year and a kind of commendation."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("proposing unit"), on_delete=models.PROTECT, related_name="dossiers"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(
        _("kind of commendation"), max_length=12, choices=CommendationKind.choices
    )
    title = models.CharField(_("title"), max_length=300)
    movement = models.CharField(
        _("emulation movement"),
        max_length=300,
        blank=True,
        help_text=_("For a movement or thematic commendation: the movement's name."),
    )
    summary = models.TextField(_("summary of the proposal"), blank=True)
    state = models.CharField(
        _("state"), max_length=14, choices=DossierState.choices, default=DossierState.DRAFT
    )
    simplified = models.BooleanField(
        _("simplified procedure"),
        default=False,
        help_text=_("Ad hoc awards with no consultation and no Council vote."),
    )
    round = models.PositiveSmallIntegerField(_("submission round"), default=0)
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        User,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    appraisal_due_on = models.DateField(_("appraisal due on"), null=True, blank=True)
    reviewer = models.ForeignKey(
        User,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    appraised_at = models.DateTimeField(_("appraised at"), null=True, blank=True)
    consultation_result = models.TextField(_("result of the public consultation"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic locking: an edit names the version it started from; the loser of two
    # simultaneous edits is told, never silently overwritten (SECURITY-TESTS.md E5).
    version = models.PositiveIntegerField(_("version"), default=1)
    # The one-time token of the form that created the dossier: a double click or a
    # resubmitted page creates one dossier, not two (SECURITY-TESTS.md E4).
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination dossier")
        verbose_name_plural = _("nomination dossiers")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "received_on", "id"], name="dossier_queue"),
            models.Index(fields=["unit", "-created_at"], name="dossier_unit_recent"),
            models.Index(fields=["-created_at", "-id"], name="dossier_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="dossier_year_range"
            ),
        ]
        permissions = [
            ("appraise_dossier", "Can appraise nomination dossiers"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def editable_by_unit(self) -> bool:
        return self.state in UNIT_EDITABLE_STATES

    def can_move_to(self, state: str) -> bool:
        return state in TRANSITIONS.get(self.state, ())


class NomineeOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved for the next step")
    NOT_APPROVED = "not_approved", _("Not approved")
    PASSED = "passed", _("Passed the Council vote")
    FAILED = "failed", _("Did not pass the Council vote")
    PROPOSED = "proposed", _("Proposed")
    PROPOSED_UPWARD = "proposed_upward", _("Proposed to the central level")
    AWARDED = "awarded", _("Awarded")


class EligibilityStatus(models.TextChoices):
    """The engine's three verdicts (ELIGIBILITY.md) plus "not checked yet"."""

    UNCHECKED = "", _("Not checked")
    ELIGIBLE = "eligible", _("Eligible")
    NEEDS_REVIEW = "needs_review", _("Needs review")
    INELIGIBLE = "ineligible", _("Not eligible")


def _one_subject() -> Q:
    person, unit, household = (
        Q(person__isnull=False),
        Q(collective__isnull=False),
        Q(household__isnull=False),
    )
    return (
        (person & ~unit & ~household)
        | (~person & unit & ~household)
        | (~person & ~unit & household)
    )


def report_upload_to(nominee, filename: str) -> str:
    return f"nominations/reports/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class Nominee(models.Model):
    """A person, a collective or a household proposed in a dossier for one award."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="nominees"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    collective = models.ForeignKey(
        Unit,
        verbose_name=_("collective"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="nominees"
    )
    # Names as they were proposed: the documents read as submitted.
    display_name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    unit_name = models.CharField(_("unit"), max_length=255, blank=True)
    achievement_summary = models.TextField(
        _("short summary of achievements"),
        max_length=2000,
        blank=True,
        help_text=_("Shown on the public consultation page; no personal data."),
    )
    achievement_report = models.TextField(_("achievement report"), blank=True)
    report_file = models.FileField(
        _("achievement report file"), upload_to=report_upload_to, blank=True
    )
    report_file_name = models.CharField(max_length=255, blank=True)
    eligibility_status = models.CharField(
        _("eligibility at submission"),
        max_length=14,
        choices=EligibilityStatus.choices,
        blank=True,
        default="",
    )
    eligibility_result = models.JSONField(_("verdict at submission"), default=dict, blank=True)
    eligibility_checked_at = models.DateTimeField(null=True, blank=True)
    appraisal_status = models.CharField(
        _("eligibility at appraisal"),
        max_length=14,
        choices=EligibilityStatus.choices,
        blank=True,
        default="",
    )
    appraisal_result = models.JSONField(_("verdict at appraisal"), default=dict, blank=True)
    appraisal_checked_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=NomineeOutcome.choices,
        default=NomineeOutcome.PENDING,
    )
    outcome_reason = models.TextField(_("reason"), blank=True)
    needs_consultation = models.BooleanField(_("public consultation"), default=False)
    consultation_done = models.BooleanField(_("consultation closed"), default=False)
    grant = models.OneToOneField(
        AwardGrant,
        verbose_name=_("award granted"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominee",
    )
    proposal = models.ForeignKey(
        "Proposal",
        verbose_name=_("proposal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nominees",
    )
    sort_order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")
        ordering = ["dossier", "sort_order", "id"]
        indexes = [
            models.Index(fields=["person", "award"], name="nominee_person_award"),
            models.Index(fields=["outcome"], name="nominee_outcome"),
        ]
        constraints = [
            models.CheckConstraint(condition=_one_subject(), name="nominee_one_subject"),
            models.UniqueConstraint(
                fields=["dossier", "person", "award"],
                condition=Q(person__isnull=False),
                name="nominee_person_once_per_award",
            ),
            models.UniqueConstraint(
                fields=["dossier", "collective", "award"],
                condition=Q(collective__isnull=False),
                name="nominee_collective_once_per_award",
            ),
            models.UniqueConstraint(
                fields=["dossier", "household", "award"],
                condition=Q(household__isnull=False),
                name="nominee_household_once_per_award",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} — {self.award}"

    @property
    def subject(self):
        return self.person or self.collective or self.household

    @property
    def subject_kind(self) -> str:
        if self.person_id:
            return "individual"
        if self.collective_id:
            return "collective"
        return "household"

    @property
    def needs_vote(self) -> bool:
        """A Council vote, unless the award needs none or the dossier takes the
        simplified procedure."""
        return not self.dossier.simplified and self.award.council_vote != "none"

    @property
    def awaits_consultation(self) -> bool:
        return self.needs_consultation and not self.consultation_done


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


class EventAction(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    ADVANCED = "advanced", _("Moved to the next step")
    NOMINEE_ADDED = "nominee_added", _("Nominee added")
    NOMINEE_REMOVED = "nominee_removed", _("Nominee removed")
    ATTACHMENT_ADDED = "attachment_added", _("Document attached")
    ATTACHMENT_REMOVED = "attachment_removed", _("Document removed")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    APPRAISAL_STARTED = "appraisal_started", _("Appraisal started")
    ELIGIBILITY_CHECKED = "eligibility_checked", _("Eligibility checked again")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted after appraisal")
    REJECTED = "rejected", _("Not approved")
    CONSULTATION_OPENED = "consultation_opened", _("Public consultation opened")
    CONSULTATION_CLOSED = "consultation_closed", _("Public consultation closed")
    OBJECTION_RESOLVED = "objection_resolved", _("Objection resolved")
    PUT_ON_AGENDA = "put_on_agenda", _("Put on the Council's agenda")
    VOTE_COUNTED = "vote_counted", _("Council vote counted")
    PROPOSED = "proposed", _("Proposed")
    DECISION_APPROVED = "decision_approved", _("Decision approved by the chairman")
    DECISION_ISSUED = "decision_issued", _("Decision issued")
    PROPOSAL_REJECTED = "proposal_rejected", _("Proposal not approved")


class DossierEvent(models.Model):
    """One entry of a dossier's history: what happened, from which state to which, who
    did it and when; ``data`` holds the figures (reasons, vote counts, decision number)."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        User,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=24, choices=EventAction.choices)
    from_state = models.CharField(
        _("from"), max_length=14, choices=DossierState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=14, choices=DossierState.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["dossier", "at"], name="dossier_event_time")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Dossier events are append-only.")
        super().save(*args, **kwargs)


class ReturnReason(models.Model):
    """Why the secretariat returned a dossier in one round: for the whole dossier
    (``nominee`` empty) or for one nominee. Every round is kept."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="returns"
    )
    round = models.PositiveSmallIntegerField(_("submission round"))
    nominee = models.ForeignKey(
        Nominee,
        verbose_name=_("nominee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="return_reasons",
    )
    nominee_name = models.CharField(_("nominee"), max_length=255, blank=True)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        User, verbose_name=_("returned by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("return reason")
        verbose_name_plural = _("return reasons")
        ordering = ["dossier", "round", "id"]

    def __str__(self) -> str:
        return self.reason[:80]


# --- Public consultation -------------------------------------------------------------------


class ConsultationState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Consultation(models.Model):
    """A public consultation window (lấy ý kiến nhân dân) on a list of nominees."""

    title = models.CharField(_("title"), max_length=300)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    state = models.CharField(
        _("state"),
        max_length=8,
        choices=ConsultationState.choices,
        default=ConsultationState.OPEN,
    )
    nominees = models.ManyToManyField(
        Nominee, verbose_name=_("nominees"), related_name="consultations"
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[nominees])

    class Meta:
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="consultation_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return self.state == ConsultationState.OPEN and self.opens_on <= day <= self.closes_on


class OpinionStatus(models.TextChoices):
    NEW = "new", _("New")
    NOTED = "noted", _("Noted (no objection)")
    RESOLVED = "resolved", _("Resolved")
    UPHELD = "upheld", _("Objection upheld")
    SPAM = "spam", _("Not relevant")


OPEN_OBJECTION_STATES = (OpinionStatus.NEW,)


class Opinion(models.Model):
    """An opinion sent by anyone on one nominee of an open consultation."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="opinions",
    )
    nominee = models.ForeignKey(
        Nominee, verbose_name=_("nominee"), on_delete=models.CASCADE, related_name="opinions"
    )
    is_objection = models.BooleanField(_("objection"), default=True)
    body = models.TextField(_("opinion"), max_length=4000)
    sender_name = models.CharField(_("name"), max_length=150, blank=True)
    sender_contact = models.CharField(_("contact"), max_length=150, blank=True)
    # The notice the sender agreed to when giving a name or contact (SECURITY.md); the
    # name and contact are erased a retention period after the consultation closes.
    consent_version = models.CharField(_("consent notice version"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=OpinionStatus.choices, default=OpinionStatus.NEW
    )
    answer = models.TextField(_("answer"), blank=True)
    resolution = models.TextField(_("how it was resolved"), blank=True)
    moderated_by = models.ForeignKey(
        User,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    # The sender's name and contact stay out of the history, so erasing them erases them.
    history = HistoricalRecords(excluded_fields=["sender_name", "sender_contact"])

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["nominee", "status"], name="opinion_nominee_status")]

    def __str__(self) -> str:
        return self.body[:80]

    @property
    def blocks(self) -> bool:
        """An objection not yet handled, or upheld, keeps the nominee off the agenda."""
        return self.is_objection and self.status in (OpinionStatus.NEW, OpinionStatus.UPHELD)


# --- Council session and secret ballot ---------------------------------------------------


class SessionState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    VOTING = "voting", _("Voting open")
    CLOSED = "closed", _("Closed")


class CouncilSession(models.Model):
    """A meeting of the provincial Council that votes on nominees."""

    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=SessionState.choices,
        default=SessionState.SCHEDULED,
    )
    # Fixed when voting opens: thresholds count against the membership of that day.
    member_total = models.PositiveSmallIntegerField(_("members of the Council"), default=0)
    quorum_needed = models.PositiveSmallIntegerField(_("quorum"), default=0)
    present_count = models.PositiveSmallIntegerField(_("members present"), default=0)
    voting_opened_at = models.DateTimeField(_("voting opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("scheduled by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Council session")
        verbose_name_plural = _("Council sessions")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """One nominee on a session's agenda, with the count once the vote is closed."""

    session = models.ForeignKey(
        CouncilSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="items"
    )
    nominee = models.ForeignKey(
        Nominee, verbose_name=_("nominee"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    votes_needed = models.PositiveSmallIntegerField(_("agree votes needed"), default=0)
    agree = models.PositiveSmallIntegerField(_("agree"), null=True, blank=True)
    disagree = models.PositiveSmallIntegerField(_("disagree"), null=True, blank=True)
    abstain = models.PositiveSmallIntegerField(_("abstain"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "nominee"], name="agenda_nominee_once"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.nominee_id}"


class Attendance(models.Model):
    """Whether a member was present; an absent member's written opinion."""

    session = models.ForeignKey(
        CouncilSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    member = models.ForeignKey(
        User, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    present = models.BooleanField(_("present"), default=False)
    written_opinion = models.TextField(_("written opinion (absent member)"), blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({'+' if self.present else '-'})"


class BallotReceipt(models.Model):
    """That a member voted on an agenda item, and nothing about how.

    The unique constraint is what makes a second ballot impossible, even from two
    requests at the same moment. No time is kept: a time could be matched to a ballot.
    """

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="+"
    )
    voter = models.ForeignKey(
        User, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ballot receipt")
        verbose_name_plural = _("ballot receipts")
        constraints = [
            models.UniqueConstraint(fields=["item", "voter"], name="ballot_receipt_once"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.voter_id}"


class Choice(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    ABSTAIN = "abstain", _("Abstain")


class Ballot(models.Model):
    """A choice on an agenda item, with no voter, no time and a random key: rows cannot
    be ordered back to the receipts. The ballot box is reshuffled when the vote closes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="+"
    )
    choice = models.CharField(_("choice"), max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.choice}"


# --- Proposal and decision ---------------------------------------------------------------


class ProposalTarget(models.TextChoices):
    CHAIRMAN = "chairman", _("To the provincial chairman (decision in the province)")
    CENTRAL = "central", _("To the central level")


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting the chairman")
    ISSUED = "issued", _("Issued")
    SENT = "sent", _("Sent to the central level")
    REJECTED = "rejected", _("Not approved")


class Proposal(models.Model):
    """The secretariat's tờ trình: to the chairman with a draft decision for one award,
    or the province's proposal dossier to the central level."""

    target = models.CharField(_("to"), max_length=10, choices=ProposalTarget.choices)
    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="proposals"
    )
    kind = models.CharField(
        _("kind of commendation"), max_length=12, choices=CommendationKind.choices
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    reason_text = models.CharField(
        _("for achievements"),
        max_length=500,
        blank=True,
        help_text=_("Completes “đã có thành tích …” in Article 1 of the decision."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    number = models.CharField(_("number of the tờ trình"), max_length=60, blank=True)
    submitted_on = models.DateField(_("date of the tờ trình"), null=True, blank=True)
    decision = models.OneToOneField(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("prepared by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-id"]
        permissions = [("decide_proposal", "Can approve a proposal and issue the decision")]

    def __str__(self) -> str:
        return self.title
