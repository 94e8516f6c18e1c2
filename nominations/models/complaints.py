"""Complaints about a decision's award or a nomination (issue 12 point 6).

A complaint (khiếu nại, or a denunciation, tố cáo) is registered by the secretariat
about one award granted by a decision (``grant``) or one nominee of a dossier
(``nominee``), assigned to an officer, answered within ``TDKT_COMPLAINT_ANSWER_DAYS`` of
its registration (reminders through the deadline registry), and closed with its outcome.
While it is open the person or collective it concerns is blocked from every proposal:
registering it opens an ``awards.PendingCase`` of the complaint kind, which the
eligibility engine already reads, and answering it closes that case.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    DENUNCIATION = "denunciation", _("Denunciation")


class ComplaintState(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned")
    ANSWERED = "answered", _("Answered")


OPEN_COMPLAINT_STATES = (ComplaintState.REGISTERED, ComplaintState.ASSIGNED)


class ComplaintOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld: the complaint is right")
    PARTLY = "partly", _("Partly upheld")
    REJECTED = "rejected", _("Rejected: the complaint is wrong")
    WITHDRAWN = "withdrawn", _("Withdrawn by the complainant")


class Complaint(models.Model):
    kind = models.CharField(
        _("kind"), max_length=14, choices=ComplaintKind.choices, default=ComplaintKind.COMPLAINT
    )
    grant = models.ForeignKey(
        "awards.AwardGrant",
        verbose_name=_("award complained about"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    nominee = models.ForeignKey(
        "nominations.Nominee",
        verbose_name=_("nomination complained about"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    complainant = models.CharField(_("complainant"), max_length=200)
    complainant_contact = models.CharField(_("complainant's address or phone"), max_length=300)
    content = models.TextField(_("content of the complaint"), max_length=4000)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("to be answered by"))
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=ComplaintState.choices,
        default=ComplaintState.REGISTERED,
    )
    assignee = models.ForeignKey(
        "units.User",
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_assigned",
    )
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=ComplaintOutcome.choices, blank=True
    )
    answer = models.TextField(_("answer"), blank=True, max_length=4000)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    pending_case = models.OneToOneField(
        "awards.PendingCase",
        verbose_name=_("pending case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaint",
    )
    registered_by = models.ForeignKey(
        "units.User", verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["state", "due_on"], name="complaint_open_due")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(grant__isnull=False) & Q(nominee__isnull=True))
                | (Q(grant__isnull=True) & Q(nominee__isnull=False)),
                name="complaint_one_subject",
            ),
            models.CheckConstraint(
                condition=~Q(state="answered") | (Q(answered_on__isnull=False) & ~Q(outcome="")),
                name="complaint_answered_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.complainant} ({self.received_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_COMPLAINT_STATES

    @property
    def subject_name(self) -> str:
        if self.grant_id:
            return self.grant.recipient_name
        return self.nominee.display_name
