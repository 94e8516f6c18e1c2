"""What is waiting for each role on the nominations path, for the dashboard."""

from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from units.dashboard import Panel, PanelLine
from units.models import Role, User
from units.selectors import roles_of

from .models import (
    QUEUE_STATES,
    CouncilSession,
    Dossier,
    DossierState,
    Opinion,
    OpinionStatus,
    Proposal,
    ProposalState,
    SessionState,
)
from .selectors.proposals import proposals_awaiting_issuing


def nomination_panels(user: User) -> Iterator[Panel]:
    roles = roles_of(user)
    if roles.unit_paths:
        yield _unit_panel(roles.unit_paths)
        yield _unit_council_panel(roles.unit_paths, head=roles.has(Role.UNIT_HEAD))
    if roles.has(Role.SECRETARIAT):
        yield _secretariat_panel()
    if roles.has(Role.COUNCIL_MEMBER):
        yield _council_panel()
    if roles.has(Role.CHAIRMAN):
        yield _chairman_panel()


def _unit_panel(paths: tuple[str, ...]) -> Panel:
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(unit__path__startswith=path)
    counts = Dossier.objects.filter(scope).aggregate(
        draft=Count("pk", filter=Q(state=DossierState.DRAFT)),
        returned=Count("pk", filter=Q(state=DossierState.RETURNED)),
        moving=Count(
            "pk",
            filter=~Q(
                state__in=[
                    DossierState.DRAFT,
                    DossierState.RETURNED,
                    DossierState.DECIDED,
                    DossierState.REJECTED,
                    DossierState.WITHDRAWN,
                ]
            ),
        ),
        decided=Count("pk", filter=Q(state=DossierState.DECIDED)),
    )
    url = reverse("nominations:dossier_list")
    return Panel(
        key="unit-dossiers",
        title=_("Your unit's nomination dossiers"),
        lines=(
            PanelLine(_("Drafts"), counts["draft"], f"{url}?state=draft"),
            PanelLine(
                _("Returned for correction"),
                counts["returned"],
                f"{url}?state=returned",
                alert=True,
            ),
            PanelLine(_("Being processed"), counts["moving"], url),
            PanelLine(_("Decided"), counts["decided"], f"{url}?state=decided"),
        ),
    )


def _unit_council_panel(paths: tuple[str, ...], *, head: bool) -> Panel:
    """Grassroots dossiers waiting for the unit's emulation council and its head's
    decision, and decisions the head approved that the unit's clerk has to issue."""
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(unit__path__startswith=path)
    counts = Dossier.objects.filter(scope).aggregate(
        review=Count("pk", filter=Q(state=DossierState.UNIT_REVIEW)),
        issuing=Count("pk", filter=Q(state=DossierState.UNIT_APPROVED)),
    )
    url = reverse("nominations:grassroots_list")
    return Panel(
        key="unit-council",
        title=_("Unit emulation council"),
        lines=(
            PanelLine(
                _("Waiting for the council's review and your decision")
                if head
                else _("Waiting for the council's review and the head's decision"),
                counts["review"],
                url,
                alert=head,
            ),
            PanelLine(_("Decisions to issue"), counts["issuing"], url, alert=not head),
        ),
    )


def _secretariat_panel() -> Panel:
    today = timezone.localdate()
    counts = Dossier.objects.filter(state__in=QUEUE_STATES).aggregate(
        queue=Count("pk"), overdue=Count("pk", filter=Q(appraisal_due_on__lt=today))
    )
    objections = Opinion.objects.filter(is_objection=True, status=OpinionStatus.NEW).count()
    in_council = Dossier.objects.filter(state=DossierState.IN_COUNCIL).count()
    queue = reverse("nominations:appraisal_queue")
    return Panel(
        key="secretariat-work",
        title=_("Appraisal and consultation"),
        lines=(
            PanelLine(_("Dossiers to appraise"), counts["queue"], queue),
            PanelLine(
                _("Past the appraisal time limit"),
                counts["overdue"],
                f"{queue}?overdue=on",
                alert=True,
            ),
            PanelLine(
                _("Objections waiting for an answer"),
                objections,
                reverse("nominations:consultation_list"),
                alert=True,
            ),
            PanelLine(
                _("Dossiers waiting for the Council"),
                in_council,
                reverse("nominations:session_list"),
            ),
            PanelLine(
                _("Tờ trình and decisions awaiting issuing"),
                proposals_awaiting_issuing().count(),
                reverse("nominations:proposal_list"),
                alert=True,
            ),
        ),
    )


def _council_panel() -> Panel:
    counts = CouncilSession.objects.aggregate(
        voting=Count("pk", filter=Q(state=SessionState.VOTING)),
        scheduled=Count("pk", filter=Q(state=SessionState.SCHEDULED)),
    )
    url = reverse("nominations:session_list")
    return Panel(
        key="council-sessions",
        title=_("Council sessions"),
        lines=(
            PanelLine(_("Voting open now"), counts["voting"], url, alert=True),
            PanelLine(_("Scheduled"), counts["scheduled"], url),
        ),
    )


def _chairman_panel() -> Panel:
    waiting = Proposal.objects.filter(state=ProposalState.SUBMITTED).count()
    return Panel(
        key="chairman-proposals",
        title=_("Proposals for your decision"),
        lines=(
            PanelLine(
                _("Awaiting your decision"),
                waiting,
                reverse("nominations:proposal_list"),
                alert=True,
            ),
        ),
    )
