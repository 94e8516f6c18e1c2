"""The dossier's history: every state change and the reasons for each return."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import User

from .dossiers import Dossier, DossierState
from .nominees import Nominee


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
    SENT_TO_UNIT_COUNCIL = "sent_to_unit_council", _("Sent to the unit's emulation council")
    UNIT_REVIEWED = "unit_reviewed", _("Reviewed by the unit's emulation council")
    UNIT_APPROVED = "unit_approved", _("Approved by the unit head")


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
