"""Province-scale data for benchmarks and drills (``manage.py seed_province``): dossiers.
Twenty thousand dossiers over the last five years from every commune-level unit and
provincial body, each with its nominees and the events of the steps it went through, so
that the lists, the appraisal queue and the processing times have a province's load.
Earlier years are closed (decided, a few rejected or withdrawn); the last year is spread
over every step. Each proposing unit gets a staff login ``mophong-<code>`` (no password:
the benchmark opens its sessions itself). One ``random.Random`` drives every choice.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

from awards.models import Award, CommendationKind
from units.models import Person, Unit
from units.scale import copy_rows, ensure_staff, proposing_units

from .models import Dossier, DossierEvent, DossierState, EventAction, Nominee

ProgressFn = Callable[[int, int], None]  # (done, of)
# The steps of the last year and their shares (the rest of the years are closed).
OPEN_STATES = (
    (DossierState.DRAFT, 18),
    (DossierState.SUBMITTED, 14),
    (DossierState.IN_APPRAISAL, 16),
    (DossierState.RETURNED, 8),
    (DossierState.CONSULTATION, 6),
    (DossierState.IN_COUNCIL, 8),
    (DossierState.PROPOSED, 6),
    (DossierState.DECIDED, 20),
    (DossierState.UNIT_REVIEW, 4),
)
CLOSED_STATES = (
    (DossierState.DECIDED, 92),
    (DossierState.REJECTED, 5),
    (DossierState.WITHDRAWN, 3),
)
# The events a dossier went through to reach its state, in order.
PATH = {
    DossierState.DRAFT: (),
    DossierState.SUBMITTED: (EventAction.SUBMITTED,),
    DossierState.IN_APPRAISAL: (EventAction.SUBMITTED, EventAction.APPRAISAL_STARTED),
    DossierState.RETURNED: (
        EventAction.SUBMITTED,
        EventAction.APPRAISAL_STARTED,
        EventAction.RETURNED,
    ),
    DossierState.CONSULTATION: (
        EventAction.SUBMITTED,
        EventAction.APPRAISAL_STARTED,
        EventAction.ACCEPTED,
        EventAction.CONSULTATION_OPENED,
    ),
    DossierState.IN_COUNCIL: (
        EventAction.SUBMITTED,
        EventAction.APPRAISAL_STARTED,
        EventAction.ACCEPTED,
        EventAction.PUT_ON_AGENDA,
    ),
    DossierState.PROPOSED: (
        EventAction.SUBMITTED,
        EventAction.APPRAISAL_STARTED,
        EventAction.ACCEPTED,
        EventAction.PUT_ON_AGENDA,
        EventAction.VOTE_COUNTED,
        EventAction.PROPOSED,
    ),
    DossierState.DECIDED: (
        EventAction.SUBMITTED,
        EventAction.APPRAISAL_STARTED,
        EventAction.ACCEPTED,
        EventAction.PUT_ON_AGENDA,
        EventAction.VOTE_COUNTED,
        EventAction.PROPOSED,
        EventAction.DECISION_APPROVED,
        EventAction.DECISION_ISSUED,
    ),
    DossierState.REJECTED: (
        EventAction.SUBMITTED,
        EventAction.APPRAISAL_STARTED,
        EventAction.REJECTED,
    ),
    DossierState.WITHDRAWN: (EventAction.SUBMITTED, EventAction.WITHDRAWN),
    DossierState.UNIT_REVIEW: (EventAction.SENT_TO_UNIT_COUNCIL,),
}
NOMINEE_AWARDS = ("BK_TINH", "CSTD_TINH", "BK_TINH", "BK_TINH", "TTLDXS", "CO_TINH")


def add_dossiers(
    rng: random.Random,
    *,
    total: int,
    last_year: int,
    years: int = 5,
    progress: ProgressFn | None = None,
) -> dict[str, int]:
    """Add dossiers (with nominees and events) until there are ``total``."""
    have = Dossier.objects.count()
    if have >= total:
        return {"dossiers": 0, "nominees": 0, "events": 0}
    units = proposing_units()
    staff = ensure_staff(units)
    awards = {a.code: a.pk for a in Award.objects.filter(code__in=NOMINEE_AWARDS)}
    people: dict[int, list[tuple]] = {}
    paths = sorted(((u.path, u.pk) for u in units), key=lambda x: -len(x[0]))
    unit_paths = dict(Unit.objects.filter(is_active=True).values_list("pk", "path"))
    owner = {}
    for pk, path in unit_paths.items():
        for prefix, unit_id in paths:
            if path.startswith(prefix):
                owner[pk] = unit_id
                break
    for pk, name, unit_id, position, unit_name in Person.objects.values_list(
        "pk", "full_name", "unit_id", "position", "unit__full_name"
    ).iterator(chunk_size=20_000):
        if unit_id in owner:
            people.setdefault(owner[unit_id], []).append((pk, name, position, unit_name))
    units = [u for u in units if people.get(u.pk)]
    wanted = total - have
    first_year = last_year - years + 1
    plans = []
    for i in range(wanted):
        year = first_year + i % years
        table = OPEN_STATES if year == last_year else CLOSED_STATES
        state = rng.choices([s for s, _ in table], [w for _, w in table])[0]
        unit = rng.choice(units)
        created = datetime(year, rng.randint(1, 10), rng.randint(1, 28), 8, tzinfo=UTC)
        plans.append((year, state, unit, created))
    dossiers = Dossier.objects.bulk_create(
        (
            Dossier(
                unit=unit,
                year=year,
                kind=CommendationKind.MERIT,
                title=f"Đề nghị khen thưởng năm {year} của {unit.full_name or unit.name}",
                state=state,
                round=1 if PATH[state] else 0,
                created_by=staff[unit.pk],
                created_at=created,
                submitted_at=created + timedelta(days=3) if PATH[state] else None,
                submitted_by=staff[unit.pk] if PATH[state] else None,
                received_on=(created + timedelta(days=4)).date() if len(PATH[state]) > 1 else None,
                appraisal_due_on=(created + timedelta(days=24)).date()
                if len(PATH[state]) > 1
                else None,
            )
            for year, state, unit, created in plans
        ),
        batch_size=5_000,
    )
    if progress:
        progress(len(dossiers) // 2, len(dossiers))

    def nominee_rows() -> Iterator[tuple]:
        for dossier, (_, _state, unit, _) in zip(dossiers, plans, strict=True):
            pool = people[unit.pk]
            chosen = rng.sample(pool, min(len(pool), rng.randint(1, 5)))
            for order, (pk, name, position, unit_name) in enumerate(chosen):
                code = rng.choice(NOMINEE_AWARDS[:3])
                yield (dossier.pk, pk, awards[code], name, position, unit_name, order)

    nominees = copy_rows(
        Nominee,
        [
            "dossier_id",
            "person_id",
            "award_id",
            "display_name",
            "position",
            "unit_name",
            "sort_order",
        ],
        nominee_rows(),
    )

    def event_rows() -> Iterator[tuple]:
        for dossier, (_, state, unit, created) in zip(dossiers, plans, strict=True):
            user_id = staff[unit.pk].pk
            at = created
            yield (dossier.pk, at, user_id, EventAction.CREATED, "", DossierState.DRAFT)
            previous = DossierState.DRAFT
            for action in PATH[state]:
                at = at + timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 8))
                to_state = AFTER.get(action, state)
                yield (dossier.pk, at, user_id, action, previous, to_state)
                previous = to_state

    events = copy_rows(
        DossierEvent,
        ["dossier_id", "at", "actor_id", "action", "from_state", "to_state"],
        event_rows(),
    )
    if progress:
        progress(len(dossiers), len(dossiers))
    return {"dossiers": len(dossiers), "nominees": nominees, "events": events}


AFTER = {
    EventAction.SUBMITTED: DossierState.SUBMITTED,
    EventAction.APPRAISAL_STARTED: DossierState.IN_APPRAISAL,
    EventAction.RETURNED: DossierState.RETURNED,
    EventAction.ACCEPTED: DossierState.IN_APPRAISAL,
    EventAction.CONSULTATION_OPENED: DossierState.CONSULTATION,
    EventAction.PUT_ON_AGENDA: DossierState.IN_COUNCIL,
    EventAction.VOTE_COUNTED: DossierState.IN_COUNCIL,
    EventAction.PROPOSED: DossierState.PROPOSED,
    EventAction.DECISION_APPROVED: DossierState.PROPOSED,
    EventAction.DECISION_ISSUED: DossierState.DECIDED,
    EventAction.REJECTED: DossierState.REJECTED,
    EventAction.WITHDRAWN: DossierState.WITHDRAWN,
    EventAction.SENT_TO_UNIT_COUNCIL: DossierState.UNIT_REVIEW,
}
