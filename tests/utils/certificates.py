"""An issued decision with many awards, made in bulk (the certificates and revocation
tests): the decision as the register recorded it, and ``n`` people each granted the award."""

import datetime

from awards.models import Award, AwardGrant, CommendationKind, Decision
from units.models import IssuedDocument, Person

ISSUED_ON = datetime.date(2026, 5, 20)


def issued_decision(*, issuer, signer, number: str = "125/QĐ-UBND", award: str = "BK_TINH"):
    decision = Decision.objects.create(
        number=number,
        issued_on=ISSUED_ON,
        issuer=issuer,
        signer_name=signer.full_name,
        signer_position=f"{signer.position} {issuer.name}",
        authority="provincial_chairman",
        kind=CommendationKind.MERIT,
        summary=f"Về việc tặng {Award.objects.get(code=award).name}",
    )
    return decision


def people_awarded(*, decision, unit, n: int, award: str = "BK_TINH", year: int = 2025):
    """``n`` people of ``unit`` ("Người Nhận 001" …), each granted ``award`` by ``decision``;
    returns the grants in the certificates' order (by name)."""
    people = Person.objects.bulk_create(
        [
            Person(full_name=f"Người Nhận {i:03d}", gender="female", birth_year=1980, unit=unit)
            for i in range(1, n + 1)
        ]
    )
    award_row = Award.objects.get(code=award)
    AwardGrant.objects.bulk_create(
        [
            AwardGrant(
                award=award_row,
                person=person,
                recipient_name=person.full_name,
                recipient_unit_name=unit.name,
                unit_scope=unit,
                year=year,
                kind=CommendationKind.MERIT,
                decision=decision,
            )
            for person in people
        ]
    )
    return list(decision.grants.order_by("recipient_name", "pk"))


def register_entry(*, decision, signer, user, authority_line: str = ""):
    """The register row of ``decision`` (its authority line prints on the certificate)."""
    number = int(decision.number.split("/")[0])
    return IssuedDocument.objects.create(
        issuer=decision.issuer,
        doc_type="QĐ",
        issuer_symbol="UBND",
        year=decision.issued_on.year,
        number=number,
        number_text=decision.number,
        issued_on=decision.issued_on,
        signer=signer,
        signer_name=signer.full_name,
        signer_position=signer.position,
        authority_line=authority_line,
        signed_file="issued/test.pdf",
        issued_by=user,
    )
