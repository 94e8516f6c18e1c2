"""Factories for the awards app: records and grants through the services."""

from awards import services
from awards.models import Award, CommendationKind
from units.models import Person, Unit


def award(code: str) -> Award:
    return Award.objects.get(code=code)


def grant(
    code: str,
    year: int,
    *,
    person: Person | None = None,
    unit: Unit | None = None,
    kind: str = CommendationKind.MERIT,
    decision=None,
    **kwargs,
):
    return services.grant_create(
        award=award(code),
        recipient=services.Recipient(person=person, unit=unit),
        year=year,
        kind=kind,
        actor=None,
        decision=decision,
        **kwargs,
    )
