"""The chairman's dashboard panel: the latest issued periodic report, its key shares
(with the chart), the decisions waiting for him and the leading units. Two queries: the
report (its frozen figures) and the dossiers waiting at the proposal step."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from nominations.models import Dossier, DossierState
from units.dashboard import Panel, PanelLine
from units.models import Role, User
from units.selectors import roles_of

from .models import PeriodicReport, PeriodicReportState
from .periodic_charts import SHARE_LABELS, data_uri, shares_chart
from .periodic_tables import percent, rate

KEY_SHARES = ("commune", "direct_worker", "women", "ethnic_minority", "remote_area")


def periodic_panels(user: User) -> Iterator[Panel]:
    if not roles_of(user).has(Role.CHAIRMAN, Role.SECRETARIAT):
        return
    pending = Dossier.objects.filter(state=DossierState.PROPOSED).count()
    pending_line = PanelLine(
        _("Decisions waiting for the chairman"),
        pending,
        reverse("nominations:dossier_list") + f"?state={DossierState.PROPOSED}",
        alert=True,
    )
    report = (
        PeriodicReport.objects.filter(state=PeriodicReportState.ISSUED)
        .select_related("issued_document")
        .order_by("-issued_at", "-pk")
        .first()
    )
    if report is None:
        yield Panel(
            key="periodic-report",
            title=_("Periodic report to the chairman"),
            lines=(pending_line,),
            note=_("No report has been issued yet."),
            note_url=reverse("reports:periodic_list"),
        )
        return
    figures = report.figures["current"]
    shares = figures["awards"]["shares"]
    detail = reverse("reports:periodic_detail", args=[report.pk])
    lines = [
        PanelLine(
            f"{SHARE_LABELS[key]}: {percent(rate(shares[key]))} "
            f"({shares[key]['num']}/{shares[key]['den']})",
            shares[key]["num"],
            reverse("reports:periodic_figure", args=[report.pk, f"awards.share.{key}"]),
        )
        for key in KEY_SHARES
    ]
    register = report.issued_document
    yield Panel(
        key="periodic-report",
        title=_("Latest report to the chairman"),
        lines=(pending_line, *lines),
        note=_("Report %(number)s of %(date)s: %(period)s")
        % {
            "number": register.number_text,
            "date": register.issued_on.strftime("%d/%m/%Y"),
            "period": figures["period"]["label"],
        },
        note_url=detail,
        chart=data_uri(shares_chart(shares)),
        chart_alt=_("Shares of awards by group of recipients"),
        items=tuple(
            _("Leading unit: %(unit)s (%(bloc)s)") % item
            for item in figures["clusters"]["leading_units"]
        ),
    )
