"""Services of the Council's review (issue 11, point 8): a Council member comments on a
round's ranking or asks for a re-check; the secretariat answers. Each is recorded and
tells the other side through the notifications."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import NotificationKind
from notifications.services import notify, notify_users
from units.models import Role, Unit, User

from .models import (
    BlocMembership,
    CouncilComment,
    RecheckRequest,
    RecheckState,
    RoundState,
    ScoringRound,
)


def _secretariat() -> list[User]:
    return list(
        User.objects.filter(is_active=True, roles__role=Role.SECRETARIAT).distinct().order_by("pk")
    )


def _review_url(scoring_round: ScoringRound) -> str:
    return reverse("clusters:review_round", args=[scoring_round.pk])


@transaction.atomic
def comment_add(*, scoring_round: ScoringRound, text: str, actor: User) -> CouncilComment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    if scoring_round.state == RoundState.DRAFT:
        raise ValidationError(_("Scoring has not opened in this round yet."))
    comment = CouncilComment.objects.create(round=scoring_round, author=actor, text=text)
    notify_users(
        users=_secretariat(),
        kind=NotificationKind.CLUSTER,
        title=_("Council comment on %(bloc)s") % {"bloc": scoring_round.bloc.name},
        body=text[:500],
        url=_review_url(scoring_round),
    )
    return comment


@transaction.atomic
def recheck_request(
    *, scoring_round: ScoringRound, unit: Unit | None, reason: str, actor: User
) -> RecheckRequest:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what should be re-checked and why.")})
    if scoring_round.state == RoundState.DRAFT:
        raise ValidationError(_("Scoring has not opened in this round yet."))
    if (
        unit is not None
        and not BlocMembership.objects.filter(
            bloc=scoring_round.bloc, year=scoring_round.year, unit=unit
        ).exists()
    ):
        raise ValidationError({"unit": _("This unit is not a member of the bloc.")})
    request = RecheckRequest.objects.create(
        round=scoring_round, unit=unit, reason=reason, requested_by=actor
    )
    notify_users(
        users=_secretariat(),
        kind=NotificationKind.CLUSTER,
        title=_("Re-check asked for %(bloc)s") % {"bloc": scoring_round.bloc.name},
        body=(f"{unit.name}: " if unit else "") + reason[:500],
        url=_review_url(scoring_round),
    )
    return request


@transaction.atomic
def recheck_answer(
    *, request: RecheckRequest, state: str, answer: str, actor: User
) -> RecheckRequest:
    """The secretariat answers: re-checked (with what was done) or declined (why)."""
    answer = (answer or "").strip()
    errors = {}
    if state not in (RecheckState.DONE, RecheckState.DECLINED):
        errors["state"] = _("Choose the answer.")
    if not answer:
        errors["answer"] = _("Write the answer to the Council member.")
    if errors:
        raise ValidationError(errors)
    request = (
        RecheckRequest.objects.select_for_update().select_related("round__bloc").get(pk=request.pk)
    )
    if request.state != RecheckState.OPEN:
        raise ValidationError(_("This request has already been answered."))
    request.state = state
    request.answer = answer
    request.answered_by = actor
    request.answered_at = timezone.now()
    request.save()
    notify(
        user=request.requested_by,
        kind=NotificationKind.CLUSTER,
        title=_("The secretariat answered your re-check request on %(bloc)s")
        % {"bloc": request.round.bloc.name},
        body=answer[:500],
        url=_review_url(request.round),
    )
    return request
