"""Factories for the nominations app: dossiers and nominees in any state, fast.

They write rows directly (tests of the services go through the services); use them to
build the situation a test starts from.
"""

from awards.models import Award, CommendationKind
from nominations.models import Dossier, DossierState, Nominee
from units.models import Person, Unit, User


def dossier(
    *,
    unit: Unit,
    created_by: User,
    year: int = 2026,
    kind: str = CommendationKind.MERIT,
    state: str = DossierState.DRAFT,
    title: str = "Tờ trình đề nghị khen thưởng năm 2026",
    **fields,
) -> Dossier:
    return Dossier.objects.create(
        unit=unit,
        created_by=created_by,
        year=year,
        kind=kind,
        state=state,
        title=title,
        **fields,
    )


def nominee(
    *,
    dossier: Dossier,
    award: str | Award = "BK_TINH",
    person: Person | None = None,
    collective: Unit | None = None,
    household=None,
    **fields,
) -> Nominee:
    award = award if isinstance(award, Award) else Award.objects.get(code=award)
    subject = person or collective or household
    if person is not None:
        fields.setdefault("position", person.position)
        fields.setdefault("unit_name", person.unit.name)
    return Nominee.objects.create(
        dossier=dossier,
        award=award,
        person=person,
        collective=collective,
        household=household,
        display_name=fields.pop("display_name", str(subject)),
        achievement_summary=fields.pop(
            "achievement_summary", "Hoàn thành xuất sắc nhiệm vụ được giao."
        ),
        **fields,
    )
