"""Pages of Council sessions: the list, scheduling, the session (agenda, attendance,
voting, results, minutes) and the member's secret ballot.

The secretariat manages; the chairman and the Council's members read the sessions they
may see (a member: those they belong to) and only the agenda's items, never a dossier.
A session the user may not see answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from units.models import SecurityEventKind
from units.security import log_event
from units.views.organisation import apply_form_errors, paginate, require_perm

from ..forms.council import AgendaForm, AttendanceForm, BallotForm, SessionForm
from ..models import BallotReceipt, CouncilSession, SessionState
from ..selectors import council as selectors
from ..services import council as services


def _session_or_404(request, pk: int) -> CouncilSession:
    require_perm(request, "nominations.view_session")
    return get_object_or_404(selectors.session_list_visible(user=request.user), pk=pk)


def _managed_session_or_404(request, pk: int) -> CouncilSession:
    require_perm(request, "nominations.manage_session")
    return get_object_or_404(CouncilSession, pk=pk)


@login_required
def session_list(request):
    require_perm(request, "nominations.view_session")
    sessions = (
        selectors.session_list_visible(user=request.user)
        .annotate(item_count=Count("items"))
        .order_by("-held_on", "-id")
    )
    return render(
        request,
        "nominations/council/session_list.html",
        {
            "page": paginate(request, sessions),
            "can_manage": request.user.has_perm("nominations.manage_session"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request):
    require_perm(request, "nominations.manage_session")
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(
                request, _("The session “%(title)s” was scheduled.") % {"title": session}
            )
            return redirect("nominations:session_detail", pk=session.pk)
    return render(request, "nominations/council/session_form.html", {"form": form})


def _detail_context(request, session, *, agenda_form=None, attendance_form=None) -> dict:
    can_manage = request.user.has_perm("nominations.manage_session")
    is_member = selectors.is_current_member(request.user)
    context = {
        "session": session,
        "items": selectors.agenda_for_member(session=session, user=request.user),
        "attendance": list(selectors.attendance_of(session=session)),
        "can_manage": can_manage,
        "is_member": is_member,
        "scheduled": session.state == SessionState.SCHEDULED,
        "voting": session.state == SessionState.VOTING,
        "closed": session.state == SessionState.CLOSED,
    }
    context["absent"] = [a for a in context["attendance"] if not a.present]
    if session.state != SessionState.SCHEDULED:
        context["present_total"] = sum(1 for a in context["attendance"] if a.present)
    if session.state == SessionState.VOTING:
        context["voters"] = (
            BallotReceipt.objects.filter(item__session=session)
            .values("voter_id")
            .distinct()
            .count()
        )
    if is_member and session.state == SessionState.VOTING:
        context["can_vote"] = selectors.is_present(session=session, user=request.user)
        context["ballot"] = selectors.ballot_status(session=session, user=request.user)
    if can_manage and session.state == SessionState.SCHEDULED:
        candidates = selectors.agenda_candidates(session=session)
        context["agenda_form"] = agenda_form or AgendaForm(
            candidates=candidates,
            initial={"nominees": [i["nominee_id"] for i in _item_nominees(session)]},
        )
        context["attendance_form"] = attendance_form or AttendanceForm(
            rows=selectors.attendance_rows(session=session)
        )
    return context


def _item_nominees(session) -> list[dict]:
    return list(session.items.order_by("position", "id").values("nominee_id"))


@login_required
def session_detail(request, pk: int):
    session = _session_or_404(request, pk)
    return render(
        request, "nominations/council/session_detail.html", _detail_context(request, session)
    )


@login_required
@require_POST
def session_agenda(request, pk: int):
    session = _managed_session_or_404(request, pk)
    if session.state != SessionState.SCHEDULED:
        messages.error(request, _("The agenda can only be changed while the session is scheduled."))
        return redirect("nominations:session_detail", pk=session.pk)
    form = AgendaForm(request.POST, candidates=selectors.agenda_candidates(session=session))
    if form.is_valid():
        try:
            services.agenda_set(
                session=session, nominees=list(form.cleaned_data["nominees"]), actor=request.user
            )
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The agenda was saved."))
            return redirect("nominations:session_detail", pk=session.pk)
    return render(
        request,
        "nominations/council/session_detail.html",
        _detail_context(request, session, agenda_form=form),
    )


@login_required
@require_POST
def session_attendance(request, pk: int):
    session = _managed_session_or_404(request, pk)
    if session.state != SessionState.SCHEDULED:
        messages.error(request, _("Attendance can only be recorded before voting opens."))
        return redirect("nominations:session_detail", pk=session.pk)
    form = AttendanceForm(request.POST, rows=selectors.attendance_rows(session=session))
    if form.is_valid():
        try:
            services.attendance_record(session=session, rows=form.attendance(), actor=request.user)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The attendance was saved."))
            return redirect("nominations:session_detail", pk=session.pk)
    return render(
        request,
        "nominations/council/session_detail.html",
        _detail_context(request, session, attendance_form=form),
    )


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


urlpatterns = [
    path("hoi-dong/phien-hop/", session_list, name="session_list"),
    path("hoi-dong/phien-hop/them/", session_create, name="session_create"),
    path("hoi-dong/phien-hop/<int:pk>/", session_detail, name="session_detail"),
    path("hoi-dong/phien-hop/<int:pk>/chuong-trinh/", session_agenda, name="session_agenda"),
    path("hoi-dong/phien-hop/<int:pk>/diem-danh/", session_attendance, name="session_attendance"),
    path("hoi-dong/phien-hop/<int:pk>/mo-bo-phieu/", session_open, name="session_open"),
    path("hoi-dong/phien-hop/<int:pk>/ket-thuc/", session_close, name="session_close"),
    path("hoi-dong/phien-hop/<int:pk>/bo-phieu/", session_vote, name="session_vote"),
]
