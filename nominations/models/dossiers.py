"""The dossier and its state machine."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models import CommendationKind
from units.models import Unit, User


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
    # Grassroots awards (the catalogue's authority is the unit's head): reviewed by the
    # unit's own emulation council and decided by its head, never sent to the province.
    UNIT_REVIEW = "unit_review", _("Before the unit's emulation council")
    UNIT_APPROVED = "unit_approved", _("Approved by the unit head, awaiting issuing")


# The state machine (ARCHITECTURE.md "The main flows"): the one place transitions live.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    DossierState.DRAFT: (
        DossierState.SUBMITTED,
        DossierState.UNIT_REVIEW,  # grassroots awards: to the unit's own council
        DossierState.WITHDRAWN,
    ),
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
    DossierState.RETURNED: (
        DossierState.SUBMITTED,
        DossierState.UNIT_REVIEW,
        DossierState.WITHDRAWN,
    ),
    DossierState.CONSULTATION: (
        DossierState.IN_COUNCIL,
        DossierState.PROPOSED,
        DossierState.REJECTED,
    ),
    DossierState.IN_COUNCIL: (DossierState.PROPOSED, DossierState.REJECTED),
    DossierState.PROPOSED: (DossierState.DECIDED, DossierState.REJECTED),
    # The grassroots path: the unit's council reviews, the head approves (or returns the
    # dossier to the staff, or turns it down), the unit's clerk issues the decision.
    DossierState.UNIT_REVIEW: (
        DossierState.UNIT_APPROVED,
        DossierState.RETURNED,
        DossierState.REJECTED,
        DossierState.WITHDRAWN,
    ),
    DossierState.UNIT_APPROVED: (DossierState.DECIDED,),
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
    # The movement the dossier comes from (campaigns); the text above keeps what was typed
    # before movements were in the portal (migration 0008 links those it could match).
    campaign = models.ForeignKey(
        "campaigns.Movement",
        verbose_name=_("emulation movement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        help_text=_("For a movement or thematic commendation: the movement it comes from."),
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
