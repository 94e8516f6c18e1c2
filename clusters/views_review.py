"""The Council's review (issue 11, point 8): each Council member sees the blocs assigned
to them and every ranking with its flags and how each was resolved, scores the units of
their blocs (Council sheets, on the round's sheets page), comments and asks for a
re-check; the secretariat answers each request. Everything is recorded."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from units.models import Unit
from units.views.helpers import apply_form_errors, require_perm

from . import selectors, services_review
from .forms import AnswerForm, CommentForm, RecheckForm
from .models import (
    BlocCouncilMember,
    RecheckRequest,
    RecheckState,
    RoundState,
    ScoringRound,
    SheetRole,
    SheetState,
)

COUNTED = (SheetState.SUBMITTED, SheetState.LOCKED)


def rounds_with_progress(year: int):
    """Every round of the year with its members, submitted sheets, resolved flags and open
    re-check requests: one query whatever the number of blocs."""
    return (
        ScoringRound.objects.filter(year=year)
        .select_related("bloc")
        .annotate(
            members=Count(
                "bloc__memberships", filter=Q(bloc__memberships__year=year), distinct=True
            ),
            submitted=Count("sheets", filter=Q(sheets__state__in=COUNTED), distinct=True),
            council_sheets=Count(
                "sheets",
                filter=Q(sheets__state__in=COUNTED, sheets__role=SheetRole.COUNCIL),
                distinct=True,
            ),
            resolved=Count("flag_resolutions", distinct=True),
            open_rechecks=Count(
                "recheck_requests",
                filter=Q(recheck_requests__state=RecheckState.OPEN),
                distinct=True,
            ),
        )
        .order_by("bloc__kind", "bloc__name")
    )


@login_required
def review_home(request):
    require_perm(request, "clusters.view_review")
    year = timezone.localdate().year
    mine = set(
        BlocCouncilMember.objects.filter(user=request.user, year=year).values_list(
            "bloc_id", flat=True
        )
    )
    rounds = list(rounds_with_progress(year))
    for r in rounds:
        r.expected = r.members * r.members
    return render(
        request,
        "clusters/review_home.html",
        {
            "year": year,
            "my_rounds": [r for r in rounds if r.bloc_id in mine],
            "rounds": rounds,
            "open_requests": RecheckRequest.objects.filter(state=RecheckState.OPEN)
            .select_related("round__bloc", "unit", "requested_by")
            .order_by("requested_at")[:50]
            if request.user.has_perm("clusters.answer_recheck")
            else [],
        },
    )


def _round(request, pk: int) -> ScoringRound:
    require_perm(request, "clusters.view_review")
    return get_object_or_404(ScoringRound.objects.select_related("bloc", "table"), pk=pk)


def review_context(request, scoring_round: ScoringRound, **forms) -> dict:
    members = Unit.objects.filter(
        bloc_memberships__bloc=scoring_round.bloc, bloc_memberships__year=scoring_round.year
    ).order_by("name")
    may_comment = request.user.has_perm("clusters.comment_round", scoring_round)
    may_answer = request.user.has_perm("clusters.answer_recheck")
    data = selectors.ranking(scoring_round) if scoring_round.state != RoundState.DRAFT else None
    requests = list(
        scoring_round.recheck_requests.select_related("unit", "requested_by", "answered_by")
    )
    for item in requests:
        item.answer_form = (
            forms.get("answer_forms", {}).get(item.pk) or AnswerForm(prefix=f"a{item.pk}")
            if may_answer and item.state == RecheckState.OPEN
            else None
        )
    return {
        "round": scoring_round,
        "ranking": data,
        "source_labels": {k: _(v) for k, v in selectors.SOURCE_LABELS.items()},
        "assigned": BlocCouncilMember.objects.filter(
            bloc=scoring_round.bloc, year=scoring_round.year, user=request.user
        ).exists(),
        "comments": scoring_round.council_comments.select_related("author"),
        "requests": requests,
        "may_comment": may_comment and scoring_round.state != RoundState.DRAFT,
        "comment_form": forms.get("comment_form") or CommentForm(),
        "recheck_form": forms.get("recheck_form") or RecheckForm(members=members),
    }


@login_required
def review_round(request, pk: int):
    scoring_round = _round(request, pk)
    return render(request, "clusters/review_round.html", review_context(request, scoring_round))


def _again(request, scoring_round, **forms):
    return render(
        request, "clusters/review_round.html", review_context(request, scoring_round, **forms)
    )


@login_required
@require_POST
def comment_add(request, pk: int):
    scoring_round = _round(request, pk)
    require_perm(request, "clusters.comment_round", scoring_round)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services_review.comment_add(
                scoring_round=scoring_round, text=form.cleaned_data["text"], actor=request.user
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("Your comment was recorded."))
            return redirect("clusters:review_round", scoring_round.pk)
    return _again(request, scoring_round, comment_form=form)


@login_required
@require_POST
def recheck_add(request, pk: int):
    scoring_round = _round(request, pk)
    require_perm(request, "clusters.comment_round", scoring_round)
    members = Unit.objects.filter(
        bloc_memberships__bloc=scoring_round.bloc, bloc_memberships__year=scoring_round.year
    )
    form = RecheckForm(request.POST, members=members)
    if form.is_valid():
        try:
            services_review.recheck_request(
                scoring_round=scoring_round,
                unit=form.cleaned_data["unit"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("Your re-check request was sent to the secretariat."))
            return redirect("clusters:review_round", scoring_round.pk)
    return _again(request, scoring_round, recheck_form=form)


@login_required
@require_POST
def recheck_answer(request, pk: int):
    require_perm(request, "clusters.answer_recheck")
    item = get_object_or_404(RecheckRequest.objects.select_related("round"), pk=pk)
    form = AnswerForm(request.POST, prefix=f"a{item.pk}")
    if form.is_valid():
        try:
            services_review.recheck_answer(
                request=item,
                state=form.cleaned_data["state"],
                answer=form.cleaned_data["answer"],
                actor=request.user,
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # already answered: nothing to correct
                for message in error.messages:
                    messages.error(request, message)
                return redirect("clusters:review_round", item.round_id)
            apply_form_errors(form, error)
        else:
            messages.success(request, _("Your answer was sent to the Council member."))
            return redirect("clusters:review_round", item.round_id)
    return _again(request, item.round, answer_forms={item.pk: form})


urlpatterns = [
    path("cum-khoi/tham-dinh/", review_home, name="review_home"),
    path("cum-khoi/tham-dinh/<int:pk>/", review_round, name="review_round"),
    path("cum-khoi/tham-dinh/<int:pk>/y-kien/", comment_add, name="comment_add"),
    path("cum-khoi/tham-dinh/<int:pk>/kiem-tra-lai/", recheck_add, name="recheck_add"),
    path("cum-khoi/kiem-tra-lai/<int:pk>/tra-loi/", recheck_answer, name="recheck_answer"),
]
