"""The province-scale data set (issue 13 point 1): every commune-level unit, people,
archive and dossiers in the shares asked for, the same data from the same seed, resumable,
refused on SQLite with a Vietnamese message."""

import hashlib
import random
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count

from awards.models import AwardGrant, Decision, RecipientClass
from awards.scale import SCALE_SUMMARY
from clusters.models import BlocKind, BlocMembership, ScoringRound, Sheet
from clusters.scale import fill_rounds, join_clusters
from nominations.models import Dossier, DossierEvent, Nominee
from reports.management.commands import seed_province
from units.models import COMMUNE_LEVEL_KINDS, Person, Role, Unit, UnitKind, User

pytestmark = pytest.mark.django_db
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="province-scale data needs PostgreSQL"
)
SMALL = [
    "--people",
    "1500",
    "--grants",
    "3000",
    "--dossiers",
    "150",
    "--archive-years",
    "3",
    "--no-progress",
    "--steps",
    "units,people,archive,dossiers",
]


def _seed(*extra: str) -> str:
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)  # the demo the province builds on
    call_command("seed_province", *SMALL, *extra, stdout=out)
    return out.getvalue()


def _fingerprint() -> str:
    """What the data says, without primary keys (sequences are not rolled back)."""
    digest = hashlib.sha256()
    for row in Person.objects.order_by("full_name", "birth_date", "position").values_list(
        "full_name", "birth_date", "position", "unit__code", "ethnicity"
    ):
        digest.update(repr(row).encode())
    for row in AwardGrant.objects.order_by("verification_code").values_list(
        "verification_code", "award__code", "recipient_name", "year", "decision__number"
    ):
        digest.update(repr(row).encode())
    for row in Dossier.objects.order_by("title", "state", "created_at").values_list(
        "title", "state", "created_at", "year"
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()


@needs_postgresql
def test_the_province_has_every_unit_people_archive_and_dossiers_in_realistic_shares():
    out = _seed()
    kinds = Counter(
        Unit.objects.filter(kind__in=COMMUNE_LEVEL_KINDS, is_active=True).values_list(
            "kind", flat=True
        )
    )
    assert kinds == {UnitKind.COMMUNE: 86, UnitKind.WARD: 9, UnitKind.SPECIAL_ZONE: 1}
    # Each commune-level unit has villages, each invented one is marked as such.
    communes = Unit.objects.filter(kind__in=COMMUNE_LEVEL_KINDS)
    assert not communes.exclude(children__kind=UnitKind.VILLAGE).exists()
    invented = communes.filter(code__startswith="mophong-")
    assert invented.count() == 58  # the demo has 28 communes, 9 wards and the special zone
    assert all("(mô phỏng)" in name for name in invented.values_list("name", flat=True))

    assert Person.objects.count() == 1500
    women = Person.objects.filter(gender="female").count() / 1500
    assert 0.4 < women < 0.6
    assert AwardGrant.objects.count() == 3000
    by_award = Counter(AwardGrant.objects.values_list("award__code", flat=True))
    assert 0.42 < by_award["LDTT"] / 3000 < 0.62  # grassroots titles dominate
    assert by_award["BK_TINH"] < by_award["GK"] < by_award["LDTT"]
    assert sum(by_award[c] for c in ("BK_TTG", "HC_LD_3")) < 0.02 * 3000
    # Every grassroots grant comes from its own unit's decision, never the province's.
    grassroots = AwardGrant.objects.filter(award__code__in=["LDTT", "CSTDCS", "TTLDTT"])
    assert not grassroots.filter(decision__authority="provincial_chairman").exists()
    assert not grassroots.exclude(
        decision__issuer__kind__in=[*COMMUNE_LEVEL_KINDS, UnitKind.DEPARTMENT, "party_mass"]
    ).exists()
    direct = AwardGrant.objects.filter(person__is_direct_worker=True)
    assert set(direct.values_list("recipient_class", flat=True)) == {RecipientClass.DIRECT_WORKER}
    years = set(
        AwardGrant.objects.filter(decision__summary=SCALE_SUMMARY).values_list("year", flat=True)
    )
    assert years == {2023, 2024, 2025}  # three archive years before the clock's 2026
    duplicates = (
        Decision.objects.values("issuer", "number", "issued_on__year")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not duplicates.exists()

    assert Dossier.objects.count() == 150
    assert Nominee.objects.filter(dossier__in=Dossier.objects.all()).count() >= 150
    states = Counter(Dossier.objects.filter(year=2026).values_list("state", flat=True))
    assert {"draft", "submitted", "in_appraisal", "decided"} <= set(states)
    closed = set(Dossier.objects.filter(year__lt=2026).values_list("state", flat=True))
    assert closed <= {"decided", "rejected", "withdrawn"}
    # Processing times can be read from the events: every submitted dossier has its event.
    submitted = Dossier.objects.exclude(state__in=["draft"]).count()
    assert (
        DossierEvent.objects.filter(action="submitted").count()
        + DossierEvent.objects.filter(action="sent_to_unit_council").count()
        == submitted
    )
    # Each proposing unit has its own staff and head login.
    login = User.objects.get(username="mophong-xa-binh-son")
    assert set(login.roles.values_list("role", flat=True)) == {Role.UNIT_STAFF, Role.UNIT_HEAD}
    assert "peak memory" in out


@needs_postgresql
def test_the_same_seed_gives_the_same_province_and_a_second_run_adds_nothing():
    prints = []
    for _ in range(2):
        with transaction.atomic():
            _seed()
            prints.append(_fingerprint())
            counts = (Person.objects.count(), AwardGrant.objects.count(), Dossier.objects.count())
            _seed()  # resumes: every table is at its target already
            assert (
                Person.objects.count(),
                AwardGrant.objects.count(),
                Dossier.objects.count(),
            ) == counts
            transaction.set_rollback(True)
    assert prints[0] == prints[1]


@needs_postgresql
def test_every_commune_joins_a_cluster_and_every_round_is_fully_scored(settings):
    call_command("seed_demo", "--if-empty", stdout=StringIO())
    call_command("seed_demo_clusters", stdout=StringIO())
    call_command("seed_province", "--steps", "units", "--no-progress", stdout=StringIO())
    secretariat = User.objects.filter(roles__role=Role.SECRETARIAT).first()
    placed = BlocMembership.objects.filter(year=2026, bloc__kind=BlocKind.COMMUNES).count()
    assert placed == 38  # the demo's own communes
    assert join_clusters(year=2026) == 96 - 38
    members = BlocMembership.objects.filter(year=2026, bloc__kind=BlocKind.COMMUNES)
    assert sorted(members.values_list("unit_id", flat=True)) == sorted(
        Unit.objects.filter(kind__in=COMMUNE_LEVEL_KINDS).values_list("pk", flat=True)
    )
    # Fill the first two rounds only (the whole province takes a minute).
    rounds = list(ScoringRound.objects.filter(year=2026).order_by("pk")[:2])
    before = Sheet.objects.filter(round__in=rounds, scorer_unit__isnull=False).count()
    result = fill_rounds(random.Random(1), year=2026, actor=secretariat, rounds=rounds)
    for scoring_round in rounds:
        n = BlocMembership.objects.filter(bloc=scoring_round.bloc, year=2026).count()
        scored = Sheet.objects.filter(round=scoring_round, scorer_unit__isnull=False)
        assert scored.count() == n * n
        assert not scored.exclude(state="submitted").exists()
    expected = sum(
        BlocMembership.objects.filter(bloc=r.bloc, year=2026).count() ** 2 for r in rounds
    )
    assert result["sheets"] == expected - before


def test_sqlite_is_refused_in_vietnamese(monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError) as error:
        call_command("seed_province", "--no-progress", stdout=StringIO())
    assert str(error.value) == (
        "Dữ liệu quy mô tỉnh cần PostgreSQL (đặt DATABASE_URL); SQLite không dùng được."
    )


def test_an_unknown_step_is_named():
    with pytest.raises(CommandError) as error:
        call_command("seed_province", "--steps", "units,awards", stdout=StringIO())
    assert "awards" in str(error.value)


def test_the_make_run_demo_covers_every_commune_in_ten_to_twelve_clusters():
    """make run: the demo's units, every commune-level unit of the province added
    (``seed_province --steps units`` runs on SQLite too), then the demo clusters."""
    call_command("seed_demo", "--if-empty", stdout=StringIO())
    call_command("seed_province", "--steps", "units", "--no-progress", stdout=StringIO())
    call_command("seed_demo_clusters", stdout=StringIO())
    clusters = BlocMembership.objects.filter(year=2026, bloc__kind=BlocKind.COMMUNES)
    assert 10 <= clusters.values("bloc").distinct().count() <= 12
    members = sorted(clusters.values_list("unit_id", flat=True))
    assert members == sorted(
        Unit.objects.filter(kind__in=COMMUNE_LEVEL_KINDS, is_active=True).values_list(
            "pk", flat=True
        )
    )
    assert len(members) == 96
    assert not BlocMembership.objects.filter(year=2026, bloc__is_demo=False).exists()


def test_a_step_that_returns_nothing_prints_done_not_none(monkeypatch):
    """The demo commands return nothing: their line says "xong / done", not "None"."""
    monkeypatch.setattr(seed_province, "DEMO_COMMANDS", (("seed_demo", ["--if-empty"]),))
    out = StringIO()
    call_command("seed_province", "--steps", "demo,units", "--no-progress", stdout=out)
    lines = out.getvalue().splitlines()
    step = lines.index("==> demo: seed_demo")
    assert lines[step + 1].startswith("    xong / done in ")
    assert lines[lines.index("==> ANALYZE") + 1].startswith("    'ok' in ")
    assert not any(line.startswith("    None") for line in lines)
