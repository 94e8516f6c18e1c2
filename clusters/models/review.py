"""The Council's review of a bloc's round (issue 11, point 8): a Council member comments
on a ranking or asks the secretariat to re-check a unit's score; the secretariat answers
each request, and everything is recorded."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Unit, User

from .rounds import ScoringRound


class CouncilComment(models.Model):
    """A Council member's comment on a round's ranking (kept, never edited)."""

    round = models.ForeignKey(
        ScoringRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="council_comments",
    )
    author = models.ForeignKey(
        User, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("Council comment")
        verbose_name_plural = _("Council comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} — {self.round}"


class RecheckState(models.TextChoices):
    OPEN = "open", _("Awaiting the secretariat")
    DONE = "done", _("Re-checked")
    DECLINED = "declined", _("Declined with reasons")


class RecheckRequest(models.Model):
    """A Council member asks the secretariat to re-check a unit's score in a round (or the
    whole round when ``unit`` is empty); the secretariat answers with its reasons."""

    round = models.ForeignKey(
        ScoringRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="recheck_requests",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("what to re-check"))
    requested_by = models.ForeignKey(
        User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=16, choices=RecheckState.choices, default=RecheckState.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        User,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("re-check request")
        verbose_name_plural = _("re-check requests")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["round", "state"])]

    def __str__(self) -> str:
        return f"{self.round}: {self.unit or '—'}"
