"""Pages of a Council session: the list, scheduling, the session page with its agenda,
attendance and record of the meeting, and, read-only, the dossiers on its agenda."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from units.models import SecurityEventKind
from units.security import log_event
from units.views.helpers import apply_form_errors, paginate, require_perm

from ...forms.council import (
    AgendaForm,
    AttendanceForm,
    SessionForm,
    SessionRecordForm,
)
from ...models import BallotReceipt, CouncilSession, SessionState
from ...selectors import council as selectors
from ...services import council as services
from ..dossiers import CONTENT_TYPES


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


@login_required
@require_http_methods(["GET", "POST"])
def session_update(request, pk: int):
    session = _managed_session_or_404(request, pk)
    if session.state != SessionState.SCHEDULED:
        messages.error(request, _("A session can only be changed while it is scheduled."))
        return redirect("nominations:session_detail", pk=session.pk)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(session=session, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The session was saved."))
            return redirect("nominations:session_detail", pk=session.pk)
    return render(
        request, "nominations/council/session_form.html", {"form": form, "session": session}
    )


def _detail_context(
    request, session, *, agenda_form=None, attendance_form=None, record_form=None
) -> dict:
    can_manage = request.user.has_perm("nominations.manage_session")
    is_member = selectors.is_current_member(request.user)
    context = {
        "session": session,
        "items": selectors.agenda_for_member(session=session, user=request.user),
        "dossiers": list(selectors.session_dossiers(session=session)),
        "sheets": selectors.opinion_sheets(session=session),
        "count_written": (
            session.written_opinions_counted
            if session.state == SessionState.CLOSED
            else settings.TDKT_COUNT_WRITTEN_OPINIONS
        ),
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
    if can_manage and session.state != SessionState.CLOSED:
        context["can_add_opinion"] = (
            bool(context["items"]) and selectors.opinion_givers(session=session).exists()
        )
    if can_manage and session.state != SessionState.SCHEDULED:
        context["record_form"] = record_form or SessionRecordForm(
            present=selectors.present_members(session=session),
            initial={
                "secretary": session.secretary_id,
                "counting_committee": list(session.counting_committee.values_list("pk", flat=True)),
                "started_at": session.started_at,
                "ended_at": session.ended_at,
            },
        )
    if session.state != SessionState.SCHEDULED:
        context["committee"] = list(session.counting_committee.order_by("full_name", "id"))
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
def session_record(request, pk: int):
    """The record of the meeting for the minutes: secretary, counting committee, hours."""
    session = _managed_session_or_404(request, pk)
    if session.state == SessionState.SCHEDULED:
        messages.error(
            request,
            _("The record of the meeting is kept once voting has opened (attendance fixed)."),
        )
        return redirect("nominations:session_detail", pk=session.pk)
    form = SessionRecordForm(request.POST, present=selectors.present_members(session=session))
    if form.is_valid():
        try:
            services.session_record_update(session=session, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_form_errors(form, error)
        else:
            messages.success(request, _("The record of the meeting was saved."))
            return redirect(reverse("nominations:session_detail", args=[session.pk]) + "#record")
    return render(
        request,
        "nominations/council/session_detail.html",
        _detail_context(request, session, record_form=form),
    )


# --- Dossiers on the agenda (read-only) -----------------------------------------------------


@login_required
def session_dossier(request, pk: int, dossier_pk: int):
    """A dossier on the agenda, read-only, for whoever sits in (or runs) the session."""
    session = _session_or_404(request, pk)
    found = selectors.session_dossier(session=session, user=request.user, dossier_id=dossier_pk)
    if found is None:
        raise Http404
    return render(
        request, "nominations/council/session_dossier.html", {"session": session, **found}
    )


@login_required
def session_attachment(request, pk: int, attachment_pk: int):
    session = _session_or_404(request, pk)
    attachment = selectors.session_attachment(session=session, user=request.user, pk=attachment_pk)
    if attachment is None:
        raise Http404
    # A dossier's files carry personal data: each download is a security event.
    log_event(
        SecurityEventKind.PERSONAL_DATA_EXPORTED,
        request=request,
        session=session.pk,
        dossier=attachment.dossier_id,
        attachment=attachment.pk,
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=CONTENT_TYPES.get(attachment.file_kind, "application/octet-stream"),
    )


@login_required
def session_report(request, pk: int, nominee_pk: int):
    session = _session_or_404(request, pk)
    nominee = selectors.session_nominee(session=session, user=request.user, pk=nominee_pk)
    if nominee is None or not nominee.report_file:
        raise Http404
    ext = nominee.report_file.name.rsplit(".", 1)[-1].lower()
    log_event(
        SecurityEventKind.PERSONAL_DATA_EXPORTED,
        request=request,
        session=session.pk,
        dossier=nominee.dossier_id,
        nominee_report=nominee.pk,
    )
    return FileResponse(
        nominee.report_file.open("rb"),
        as_attachment=True,
        filename=nominee.report_file_name or nominee.report_file.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES.get("jpeg" if ext == "jpg" else ext, "application/octet-stream"),
    )
