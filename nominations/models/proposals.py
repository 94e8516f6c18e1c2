"""The proposal to the chairman or to the central level, and its decision."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models import Award, CommendationKind, Decision
from units.models import IssuedDocument, Signer, User

# --- Proposal and decision ---------------------------------------------------------------


class ProposalTarget(models.TextChoices):
    CHAIRMAN = "chairman", _("To the provincial chairman (decision in the province)")
    CENTRAL = "central", _("To the central level")


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting the chairman")
    APPROVED = "approved", _("Approved, awaiting issuing")
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
    # The tờ trình's number and date come from its issuer's register when it is issued
    # (``submission_register``); until then the documents print "..../TTr-SNV".
    number = models.CharField(_("number of the tờ trình"), max_length=60, blank=True)
    submitted_on = models.DateField(_("date of the tờ trình"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    submission_register = models.OneToOneField(
        IssuedDocument,
        verbose_name=_("tờ trình in the register"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal_submission",
    )
    # The chairman's approval names who will sign and how (in his own right, or a
    # vice-chairman "KT. CHỦ TỊCH"); the clerk's issuing records what was signed.
    approved_signer = models.ForeignKey(
        Signer,
        verbose_name=_("signer chosen at approval"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_authority_line = models.CharField(
        _("authority line chosen at approval"), max_length=200, blank=True
    )
    decision_register = models.OneToOneField(
        IssuedDocument,
        verbose_name=_("decision in the register"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal_decision",
    )
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
        permissions = [
            ("decide_proposal", "Can approve a proposal"),
            ("issue_proposal", "Can record the issuing of a proposal's documents"),
        ]

    def __str__(self) -> str:
        return self.title
