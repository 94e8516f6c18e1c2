"""Council sessions, the secret ballot and the written opinions of absent members."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import User

from .nominees import Nominee

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
    # The record of the meeting (the minutes): who kept the minutes, the counting
    # committee, the hours; the ballots issued, returned and valid fixed at the close.
    secretary = models.ForeignKey(
        User,
        verbose_name=_("secretary at the session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    counting_committee = models.ManyToManyField(
        User, verbose_name=_("counting committee"), blank=True, related_name="+"
    )
    started_at = models.TimeField(_("start time"), null=True, blank=True)
    ended_at = models.TimeField(_("end time"), null=True, blank=True)
    ballots_issued = models.PositiveSmallIntegerField(_("ballots issued"), default=0)
    ballots_returned = models.PositiveSmallIntegerField(_("ballots returned"), default=0)
    ballots_valid = models.PositiveSmallIntegerField(_("valid ballots"), default=0)
    written_opinions_counted = models.BooleanField(
        _("written opinions counted"), null=True, blank=True
    )
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
    # Absent members' written opinions, counted apart from the secret ballots.
    written_agree = models.PositiveSmallIntegerField(_("agree in writing"), null=True, blank=True)
    written_disagree = models.PositiveSmallIntegerField(
        _("disagree in writing"), null=True, blank=True
    )
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
    # A note on the absence (its reason); the opinions per nominee are WrittenOpinion rows.
    written_opinion = models.TextField(_("note on the absence"), blank=True)

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


def opinion_paper_upload_to(sheet, filename: str) -> str:
    return f"nominations/written-opinions/{uuid.uuid4().hex}{filename[filename.rfind('.') :]}"


class WrittenOpinionSheet(models.Model):
    """The signed paper of an absent member giving a written opinion (lấy ý kiến bằng văn
    bản) on the nominees of a session: one per member and session. It is not secret (it is
    signed) and is kept apart from the ballots."""

    session = models.ForeignKey(
        CouncilSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="opinion_sheets",
    )
    member = models.ForeignKey(
        User, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    paper = models.FileField(_("signed paper"), upload_to=opinion_paper_upload_to)
    paper_name = models.CharField(_("file name"), max_length=255)
    paper_kind = models.CharField(_("file type"), max_length=5)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("written opinion")
        verbose_name_plural = _("written opinions")
        ordering = ["session", "member__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="opinion_sheet_once"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.member_id}"


class WrittenChoice(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")


class WrittenOpinion(models.Model):
    """An absent member's written agree / disagree on one agenda item: one per member and
    item (the sheet is one per member and session)."""

    sheet = models.ForeignKey(
        WrittenOpinionSheet,
        verbose_name=_("written opinion"),
        on_delete=models.CASCADE,
        related_name="opinions",
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="written_opinions",
    )
    choice = models.CharField(_("opinion"), max_length=8, choices=WrittenChoice.choices)

    class Meta:
        verbose_name = _("written opinion on a nominee")
        verbose_name_plural = _("written opinions on nominees")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "item"], name="written_opinion_once"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.choice}"
