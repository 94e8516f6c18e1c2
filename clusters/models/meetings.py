"""The bloc's year-end meeting (họp tổng kết cụm, khối; issue 11, point 7): attendance
against the quorum, the ranking of the closed round adopted, a secret ballot when the
leading unit is not clear, next year's head and deputy elected, and the proposals that
become dossiers in ``nominations``.

The ballot is the bloc's own, modelled on the Council's (``nominations.models.council``):
a receipt says which member unit voted and nothing about how; the paper holds the choice
with no voter, no time and a random key. The Council's ballot could not be reused: it
votes agree / disagree on nominees of an agenda, with the Council's members as voters and
its thresholds; the bloc's ballot picks one unit among candidates, one vote per present
member unit.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Unit, User

from .rounds import ScoringRound


class MeetingState(models.TextChoices):
    PREPARING = "preparing", _("Attendance being recorded")
    ADOPTED = "adopted", _("Ranking adopted")
    CLOSED = "closed", _("Proposals sent")


class LeadingBy(models.TextChoices):
    RANKING = "ranking", _("First in the ranking")
    BALLOT = "ballot", _("Chosen by secret ballot")


class BlocMeeting(models.Model):
    """The year-end meeting of a bloc on its closed scoring round."""

    round = models.OneToOneField(
        ScoringRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="meeting"
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=MeetingState.choices, default=MeetingState.PREPARING
    )
    # Fixed when the ranking is adopted.
    member_total = models.PositiveSmallIntegerField(_("member units"), default=0)
    quorum_needed = models.PositiveSmallIntegerField(_("quorum"), default=0)
    present_count = models.PositiveSmallIntegerField(_("units present"), default=0)
    ranking = models.JSONField(_("adopted ranking"), default=list, blank=True)
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    leading_unit = models.ForeignKey(
        Unit,
        verbose_name=_("leading unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    leading_by = models.CharField(
        _("leading unit decided by"), max_length=16, choices=LeadingBy.choices, blank=True
    )
    next_head = models.ForeignKey(
        Unit,
        verbose_name=_("head elected for next year"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    next_deputy = models.ForeignKey(
        Unit,
        verbose_name=_("deputy elected for next year"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    elected_at = models.DateTimeField(_("elected at"), null=True, blank=True)
    proposed_at = models.DateTimeField(_("proposals sent at"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("prepared by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("year-end meeting of a bloc")
        verbose_name_plural = _("year-end meetings of blocs")

    def __str__(self) -> str:
        return f"{self.round}"


class MeetingAttendance(models.Model):
    """Whether a member unit attended, and who represented it."""

    meeting = models.ForeignKey(
        BlocMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    present = models.BooleanField(_("present"), default=False)
    representative = models.CharField(_("representative"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attendance at a bloc meeting")
        verbose_name_plural = _("attendance at bloc meetings")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "unit"], name="meeting_attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ({'+' if self.present else '-'})"


class BallotState(models.TextChoices):
    OPEN = "open", _("Voting open")
    CLOSED = "closed", _("Counted")


class MeetingBallot(models.Model):
    """One secret ballot of the meeting among candidate units (a second one follows when
    the first leaves the candidates equal)."""

    meeting = models.ForeignKey(
        BlocMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="ballots"
    )
    number = models.PositiveSmallIntegerField(_("ballot number"), default=1)
    candidates = models.ManyToManyField(Unit, verbose_name=_("candidates"), related_name="+")
    state = models.CharField(
        _("state"), max_length=8, choices=BallotState.choices, default=BallotState.OPEN
    )
    counts = models.JSONField(_("count"), default=dict, blank=True)
    papers_returned = models.PositiveSmallIntegerField(_("ballots returned"), default=0)
    winner = models.ForeignKey(
        Unit,
        verbose_name=_("chosen unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("counted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("secret ballot of a bloc meeting")
        verbose_name_plural = _("secret ballots of bloc meetings")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="meeting_ballot_number"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.number}"


class MeetingBallotReceipt(models.Model):
    """That a member unit voted in a ballot, and nothing about how. The constraint makes a
    second vote of the unit impossible, even from two requests at the same moment."""

    ballot = models.ForeignKey(
        MeetingBallot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    cast_by = models.ForeignKey(
        User, verbose_name=_("cast by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ballot receipt of a bloc meeting")
        verbose_name_plural = _("ballot receipts of bloc meetings")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "unit"], name="meeting_receipt_once"),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.unit_id}"


class MeetingBallotPaper(models.Model):
    """A choice with no voter, no time and a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(
        MeetingBallot, verbose_name=_("ballot"), on_delete=models.CASCADE, related_name="+"
    )
    candidate = models.ForeignKey(
        Unit, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ballot paper of a bloc meeting")
        verbose_name_plural = _("ballot papers of bloc meetings")

    def __str__(self) -> str:
        return f"{self.ballot_id}"


class MeetingProposal(models.Model):
    """A unit the meeting proposes for an award, with its rank, and the dossier it became."""

    meeting = models.ForeignKey(
        BlocMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="proposals"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    award_code = models.CharField(_("award"), max_length=30)
    bloc_rank = models.PositiveSmallIntegerField(_("rank in the bloc"))
    dossier = models.ForeignKey(
        "nominations.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("proposal of a bloc meeting")
        verbose_name_plural = _("proposals of bloc meetings")
        ordering = ["meeting", "bloc_rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "unit"], name="meeting_proposal_once"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.award_code}"
