"""The periodic report's figures (issue 12 points 1–2): on a province with known numbers
every figure equals the value worked out by hand, a second computation in plain Python
over the rows agrees, each figure's drill-down lists exactly the rows it counts, and the
computation takes a number of queries that does not grow with the data."""

import math
import statistics

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localtime

from awards.models import AwardGrant
from campaigns.models import Movement, Progress, RegisteredTarget, Registration, Review
from nominations.models import DossierEvent
from nominations.models.consultation import Opinion
from reports.periodic_figures import (
    SHARES,
    Period,
    figure_records,
    period_figures,
    report_figures,
)
from tests.factories import UnitFactory, user_with_role
from tests.utils.periodic import EXPECTED, build_known_world
from units.models import Role, Unit

pytestmark = pytest.mark.django_db
YEAR = Period("year", 2026)


@pytest.fixture
def world():
    root = UnitFactory(name="Ủy ban nhân dân tỉnh", code="ubnd", kind="peoples_committee")
    user = user_with_role(Role.SECRETARIAT, username="sec")
    return build_known_world(root=root, user=user)


def _subset(actual: dict, expected: dict) -> dict:
    """The part of ``actual`` that ``expected`` names (nested)."""
    return {
        key: _subset(actual[key], value) if isinstance(value, dict) else actual[key]
        for key, value in expected.items()
    }


def test_every_figure_equals_the_known_value(world):
    figures = report_figures(YEAR)
    assert _subset(figures["current"], EXPECTED["current"]) == EXPECTED["current"]
    assert _subset(figures["previous"], EXPECTED["previous"]) == EXPECTED["previous"]
    assert {y: sum(levels.values()) for y, levels in figures["five_years"].items()} == (
        EXPECTED["five_years_2026"]
    )
    assert figures["current"]["period"] == {
        "kind": "year",
        "year": 2026,
        "start": "2026-01-01",
        "end": "2026-12-31",
        "label": "năm 2026",
    }


def test_the_revoked_award_is_counted_out(world):
    assert world["revoked"] is not None, "AwardGrant.revoked_on is expected (issue 12 point 6)"
    figures = period_figures(YEAR)
    assert figures["awards"]["total"] == 7
    kind, rows = figure_records("awards.total", YEAR)
    assert world["revoked"].pk not in set(rows.values_list("pk", flat=True))


# --- The same figures, a second way: plain Python over every row -------------------------

COMMUNE_KINDS = {"commune", "ward", "special_zone", "village"}


def _in_period(grant, period) -> bool:
    if getattr(grant, "revoked_on", None):
        return False
    if grant.decision_id:
        return period.start <= grant.decision.issued_on <= period.end
    return period.kind == "year" and grant.year == period.year


def _share_predicates():
    def scope_or_parent(grant, test):
        return test(grant.unit_scope) or (
            grant.unit_scope.parent is not None and test(grant.unit_scope.parent)
        )

    def remote(unit):
        return unit.is_mountainous or unit.is_remote or unit.is_island

    def direct(grant):
        cls = getattr(grant, "recipient_class", "")
        return cls == "direct_worker" or (cls == "" and grant.person.is_direct_worker)

    individual = lambda g: g.person_id is not None  # noqa: E731
    everyone = lambda g: True  # noqa: E731
    return {
        "commune": (lambda g: scope_or_parent(g, lambda u: u.kind in COMMUNE_KINDS), everyone),
        "direct_worker": (direct, individual),
        "women": (lambda g: g.person.gender == "female", individual),
        "ethnic_minority": (
            lambda g: g.person.ethnicity not in ("", "Kinh"),
            individual,
        ),
        "remote_area": (lambda g: scope_or_parent(g, remote), everyone),
        "enterprise": (lambda g: scope_or_parent(g, lambda u: u.kind == "enterprise"), everyone),
    }


def _awards_by_hand(period):
    grants = [
        g
        for g in AwardGrant.objects.select_related(
            "award", "decision", "person", "unit_scope__parent"
        )
        if _in_period(g, period)
    ]
    shares = {}
    for key, (numerator, denominator) in _share_predicates().items():
        pool = [g for g in grants if denominator(g)]
        shares[key] = {"num": sum(1 for g in pool if numerator(g)), "den": len(pool)}
    levels = {}
    for g in grants:
        levels[g.award.level] = levels.get(g.award.level, 0) + 1
    return {
        "total": len(grants),
        "individual": sum(1 for g in grants if g.person_id),
        "collective": sum(1 for g in grants if g.unit_id),
        "by_level": {
            level: levels.get(level, 0)
            for level in ("state", "government", "province", "grassroots")
        },
        "shares": shares,
    }


def _stays_by_hand(period):
    """Walk each dossier's history: a stay in a stage ends at the next change of stage."""
    stage_of = {
        "submitted": "appraisal",
        "in_appraisal": "appraisal",
        "consultation": "consultation",
        "in_council": "council",
        "proposed": "decision",
    }
    touched = {
        e.dossier_id
        for e in DossierEvent.objects.all()
        if e.to_state and period.start <= localtime(e.at).date() <= period.end
    }
    stays = {"appraisal": [], "consultation": [], "council": [], "decision": []}
    by_dossier = {}
    for event in DossierEvent.objects.order_by("at", "pk"):
        if event.to_state and event.dossier_id in touched:
            by_dossier.setdefault(event.dossier_id, []).append(event)
    for events in by_dossier.values():
        opened = None
        for event in events:
            stage = stage_of.get(event.to_state)
            if opened and opened[0] == stage:
                continue
            if opened:
                if period.start <= localtime(event.at).date() <= period.end:
                    stays[opened[0]].append(round((event.at - opened[1]).days + 0.0, 1))
                opened = None
            if stage:
                opened = (stage, event.at)
    result = {}
    for stage, values in stays.items():
        ordered = sorted(values)
        result[stage] = {
            "n": len(values),
            "median": statistics.median(values) if values else None,
            "p90": ordered[math.ceil(0.9 * len(ordered)) - 1] if values else None,
        }
    return result


