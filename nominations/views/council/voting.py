"""Voting in a Council session: opening and closing the vote, the member's secret ballot
and the written opinions of absent members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from units.models import SecurityEventKind
from units.security import log_event
from units.views.helpers import apply_form_errors, require_perm

from ...forms.council import (
    BallotForm,
    WrittenOpinionForm,
)
from ...models import SessionState, WrittenOpinionSheet
from ...selectors import council as selectors
from ...services import council as services
from ..dossiers import CONTENT_TYPES
from .sessions import _managed_session_or_404, _session_or_404


@login_required
@require_POST
def session_open(request, pk: int):
    session = _managed_session_or_404(request, pk)
    try:
        services.voting_open(session=session, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Voting is open. Members present can now vote."))
    return redirect("nominations:session_detail", pk=session.pk)


@login_required
@require_POST
def session_close(request, pk: int):
    session = _managed_session_or_404(request, pk)
    try:
        services.voting_close(session=session, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Voting is closed and the ballots were counted."))
    return redirect("nominations:session_detail", pk=session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def session_vote(request, pk: int):
    """A member's secret ballot: one radio group per item, submitted once; afterwards the
    page says only that the member voted."""
    session = _session_or_404(request, pk)
    if not selectors.is_current_member(request.user):
        raise Http404
    items = selectors.agenda_for_member(session=session, user=request.user)
    context = {"session": session, "items": items}
    if session.state != SessionState.VOTING:
        context["refusal"] = (
            _("Voting has not opened yet for this session.")
            if session.state == SessionState.SCHEDULED
            else _("Voting is closed for this session.")
        )
        return render(request, "nominations/council/session_vote.html", context)
    if not selectors.is_present(session=session, user=request.user):
        context["refusal"] = _(
            "You are not recorded as present at this session, so you cannot vote. "
            "Ask the secretariat if this is a mistake."
        )
        return render(request, "nominations/council/session_vote.html", context)
    status = selectors.ballot_status(session=session, user=request.user)
    if status["voted"]:
        context["voted"] = status
        return render(request, "nominations/council/session_vote.html", context)
    form = BallotForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            cast = services.ballot_cast(session=session, voter=request.user, choices=form.choices())
        except ValidationError as error:
            if selectors.ballot_status(session=session, user=request.user)["voted"]:
                for message in error.messages:
                    messages.error(request, message)
                return redirect("nominations:session_vote", pk=session.pk)
            apply_form_errors(form, error)
        else:
            # That the member voted, never how (SECURITY-TESTS.md G1).
            log_event(
                SecurityEventKind.BALLOT_CAST, request=request, session=session.pk, items=cast
            )
            messages.success(request, _("Your ballot was cast. Thank you."))
            return redirect("nominations:session_vote", pk=session.pk)
    context["form"] = form
    return render(request, "nominations/council/session_vote.html", context)


# --- Written opinions of absent members ---------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def session_opinion_add(request, pk: int):
    session = _managed_session_or_404(request, pk)
    if session.state == SessionState.CLOSED:
        messages.error(
            request, _("The vote is closed: written opinions can no longer be recorded.")
        )
        return redirect("nominations:session_detail", pk=session.pk)
    items = selectors.agenda_for_member(session=session, user=request.user)
    form = WrittenOpinionForm(
        request.POST or None,
        request.FILES or None,
        members=selectors.opinion_givers(session=session),
        items=items,
    )
    form.fields["member"].label_from_instance = lambda user: user.get_full_name()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sheet = services.written_opinion_record(
                session=session,
                member=data["member"],
                opinions=form.opinions(),
                paper=data["paper"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(
                request,
                _("The written opinion of %(name)s was recorded.")
                % {"name": sheet.member.get_full_name()},
            )
            return redirect(reverse("nominations:session_detail", args=[session.pk]) + "#opinions")
    if request.method == "POST" and request.FILES and form.errors:
        form.file_lost = True  # a browser never keeps the chosen file across a post
    return render(
        request,
        "nominations/council/opinion_form.html",
        {"session": session, "form": form, "items": items},
    )


def _sheet_or_404(request, pk: int, sheet_pk: int) -> WrittenOpinionSheet:
    session = _session_or_404(request, pk)
    return get_object_or_404(
        WrittenOpinionSheet.objects.select_related("session", "member"),
        pk=sheet_pk,
        session=session,
    )


@login_required
@require_POST
def session_opinion_remove(request, pk: int, sheet_pk: int):
    require_perm(request, "nominations.manage_session")
    sheet = _sheet_or_404(request, pk, sheet_pk)
    try:
        services.written_opinion_remove(sheet=sheet, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The written opinion of %(name)s was removed.")
            % {"name": sheet.member.get_full_name()},
        )
    return redirect(reverse("nominations:session_detail", args=[pk]) + "#opinions")


@login_required
def session_opinion_paper(request, pk: int, sheet_pk: int):
    """The signed paper of a written opinion, to whoever may see the session."""
    sheet = _sheet_or_404(request, pk, sheet_pk)
    log_event(
        SecurityEventKind.PERSONAL_DATA_EXPORTED,
        request=request,
        session=pk,
        written_opinion=sheet.pk,
    )
    return FileResponse(
        sheet.paper.open("rb"),
        as_attachment=True,
        filename=sheet.paper_name or sheet.paper.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES.get(sheet.paper_kind, "application/octet-stream"),
    )