def _dossiers_by_hand(period):
    events = [
        e
        for e in DossierEvent.objects.all()
        if period.start <= localtime(e.at).date() <= period.end
    ]

    def distinct(test):
        return len({e.dossier_id for e in events if test(e)})

    opinions = [
        o
        for o in Opinion.objects.all()
        if o.is_objection
        and o.status != "spam"
        and period.start <= localtime(o.received_at).date() <= period.end
    ]
    return {
        "received": distinct(lambda e: e.action == "submitted"),
        "returned": distinct(lambda e: e.action == "returned"),
        "approved": distinct(lambda e: e.to_state == "decided"),
        "rejected": distinct(lambda e: e.to_state == "rejected"),
        "objections": len(opinions),
        "objections_upheld": sum(1 for o in opinions if o.status == "upheld"),
        "stages": _stays_by_hand(period),
    }


def _movements_by_hand(period):
    movements = list(Movement.objects.all())
    reviewed = {
        r.movement_id for r in Review.objects.all() if period.start <= r.held_on <= period.end
    }
    registering = [
        u
        for u in Unit.objects.filter(is_active=True)
        if u.kind not in ("council", "peoples_committee", "sub_unit", "village")
    ]
    registered = {
        r.unit_id
        for r in Registration.objects.filter(year=period.year)
        if r.state in ("submitted", "accepted")
    }
    targets = [
        t
        for t in RegisteredTarget.objects.select_related("registration")
        if t.registration.year == period.year and t.registration.state in ("submitted", "accepted")
    ]

    def latest(target):
        entries = sorted(
            Progress.objects.filter(target=target),
            key=lambda p: (p.reported_on, p.created_at, p.pk),
        )
        return entries[-1].actual_value if entries else None

    met = [t for t in targets if latest(t) is not None and latest(t) >= t.plan_value]
    return {
        "launched": sum(
            1 for m in movements if m.launched_on and period.start <= m.launched_on <= period.end
        ),
        "in_progress": sum(
            1
            for m in movements
            if m.state in ("launched", "in_progress", "midterm_reviewed")
            and m.launched_on
            and m.launched_on <= period.end
        ),
        "reviewed": len(reviewed),
        "registration": {"num": len(registered), "den": len(registering)},
        "targets_met": {"num": len(met), "den": len(targets)},
    }


def test_a_second_computation_in_plain_python_agrees(world):
    for period in (YEAR, YEAR.previous, Period("half_year", 2026)):
        figures = period_figures(period)
        by_hand_awards = _awards_by_hand(period)
        assert _subset(figures["awards"], by_hand_awards) == by_hand_awards
        by_hand_dossiers = _dossiers_by_hand(period)
        assert _subset(figures["dossiers"], by_hand_dossiers) == by_hand_dossiers
        by_hand_movements = _movements_by_hand(period)
        assert _subset(figures["movements"], by_hand_movements) == by_hand_movements
    # and the hand computation itself lands on the hand-worked values
    assert _awards_by_hand(YEAR)["shares"] == EXPECTED["current"]["awards"]["shares"]


def test_each_figure_lists_exactly_the_rows_it_counts(world):
    figures = period_figures(YEAR)
    keys = {
        "awards.total": figures["awards"]["total"],
        "awards.individual": figures["awards"]["individual"],
        "awards.collective": figures["awards"]["collective"],
        "clusters.flags_awarded": figures["clusters"]["flags_awarded"],
        **{f"awards.level.{k}": v for k, v in figures["awards"]["by_level"].items()},
        **{f"awards.award.{r['code']}": r["n"] for r in figures["awards"]["by_award"]},
        **{f"awards.share.{k}": figures["awards"]["shares"][k]["num"] for k in SHARES},
        **{f"awards.share.{k}.den": figures["awards"]["shares"][k]["den"] for k in SHARES},
        **{
            f"dossiers.{k}": figures["dossiers"][k]
            for k in ("received", "returned", "approved", "rejected", "overdue", "objections")
        },
        **{
            f"movements.{k}": figures["movements"][k]
            for k in ("launched", "in_progress", "reviewed")
        },
    }
    counted = {key: figure_records(key, YEAR)[1].count() for key in keys}
    assert counted == keys
    women = figure_records("awards.share.women", YEAR)[1]
    assert sorted(g.recipient_name for g in women) == ["Lê Thị Hoa", "Y Liên", "Y Liên"]
    assert figure_records("awards.share.nobody", YEAR) is None
    assert figure_records("nothing", YEAR) is None


def test_the_figures_take_the_same_number_of_queries_whatever_the_data(world):
    with CaptureQueriesContext(connection) as small:
        report_figures(YEAR)
    # double the archive, the histories and the movements
    for grant in list(AwardGrant.objects.all()):
        grant.pk = None
        grant.verification_code = grant.verification_code[::-1] + "X"
        grant.save()
    for event in list(DossierEvent.objects.all()):
        event.pk = None
        event.save()
    with CaptureQueriesContext(connection) as large:
        figures = report_figures(YEAR)
    assert figures["current"]["awards"]["total"] == 14
    assert len(large) == len(small)
    assert len(large) <= 40
